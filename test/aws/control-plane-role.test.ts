import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { libraryError, newControlPlane, newStack, warnings, EXTERNAL_ID } from './util';
import { CoiledControlPlaneRole, CoiledControlPlaneRoleProps, CoiledInstanceIdentity, ControlPlaneAccess, ControlPlaneCapabilities } from '../../src/aws';
import { STANDARD_SETUP_ACTIONS, WILDCARD_RESOURCE_ACTIONS } from '../../src/aws/policies';

const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'];
const GROUPS = ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'];

function controlPlane(props: Partial<CoiledControlPlaneRoleProps> = {}) {
  const stack = newStack();
  const role = newControlPlane(stack, { vpcId: VPC, ...props }, { subnetIds: SUBNETS, securityGroupIds: GROUPS });
  const template = Template.fromStack(stack);
  const policy = (name: string) => Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy')).find((p) => p.Properties.ManagedPolicyName === name)?.Properties.PolicyDocument;
  /** The statements of the named policies, by Sid (a policy that does not exist has none). */
  const statements = (...names: string[]): Record<string, any> => Object.fromEntries(names.flatMap((name) => policy(name)?.Statement ?? []).map((s: any) => [s.Sid, s]));
  return { stack, role, template, statements };
}

const arn = (service: string, resource: string, account = true) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ...(account ? [':', { Ref: 'AWS::AccountId' }, `:${resource}`] : [`::${resource}`])]],
});
const vpcArn = arn('ec2', `vpc/${VPC}`);

describe('trust', () => {
  test("Coiled's account may assume the role only with the external ID", () => {
    controlPlane().template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'coiled-demo-control-plane',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::077742499581:root']] } },
            Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
          },
        ],
      },
    });
  });

  test('coiledPrincipalArn trusts exactly that principal, still with the external ID', () => {
    controlPlane({ coiledPrincipalArn: 'arn:aws:iam::077742499581:role/coiled-control' }).template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { AWS: 'arn:aws:iam::077742499581:role/coiled-control' }, Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }, Action: 'sts:AssumeRole', Effect: 'Allow' }] },
    });
  });

  test('a token external ID (e.g. a NoEcho parameter) passes through unchecked', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'ExternalId', { noEcho: true });
    const identity = new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo' });
    new CoiledControlPlaneRole(stack, 'CP', {
      workspaceName: 'demo',
      externalId: param.valueAsString,
      instanceRole: identity.role,
      instanceProfile: identity.instanceProfile,
      instancePolicy: identity.instancePolicy,
      logGroupName: 'demo',
      vpcId: VPC,
      subnetIds: SUBNETS,
      securityGroupIds: GROUPS,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } }, Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::077742499581:root']] } } }] },
    });
  });
});

describe('RESTRICTED ongoing policy (the template, defects fixed, scoped as AWS allows)', () => {
  const s = () => controlPlane().statements('coiled-demo-ongoing');
  const coiledOwned = { StringEquals: { 'ec2:ResourceTag/owner': 'coiled' } };

  test('launches only into the given subnets and with the given groups, by exact id', () => {
    expect(s().RunInstancesInVpc).toMatchObject({ Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Resource: arn('ec2', 'subnet/*'), Condition: { StringEquals: { 'ec2:SubnetID': SUBNETS } } });
    expect(s().RunInstancesWorkspaceSecurityGroups).toMatchObject({ Action: 'ec2:RunInstances', Resource: arn('ec2', 'security-group/*'), Condition: { StringEquals: { 'ec2:SecurityGroupID': GROUPS } } });
    expect(s().RunInstancesNetworkInterfacesInVpc).toMatchObject({ Resource: arn('ec2', 'network-interface/*'), Condition: { StringEquals: { 'ec2:Vpc': vpcArn } } });
  });

  test("launches only Coiled's images and their snapshots, in this region (not us-east-1)", () => {
    const owner = { StringEquals: { 'ec2:Owner': '077742499581' } };
    expect(s().RunInstancesImage).toMatchObject({ Resource: arn('ec2', 'image/*', false), Condition: owner });
    expect(s().RunInstancesImageSnapshots).toMatchObject({ Action: 'ec2:RunInstances', Resource: arn('ec2', 'snapshot/*', false), Condition: owner });
    expect(JSON.stringify(s())).not.toContain('us-east-1');
  });

  test('what a launch creates: this account and region; CreateFleet only on its own resource types', () => {
    expect(s().RemainingRunInstancePermissions).toMatchObject({ Action: 'ec2:RunInstances', Resource: ['instance', 'volume', 'key-pair', 'spot-instances-request'].map((t) => arn('ec2', `${t}/*`)) });
    expect(s().CreateFleetResources).toMatchObject({ Action: 'ec2:CreateFleet', Resource: ['fleet', 'instance', 'volume'].map((t) => arn('ec2', `${t}/*`)) });
  });

  test('tags only inside the call that creates the resource', () => {
    expect(s().TagLaunchedResources).toMatchObject({ Action: 'ec2:CreateTags', Condition: { StringEquals: { 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] } } });
    expect(JSON.stringify(s().TagLaunchedResources.Resource)).not.toContain('"*"');
  });

  test('terminates, changes and launches from only what carries owner=coiled', () => {
    expect(s().TerminateInstances).toMatchObject({ Action: 'ec2:TerminateInstances', Resource: arn('ec2', 'instance/*'), Condition: coiledOwned });
    expect(s().LaunchTemplateManagement).toMatchObject({ Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'], Condition: coiledOwned });
    expect(s().LaunchFromCoiledLaunchTemplates).toMatchObject({ Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Condition: coiledOwned });
    expect(s().CreateLaunchTemplates).toMatchObject({ Action: 'ec2:CreateLaunchTemplate', Condition: { StringEquals: { 'aws:RequestTag/owner': 'coiled' } } });
  });

  test("passes only the workspace instance role, only to the partition's EC2", () => {
    expect(s().PassRole).toMatchObject({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': { 'Fn::Join': ['', ['ec2.', { Ref: 'AWS::URLSuffix' }]] } } },
    });
  });

  test('reads only the workspace log group, by both of its ARN forms, and its streams', () => {
    expect(s().LoggingRead).toMatchObject({ Action: ['logs:DescribeLogStreams', 'logs:FilterLogEvents'], Resource: [arn('logs', 'log-group:demo'), arn('logs', 'log-group:demo:*')] });
    expect(s().LoggingReadStreams).toMatchObject({ Action: 'logs:GetLogEvents', Resource: arn('logs', 'log-group:demo:log-stream:*') });
  });

  test('pulls images from this account and region only; reads only this instance profile', () => {
    expect(s().ECRAccess.Resource).toEqual(arn('ecr', 'repository/*'));
    expect(s().ReadInstanceProfile.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^IdentityInstanceProfile/), 'Arn'] });
  });

  test('Resource "*" only for the allow-listed actions', () => {
    for (const statement of Object.values<any>(controlPlane({ capabilities: { perClusterSecurityGroups: true } }).statements('coiled-demo-ongoing', 'coiled-demo-capabilities'))) {
      if (statement.Resource !== '*') continue;
      for (const action of [statement.Action].flat()) expect(Object.keys(WILDCARD_RESOURCE_ACTIONS)).toContain(action);
    }
  });

  test('AMI owners are configurable', () => {
    const st = controlPlane({ amiOwnerAccountIds: ['077742499581', '111122223333'] }).statements('coiled-demo-ongoing');
    expect(st.RunInstancesImage.Condition).toEqual({ StringEquals: { 'ec2:Owner': ['077742499581', '111122223333'] } });
    expect(st.RunInstancesImageSnapshots.Condition).toEqual({ StringEquals: { 'ec2:Owner': ['077742499581', '111122223333'] } });
  });
});

describe('RESTRICTED capabilities', () => {
  const sids = (capabilities?: ControlPlaneCapabilities) => Object.keys(controlPlane({ capabilities }).statements('coiled-demo-ongoing', 'coiled-demo-capabilities'));
  const OWN: Record<keyof ControlPlaneCapabilities & string, string[]> = {
    softwareEnvironmentImages: ['ECRPushToCoiledRepositories'],
    stopStartInstances: ['StopStartInstances'],
    placementGroups: ['PlacementGroups', 'TagPlacementGroupsOnCreate', 'DescribePlacementGroups'],
    perClusterSecurityGroups: ['NetworkCreateSecurityGroupInVpc', 'CreateTaggedSecurityGroups', 'TagSecurityGroupsOnCreate', 'CoiledSecurityGroups', 'ProtectWorkspaceSecurityGroups'],
    ecrRepositoryPrefix: [],
  };
  const allOff = { softwareEnvironmentImages: false, stopStartInstances: false, placementGroups: false, perClusterSecurityGroups: false };

  test('their statements are a policy of their own, absent when every switch is off', () => {
    const names = (capabilities?: ControlPlaneCapabilities) => Object.values<any>(controlPlane({ capabilities }).template.findResources('AWS::IAM::ManagedPolicy')).map((p) => p.Properties.ManagedPolicyName);
    expect(names()).toContain('coiled-demo-capabilities');
    expect(names(allOff)).not.toContain('coiled-demo-capabilities');
    expect(controlPlane({ capabilities: allOff }).role.capabilitiesPolicy).toBeUndefined();
  });

  test('defaults: images, stop/start and placement groups on; per-cluster security groups off', () => {
    const defaults = sids();
    for (const sid of [...OWN.softwareEnvironmentImages, ...OWN.stopStartInstances, ...OWN.placementGroups]) expect(defaults).toContain(sid);
    for (const sid of OWN.perClusterSecurityGroups) expect(defaults).not.toContain(sid);
  });

  test.each(['softwareEnvironmentImages', 'stopStartInstances', 'placementGroups', 'perClusterSecurityGroups'] as const)('%s adds exactly its own statements', (capability) => {
    const base = sids(allOff);
    const added = sids({ ...allOff, [capability]: true }).filter((sid) => !base.includes(sid));
    expect(added).toEqual(OWN[capability]);
  });

  test('images: create and push only under the repository prefix; no delete at all', () => {
    const push = (capabilities?: ControlPlaneCapabilities) => controlPlane({ capabilities }).statements('coiled-demo-capabilities').ECRPushToCoiledRepositories;
    expect(push().Resource).toEqual(arn('ecr', 'repository/coiled*'));
    expect(push({ ecrRepositoryPrefix: 'platform/coiled-' }).Resource).toEqual(arn('ecr', 'repository/platform/coiled-*'));
    expect(push().Action).toEqual(expect.arrayContaining(['ecr:CreateRepository', 'ecr:PutImage', 'ecr:CompleteLayerUpload']));
    expect(JSON.stringify(controlPlane().statements('coiled-demo-ongoing', 'coiled-demo-capabilities'))).not.toMatch(/ecr:(Delete|BatchDelete)/);
  });

  test("per-cluster security groups: created tagged in this VPC, changed only while tagged, never the workspace's own", () => {
    const st = controlPlane({ capabilities: { perClusterSecurityGroups: true } }).statements('coiled-demo-capabilities');
    expect(st.NetworkCreateSecurityGroupInVpc).toMatchObject({ Action: 'ec2:CreateSecurityGroup', Resource: vpcArn });
    expect(st.CreateTaggedSecurityGroups).toMatchObject({ Resource: arn('ec2', 'security-group/*'), Condition: { StringEquals: { 'aws:RequestTag/owner': 'coiled' } } });
    expect(st.CoiledSecurityGroups.Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/owner': 'coiled', 'ec2:Vpc': vpcArn } });
    expect(st.ProtectWorkspaceSecurityGroups).toMatchObject({
      Effect: 'Deny',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:DeleteSecurityGroup'],
      Resource: GROUPS.map((id) => arn('ec2', `security-group/${id}`)),
    });
  });

  test.each([
    ['', /not the beginning of an ECR repository name/],
    ['Coiled', /not the beginning of an ECR repository name/],
    ['coiled*', /a wildcard would let Coiled push/],
    ['-coiled', /not the beginning/],
    ['coiled//envs', /not the beginning/],
    ['coiled--', /not the beginning/],
  ])('ecrRepositoryPrefix %j fails at synth', (ecrRepositoryPrefix, message) => {
    const err = libraryError(() => controlPlane({ capabilities: { ecrRepositoryPrefix } }));
    expect(err.code).toBe('INVALID_NAME');
    expect(err.input).toBe('capabilities.ecrRepositoryPrefix');
    expect(err.message).toMatch(message);
    expect(err.constructPath).toBe('Test/ControlPlane');
  });

  test.each([['coiled'], ['coiled-'], ['coiled/'], ['team.a_b-c/envs/']])('ecrRepositoryPrefix %j is accepted', (ecrRepositoryPrefix) => {
    expect(() => controlPlane({ capabilities: { ecrRepositoryPrefix } })).not.toThrow();
  });

  test('a token prefix passes unchecked', () => {
    const stack = newStack();
    const prefix = new CfnParameter(stack, 'Prefix').valueAsString;
    const identity = new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo' });
    expect(
      () =>
        new CoiledControlPlaneRole(stack, 'CP', {
          workspaceName: 'demo',
          externalId: EXTERNAL_ID,
          instanceRole: identity.role,
          instanceProfile: identity.instanceProfile,
          instancePolicy: identity.instancePolicy,
          logGroupName: 'demo',
          vpcId: VPC,
          subnetIds: SUBNETS,
          securityGroupIds: GROUPS,
          capabilities: { ecrRepositoryPrefix: prefix },
        }),
    ).not.toThrow();
  });

  test('STANDARD ignores them, with a warning', () => {
    const { stack } = controlPlane({ access: ControlPlaneAccess.STANDARD, capabilities: { perClusterSecurityGroups: false } });
    expect(warnings(stack).join()).toMatch(/capabilities apply to RESTRICTED access only/);
  });
});

describe('RESTRICTED setup policy', () => {
  test('only reads the role, policy and instance profile this stack built', () => {
    const s = controlPlane().statements('coiled-demo-setup');
    expect(Object.keys(s)).toEqual(['setup', 'policy', 'instanceprofile', 'listrolepolicies']);
    expect(s.setup).toMatchObject({ Action: 'iam:GetRole', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityRole/), 'Arn'] } });
    expect(s.policy).toMatchObject({ Action: 'iam:GetPolicy', Resource: { Ref: expect.stringMatching(/^IdentityPolicy/) } });
    expect(s.listrolepolicies.Action).toBe('iam:ListAttachedRolePolicies');
  });
});

describe('STANDARD access', () => {
  test("is coiled setup aws's policies: the 29 setup actions on *", () => {
    const s = controlPlane({ access: ControlPlaneAccess.STANDARD }).statements('coiled-demo-setup');
    expect(s.Setup.Action).toEqual(STANDARD_SETUP_ACTIONS);
    expect(STANDARD_SETUP_ACTIONS).toHaveLength(29);
    expect(s.Setup.Resource).toBe('*');
  });

  test('ongoing statements as the CLI writes them', () => {
    const s = controlPlane({ access: ControlPlaneAccess.STANDARD }).statements('coiled-demo-ongoing');
    expect(Object.keys(s)).toEqual([
      'Ongoing',
      'OngoingInstanceProfile',
      'OngoingAttachInstancePolicy',
      'OngoingDestructive',
      'OngoingPlacementGroupPolicy',
      'OptionalLogPull',
      'OptionalECR',
      'OngoingPersistentDataBuckets',
      'OngoingPersistentDataObjects',
    ]);
    expect(s.Ongoing.Action).toHaveLength(32);
    expect(s.OngoingDestructive.Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/owner': 'coiled' } });
  });

  test('does not need a VPC', () => {
    expect(() => controlPlane({ access: ControlPlaneAccess.STANDARD, vpcId: undefined })).not.toThrow();
  });
});

describe('bad input', () => {
  test.each([
    ['', /at least 2 characters/],
    ['has spaces in it', /2-1224 characters/],
    ['x'.repeat(1225), /2-1224 characters/],
  ])('external ID %j fails', (externalId, message) => {
    const err = libraryError(() => controlPlane({ externalId }));
    expect(err.code).toBe('INVALID_EXTERNAL_ID');
    expect(err.message).toMatch(message);
    expect(err.constructPath).toBe('Test/ControlPlane');
  });

  test.each([
    ['abc123def456', /12 characters; at least 16 random ones/],
    ['CHANGE-ME-7f3c9a1e5b2d8046', /placeholder \(it contains "changeme"\)/],
    ['<external-id>', /template placeholder/],
    ['aaaaaaaaaaaaaaaaaaaa', /one character repeated/],
    ['0123456789abcdef', /run of consecutive characters/],
  ])('a placeholder or weak external ID %j fails: it guards a role trusting all of Coiled', (externalId, message) => {
    const err = libraryError(() => controlPlane({ externalId }));
    expect(err.code).toBe('INVALID_EXTERNAL_ID');
    expect(err.message).toMatch(message);
    expect(err.fix).toMatch(/openssl rand -hex 16/);
  });

  test.each([['77742499581'], ['0777424995810'], ['coiled']])('coiledAccountId %s fails', (coiledAccountId) => {
    expect(libraryError(() => controlPlane({ coiledAccountId })).code).toBe('INVALID_ACCOUNT_ID');
  });

  test('a malformed principal ARN fails', () => {
    expect(libraryError(() => controlPlane({ coiledPrincipalArn: 'arn:aws:s3:::bucket' })).code).toBe('INVALID_ARN');
  });

  test('RESTRICTED without a VPC fails', () => {
    expect(libraryError(() => controlPlane({ vpcId: undefined })).message).toMatch(/RESTRICTED access scopes every launch to one VPC/);
  });

  test("a subnet list that could overflow IAM's policy size fails at synth, naming the fix", () => {
    const subnets = (n: number) => Array.from({ length: n }, (_, i) => `subnet-0123456789abcd${i.toString(16).padStart(3, '0')}`);
    expect(() => controlPlane({ subnetIds: subnets(30) })).not.toThrow();
    const err = libraryError(() => controlPlane({ subnetIds: subnets(60) }));
    expect(err.code).toBe('IAM_POLICY_TOO_LARGE');
    expect(err.message).toMatch(/OngoingPolicy: up to \d+ characters.*quota of 6144.*Fix: hand Coiled fewer subnets/);
  });

  test.each([
    ['subnetIds', /exactly the workspace subnets/],
    ['securityGroupIds', /exactly the workspace security groups/],
  ])('RESTRICTED without %s fails', (input, message) => {
    for (const value of [undefined, []]) {
      const err = libraryError(() => controlPlane({ [input]: value }));
      expect(err.input).toBe(input);
      expect(err.message).toMatch(message);
    }
  });
});
