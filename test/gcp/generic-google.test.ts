/**
 * The network, subnetwork, router, NAT and project IAM members are written with cdktf's generic
 * TerraformResource (src/gcp/private/generic-google.ts); Terraform must read exactly what the
 * provider's binding classes write. The truth is the installed bindings themselves: every stack
 * below is synthesized twice, once as shipped and once with each generic kind swapped for its
 * binding class, and the JSON, the HCL and the manifest must be the same bytes.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- fresh module registries, one with the binding classes swapped in */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import * as generic from '../../src/gcp/private/generic-google';

const { GenericComputeNetwork, GenericComputeSubnetwork, GenericProjectIamMember, genericGoogleTypes } = generic;

const BINDINGS = {
  GenericComputeNetwork: () => require('@cdktf/provider-google/lib/compute-network').ComputeNetwork,
  GenericComputeSubnetwork: () => require('@cdktf/provider-google/lib/compute-subnetwork').ComputeSubnetwork,
  GenericComputeRouter: () => require('@cdktf/provider-google/lib/compute-router').ComputeRouter,
  GenericComputeRouterNat: () => require('@cdktf/provider-google/lib/compute-router-nat').ComputeRouterNat,
  GenericProjectIamMember: () => require('@cdktf/provider-google/lib/project-iam-member').ProjectIamMember,
  GenericBigqueryDatasetIamMember: () => require('@cdktf/provider-google/lib/bigquery-dataset-iam-member').BigqueryDatasetIamMember,
  GenericStorageBucketIamMember: () => require('@cdktf/provider-google/lib/storage-bucket-iam-member').StorageBucketIamMember,
  GenericSecretManagerSecretIamMember: () => require('@cdktf/provider-google/lib/secret-manager-secret-iam-member').SecretManagerSecretIamMember,
  GenericArtifactRegistryRepositoryIamMember: () => require('@cdktf/provider-google/lib/artifact-registry-repository-iam-member').ArtifactRegistryRepositoryIamMember,
};

/** What a stack writes, built by `build` with the library as shipped, or with the binding classes in place of the generic ones. */
function written(build: (gcp: any, cdktf: any, app: any) => any, withBindings: boolean): { json: string; hcl: string; manifest: string; types: string[] } {
  let result: any;
  jest.isolateModules(() => {
    if (withBindings) {
      jest.doMock('../../src/gcp/private/generic-google', () => Object.fromEntries(Object.entries(BINDINGS).map(([name, load]) => [name, load()])));
    }
    const cdktf = require('cdktf');
    const { gcp } = require('../../src');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'generic-google-'));
    try {
      const app = new cdktf.App({ outdir, stackTraces: false });
      const stack = build(gcp, cdktf, app);
      app.synth();
      const json = fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
      const hcl = cdktf.Testing.synthHcl(build(gcp, cdktf, cdktf.Testing.app()));
      result = { json, hcl, manifest: fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'), types: Object.keys(JSON.parse(json).resource ?? {}) };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
  jest.dontMock('../../src/gcp/private/generic-google');
  return result;
}

const stackWith = (props: (gcp: any, cdktf: any, scope: Construct) => Record<string, unknown>, after?: (stack: any) => void) => (gcp: any, cdktf: any, app: any) => {
  const stack = new gcp.CoiledGcpStack(app, 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'team', ...props(gcp, cdktf, app) });
  after?.(stack);
  return stack;
};


/** Every resource type the workspaces below write: each generic kind must be among them. */
const writtenTypes = new Set<string>();

test('every generic class has its binding class to be held to', () => {
  const classes = Object.keys(generic).filter((name) => /^Generic[A-Z]/.test(name) && name !== 'GenericGoogleResource');
  expect(classes.sort()).toEqual(Object.keys(BINDINGS).sort());
  expect(genericGoogleTypes()).toHaveLength(classes.length);
});

describe.each([
  ['the default workspace', stackWith(() => ({}))],
  ['public subnets with flow logs', stackWith((gcp) => ({ network: gcp.CoiledGcpNetwork.publicSubnet({ flowLogs: true, subnetCidr: '10.9.0.0/20' }) }))],
  ['a private subnet, Cloud NAT defaults', stackWith((gcp) => ({ network: gcp.CoiledGcpNetwork.privateSubnet() }))],
  [
    'a private subnet with NAT logging, 1,024 ports per VM, flow logs and no Private Google Access',
    stackWith((gcp) => ({ network: gcp.CoiledGcpNetwork.privateSubnet({ natLogging: true, natMinPortsPerVm: 1024, flowLogs: true, privateGoogleAccess: false }) })),
  ],
  ['a private subnet with a public scheduler and 512 ports per VM', stackWith((gcp) => ({ network: gcp.CoiledGcpNetwork.privateSubnet({ natMinPortsPerVm: 512, publicScheduler: true }) }))],
  ['BigQuery, bucket and job grants', stackWith(() => ({}), (stack) => {
    stack.workspace.grantBigQueryDatasetRead('analytics');
    stack.workspace.grantBigQueryDatasetRead('shared', 'other-project-123');
    stack.workspace.grantBigQueryJobUser();
    stack.workspace.grantBucketRead('team-data');
    stack.workspace.grantBucketReadWrite('team-scratch');
  })],
  ['Artifact Registry, a created secret and an adopted one', stackWith(() => ({ artifactRegistry: true, secrets: [{ name: 'token' }, { name: 'db', existingSecretId: 'prod-db-token' }] }))],
])('%s', (_what, build) => {
  const ours = written(build, false);
  const theirs = written(build, true);

  test('writes the same cdk.tf.json, HCL and manifest as the binding classes', () => {
    expect(ours.types.filter((t) => genericGoogleTypes().includes(t)).length).toBeGreaterThan(0);
    expect(ours.types).toEqual(theirs.types);
    ours.types.forEach((t) => writtenTypes.add(t));
    expect(ours.json).toBe(theirs.json);
    expect(ours.hcl).toBe(theirs.hcl);
    expect(ours.manifest).toBe(theirs.manifest);
  });
});

test('settings from Terraform variables (tokens) in every generic kind are written as the bindings write them', () => {
  const build = (_gcp: any, cdktf: any, app: any) => {
    const stack = new cdktf.TerraformStack(app, 'tokens');
    const v = (name: string, type = 'string') => new cdktf.TerraformVariable(stack, name, { type });
    const project = v('project').stringValue;
    const region = v('region').stringValue;
    require('../../src/gcp/private/google-provider').addGoogleProvider(stack, 'google', { project, region });
    const load = (name: keyof typeof BINDINGS) => require('../../src/gcp/private/generic-google')[name];
    const network = new (load('GenericComputeNetwork'))(stack, 'Network', { project, name: v('network').stringValue, description: v('d').stringValue, autoCreateSubnetworks: v('a', 'bool').booleanValue, routingMode: 'GLOBAL' });
    const subnet = new (load('GenericComputeSubnetwork'))(stack, 'Subnet', {
      project,
      region,
      name: 'subnet',
      network: network.id,
      ipCidrRange: v('cidr').stringValue,
      privateIpGoogleAccess: v('pga', 'bool').booleanValue,
      logConfig: { aggregationInterval: 'INTERVAL_1_MIN', flowSampling: v('rate', 'number').numberValue, metadata: 'CUSTOM_METADATA', metadataFields: v('fields', 'list(string)').listValue, filterExpr: 'true' },
    });
    const router = new (load('GenericComputeRouter'))(stack, 'Router', { project, region, name: 'router', network: network.selfLink });
    new (load('GenericComputeRouterNat'))(stack, 'Nat', {
      project,
      region,
      name: 'nat',
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      minPortsPerVm: v('ports', 'number').numberValue,
      subnetwork: [{ name: subnet.id, sourceIpRangesToNat: ['PRIMARY_IP_RANGE'], secondaryIpRangeNames: ['pods', 'services'] }, { name: subnet.selfLink, sourceIpRangesToNat: v('ranges', 'list(string)').listValue }],
      logConfig: { enable: v('log', 'bool').booleanValue, filter: 'ALL' },
    });
    // A whole set of blocks from a variable: the HCL then depends on the block's kind and storage class.
    new (load('GenericComputeRouterNat'))(stack, 'TokenNat', {
      project,
      region,
      name: 'nat-2',
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetwork: v('subnetworks', 'any').value,
    });
    new (load('GenericProjectIamMember'))(stack, 'Member', { project, role: v('role').stringValue, member: 'user:a@example.com', dependsOn: [router] });
    return stack;
  };
  const ours = written(build, false);
  const theirs = written(build, true);
  expect(JSON.parse(ours.json).resource.google_compute_router_nat.Nat.subnetwork).toHaveLength(2);
  expect(ours.json).toBe(theirs.json);
  expect(ours.hcl).toBe(theirs.hcl);
});

test('a whole single block from a token is refused (the bindings drop it from the JSON), never written differently', () => {
  const stack = new (require('cdktf').TerraformStack)(Testing.app(), 's');
  const logConfig = new (require('cdktf').TerraformVariable)(stack, 'log', { type: 'any' }).value;
  new GenericComputeSubnetwork(stack, 'Subnet', { name: 's', network: 'n', ipCidrRange: '10.0.0.0/24', logConfig });
  expect(() => Testing.synth(stack)).toThrow(/google_compute_subnetwork at s\/Subnet: logConfig is one token for the whole block/);
});

test('an attribute a generic kind does not list is refused when it synthesizes, never dropped', () => {
  const stack = new (require('cdktf').TerraformStack)(Testing.app(), 's');
  new GenericComputeNetwork(stack, 'Network', { name: 'n', mtu: 1460 });
  expect(() => Testing.synth(stack)).toThrow(/google_compute_network at s\/Network: the library sets mtu, which its generic form does not render/);
  const other = new (require('cdktf').TerraformStack)(Testing.app(), 't');
  new GenericProjectIamMember(other, 'Member', { project: 'p', role: 'r', member: 'm', provider: undefined });
  expect(() => Testing.synth(other)).toThrow(/the library sets provider/);
});

test('the workspaces above write every generic kind, so each is held to its binding in a real configuration', () => {
  expect(genericGoogleTypes().filter((t) => !writtenTypes.has(t))).toEqual([]);
});
