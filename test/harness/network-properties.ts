/**
 * Shared by the network property tests (one file per cloud, so jest runs them side by side):
 * random workspace configurations, and "cheap stacks" to synthesize them with.
 *
 * A full workspace stack costs 15-35 ms to synthesize, too much for 1,000 runs on every commit.
 * The parts of a stack that decide who can reach what are its network (VPC, subnets, routes, NAT,
 * endpoints) and its firewall (security groups / firewall rules). The network depends only on the
 * shape (public, private, existing), so each shape's full stack is synthesized once; the firewall
 * depends on the configuration, so it is synthesized for every run by the same construct the
 * workspace uses, at the same construct path (so its resources have the workspace's own logical
 * ids and Terraform addresses), and put in place of the shape's firewall resources. What the
 * analyzer reads is then exactly what a full synthesis of that configuration would write.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { App as TfApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { CoiledNetwork, CoiledWorkspaceStack, NatType } from '../../src/aws';
import { CoiledSecurityGroups } from '../../src/aws/security-groups';
import { parseCidr } from '../../src/core/cidr';
import { AnalysisInput, DeclaredContract, FlowCell, FlowMatrix } from '../../src/core/flow-analysis';
import { contractRecord, parseContractRecord } from '../../src/core/flow-contract';
import { EgressRule, IngressRule } from '../../src/core/ingress';
import { WorkspaceNetworkModel } from '../../src/core/network-paths';
import { WorkerPorts } from '../../src/core/ports';
import { CoiledGcpNetwork, CoiledGcpStack } from '../../src/gcp';
import { CoiledGcpFirewall } from '../../src/gcp/firewall';

export const RUNS_PER_CLOUD = 1_000;

export interface FirewallConfig {
  readonly ingress: IngressRule[];
  readonly schedulerPort?: number;
  readonly workerPorts?: WorkerPorts;
  readonly restrictEgress: boolean;
  readonly dataSources?: EgressRule[];
}

const canonical = (text: string) => parseCidr(text).cidr;
/** Blocks that matter to the analysis (the internet, its halves, the VPC and its subnets, IPv6) and random ones. */
const cidr = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0.0.0.0/0', '::/0', '0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/8', '10.0.0.0/16', '10.0.0.0/20', '10.0.32.0/19', '172.16.0.0/12', '203.0.113.7/32', '2001:db8::/32') },
  { weight: 3, arbitrary: fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => canonical(`${a}/${p}`)) },
  { weight: 1, arbitrary: fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => canonical(`${a}/${p}`)) },
);
const port = fc.oneof(fc.constantFrom(22, 80, 443, 3389, 8786, 8787, 8888, 15003), fc.integer({ min: 1, max: 65535 }));
const rule = fc.record({ ports: fc.array(port, { minLength: 1, maxLength: 4 }), cidr });

export const firewallConfig: fc.Arbitrary<FirewallConfig> = fc
  .record({
    ingress: fc.array(rule, { maxLength: 5 }),
    schedulerPort: fc.option(fc.oneof(fc.constantFrom(443, 8786), port), { nil: undefined }),
    workerPorts: fc.option(
      fc.tuple(fc.integer({ min: 1024, max: 65535 }), fc.integer({ min: 1024, max: 65535 })).filter(([a, b]) => a !== b).map(([nannyPort, workerPort]) => ({ nannyPort, workerPort })),
      { nil: undefined },
    ),
    restrictEgress: fc.boolean(),
  })
  .chain((c) => (c.restrictEgress ? fc.array(rule, { maxLength: 3 }).map((dataSources) => ({ ...c, dataSources })) : fc.constant(c)));

/** The construct's own model, as the contract the analyzer checks against. */
export function declared(model: WorkspaceNetworkModel): DeclaredContract {
  return parseContractRecord(contractRecord('', model)).contract!;
}

/**
 * Runs `fn` without stack traces. cdktf records one for every token it creates, aws-cdk-lib one
 * for every annotation, and under jest (whose hook source-maps each frame) that is most of the
 * cost of synthesizing a firewall. The traces only ever appear in error messages; a failing run
 * is still reported by fast-check with its counterexample.
 */
export function withoutStackTraceHook<T>(fn: () => T): T {
  const hook = Error.prepareStackTrace;
  const capture = Error.captureStackTrace;
  Error.prepareStackTrace = () => '';
  Error.captureStackTrace = (target: object) => {
    (target as { stack?: string }).stack = '';
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = hook;
    Error.captureStackTrace = capture;
  }
}

const outdir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `network-properties-${name}-`));

export type AwsShape = 'public' | 'private-gateway' | 'private-instance' | 'private-none' | 'private-public-scheduler' | 'existing';
export const AWS_SHAPES: readonly AwsShape[] = ['public', 'private-gateway', 'private-instance', 'private-none', 'private-public-scheduler', 'existing'];

const awsNetwork: Record<AwsShape, () => CoiledNetwork> = {
  'public': () => CoiledNetwork.publicSubnets(),
  'private-gateway': () => CoiledNetwork.privateSubnets(),
  'private-instance': () => CoiledNetwork.privateSubnets({ natType: NatType.INSTANCE }),
  'private-none': () => CoiledNetwork.privateSubnets({ natType: NatType.NONE }),
  'private-public-scheduler': () => CoiledNetwork.privateSubnets({ publicScheduler: true }),
  'existing': () => CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'], workersPublicIp: false, schedulerPublicIp: false }),
};

interface AwsBase {
  readonly template: any;
  readonly workersPublicIp: boolean;
  readonly schedulerPublicIp: boolean;
}

const awsBases = new Map<AwsShape, AwsBase>();

function awsBase(shape: AwsShape): AwsBase {
  let base = awsBases.get(shape);
  if (!base) {
    const app = new App({ outdir: outdir('aws') });
    const stack = new CoiledWorkspaceStack(app, 'Coiled', { workspaceName: 'demo', externalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248', network: awsNetwork[shape]() });
    base = { template: app.synth().getStackArtifact(stack.artifactId).template, workersPublicIp: stack.workspace.workersPublicIp, schedulerPublicIp: stack.workspace.schedulerPublicIp };
    awsBases.set(shape, base);
  }
  return base;
}

const AWS_OUTDIR = outdir('aws-cheap');

/** The template a full synthesis of `config` in `shape` writes, and the security groups' model. */
export function awsArtifact(shape: AwsShape, config: FirewallConfig): { template: any; model: WorkspaceNetworkModel } {
  const base = awsBase(shape);
  const stack = new Stack(new App({ outdir: AWS_OUTDIR, context: { 'aws:cdk:disable-stack-trace': true } }), 'Coiled');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['a'] });
  const groups = new CoiledSecurityGroups(new Construct(stack, 'Workspace'), 'SecurityGroups', {
    vpc,
    ...config,
    workersPublicIp: base.workersPublicIp,
    schedulerPublicIp: base.schedulerPublicIp,
    workspaceName: 'demo',
  });
  // The template as synthesis writes it, without writing a cloud assembly to disk.
  const cheap = (stack as unknown as { _toCloudFormation(): any })._toCloudFormation();
  const isWorkspaceGroup = ([id, r]: [string, any]) => id.startsWith('WorkspaceSecurityGroups') && String(r.Type).startsWith('AWS::EC2::SecurityGroup');
  const resources = {
    ...Object.fromEntries(Object.entries<any>(base.template.Resources).filter((e) => !isWorkspaceGroup(e))),
    ...Object.fromEntries(Object.entries<any>(cheap.Resources).filter(isWorkspaceGroup)),
  };
  return { template: { ...base.template, Resources: resources }, model: groups._model };
}

export type GcpShape = 'public' | 'private' | 'private-public-scheduler' | 'existing';
export const GCP_SHAPES: readonly GcpShape[] = ['public', 'private', 'private-public-scheduler', 'existing'];

const gcpNetwork: Record<GcpShape, () => CoiledGcpNetwork> = {
  'public': () => CoiledGcpNetwork.publicSubnet(),
  'private': () => CoiledGcpNetwork.privateSubnet(),
  'private-public-scheduler': () => CoiledGcpNetwork.privateSubnet({ publicScheduler: true }),
  'existing': () => CoiledGcpNetwork.existing({ network: 'shared-vpc', subnetwork: 'projects/my-project-123456/regions/us-east1/subnetworks/coiled', workersPublicIp: false, schedulerPublicIp: false }),
};

interface GcpBase {
  readonly json: any;
  readonly network: string;
  readonly subnetCidr: string;
  readonly workersPublicIp: boolean;
  readonly schedulerPublicIp: boolean;
}

const gcpBases = new Map<GcpShape, GcpBase>();

function gcpBase(shape: GcpShape): GcpBase {
  let base = gcpBases.get(shape);
  if (!base) {
    const app = new TfApp({ outdir: outdir('gcp'), skipValidation: true });
    const stack = new CoiledGcpStack(app, 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo', network: gcpNetwork[shape]() });
    const json = stack.toTerraform();
    const anyRule = Object.values<any>(json.resource.google_compute_firewall)[0];
    const subnet = Object.values<any>(json.resource.google_compute_subnetwork ?? {})[0];
    const subnetData = Object.keys(json.data?.google_compute_subnetwork ?? {})[0];
    base = {
      json,
      network: anyRule.network,
      subnetCidr: subnet ? subnet.ip_cidr_range : `\${data.google_compute_subnetwork.${subnetData}.ip_cidr_range}`,
      workersPublicIp: stack.workspace.workersPublicIp,
      schedulerPublicIp: stack.workspace.schedulerPublicIp,
    };
    gcpBases.set(shape, base);
  }
  return base;
}

const GCP_OUTDIR = outdir('gcp-cheap');

/** The Terraform JSON a full synthesis of `config` in `shape` writes, and the firewall's model. */
export function gcpArtifact(shape: GcpShape, config: FirewallConfig): { json: any; model: WorkspaceNetworkModel } {
  const base = gcpBase(shape);
  const stack = new TerraformStack(new TfApp({ outdir: GCP_OUTDIR, skipValidation: true }), 'coiled');
  const firewall = new CoiledGcpFirewall(new Construct(stack, 'Workspace'), 'Firewall', {
    ...config,
    projectId: 'my-project-123456',
    network: base.network,
    subnetCidr: base.subnetCidr,
    schedulerTag: 'coiled-demo-scheduler',
    clusterTag: 'coiled-demo-cluster',
    namePrefix: 'coiled-demo',
    workersPublicIp: base.workersPublicIp,
    schedulerPublicIp: base.schedulerPublicIp,
    workspaceName: 'demo',
  });
  const cheap = stack.toTerraform();
  return { json: { ...base.json, resource: { ...base.json.resource, google_compute_firewall: cheap.resource.google_compute_firewall } }, model: firewall._model };
}

/**
 * The cells that cannot depend on where a cloud puts the VMs' addresses (AWS: two /20 subnets;
 * GCP: one /16): not the rows of the network's own hosts, not workers -> scheduler (ingress rules
 * that cover the VMs' range admit them), not data sources that overlap the VMs' range.
 */
export function addressIndependent(matrix: FlowMatrix, ...inputs: AnalysisInput[]): FlowMatrix {
  const vmRanges = inputs.flatMap((i) => [i.roles.scheduler.addresses, i.roles.workers.addresses]);
  const dependent = (c: FlowCell) => {
    if (c.source === 'vpc' || (c.source === 'workers' && c.destination === 'scheduler')) return true;
    const destination = matrix.destinations.find((d) => d.id === c.destination)!;
    return destination.kind === 'data' && vmRanges.some((r) => r.overlaps(destination.addresses!));
  };
  return { ...matrix, cells: matrix.cells.filter((c) => !dependent(c)) };
}
