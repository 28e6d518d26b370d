import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EXTERNAL_ID, libraryError, newStack, resources, unsynthesized, workspace } from './util';
import { CoiledNetwork, CoiledWorkspace, CoiledWorkspaceStack, NatType } from '../../src/aws';

describe('CoiledWorkspace composition', () => {
  test("the control plane may launch into exactly the workspace's subnets, with exactly its two groups (existing ones too)", () => {
    const stack = newStack();
    const sg = (id: string, groupId: string) => ec2.SecurityGroup.fromSecurityGroupId(stack, id, groupId, { mutable: false });
    const network = CoiledNetwork.existing({
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      schedulerSecurityGroup: sg('S', 'sg-0123456789abcdef0'),
      clusterSecurityGroup: sg('C', 'sg-0fedcba9876543210'),
    });
    const { template } = workspace({ network, controlPlaneCapabilities: { perClusterSecurityGroups: true } }, stack);
    const statements = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const bySid = (sid: string) => statements.find((st) => st.Sid === sid);
    expect(bySid('RunInstancesInVpc').Condition.StringEquals['ec2:SubnetID']).toEqual(['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210']);
    expect(bySid('RunInstancesWorkspaceSecurityGroups').Condition.StringEquals['ec2:SecurityGroupID']).toEqual(['sg-0123456789abcdef0', 'sg-0fedcba9876543210']);
    expect(JSON.stringify(bySid('ProtectWorkspaceSecurityGroups').Resource)).toMatch(/security-group\/sg-0123456789abcdef0.*security-group\/sg-0fedcba9876543210/);
  });

  test('new subnets and groups are handed over as tokens', () => {
    const { template } = workspace();
    const statement = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((st) => st.Sid === 'RunInstancesWorkspaceSecurityGroups');
    expect(statement.Condition.StringEquals['ec2:SecurityGroupID']).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^WorkspaceSecurityGroupsScheduler/), 'GroupId'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^WorkspaceSecurityGroupsCluster/), 'GroupId'] },
    ]);
  });

  test('builds network, two groups, the VM identity and the control-plane role, nothing else', () => {
    const { template } = workspace();
    template.resourceCountIs('AWS::EC2::SecurityGroup', 2);
    template.resourceCountIs('AWS::IAM::Role', 2);
    // CoiledInstancePolicy; the control plane's ongoing, setup and capabilities policies.
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 4);
    template.resourceCountIs('AWS::IAM::InstanceProfile', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('tags everything with the workspace, never with owner=coiled (which would let Coiled delete it)', () => {
    const { template } = workspace();
    template.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'coiled-workspace', Value: 'demo' }]) });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"Key":"owner"/);
  });

  test("Coiled's seed data example is bucket.grantRead(workspace): GetObject(Version) on that bucket only, no keys", () => {
    const { stack, ws } = unsynthesized();
    s3.Bucket.fromBucketName(stack, 'Data', 'my-team-data').grantRead(ws);
    const statement = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement[0];
    expect(statement.Action).toEqual(['s3:GetObject*', 's3:GetBucket*', 's3:List*']);
    expect(JSON.stringify(statement.Resource)).toBe(JSON.stringify([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-team-data']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-team-data/*']] },
    ]));
  });

  test('a permissions boundary reaches every role it creates: instance, control plane, NAT instance, flow logs', () => {
    const stack = new Stack(new App(), 'Test');
    const boundary = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'OrgBoundary');
    const { template } = workspace({ permissionsBoundaryPolicy: boundary, network: CoiledNetwork.privateSubnets({ natType: NatType.INSTANCE, flowLogs: true }) }, stack);
    const roles = resources(template, 'AWS::IAM::Role');
    expect(roles).toHaveLength(4);
    for (const [, role] of roles) {
      expect(role.Properties.PermissionsBoundary).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/OrgBoundary']] });
    }
  });
});

describe('two workspaces in one app', () => {
  test('synthesize with no name collision when the second attaches the first one\'s CoiledInstancePolicy', () => {
    const app = new App();
    const stack = new Stack(app, 'Both');
    const first = new CoiledWorkspace(stack, 'First', { workspaceName: 'team-a', externalId: EXTERNAL_ID });
    new CoiledWorkspace(stack, 'Second', { workspaceName: 'team-b', externalId: EXTERNAL_ID, instancePolicy: first.instancePolicy });
    const template = Template.fromStack(stack);
    const names = (type: string, key: string) => resources(template, type).map(([, r]) => r.Properties[key]);
    expect(names('AWS::IAM::Role', 'RoleName').sort()).toEqual(['coiled-team-a', 'coiled-team-a-control-plane', 'coiled-team-b', 'coiled-team-b-control-plane']);
    expect(names('AWS::IAM::ManagedPolicy', 'ManagedPolicyName').sort()).toEqual([
      'CoiledInstancePolicy',
      'coiled-team-a-capabilities',
      'coiled-team-a-ongoing',
      'coiled-team-a-setup',
      'coiled-team-b-capabilities',
      'coiled-team-b-ongoing',
      'coiled-team-b-setup',
    ]);
    expect(names('AWS::Logs::LogGroup', 'LogGroupName').sort()).toEqual(['team-a', 'team-b']);
  });

  test('two workspaces that would both create CoiledInstancePolicy fail at synth and say what the second should do', () => {
    const app = new App();
    new CoiledWorkspaceStack(app, 'A', { workspaceName: 'team-a', externalId: EXTERNAL_ID });
    const err = libraryError(() => new CoiledWorkspaceStack(app, 'B', { workspaceName: 'team-b', externalId: EXTERNAL_ID }));
    expect(err.code).toBe('NAME_COLLISION');
    expect(err.input).toBe('instancePolicyName');
    expect(err.message).toContain("'A/Workspace'");
    expect(err.fix).toContain('instancePolicy: first.instancePolicy');
  });

  test('the same workspace name twice fails', () => {
    const app = new App();
    new CoiledWorkspaceStack(app, 'A', { workspaceName: 'team', externalId: EXTERNAL_ID });
    expect(libraryError(() => new CoiledWorkspaceStack(app, 'B', { workspaceName: 'team', externalId: EXTERNAL_ID, instancePolicyName: 'Other' })).input).toBe('workspaceName');
  });

  test('stacks in different accounts do not collide', () => {
    const app = new App();
    new CoiledWorkspaceStack(app, 'A', { workspaceName: 'team', externalId: EXTERNAL_ID, env: { account: '111111111111', region: 'us-east-1' }, network: CoiledNetwork.publicSubnets({ availabilityZones: ['us-east-1a'] }) });
    expect(() => new CoiledWorkspaceStack(app, 'B', { workspaceName: 'team', externalId: EXTERNAL_ID, env: { account: '222222222222', region: 'us-east-1' }, network: CoiledNetwork.publicSubnets({ availabilityZones: ['us-east-1a'] }) })).not.toThrow();
  });
});

describe('CoiledWorkspace bad input and tokens', () => {
  test.each([
    [{ workspaceName: 'Bad Name' }, 'INVALID_WORKSPACE_NAME'],
    [{ externalId: 'x' }, 'INVALID_EXTERNAL_ID'],
    [{ ingress: [{ ports: [443], cidr: '300.1.1.1/16' }] }, 'INVALID_CIDR'],
    [{ schedulerPort: 0 }, 'INVALID_PORT'],
    [{ dataSources: [{ ports: [5432], cidr: '10.0.0.0/8' }] }, 'CONFLICTING_OPTIONS'],
    [{ namePrefix: 'x'.repeat(60) }, 'INVALID_NAME'],
  ])('%j fails with %s', (props, code) => {
    expect(libraryError(() => workspace(props)).code).toBe(code);
  });

  test('the workspace name cannot be a token (Coiled derives fixed names from it)', () => {
    const { stack } = unsynthesized({ workspaceName: 'ok' });
    expect(libraryError(() => new CoiledWorkspace(stack, 'Other', { workspaceName: Stack.of(stack).stackName, externalId: EXTERNAL_ID })).code).toBe('INVALID_WORKSPACE_NAME');
  });
});
