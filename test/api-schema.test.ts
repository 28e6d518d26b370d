/**
 * The runtime type checks cover the whole public API, now and after any change:
 * - the committed schema is exactly what the TypeScript declarations give (test/api-schema-fresh.test.ts);
 * - every struct in it has an entry point here, and a wrong-typed value of EVERY prop (a number
 *   for a string, a string where a list belongs, a sparse list, a bogus enum member...) fails with
 *   our error naming that prop;
 * - every public constructor, factory and method is listed here and rejects a wrong-typed argument.
 * A prop, struct or method added later without a check fails one of these tests.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import * as aws from '../src/aws';
import { TypeSpec, apiSchema } from '../src/core/api-check';
import { CoiledByocError, CoiledByocErrors } from '../src/core/errors';
import { Ingress } from '../src/core/ingress';
import * as gcp from '../src/gcp';
import { EXTERNAL_ID } from './aws/util';

jest.setTimeout(60_000);

const schema = apiSchema();
const awsStack = () => new Stack(new App(), 'S');
const gcpStack = () => new cdktf.TerraformStack(cdktf.Testing.app(), 's');
const vpcOf = (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'] });
const GCP_BASE = { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo' };

function controlPlaneProps(stack: Stack): aws.CoiledControlPlaneRoleProps {
  const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  return {
    workspaceName: 'demo',
    externalId: EXTERNAL_ID,
    instanceRole: role,
    instanceProfile: new iam.InstanceProfile(stack, 'P', { role }),
    instancePolicy: new iam.ManagedPolicy(stack, 'M', { statements: [new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] })] }),
    logGroupName: 'demo',
    vpcId: 'vpc-0123456789abcdef0',
  };
}

function gcpBindOptions(): gcp.GcpNetworkBindOptions {
  return { projectId: 'my-project-123456', region: 'us-east1', networkName: 'n-demo', subnetName: 's-demo', routerName: 'r-demo', natName: 'nat-demo' };
}

/**
 * For each struct: how to pass a value of it (the valid base, with `props` merged in) to the entry
 * point that takes it, and the prefix the errors put before its prop names.
 */
const STRUCTS: Record<string, { prefix: string; call: (props: Record<string, unknown>) => unknown }> = {
  'aws.CoiledWorkspaceProps': { prefix: '', call: (p) => new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, ...p } as any) },
  'aws.CoiledWorkspaceStackProps': { prefix: '', call: (p) => new aws.CoiledWorkspaceStack(new App(), 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID, ...p } as any) },
  'aws.CoiledSecurityGroupsProps': {
    prefix: '',
    call: (p) => {
      const stack = awsStack();
      return new aws.CoiledSecurityGroups(stack, 'G', { vpc: vpcOf(stack), ...p } as any);
    },
  },
  'aws.CoiledInstanceIdentityProps': { prefix: '', call: (p) => new aws.CoiledInstanceIdentity(awsStack(), 'I', { workspaceName: 'demo', ...p } as any) },
  'aws.CoiledControlPlaneRoleProps': {
    prefix: '',
    call: (p) => {
      const stack = awsStack();
      return new aws.CoiledControlPlaneRole(stack, 'C', { ...controlPlaneProps(stack), ...p } as any);
    },
  },
  'aws.ControlPlaneCapabilities': {
    prefix: 'controlPlaneCapabilities.',
    call: (p) => new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, controlPlaneCapabilities: { ...p } } as any),
  },
  'aws.PublicNetworkOptions': { prefix: '', call: (p) => aws.CoiledNetwork.publicSubnets(p as any) },
  'aws.PrivateNetworkOptions': { prefix: '', call: (p) => aws.CoiledNetwork.privateSubnets(p as any) },
  'aws.ExistingNetworkOptions': { prefix: '', call: (p) => aws.CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'], ...p } as any) },
  'IngressRule': { prefix: 'ingress[0].', call: (p) => new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, ingress: [{ ports: [443], cidr: '10.0.0.0/8', ...p }] } as any) },
  'EgressRule': {
    prefix: 'dataSources[0].',
    call: (p) => new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.0.0.0/8', ...p }] } as any),
  },
  'WorkerPorts': { prefix: 'workerPorts.', call: (p) => new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, workerPorts: { nannyPort: 8000, workerPort: 9000, ...p } } as any) },
  'gcp.CoiledGcpWorkspaceProps': { prefix: '', call: (p) => new gcp.CoiledGcpWorkspace(gcpStack(), 'W', { ...GCP_BASE, ...p } as any) },
  'gcp.CoiledGcpStackProps': { prefix: '', call: (p) => new gcp.CoiledGcpStack(cdktf.Testing.app(), 's', { ...GCP_BASE, ...p } as any) },
  'gcp.CoiledGcpFirewallProps': {
    prefix: '',
    call: (p) =>
      new gcp.CoiledGcpFirewall(gcpStack(), 'F', { projectId: 'my-project-123456', network: 'n', subnetCidr: '10.0.0.0/16', schedulerTag: 'coiled-s', clusterTag: 'coiled-c', namePrefix: 'coiled-demo', ...p } as any),
  },
  'gcp.CoiledGcpApisProps': { prefix: '', call: (p) => new gcp.CoiledGcpApis(gcpStack(), 'A', { projectId: 'my-project-123456', ...p } as any) },
  'gcp.CoiledGcpServiceAccountsProps': {
    prefix: '',
    call: (p) =>
      new gcp.CoiledGcpServiceAccounts(gcpStack(), 'SA', {
        projectId: 'my-project-123456',
        workspaceName: 'demo',
        controlPlaneServiceAccountId: 'coiled-demo',
        dataServiceAccountId: 'coiled-demo-data',
        controlPlaneRoleId: 'coiled_demo',
        dataRoleId: 'coiled_demo_data',
        ...p,
      } as any),
  },
  'gcp.GcpPublicNetworkOptions': { prefix: '', call: (p) => gcp.CoiledGcpNetwork.publicSubnet(p as any) },
  'gcp.GcpPrivateNetworkOptions': { prefix: '', call: (p) => gcp.CoiledGcpNetwork.privateSubnet(p as any) },
  'gcp.GcpExistingNetworkOptions': { prefix: '', call: (p) => gcp.CoiledGcpNetwork.existing({ network: 'shared', subnetwork: 'coiled', ...p } as any) },
  'gcp.GcpNetworkBindOptions': { prefix: '', call: (p) => gcp.CoiledGcpNetwork.publicSubnet().bind(new Construct(gcpStack(), 'N'), { ...gcpBindOptions(), ...p } as any) },
  'gcp.GcpChecksOptions': { prefix: '', call: (p) => new gcp.CoiledGcpChecks(p as any) },
  'aws.CoiledSecretProps': { prefix: 'secrets[0].', call: (p) => new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, secrets: [{ name: 'token', ...p }] } as any) },
  'gcp.CoiledGcpSecretProps': { prefix: 'secrets[0].', call: (p) => new gcp.CoiledGcpWorkspace(gcpStack(), 'W', { ...GCP_BASE, secrets: [{ name: 'token', ...p }] } as any) },
};

/** A value of the wrong type for `type`, and the error code it must give. */
function wrongValues(type: TypeSpec): Array<{ value: unknown; code: string; at?: string }> {
  switch (type.k) {
    case 'string':
      return [{ value: 12345, code: 'INVALID_TYPE' }];
    case 'number':
      return [{ value: 'many', code: 'INVALID_TYPE' }, { value: Infinity, code: 'INVALID_TYPE' }];
    case 'boolean':
      return [{ value: 'yes', code: 'INVALID_TYPE' }];
    case 'enum':
      return [{ value: 'BOGUS', code: 'INVALID_ENUM_VALUE' }];
    case 'extEnum':
      return [{ value: type.primitive === 'number' ? 'ONE_DAY' : 1, code: 'INVALID_TYPE' }];
    case 'array':
      // A string where a list belongs; a sparse list (a hole is no value).
      return [
        { value: type.of.k === 'string' ? 12345 : 'x', code: 'INVALID_TYPE' },
        { value: new Array(1), code: 'INVALID_TYPE', at: '[0]' },
      ];
    case 'map':
    case 'struct':
    case 'object':
      return [{ value: 'x', code: 'INVALID_TYPE' }];
    case 'any':
      return [];
  }
}

const cases = Object.entries(schema.structs).flatMap(([struct, spec]) =>
  Object.entries(spec.props).flatMap(([prop, p]) => wrongValues(p.type).map((w) => ({ struct, prop, ...w }))),
);

test('every struct of the public API has an entry point in this test', () => {
  expect(Object.keys(STRUCTS).sort()).toEqual(Object.keys(schema.structs).sort());
});

test('only props of other libraries (a stack\'s env, tags...) are unchecked here', () => {
  const unchecked = Object.entries(schema.structs).flatMap(([struct, spec]) => Object.entries(spec.props).filter(([, p]) => p.type.k === 'any').map(([prop]) => `${struct}.${prop}`));
  expect(unchecked.every((p) => /StackProps\./.test(p))).toBe(true);
});

test.each(cases)('$struct.$prop = $value fails with our error naming it ($code)', ({ struct, prop, value, code, at }) => {
  const entry = STRUCTS[struct];
  let error: unknown;
  try {
    entry.call({ [prop]: value });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CoiledByocError);
  const err = error as CoiledByocError;
  expect(err.code).toBe(code);
  expect(err.input).toBe(`${entry.prefix}${prop}${at ?? ''}`);
  expect(err.fix.length).toBeGreaterThan(0);
});

test.each(Object.entries(schema.structs).filter(([, spec]) => Object.keys(spec.props).length > 0))('%s: a misspelt option fails instead of being ignored', (struct, spec) => {
  const first = Object.keys(spec.props).sort((a, b) => b.length - a.length)[0];
  const typo = `${first.slice(0, -1)}${first.endsWith('s') ? 'z' : 's'}`;
  let error: unknown;
  try {
    STRUCTS[struct].call({ [typo]: 1 });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CoiledByocError);
  expect((error as CoiledByocError).code).toBe('UNKNOWN_OPTION');
  expect((error as CoiledByocError).message).toContain(`did you mean "${first}"`);
});

/** Every public constructor, factory and method, called with the given arguments. */
const CALLABLES: Record<string, (args: unknown[]) => unknown> = {
  'aws.CoiledControlPlaneRole.new': (a) => new (aws.CoiledControlPlaneRole as any)(...a),
  'aws.CoiledInstanceIdentity.new': (a) => new (aws.CoiledInstanceIdentity as any)(...a),
  'aws.CoiledNetwork.bind': (a) => (aws.CoiledNetwork.publicSubnets() as any).bind(...a),
  'aws.CoiledNetwork.existing': (a) => (aws.CoiledNetwork.existing as any)(...a),
  'aws.CoiledNetwork.privateSubnets': (a) => (aws.CoiledNetwork.privateSubnets as any)(...a),
  'aws.CoiledNetwork.publicSubnets': (a) => (aws.CoiledNetwork.publicSubnets as any)(...a),
  'aws.CoiledSecurityGroups.new': (a) => new (aws.CoiledSecurityGroups as any)(...a),
  'aws.CoiledWorkspace.addSecret': (a) => (new aws.CoiledWorkspace(awsStack(), 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID }) as any).addSecret(...a),
  'aws.CoiledWorkspace.new': (a) => new (aws.CoiledWorkspace as any)(...a),
  'aws.CoiledWorkspaceStack.new': (a) => new (aws.CoiledWorkspaceStack as any)(...a),
  'aws.ExternalId.fromContext': (a) => (aws.ExternalId.fromContext as any)(...a),
  'gcp.CoiledGcpApis.enable': (a) => (new gcp.CoiledGcpApis(gcpStack(), 'A', { projectId: 'my-project-123456' }) as any).enable(...a),
  'gcp.CoiledGcpApis.new': (a) => new (gcp.CoiledGcpApis as any)(...a),
  'gcp.CoiledGcpApis.servicesNamed': (a) => (new gcp.CoiledGcpApis(gcpStack(), 'A', { projectId: 'my-project-123456' }) as any).servicesNamed(...a),
  'gcp.CoiledGcpChecks.check': (a) => (new gcp.CoiledGcpChecks() as any).check(...a),
  'gcp.CoiledGcpChecks.checkStack': (a) => (new gcp.CoiledGcpChecks() as any).checkStack(...a),
  'gcp.CoiledGcpChecks.new': (a) => new (gcp.CoiledGcpChecks as any)(...a),
  'gcp.CoiledGcpFirewall.new': (a) => new (gcp.CoiledGcpFirewall as any)(...a),
  'gcp.CoiledGcpNetwork.bind': (a) => (gcp.CoiledGcpNetwork.publicSubnet() as any).bind(...a),
  'gcp.CoiledGcpNetwork.existing': (a) => (gcp.CoiledGcpNetwork.existing as any)(...a),
  'gcp.CoiledGcpNetwork.privateSubnet': (a) => (gcp.CoiledGcpNetwork.privateSubnet as any)(...a),
  'gcp.CoiledGcpNetwork.publicSubnet': (a) => (gcp.CoiledGcpNetwork.publicSubnet as any)(...a),
  'gcp.CoiledGcpServiceAccounts.new': (a) => new (gcp.CoiledGcpServiceAccounts as any)(...a),
  'gcp.CoiledGcpStack.new': (a) => new (gcp.CoiledGcpStack as any)(...a),
  'gcp.CoiledGcpWorkspace.addSecret': (a) => (new gcp.CoiledGcpWorkspace(gcpStack(), 'W', GCP_BASE) as any).addSecret(...a),
  'gcp.CoiledGcpWorkspace.grantBigQueryDatasetRead': (a) => (new gcp.CoiledGcpWorkspace(gcpStack(), 'W', GCP_BASE) as any).grantBigQueryDatasetRead(...a),
  'gcp.CoiledGcpWorkspace.grantBigQueryJobUser': (a) => (new gcp.CoiledGcpWorkspace(gcpStack(), 'W', GCP_BASE) as any).grantBigQueryJobUser(...a),
  'gcp.CoiledGcpWorkspace.grantBucketRead': (a) => (new gcp.CoiledGcpWorkspace(gcpStack(), 'W', GCP_BASE) as any).grantBucketRead(...a),
  'gcp.CoiledGcpWorkspace.grantBucketReadWrite': (a) => (new gcp.CoiledGcpWorkspace(gcpStack(), 'W', GCP_BASE) as any).grantBucketReadWrite(...a),
  'gcp.CoiledGcpWorkspace.new': (a) => new (gcp.CoiledGcpWorkspace as any)(...a),
  'CoiledByocErrors.codeOf': (a) => (CoiledByocErrors.codeOf as any)(...a),
  'CoiledByocErrors.isCoiledByocError': (a) => (CoiledByocErrors.isCoiledByocError as any)(...a),
  'Ingress.classicDask': (a) => (Ingress.classicDask as any)(...a),
  'Ingress.coiledDefault': (a) => (Ingress.coiledDefault as any)(...a),
  'Ingress.defaults': (a) => (Ingress.defaults as any)(...a),
  'Ingress.jupyter': (a) => (Ingress.jupyter as any)(...a),
  'Ingress.sparkConnect': (a) => (Ingress.sparkConnect as any)(...a),
  'Ingress.ssh': (a) => (Ingress.ssh as any)(...a),
  'Ingress.terraformTemplateParity': (a) => (Ingress.terraformTemplateParity as any)(...a),
};

/** Valid arguments of each callable, for the parameters before the one made wrong. */
function validArgs(callable: string): unknown[] {
  if (callable.startsWith('aws.') && callable.endsWith('.new')) return [awsStack(), 'X'];
  if (callable.startsWith('gcp.') && callable.endsWith('.new') && callable !== 'gcp.CoiledGcpChecks.new') return [gcpStack(), 'X'];
  if (callable === 'aws.ExternalId.fromContext') return [new App({ context: { coiledExternalId: EXTERNAL_ID } })];
  if (callable === 'gcp.CoiledGcpNetwork.bind') return [new Construct(gcpStack(), 'N')];
  if (callable === 'gcp.CoiledGcpWorkspace.grantBigQueryDatasetRead') return ['my_dataset'];
  return [];
}

test('every public constructor, factory and method is listed here', () => {
  expect(Object.keys(CALLABLES).sort()).toEqual(Object.keys(schema.callables).sort());
});

const callableCases = Object.entries(schema.callables).flatMap(([callable, params]) =>
  params.flatMap((param, index) => (param.type.k === 'any' || param.type.k === 'struct' ? [] : wrongValues(param.type).slice(0, 1).map((w) => ({ callable, index, param: param.name, ...w })))),
);

test.each(callableCases)('$callable: $param = $value fails with our error naming the parameter', ({ callable, index, param, value }) => {
  const args = validArgs(callable).slice(0, index);
  while (args.length < index) args.push(undefined);
  let error: unknown;
  try {
    CALLABLES[callable]([...args, value]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CoiledByocError);
  expect((error as CoiledByocError).input).toMatch(new RegExp(`^${param}`));
});
