import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { libraryError, newStack, EXTERNAL_ID } from './util';
import { CoiledControlPlaneRole, CoiledControlPlaneRoleProps, CoiledInstanceIdentity, ControlPlaneAccess } from '../../src/aws';
import { STANDARD_SETUP_ACTIONS, WILDCARD_RESOURCE_ACTIONS } from '../../src/aws/policies';

const VPC = 'vpc-0123456789abcdef0';

function controlPlane(props: Partial<CoiledControlPlaneRoleProps> = {}) {
  const stack = newStack();
  const identity = new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo' });
  const role = new CoiledControlPlaneRole(stack, 'ControlPlane', {
    workspaceName: 'demo',
    externalId: EXTERNAL_ID,
    instanceRole: identity.role,
    instanceProfile: identity.instanceProfile,
    instancePolicy: identity.instancePolicy,
    logGroupName: identity.logGroupName,
    vpcId: VPC,
    ...props,
  });
  const template = Template.fromStack(stack);
  const policy = (name: string) => Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy')).find((p) => p.Properties.ManagedPolicyName === name)!.Properties.PolicyDocument;
  const statements = (name: string): Record<string, any> => Object.fromEntries(policy(name).Statement.map((s: any) => [s.Sid, s]));
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
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } }, Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::077742499581:root']] } } }] },
    });
  });
});

describe('RESTRICTED ongoing policy (the template, defects fixed)', () => {
  const s = () => controlPlane().statements('coiled-demo-ongoing');

  test('Network: security-group actions scoped by a real ec2 VPC ARN', () => {
    expect(s().Network).toEqual({
      Sid: 'Network',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup'],
      Resource: arn('ec2', 'security-group/*'),
      Condition: { StringEquals: { 'ec2:Vpc': vpcArn } },
    });
    expect(s().NetworkCreateSecurityGroupInVpc).toMatchObject({ Action: 'ec2:CreateSecurityGroup', Resource: vpcArn });
  });

  test('launches only into subnets of this VPC', () => {
    expect(s().RunInstancesInVpc).toMatchObject({ Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Resource: arn('ec2', 'subnet/*'), Condition: { StringEquals: { 'ec2:Vpc': vpcArn } } });
  });

  test("launches only Coiled's images", () => {
    expect(s().RunInstancesImage).toMatchObject({ Resource: arn('ec2', 'image/*', false), Condition: { StringEquals: { 'ec2:Owner': '077742499581' } } });
  });

  test('snapshots in this region, not us-east-1; every other launch resource in this account and region', () => {
    const resources = s().RemainingRunInstancePermissions.Resource;
    expect(resources).toContainEqual(arn('ec2', 'snapshot/*', false));
    expect(JSON.stringify(resources)).not.toContain('us-east-1');
    for (const type of ['instance', 'volume', 'network-interface', 'key-pair', 'security-group', 'launch-template', 'fleet', 'spot-instances-request']) {
      expect(resources).toContainEqual(arn('ec2', `${type}/*`));
    }
  });

  test('terminates only instances tagged owner=coiled', () => {
    expect(s().TerminateInstances).toMatchObject({ Action: 'ec2:TerminateInstances', Resource: arn('ec2', 'instance/*'), Condition: { StringEquals: { 'ec2:ResourceTag/owner': 'coiled' } } });
  });

  test('passes only the workspace instance role, only to EC2', () => {
    expect(s().PassRole).toMatchObject({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
  });

  test('reads only the workspace log group', () => {
    expect(s().LoggingRead).toMatchObject({ Action: ['logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents'], Resource: arn('logs', 'log-group:demo:*') });
  });

  test('pulls images from this account and region only', () => {
    expect(s().ECRAccess.Resource).toEqual(arn('ecr', 'repository/*'));
  });

  test('tags only what it launches; reads only this instance profile', () => {
    expect(s().TagLaunchedResources).toMatchObject({ Action: 'ec2:CreateTags' });
    expect(JSON.stringify(s().TagLaunchedResources.Resource)).not.toContain('"*"');
    expect(s().ReadInstanceProfile.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^IdentityInstanceProfile/), 'Arn'] });
  });

  test('Resource "*" only for the allow-listed actions', () => {
    for (const statement of Object.values<any>(s())) {
      if (statement.Resource !== '*') continue;
      for (const action of [statement.Action].flat()) expect(Object.keys(WILDCARD_RESOURCE_ACTIONS)).toContain(action);
    }
  });

  test('AMI owners are configurable', () => {
    const st = controlPlane({ amiOwnerAccountIds: ['077742499581', '111122223333'] }).statements('coiled-demo-ongoing');
    expect(st.RunInstancesImage.Condition).toEqual({ StringEquals: { 'ec2:Owner': ['077742499581', '111122223333'] } });
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
});
