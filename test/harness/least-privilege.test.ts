/**
 * Least privilege, proven over every IAM policy of every AWS example: no `*` action; `Resource: "*"`
 * only for the allow-listed actions without resource-level permissions; the control-plane trust
 * always carries the external ID; iam:PassRole only on the workspace's own role, only to EC2.
 * (What the policies let Coiled do, and not do, is simulated in test/harness/authorization.)
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { listExamples, synthAwsExample } from '../../scripts/lib/examples';
import { WILDCARD_RESOURCE_ACTIONS } from '../../src/aws/policies';

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
  Condition?: any;
  Principal?: any;
  Sid?: string;
}

/** Every permission statement of the template, with where it is. */
function statements(template: any): Array<{ where: string; statement: Statement }> {
  const found: Array<{ where: string; statement: Statement }> = [];
  for (const [id, resource] of Object.entries<any>(template.Resources)) {
    const docs: any[] = [];
    if (resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::IAM::Policy') docs.push(resource.Properties.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') docs.push(...(resource.Properties.Policies ?? []).map((p: any) => p.PolicyDocument));
    for (const doc of docs) for (const statement of doc.Statement) found.push({ where: id, statement });
  }
  return found;
}

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);
const EC2_PRINCIPAL_OF_PARTITION = { 'Fn::Join': ['', ['ec2.', { Ref: 'AWS::URLSuffix' }]] };

/** What is wrong with a template's policies (empty when least privilege holds). */
function violations(template: any): string[] {
  const problems: string[] = [];
  for (const { where, statement } of statements(template)) {
    if (statement.Effect !== 'Allow') continue;
    const actions = list(statement.Action) as string[];
    for (const action of actions) if (action === '*' || /^[a-z0-9-]+:\*$/.test(action)) problems.push(`${where}: action ${action}`);
    if (list(statement.Resource).includes('*')) {
      for (const action of actions) if (!(action in WILDCARD_RESOURCE_ACTIONS)) problems.push(`${where}: ${action} on Resource "*" (it supports resource-level permissions)`);
    }
    if (actions.some((a) => a.toLowerCase() === 'iam:passrole')) {
      const resources = list(statement.Resource).map((r) => JSON.stringify(r));
      if (resources.length !== 1 || !/InstanceIdentityRole.*"Arn"/.test(resources[0])) problems.push(`${where}: iam:PassRole on ${resources.join(', ')}`);
      // EC2's principal in the stack's partition (ec2.amazonaws.com, ec2.amazonaws.com.cn in China):
      // a literal would fail every launch in aws-cn (issue #10, defect 4).
      if (JSON.stringify(statement.Condition?.StringEquals?.['iam:PassedToService']) !== JSON.stringify(EC2_PRINCIPAL_OF_PARTITION)) {
        problems.push(`${where}: iam:PassRole without iam:PassedToService = ec2.<partition URL suffix>`);
      }
    }
  }
  for (const [id, resource] of Object.entries<any>(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role' || !id.includes('ControlPlane')) continue;
    for (const trust of resource.Properties.AssumeRolePolicyDocument.Statement) {
      if (!trust.Condition?.StringEquals?.['sts:ExternalId']) problems.push(`${id}: trust without sts:ExternalId`);
    }
  }
  return problems;
}

test.each(listExamples('aws').map((e) => [e.name, e] as const))('%s: every policy is least privilege', (_, example) => {
  const { template } = synthAwsExample(example);
  expect(statements(template).length).toBeGreaterThanOrEqual(20);
  expect(violations(template)).toEqual([]);
});

test('every allow-listed wildcard action says why', () => {
  for (const reason of Object.values(WILDCARD_RESOURCE_ACTIONS)) expect(reason.length).toBeGreaterThan(20);
});

describe('breaking each guard on purpose is caught', () => {
  const example = listExamples('aws').find((e) => e.name === 'existing-vpc')!;
  const broken = (mutate: (stack: any) => void) => violations(synthAwsExample(example, { beforeSynth: (_app, stack) => mutate(stack) }).template);

  test('Action "*"', () => {
    expect(broken((s) => s.workspace.instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })))).toContainEqual(expect.stringMatching(/action \*$/));
  });

  test('a service wildcard on Resource "*"', () => {
    expect(broken((s) => s.workspace.instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })))).toEqual(
      expect.arrayContaining([expect.stringMatching(/action s3:\*/), expect.stringMatching(/s3:\* on Resource "\*"/)]),
    );
  });

  test('PassRole on any role', () => {
    expect(broken((s) => s.workspace.controlPlane.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] })))).toContainEqual(
      expect.stringMatching(/iam:PassRole on "\*"/),
    );
  });

  test('a trust statement without the external ID', () => {
    expect(broken((s) => s.workspace.controlPlane.role.assumeRolePolicy.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.AccountPrincipal('111122223333')] })))).toContainEqual(
      expect.stringMatching(/trust without sts:ExternalId/),
    );
  });
});
