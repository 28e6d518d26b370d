/**
 * Every AWS example, synthesized as its cdk.json would (same context): targeted assertions for
 * what the example is about, and one snapshot each as a safety net.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_EXTERNAL_ID, Example, exampleContext, listExamples, synthAwsExample } from '../../scripts/lib/examples';
import { PARTITIONS, ResolvedTemplate, TEST_ACCOUNT } from '../harness/authorization/template';

const examples = Object.fromEntries(listExamples('aws').map((e) => [e.name, e])) as Record<string, Example>;
const synth = (name: string) => synthAwsExample(examples[name]);
const ingressOf = (template: any) => {
  const scheduler = Object.entries<any>(template.Resources).find(([id, r]) => r.Type === 'AWS::EC2::SecurityGroup' && id.includes('SecurityGroupsScheduler'))![1];
  return scheduler.Properties.SecurityGroupIngress.map((r: any) => `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIp ?? r.CidrIpv6}`);
};

describe('no example carries a usable external ID', () => {
  test.each(Object.keys(examples))('%s: without -c coiledExternalId (or COILED_EXTERNAL_ID), synth fails with our error and the exact command', (name) => {
    const saved = process.env.COILED_EXTERNAL_ID;
    delete process.env.COILED_EXTERNAL_ID;
    try {
      expect(() => synthAwsExample(examples[name], { context: { coiledExternalId: undefined } })).toThrow(/INVALID_EXTERNAL_ID.*cdk deploy -c coiledExternalId=<external-id>/);
    } finally {
      if (saved !== undefined) process.env.COILED_EXTERNAL_ID = saved;
    }
  });

  test.each(Object.keys(examples))('%s: a placeholder given on the command line fails', (name) => {
    expect(() => synthAwsExample(examples[name], { context: { coiledExternalId: 'CHANGE-ME-0123456789abcdef' } })).toThrow(/INVALID_EXTERNAL_ID.*placeholder/);
  });

  test.each(Object.keys(examples))('%s: cdk.json and main.ts hold no external ID', (name) => {
    const dir = examples[name].dir;
    expect(JSON.stringify(exampleContext(examples[name]))).not.toMatch(/externalId/i);
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).not.toMatch(/externalId:\s*['"`]/);
  });
});

test('the examples are the five the docs describe', () => {
  expect(Object.keys(examples).sort()).toEqual(['data-access', 'default', 'existing-vpc', 'private-nat-instance', 'seed-firewall']);
});

test.each(Object.keys(examples))('%s matches its snapshot', (name) => {
  expect(synth(name).template).toMatchSnapshot();
});

describe('default', () => {
  test('public subnets, default ingress, external ID from the -c context', () => {
    const { template } = synth('default');
    expect(ingressOf(template)).toEqual(['tcp 443-443 0.0.0.0/0', 'tcp 8786-8787 0.0.0.0/0']);
    expect(template.Outputs.CoiledExternalId.Value).toBe(EXAMPLE_EXTERNAL_ID);
    Template.fromJSON(template).resourceCountIs('AWS::EC2::NatGateway', 0);
  });
});

describe('private-nat-instance', () => {
  test('one NAT instance and the S3 endpoint, VMs private, ingress only from the VPN', () => {
    const t = Template.fromJSON(synth('private-nat-instance').template);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::Instance', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    t.resourceCountIs('AWS::EC2::FlowLog', 1);
    expect(ingressOf(t.toJSON())).toEqual(['tcp 443-443 10.8.0.0/16']);
    const subnets = Object.values<any>(t.findResources('AWS::EC2::Subnet'));
    expect(subnets.every((s) => s.Properties.MapPublicIpOnLaunch === false)).toBe(true);
    expect(t.toJSON().Outputs.CoiledGiveWorkersPublicIp.Value).toBe('false');
  });
});

describe('existing-vpc', () => {
  test('no network resources; groups in the given VPC; the given subnets handed to Coiled', () => {
    const { template } = synth('existing-vpc');
    const t = Template.fromJSON(template);
    t.resourceCountIs('AWS::EC2::VPC', 0);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: 'vpc-0123456789abcdef0' });
    expect(template.Outputs.CoiledSubnetIds.Value).toBe('subnet-0123456789abcdef0,subnet-0fedcba9876543210');
    expect(template.Outputs.CoiledUseSchedulerPublicIp.Value).toBe('false');
  });
});

describe('seed-firewall', () => {
  test("Coiled's firewall example: 8786 from the VPN (normalised), 8787 from the paired VPC", () => {
    expect(ingressOf(synth('seed-firewall').template)).toEqual(['tcp 8786-8786 10.1.0.0/16', 'tcp 8787-8787 10.32.0.0/16']);
  });

  test("Coiled's remote-data example: the VM role reads one bucket", () => {
    const policy = Object.values<any>(Template.fromJSON(synth('seed-firewall').template).findResources('AWS::IAM::Policy'))[0];
    expect(JSON.stringify(policy.Properties.PolicyDocument.Statement[0].Resource)).toContain(':s3:::my-team-data');
  });
});

describe('data-access', () => {
  const { template } = synth('data-access');
  const policies = Object.values<any>(Template.fromJSON(template).findResources('AWS::IAM::ManagedPolicy'));
  const byName = (name: string) => policies.find((p) => p.Properties.ManagedPolicyName === name);
  const instanceRole = Object.keys(template.Resources).find((id) => id.includes('InstanceIdentityRole'));

  test("Coiled's instance-profile grant exactly: s3:GetObject and s3:GetObjectVersion on arn:aws:s3:::<bucket>/*, beside CoiledInstancePolicy", () => {
    const dataAccess = byName('coiled-my-team-data-access');
    expect(dataAccess.Properties.Roles).toEqual([{ Ref: instanceRole }]);
    expect(dataAccess.Properties.PolicyDocument.Statement).toHaveLength(1);
    const statement = dataAccess.Properties.PolicyDocument.Statement[0];
    expect(statement.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    // In the aws partition the resource is exactly the page's; elsewhere it follows the partition.
    expect(new ResolvedTemplate(template).resolve(statement.Resource)).toBe('arn:aws:s3:::my-team-data/*');
    expect(new ResolvedTemplate(template, { partition: PARTITIONS['aws-cn'], account: TEST_ACCOUNT }).resolve(statement.Resource)).toBe('arn:aws-cn:s3:::my-team-data/*');
    // CoiledInstancePolicy keeps only what Coiled needs: the log streams.
    expect(byName('CoiledInstancePolicy').Properties.PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual(['CoiledEC2LogPolicy']);
  });

  test('one secret, created empty, readable by the instance role alone; its name handed over', () => {
    const t = Template.fromJSON(template);
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'coiled/my-team/database_token' });
    const secrets = byName('coiled-my-team-secrets');
    expect(secrets.Properties.Roles).toEqual([{ Ref: instanceRole }]);
    expect(JSON.parse(template.Outputs.CoiledSecrets.Value)).toEqual([
      { name: 'database_token', secretId: 'coiled/my-team/database_token', environmentVariable: 'DATABASE_TOKEN_SECRET_NAME', value: 'set-after-deploy' },
    ]);
    expect(JSON.stringify(template)).not.toMatch(/SecretString/);
  });
});
