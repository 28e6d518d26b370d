/**
 * The library records its compliance acknowledgements itself, without `Validations.acknowledge`
 * (which captures a stack trace and sweeps the subtree on every call): what it records must be what
 * `Validations` records, and what cdk-nag honours.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { newControlPlane, newStack } from './util';
import { acknowledge, acknowledgeRule } from '../../src/aws/private/acknowledgements';

const entries = (c: Construct) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);

describe('acknowledgeRule writes the entry Validations.acknowledge writes', () => {
  test.each([
    'AwsSolutions-EC28',
    'NIST.800.53.R5-VPCFlowLogsEnabled',
    'HIPAA.Security-EC2InstanceDetailedMonitoringEnabled',
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
    'AwsSolutions-IAM5[Resource::arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:coiled-a:log-stream:*]',
    // Not plain: these go through Validations itself, which normalises them.
    'Custom Rule',
    'AwsSolutions-IAM5[Resource::arn:aws:s3:::my bucket/*]',
    'cdk-nag::AwsSolutions-EC23',
    'AwsSolutions-IAM5[a]b',
  ])('%s', (id) => {
    const stack = newStack();
    const ours = new Construct(stack, 'Ours');
    const theirs = new Construct(stack, 'Theirs');
    acknowledgeRule(ours, id, 'a reason');
    Validations.of(theirs).acknowledge({ id, reason: 'a reason' });
    expect(entries(ours).map((e) => ({ type: e.type, data: e.data }))).toEqual(entries(theirs).map((e) => ({ type: e.type, data: e.data })));
    expect(entries(ours)).toHaveLength(1);
  });

  test('a plain id is written without a stack trace', () => {
    const ours = new Construct(newStack(), 'Ours');
    acknowledgeRule(ours, 'AwsSolutions-IAM5[Resource::*]', 'a reason');
    expect(entries(ours)[0].trace).toBeUndefined();
    expect(entries(ours)[0].data).toEqual({ 'Annotation::AwsSolutions-IAM5[Resource::*]': 'a reason' });
  });
});

describe('cdk-nag honours what the library records', () => {
  function sshOpenToTheWorld(stack: Stack): ec2.SecurityGroup {
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'] });
    const group = new ec2.SecurityGroup(stack, 'Group', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    return group;
  }
  const findings = (stack: Stack) => new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);

  test('an acknowledged rule on a parent hides the finding below it; without it the finding shows', () => {
    const bare = newStack();
    sshOpenToTheWorld(bare);
    expect(findings(bare)).toContain('AwsSolutions-EC23');

    const acknowledged = newStack();
    sshOpenToTheWorld(acknowledged);
    acknowledge(acknowledged, ['AwsSolutions'], 'EC23', 'a reason');
    expect(findings(acknowledged)).not.toContain('AwsSolutions-EC23');
  });
});

describe('wildcard resources are acknowledged from the statements the library wrote', () => {
  const restricted = () => {
    const stack = newStack();
    const role = newControlPlane(stack, {}, { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0', 'sg-0123456789abcdef1'] });
    return { stack, role };
  };
  const wildcardFindings = (stack: Stack, path: string) =>
    new AwsSolutionsChecks()
      .validateScope(stack)
      .violations.filter((v) => v.ruleName.startsWith('AwsSolutions-IAM5[Resource::'))
      .filter((v) => v.violatingResources.some((r) => r.constructPath?.startsWith(path)))
      .map((v) => v.ruleName);

  test('every wildcard resource of the ongoing policy is acknowledged', () => {
    const { stack, role } = restricted();
    expect(entries(role.ongoingPolicy).length).toBeGreaterThan(10);
    expect(wildcardFindings(stack, role.ongoingPolicy.node.path)).toEqual([]);
  });

  test("a statement a user adds under one of the library's Sids gets no acknowledgement: its wildcard stays visible", () => {
    const { stack, role } = restricted();
    const before = entries(role.ongoingPolicy).length;
    role.ongoingPolicy.addStatements(
      new iam.PolicyStatement({ sid: 'TerminateInstances', actions: ['ec2:RebootInstances'], resources: [stack.formatArn({ service: 'ec2', resource: 'dedicated-host', resourceName: '*' })] }),
    );
    expect(entries(role.ongoingPolicy)).toHaveLength(before);
    expect(wildcardFindings(stack, role.ongoingPolicy.node.path)).toEqual(['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:dedicated-host/*]']);
  });
});
