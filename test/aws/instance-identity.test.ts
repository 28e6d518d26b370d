import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { libraryError, newStack } from './util';
import { CoiledInstanceIdentity } from '../../src/aws';

function identity(props: Partial<ConstructorParameters<typeof CoiledInstanceIdentity>[2]> = {}) {
  const stack = newStack();
  const id = new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo', ...props });
  return { stack, id, template: Template.fromStack(stack) };
}

const streamArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:demo:log-stream:*']],
};

describe('CoiledInstanceIdentity defaults', () => {
  test('role coiled-<workspace>, trusted by EC2 only', () => {
    identity().template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'coiled-demo',
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] },
    });
  });

  test('CoiledInstancePolicy allows only CreateLogStream and PutLogEvents on the workspace log streams, built from the name', () => {
    const { template } = identity();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'CoiledInstancePolicy',
      PolicyDocument: { Statement: [{ Sid: 'CoiledEC2LogPolicy', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: streamArn }] },
      Roles: [{ Ref: Match.stringLikeRegexp('IdentityRole') }],
    });
  });

  test('the stream ARN never appends to the log group Arn attribute (which ends in :*)', () => {
    const policy = Object.values(identity().template.findResources('AWS::IAM::ManagedPolicy'))[0];
    expect(JSON.stringify(policy)).not.toContain('Fn::GetAtt');
  });

  test('instance profile coiled-<workspace> holds the role', () => {
    identity().template.hasResourceProperties('AWS::IAM::InstanceProfile', { InstanceProfileName: 'coiled-demo', Roles: [{ Ref: Match.stringLikeRegexp('IdentityRole') }] });
  });

  test('log group <workspace>, 30 days, retained on delete, no KMS key', () => {
    identity().template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: 'demo', RetentionInDays: 30, KmsKeyId: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test("is IGrantable: Coiled's remote-data example is bucket.grantRead(identity)", () => {
    const stack = newStack();
    const id = new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo' });
    const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'my-data');
    bucket.grantRead(id);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('IdentityRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Allow',
            Action: Match.arrayWith(['s3:GetObject*']),
            Resource: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-data']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-data/*']] },
            ],
          }),
        ],
      },
    });
  });
});

describe('CoiledInstanceIdentity options', () => {
  test('encryptLogs creates a rotated key that only CloudWatch Logs of this log group may use', () => {
    const { template } = identity({ encryptLogs: true });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchLogsUseForWorkspaceLogGroup',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogKey'), 'Arn'] } });
  });

  test('logEncryptionKey uses the given key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Mine', { removalPolicy: RemovalPolicy.DESTROY });
    new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo', logEncryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Mine'), 'Arn'] } });
  });

  test('logRetention changes the retention', () => {
    identity({ logRetention: logs.RetentionDays.ONE_YEAR }).template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('instancePolicy attaches an existing policy and adds this workspace log permissions inline', () => {
    const stack = newStack();
    const shared = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Shared', 'CoiledInstancePolicy');
    new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'second', instancePolicy: shared });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':policy/CoiledInstancePolicy'])] })] });
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] } });
  });
});

describe('CoiledInstanceIdentity tokens and bad input', () => {
  test('a token log retention passes through unchecked', () => {
    const stack = newStack();
    const days = new CfnResource(stack, 'Dummy', { type: 'Custom::Dummy' }).getAtt('Days').toString();
    expect(() => new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo', logRetention: days as unknown as logs.RetentionDays })).not.toThrow();
  });

  test('an invalid retention fails at synth', () => {
    expect(libraryError(() => identity({ logRetention: 31 as logs.RetentionDays })).message).toMatch(/INVALID_RETENTION.*logRetention = 31/);
  });

  test('encryptLogs with a key is a conflict', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'K');
    expect(libraryError(() => new CoiledInstanceIdentity(stack, 'I', { workspaceName: 'demo', encryptLogs: true, logEncryptionKey: key })).code).toBe('CONFLICTING_OPTIONS');
  });

  test('a bad workspace name fails with the construct path', () => {
    const err = libraryError(() => identity({ workspaceName: 'Demo Team' }));
    expect(err.code).toBe('INVALID_WORKSPACE_NAME');
    expect(err.constructPath).toBe('Test/Identity');
  });
});
