/**
 * The flow tables a security reviewer reads (the generated docs print them) and the firewall rules
 * both renderers create from them, word for word, for the configurations that change them: the
 * default, narrowed worker ports, restricted egress with and without data sources, several ingress
 * blocks with their own descriptions. A flow that names the wrong rule, a port list sorted as text
 * or a description lost would show here.
 */
import { plainScope } from '../../src/core/errors';
import { FirewallRuleSpec, firewallRules, networkPaths } from '../../src/core/network-paths';
import { buildNetworkModel } from '../../src/core/workspace-model';

const model = (input: Partial<Parameters<typeof buildNetworkModel>[1]> = {}) =>
  buildNetworkModel(plainScope('Ws'), { workersPublicIp: true, schedulerPublicIp: true, ...input });
const row = (p: ReturnType<typeof networkPaths>[number]) => [p.id, p.context, p.source, p.target, p.protocol, p.description, p.rules.map((r) => r.id)];
const spec = (r: FirewallRuleSpec) => ({ ...r, peer: r.peer.kind === 'cidr' ? { kind: 'cidr', cidr: r.peer.rule.cidr } : r.peer });

const CONTROL_PLANE_ROWS = [
  ['browser-to-control-plane', 'control-plane', 'User browser', 'Coiled control plane (cloud.coiled.io)', 'HTTPS (443)', 'Coiled web UI', []],
  ['client-to-control-plane', 'control-plane', 'Coiled client (Python)', 'Coiled control plane (cloud.coiled.io)', 'HTTPS (443)', 'Create clusters and software environments', []],
  [
    'control-plane-to-cloud-api',
    'control-plane',
    'Coiled control plane (cloud.coiled.io)',
    'Cloud provider APIs',
    'HTTPS (443)',
    'Provision VMs with the role or service account this workspace grants; Coiled never connects inbound to the VMs',
    [],
  ],
];

describe('the default workspace', () => {
  test('every flow, word for word, with the rules that allow it', () => {
    expect(networkPaths(model()).map(row)).toEqual([
      ...CONTROL_PLANE_ROWS,
      ['vms-to-control-plane', 'control-plane', 'Scheduler and workers', 'Coiled control plane (cloud.coiled.io)', 'HTTPS (443)', 'Status and health, worker discovery of the scheduler address, optional telemetry', ['egress-all']],
      ['client-to-scheduler:0.0.0.0/0', 'dask', 'Dask client (0.0.0.0/0)', 'Scheduler', 'TCP (443, 8786-8787)', 'Coiled default: Dask client and dashboard to scheduler', ['scheduler-ingress:0.0.0.0/0']],
      ['browser-to-dashboard:443', 'dask', 'Browser (0.0.0.0/0)', 'Scheduler dashboard', 'HTTPS (443)', 'Dask dashboard over HTTPS with authentication (Coiled default)', ['scheduler-ingress:0.0.0.0/0']],
      ['browser-to-dashboard:8787', 'dask', 'Browser (0.0.0.0/0)', 'Scheduler dashboard', 'HTTP (8787)', 'Classic Dask dashboard', ['scheduler-ingress:0.0.0.0/0']],
      ['workers-to-scheduler', 'dask', 'Workers', 'Scheduler', 'TCP (443)', 'Workers register with and report to the scheduler', ['cluster-internal']],
      ['scheduler-to-workers', 'dask', 'Scheduler', 'Workers', 'TCP (1024-65535)', 'Scheduler assigns tasks to workers and nannies', ['cluster-internal']],
      ['worker-to-worker', 'dask', 'Workers', 'Workers', 'TCP (1024-65535)', 'Workers exchange data peer to peer', ['cluster-internal']],
      ['vms-to-data', 'dask', 'Scheduler and workers', 'Data sources (anywhere)', 'Depends on the source', 'Read and write your data (S3/GCS and others) with the VM identity', ['egress-all']],
      ['vms-to-packages', 'dask', 'Scheduler and workers', 'Package indexes and container registries', 'HTTPS (443)', 'Install software environments', ['egress-all']],
    ]);
  });

  test('the rules, each once, in the order the flows first name them', () => {
    expect(firewallRules(model()).map(spec)).toEqual([
      { id: 'egress-all', direction: 'egress', target: 'cluster', peer: { kind: 'anywhere' }, protocol: 'all', ports: [], description: 'VMs reach the Coiled control plane, package indexes and data' },
      { id: 'scheduler-ingress:0.0.0.0/0', direction: 'ingress', target: 'scheduler', peer: { kind: 'cidr', cidr: '0.0.0.0/0' }, protocol: 'tcp', ports: [443, 8786, 8787], description: 'Coiled default: Dask client and dashboard to scheduler' },
      { id: 'cluster-internal', direction: 'ingress', target: 'cluster', peer: { kind: 'cluster' }, protocol: 'all', ports: [], description: 'All traffic between cluster members' },
    ]);
  });
});

describe('narrowed worker ports', () => {
  // Built in each test, not while the file loads (docs/mutation.md: calls at load make static mutants).
  const narrowed = () => model({ schedulerPort: 8786, workerPorts: { nannyPort: 10000, workerPort: 9000 } });

  test('intra-cluster flows name the nanny and worker ports, in numeric order', () => {
    const rows = new Map(networkPaths(narrowed()).map((p) => [p.id, p.protocol]));
    expect(rows.get('workers-to-scheduler')).toBe('TCP (8786)');
    expect(rows.get('scheduler-to-workers')).toBe('TCP (9000, 10000)');
    expect(rows.get('worker-to-worker')).toBe('TCP (9000)');
  });

  test('the cluster rule opens the scheduler, nanny and worker ports only, sorted as numbers', () => {
    expect(firewallRules(narrowed()).find((r) => r.id === 'cluster-internal')).toEqual({
      id: 'cluster-internal',
      direction: 'ingress',
      target: 'cluster',
      peer: { kind: 'cluster' },
      protocol: 'tcp',
      ports: [8786, 9000, 10000],
      description: 'Cluster members to each other on scheduler, nanny and worker ports 8786, 9000, 10000',
    });
  });

  test('a worker port equal to the scheduler port is opened once', () => {
    const rule = firewallRules(model({ schedulerPort: 8786, workerPorts: { nannyPort: 8787, workerPort: 8786 } })).find((r) => r.id === 'cluster-internal')!;
    expect(rule.ports).toEqual([8786, 8787]);
    expect(rule.description).toBe('Cluster members to each other on scheduler, nanny and worker ports 8786-8787');
  });
});

describe('restricted egress', () => {
  test('with data sources: HTTPS anywhere, each source on its ports, the cluster itself', () => {
    const m = model({
      restrictEgress: true,
      workerPorts: { nannyPort: 8000, workerPort: 8001 },
      dataSources: [
        { ports: [5432], cidr: '10.50.0.0/16', description: 'Postgres' },
        { ports: [443, 9000], cidr: '10.60.0.0/16' },
      ],
    });
    const rows = new Map(networkPaths(m).map((p) => [p.id, row(p)]));
    expect(rows.get('vms-to-control-plane')!.slice(6)).toEqual([['egress-https']]);
    expect(rows.get('vms-to-packages')!.slice(6)).toEqual([['egress-https']]);
    expect(rows.get('vms-to-data')).toEqual([
      'vms-to-data',
      'dask',
      'Scheduler and workers',
      'Declared data sources',
      'TCP (5432) to 10.50.0.0/16; TCP (443, 9000) to 10.60.0.0/16',
      'Read and write your data (S3/GCS and others) with the VM identity',
      ['egress-data:10.50.0.0/16', 'egress-data:10.60.0.0/16'],
    ]);
    expect(firewallRules(m).filter((r) => r.direction === 'egress').map(spec)).toEqual([
      { id: 'egress-https', direction: 'egress', target: 'cluster', peer: { kind: 'anywhere' }, protocol: 'tcp', ports: [443], description: 'HTTPS to the Coiled control plane, package indexes and cloud APIs' },
      { id: 'egress-data:10.50.0.0/16', direction: 'egress', target: 'cluster', peer: { kind: 'cidr', cidr: '10.50.0.0/16' }, protocol: 'tcp', ports: [5432], description: 'Postgres' },
      { id: 'egress-data:10.60.0.0/16', direction: 'egress', target: 'cluster', peer: { kind: 'cidr', cidr: '10.60.0.0/16' }, protocol: 'tcp', ports: [443, 9000], description: 'Data source on 443, 9000' },
      {
        id: 'egress-cluster-internal',
        direction: 'egress',
        target: 'cluster',
        peer: { kind: 'cluster' },
        protocol: 'tcp',
        ports: [443, 8000, 8001],
        description: 'Cluster members to each other on scheduler, nanny and worker ports 443, 8000-8001',
      },
    ]);
  });

  test('without data sources: the data flow says None and names no rule', () => {
    const m = model({ restrictEgress: true });
    const data = networkPaths(m).find((p) => p.id === 'vms-to-data')!;
    expect([data.target, data.protocol, data.rules]).toEqual(['Declared data sources', 'None', []]);
    expect(firewallRules(m).filter((r) => r.direction === 'egress').map((r) => [r.id, r.protocol])).toEqual([
      ['egress-https', 'tcp'],
      ['egress-cluster-internal', 'all'],
    ]);
  });
});

describe('several ingress blocks', () => {
  const m = () => model({
    ingress: [
      { ports: [8786], cidr: '10.1.0.0/16', description: 'Office VPN' },
      { ports: [443, 8786], cidr: '10.2.0.0/16' },
      { ports: [443, 8787], cidr: '10.3.0.0/16' },
    ],
  });

  test('a block\'s own description is the flow\'s and the rule\'s; otherwise each says what it opens', () => {
    const clients = networkPaths(m()).filter((p) => p.id.startsWith('client-to-scheduler:'));
    expect(clients.map((p) => [p.id, p.description, p.protocol])).toEqual([
      ['client-to-scheduler:10.1.0.0/16', 'Office VPN', 'TCP (8786)'],
      ['client-to-scheduler:10.2.0.0/16', 'Submit work, dashboard', 'TCP (443, 8786)'],
      ['client-to-scheduler:10.3.0.0/16', 'Submit work, dashboard', 'TCP (443, 8787)'],
    ]);
    expect(firewallRules(m()).filter((r) => r.direction === 'ingress' && r.target === 'scheduler').map((r) => [r.id, r.description])).toEqual([
      ['scheduler-ingress:10.1.0.0/16', 'Office VPN'],
      ['scheduler-ingress:10.2.0.0/16', 'Dask client to scheduler on 443, 8786'],
      ['scheduler-ingress:10.3.0.0/16', 'Dask client to scheduler on 443, 8787'],
    ]);
  });

  test('each dashboard flow lists the blocks that open its port, and only those', () => {
    const dashboards = networkPaths(m()).filter((p) => p.id.startsWith('browser-to-dashboard:'));
    expect(dashboards.map((p) => [p.id, p.source, p.rules.map((r) => r.id)])).toEqual([
      ['browser-to-dashboard:443', 'Browser (10.2.0.0/16, 10.3.0.0/16)', ['scheduler-ingress:10.2.0.0/16', 'scheduler-ingress:10.3.0.0/16']],
      ['browser-to-dashboard:8787', 'Browser (10.3.0.0/16)', ['scheduler-ingress:10.3.0.0/16']],
    ]);
  });

  test('a rule named by a client flow and a dashboard flow is created once', () => {
    const ids = firewallRules(m()).map((r) => r.id);
    expect(ids).toEqual(['egress-all', 'scheduler-ingress:10.1.0.0/16', 'scheduler-ingress:10.2.0.0/16', 'scheduler-ingress:10.3.0.0/16', 'cluster-internal']);
  });

  test('no ingress at all: no client or dashboard flow, and no scheduler rule', () => {
    const none = model({ ingress: [] });
    expect(networkPaths(none).filter((p) => p.id.startsWith('client-to-') && p.context === 'dask')).toEqual([]);
    expect(networkPaths(none).filter((p) => p.id.startsWith('browser-to-dashboard'))).toEqual([]);
    expect(firewallRules(none).map((r) => r.id)).toEqual(['egress-all', 'cluster-internal']);
  });
});

describe('rule ids', () => {
  const CONFIGURATIONS = {
    'the default': () => model(),
    'narrowed worker ports': () => model({ workerPorts: { nannyPort: 8788, workerPort: 8789 } }),
    'restricted egress with data sources': () => model({ restrictEgress: true, workerPorts: { nannyPort: 8000, workerPort: 8001 }, dataSources: [{ ports: [5432], cidr: '10.50.0.0/16' }, { ports: [443], cidr: '10.60.0.0/16' }] }),
    'several ingress blocks': () => model({ ingress: [{ ports: [443], cidr: '10.1.0.0/16' }, { ports: [443, 8787], cidr: '10.2.0.0/16' }] }),
  };

  // Renderers name a construct and a firewall rule by the id, so two different rules under one id
  // would leave one of them out of the cloud.
  test.each(Object.entries(CONFIGURATIONS))('%s: each id names one rule, whichever flow names it, and it is the one created', (_, build) => {
    const m = build();
    const created = new Map(firewallRules(m).map((r) => [r.id, spec(r)]));
    expect(created.size).toBe(firewallRules(m).length);
    for (const path of networkPaths(m)) for (const rule of path.rules) expect([path.id, spec(rule)]).toEqual([path.id, created.get(rule.id)]);
  });
});
