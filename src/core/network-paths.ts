/**
 * Every network flow a Coiled workspace has, derived from its configuration.
 *
 * The flows are those of the seed pages' two "Source / Target / Protocol (Port) / Description"
 * tables (coiled-contract §6, port table from Coiled's security docs), filled with the real ports
 * and CIDRs of a configuration. Each flow names the firewall rules that allow it; the AWS and GCP
 * renderers build their security groups and firewall rules from `firewallRules()`, which is exactly
 * the set of rules the flows name, and the generated docs print the flows. One model, three views.
 */
import { NormalizedRule } from './ingress';
import { SchedulerPorts, WorkerPorts, formatPorts } from './ports';


export interface WorkspaceNetworkModel {
  /** Normalised scheduler ingress. */
  readonly ingress: readonly NormalizedRule[];
  /** Port the scheduler listens on for Dask comms (443 by default in Coiled). */
  readonly schedulerPort: number;
  /** When set, intra-cluster TCP is narrowed to the scheduler port and these. */
  readonly workerPorts?: WorkerPorts;
  /** When set, egress is restricted to HTTPS, the cluster itself and these data sources. */
  readonly restrictedEgress?: readonly NormalizedRule[];
  /** Whether workers get public IPs (Coiled's `give_workers_public_ip`). */
  readonly workersPublicIp: boolean;
  /** Whether the client reaches the scheduler on its public IP (`use_scheduler_public_ip`). */
  readonly schedulerPublicIp: boolean;
}

export type RuleDirection = 'ingress' | 'egress';
/** Which VMs a rule is attached to: the scheduler only, or every cluster VM (scheduler included). */
export type RuleTarget = 'scheduler' | 'cluster';

export type RulePeer =
  | { readonly kind: 'cidr'; readonly rule: NormalizedRule }
  | { readonly kind: 'cluster' }
  | { readonly kind: 'anywhere' };

/** A firewall rule the workspace must create, in cloud-neutral terms. */
export interface FirewallRuleSpec {
  /** Stable id derived from meaning (never from list position): used for construct ids and names. */
  readonly id: string;
  readonly direction: RuleDirection;
  readonly target: RuleTarget;
  readonly peer: RulePeer;
  /** `all` opens every protocol and port. */
  readonly protocol: 'tcp' | 'all';
  /** TCP ports (empty for protocol `all`). */
  readonly ports: readonly number[];
  readonly description: string;
}

export type PathContext = 'control-plane' | 'dask';

export interface NetworkPath {
  readonly id: string;
  /** Which of the seed's two tables the flow belongs to. */
  readonly context: PathContext;
  readonly source: string;
  readonly target: string;
  /** As the seed tables write it: `HTTPS (443)`, `TCP (8786-8787)`, `All`. */
  readonly protocol: string;
  readonly description: string;
  /** The rules that allow this flow; empty when it does not cross this workspace's firewall. */
  readonly rules: readonly FirewallRuleSpec[];
}

const HTTPS = SchedulerPorts.COILED_DEFAULT;

/** Every flow of a workspace, in a fixed order. */
export function networkPaths(model: WorkspaceNetworkModel): NetworkPath[] {
  const paths: NetworkPath[] = [];
  const egress = egressRules(model);

  // The user <-> Coiled control plane context: nothing here crosses the workspace's firewall
  // inbound; the control plane only calls the cloud's APIs (coiled-contract §6).
  paths.push(
    { id: 'browser-to-control-plane', context: 'control-plane', source: 'User browser', target: 'Coiled control plane (cloud.coiled.io)', protocol: 'HTTPS (443)', description: 'Coiled web UI', rules: [] },
    { id: 'client-to-control-plane', context: 'control-plane', source: 'Coiled client (Python)', target: 'Coiled control plane (cloud.coiled.io)', protocol: 'HTTPS (443)', description: 'Create clusters and software environments', rules: [] },
    {
      id: 'control-plane-to-cloud-api',
      context: 'control-plane',
      source: 'Coiled control plane (cloud.coiled.io)',
      target: 'Cloud provider APIs',
      protocol: 'HTTPS (443)',
      description: 'Provision VMs with the role or service account this workspace grants; Coiled never connects inbound to the VMs',
      rules: [],
    },
    {
      id: 'vms-to-control-plane',
      context: 'control-plane',
      source: 'Scheduler and workers',
      target: 'Coiled control plane (cloud.coiled.io)',
      protocol: 'HTTPS (443)',
      description: 'Status and health, worker discovery of the scheduler address, optional telemetry',
      rules: egress.https,
    },
  );

  // The Dask context.
  for (const rule of model.ingress) {
    const spec = schedulerIngressRule(rule);
    paths.push({
      id: `client-to-scheduler:${rule.cidr}`,
      context: 'dask',
      source: `Dask client (${rule.cidr})`,
      target: 'Scheduler',
      protocol: `TCP (${formatPorts(rule.ports)})`,
      description: rule.description ?? 'Submit work, dashboard',
      rules: [spec],
    });
  }
  for (const dashboard of dashboardPaths(model)) paths.push(dashboard);

  const internal = clusterInternalRule(model);
  const narrowed = model.workerPorts !== undefined;
  paths.push(
    {
      id: 'workers-to-scheduler',
      context: 'dask',
      source: 'Workers',
      target: 'Scheduler',
      protocol: `TCP (${model.schedulerPort})`,
      description: 'Workers register with and report to the scheduler',
      rules: [internal],
    },
    {
      id: 'scheduler-to-workers',
      context: 'dask',
      source: 'Scheduler',
      target: 'Workers',
      protocol: `TCP (${narrowed ? formatPorts([model.workerPorts!.nannyPort, model.workerPorts!.workerPort]) : '1024-65535'})`,
      description: 'Scheduler assigns tasks to workers and nannies',
      rules: [internal],
    },
    {
      id: 'worker-to-worker',
      context: 'dask',
      source: 'Workers',
      target: 'Workers',
      protocol: `TCP (${narrowed ? formatPorts([model.workerPorts!.workerPort]) : '1024-65535'})`,
      description: 'Workers exchange data peer to peer',
      rules: [internal],
    },
    {
      id: 'vms-to-data',
      context: 'dask',
      source: 'Scheduler and workers',
      target: model.restrictedEgress ? 'Declared data sources' : 'Data sources (anywhere)',
      protocol: model.restrictedEgress ? describeRules(model.restrictedEgress) : 'Depends on the source',
      description: 'Read and write your data (S3/GCS and others) with the VM identity',
      rules: egress.data,
    },
    {
      id: 'vms-to-packages',
      context: 'dask',
      source: 'Scheduler and workers',
      target: 'Package indexes and container registries',
      protocol: 'HTTPS (443)',
      description: 'Install software environments',
      rules: egress.https,
    },
  );
  return paths;
}

/** The rules the flows name, de-duplicated, in flow order: what renderers create. */
export function firewallRules(model: WorkspaceNetworkModel): FirewallRuleSpec[] {
  // One id is one rule wherever it is named (test/core/network-paths-table.test.ts), and a Map keeps
  // a key where it was first set: setting it again changes neither the rule nor the order.
  const byId = new Map<string, FirewallRuleSpec>();
  for (const path of networkPaths(model)) for (const rule of path.rules) byId.set(rule.id, rule);
  // Rules with no flow of their own (egress within the cluster under restricted egress).
  for (const rule of egressRules(model).other) byId.set(rule.id, rule);
  return [...byId.values()];
}

function schedulerIngressRule(rule: NormalizedRule): FirewallRuleSpec {
  return {
    id: `scheduler-ingress:${rule.cidr}`,
    direction: 'ingress',
    target: 'scheduler',
    peer: { kind: 'cidr', rule },
    protocol: 'tcp',
    ports: rule.ports,
    description: rule.description ?? `Dask client to scheduler on ${formatPorts(rule.ports)}`,
  };
}

function clusterInternalRule(model: WorkspaceNetworkModel): FirewallRuleSpec {
  if (model.workerPorts) {
    const ports = [...new Set([model.schedulerPort, model.workerPorts.nannyPort, model.workerPorts.workerPort])].sort((a, b) => a - b);
    return {
      id: 'cluster-internal',
      direction: 'ingress',
      target: 'cluster',
      peer: { kind: 'cluster' },
      protocol: 'tcp',
      ports,
      description: `Cluster members to each other on scheduler, nanny and worker ports ${formatPorts(ports)}`,
    };
  }
  return { id: 'cluster-internal', direction: 'ingress', target: 'cluster', peer: { kind: 'cluster' }, protocol: 'all', ports: [], description: 'All traffic between cluster members' };
}

function dashboardPaths(model: WorkspaceNetworkModel): NetworkPath[] {
  const result: NetworkPath[] = [];
  for (const [port, protocol, description] of [
    [HTTPS, 'HTTPS', 'Dask dashboard over HTTPS with authentication (Coiled default)'],
    [SchedulerPorts.DASK_DASHBOARD, 'HTTP', 'Classic Dask dashboard'],
  ] as const) {
    const rules = model.ingress.filter((r) => r.ports.includes(port));
    if (rules.length === 0) continue;
    result.push({
      id: `browser-to-dashboard:${port}`,
      context: 'dask',
      source: `Browser (${rules.map((r) => r.cidr).join(', ')})`,
      target: 'Scheduler dashboard',
      protocol: `${protocol} (${port})`,
      description,
      rules: rules.map(schedulerIngressRule),
    });
  }
  return result;
}

interface EgressRuleSets {
  readonly https: FirewallRuleSpec[];
  readonly data: FirewallRuleSpec[];
  readonly other: FirewallRuleSpec[];
}

function egressRules(model: WorkspaceNetworkModel): EgressRuleSets {
  if (!model.restrictedEgress) {
    const all: FirewallRuleSpec = {
      id: 'egress-all',
      direction: 'egress',
      target: 'cluster',
      peer: { kind: 'anywhere' },
      protocol: 'all',
      ports: [],
      description: 'VMs reach the Coiled control plane, package indexes and data',
    };
    return { https: [all], data: [all], other: [] };
  }
  const https: FirewallRuleSpec = {
    id: 'egress-https',
    direction: 'egress',
    target: 'cluster',
    peer: { kind: 'anywhere' },
    protocol: 'tcp',
    ports: [HTTPS],
    description: 'HTTPS to the Coiled control plane, package indexes and cloud APIs',
  };
  const internal = clusterInternalRule(model);
  const withinCluster: FirewallRuleSpec = { ...internal, id: 'egress-cluster-internal', direction: 'egress' };
  const data = model.restrictedEgress.map<FirewallRuleSpec>((rule) => ({
    id: `egress-data:${rule.cidr}`,
    direction: 'egress',
    target: 'cluster',
    peer: { kind: 'cidr', rule },
    protocol: 'tcp',
    ports: rule.ports,
    description: rule.description ?? `Data source on ${formatPorts(rule.ports)}`,
  }));
  return { https: [https], data, other: [withinCluster] };
}

function describeRules(rules: readonly NormalizedRule[]): string {
  if (rules.length === 0) return 'None';
  return rules.map((r) => `TCP (${formatPorts(r.ports)}) to ${r.cidr}`).join('; ');
}
