/**
 * Every finding `analyzeNetwork` gives, word for word and in order, on hand-built GCP-style inputs
 * (priorities, denies and the network's implied rules): notes from the reader, an unknown
 * contract, needed flows blocked or without a route, routes not in the file, flows beyond the
 * contract (from the internet to the workers by name), subnets of a private role, and the
 * exposure the user configured on purpose.
 */
import { AddressSet } from '../../src/core/address-space';
import { AnalysisInput, DeclaredContract, FilterRule, SubnetFacts, VmRole } from '../../src/core/flow-analysis';
import { analyzeNetwork } from '../../src/core/flow-contract';
import { ServiceSet } from '../../src/core/port-set';

const A = (...cidrs: string[]) => AddressSet.fromCidrs(cidrs);

interface RuleSpec extends Partial<Omit<FilterRule, 'services'>> {
  readonly from?: string[];
  /** TCP ports; every protocol when absent. */
  readonly tcp?: number[];
}

function rule(id: string, { from = [], tcp, ...rest }: RuleSpec): FilterRule {
  return {
    id,
    direction: 'ingress',
    action: 'allow',
    priority: 1000,
    appliesTo: ['cluster'],
    peerParts: from.map((c) => ({ label: c, addresses: A(c) })),
    peerGroups: [],
    services: tcp ? ServiceSet.tcp(tcp) : ServiceSet.ALL,
    ...rest,
  };
}

function role(memberships: string[], addresses: string, over: Partial<VmRole>): VmRole {
  return {
    memberships,
    membershipLabel: `network tags ${memberships.join(', ')}`,
    addresses: A(addresses),
    addressLabel: addresses,
    subnets: [],
    publicAddress: 'yes',
    internet: { kind: 'ok', via: 'external IP' },
    objectStore: { kind: 'ok', via: 'external IP' },
    ...over,
  };
}

/** The default contract of these tests: HTTPS from 10.8.0.0/16, everything within the cluster and out. */
const BASIC: DeclaredContract = { ingress: [{ ports: [443], cidr: '10.8.0.0/16' }], schedulerPort: 443, workersPublicIp: true, schedulerPublicIp: true };

/** Rules that do exactly what BASIC says (the network's implied rules last). */
const basicRules = (): FilterRule[] => [
  rule('sched-ingress', { appliesTo: ['sched'], from: ['10.8.0.0/16'], tcp: [443] }),
  rule('internal', { peerGroups: ['cluster'] }),
  ...implied(),
];

const implied = (): FilterRule[] => [
  rule('implied allow egress', { direction: 'egress', priority: 65535, appliesTo: 'all', from: ['0.0.0.0/0', '::/0'] }),
  rule('implied deny ingress', { action: 'deny', priority: 65535, appliesTo: 'all', from: ['0.0.0.0/0', '::/0'] }),
];

interface Setup {
  readonly rules?: FilterRule[];
  readonly contract?: DeclaredContract | null;
  readonly scheduler?: Partial<VmRole>;
  readonly workers?: Partial<VmRole>;
  readonly notes?: string[];
  readonly internalEgressAlsoReaches?: AddressSet;
}

/** Scheduler VMs (tags sched, cluster) in 10.0.1.0/24, workers (tag cluster) in 10.0.2.0/24, in a 10.0.0.0/16 network. */
function input({ rules = basicRules(), contract = BASIC, scheduler = {}, workers = {}, notes = [], internalEgressAlsoReaches = AddressSet.EMPTY }: Setup = {}): AnalysisInput {
  return {
    cloud: 'gcp',
    origin: 'Terraform JSON',
    workspace: 'demo',
    roles: { scheduler: role(['sched', 'cluster'], '10.0.1.0/24', scheduler), workers: role(['cluster'], '10.0.2.0/24', workers) },
    rules,
    acls: new Map(),
    vpc: { label: '10.0.0.0/16', addresses: A('10.0.0.0/16') },
    objectStore: { label: 'Cloud Storage', addresses: A('199.36.153.8/30') },
    internalEgressAlsoReaches,
    contract: contract ?? undefined,
    contractSource: contract ? 'recorded on the cluster firewall rule' : 'no coiled-byoc record on the firewall rules',
    notes,
  };
}

/** Each finding as one line: `severity code: message`. */
const findings = (setup: Setup = {}) => analyzeNetwork(input(setup)).findings.map((f) => `${f.severity} ${f.code}: ${f.message}`);

describe('the contract and the reader\'s notes', () => {
  test('rules that do exactly what the contract says: no finding, the prediction kept beside the matrix', () => {
    const analysis = analyzeNetwork(input());
    expect(analysis.findings).toEqual([]);
    expect(analysis.expected?.cells.map((c) => `${c.source} -> ${c.destination}`)).toContain('cidr:10.8.0.0/16 -> scheduler');
    expect(analysis.input.workspace).toBe('demo');
  });

  test('what the reader could not read comes first, as notes, in its order', () => {
    expect(findings({ notes: ['GCP firewall policies are not analyzed', 'rule x: a token port'] })).toEqual([
      'note not-analyzed: GCP firewall policies are not analyzed',
      'note not-analyzed: rule x: a token port',
    ]);
  });

  test('no recorded contract: one violation naming the workspace and why, the matrix without a prediction', () => {
    const analysis = analyzeNetwork(input({ contract: null, notes: ['a note'] }));
    expect(analysis.findings).toEqual([
      { severity: 'note', code: 'not-analyzed', message: 'a note' },
      {
        severity: 'violation',
        code: 'contract-unknown',
        message: 'the file records no network contract for workspace "demo" (no coiled-byoc record on the firewall rules): the flows below cannot be checked against Coiled\'s',
      },
    ]);
    expect('expected' in analysis).toBe(false);
    expect(analysis.matrix.cells.length).toBeGreaterThan(0);
  });
});

describe('needed flows', () => {
  test('no rule at all: every flow of the seed\'s tables is blocked, in the tables\' order', () => {
    const contract: DeclaredContract = { ...BASIC, ingress: [{ ports: [443, 8786], cidr: '10.8.0.0/16' }, { ports: [9000], cidr: '10.9.0.0/16' }] };
    expect(findings({ rules: [], contract })).toEqual([
      'violation needed-flow-blocked: scheduler -> Coiled control plane: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: workers -> Coiled control plane: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: Dask client (10.8.0.0/16) -> Scheduler: TCP 443, 8786 is needed but not allowed',
      'violation needed-flow-blocked: Dask client (10.9.0.0/16) -> Scheduler: TCP 9000 is needed but not allowed',
      'violation needed-flow-blocked: workers -> scheduler: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> workers: TCP 1024-65535 is needed but not allowed',
      'violation needed-flow-blocked: worker -> worker: TCP 1024-65535 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> object store: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: workers -> object store: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> package indexes (HTTPS): TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: workers -> package indexes (HTTPS): TCP 443 is needed but not allowed',
    ]);
  });

  test('narrowed worker ports and restricted egress: those ports, and each data source instead of the object store', () => {
    const contract: DeclaredContract = {
      ...BASIC,
      schedulerPort: 8786,
      workerPorts: { nannyPort: 8787, workerPort: 8788 },
      restrictedEgress: [{ ports: [5432], cidr: '198.51.100.0/24' }, { ports: [9000, 9001], cidr: '10.0.9.0/24' }],
    };
    expect(findings({ rules: [], contract })).toEqual([
      'violation needed-flow-blocked: scheduler -> Coiled control plane: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: workers -> Coiled control plane: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: Dask client (10.8.0.0/16) -> Scheduler: TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: workers -> scheduler: TCP 8786 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> workers: TCP 8787-8788 is needed but not allowed',
      'violation needed-flow-blocked: worker -> worker: TCP 8788 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> data source 198.51.100.0/24: TCP 5432 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> data source 10.0.9.0/24: TCP 9000-9001 is needed but not allowed',
      'violation needed-flow-blocked: workers -> data source 198.51.100.0/24: TCP 5432 is needed but not allowed',
      'violation needed-flow-blocked: workers -> data source 10.0.9.0/24: TCP 9000-9001 is needed but not allowed',
      'violation needed-flow-blocked: scheduler -> package indexes (HTTPS): TCP 443 is needed but not allowed',
      'violation needed-flow-blocked: workers -> package indexes (HTTPS): TCP 443 is needed but not allowed',
    ]);
  });

  test('a needed port allowed from part of the source only is blocked "only from part of the source"; the narrower block is a source of its own', () => {
    const rules = [rule('sched-ingress', { appliesTo: ['sched'], from: ['10.8.0.0/17'], tcp: [443] }), rule('internal', { peerGroups: ['cluster'] }), ...implied()];
    expect(findings({ rules })).toEqual([
      'violation needed-flow-blocked: Dask client (10.8.0.0/16) -> Scheduler: TCP 443 is needed but not allowed (only from part of the source)',
      'violation beyond-contract: 10.8.0.0/17 (not in the configured ingress) -> Scheduler: TCP 443 is beyond demo\'s contract; allowed by sched-ingress',
    ]);
  });

  test('a needed port of which part of the source gets another port only: blocked, not "from part of the source"', () => {
    const rules = [rule('sched-ingress', { appliesTo: ['sched'], from: ['10.8.0.0/17'], tcp: [8080] }), rule('internal', { peerGroups: ['cluster'] }), ...implied()];
    expect(findings({ rules })[0]).toBe('violation needed-flow-blocked: Dask client (10.8.0.0/16) -> Scheduler: TCP 443 is needed but not allowed');
  });

  test('allowed but without a route: a violation per flow, with the route the reader found missing', () => {
    expect(findings({ scheduler: { internet: { kind: 'none', via: 'no external IP and no Cloud NAT' }, objectStore: { kind: 'none', via: 'no Private Google Access' } } })).toEqual([
      'violation needed-flow-no-route: scheduler -> Coiled control plane: the firewall allows it, but there is no route (no external IP and no Cloud NAT)',
      'violation needed-flow-no-route: scheduler -> object store: the firewall allows it, but there is no route (no Private Google Access)',
      'violation needed-flow-no-route: scheduler -> package indexes (HTTPS): the firewall allows it, but there is no route (no external IP and no Cloud NAT)',
    ]);
  });

  test('a data source on the internet takes the internet route; one in private space has no route to judge', () => {
    const contract: DeclaredContract = { ...BASIC, restrictedEgress: [{ ports: [5432], cidr: '198.51.100.0/24' }, { ports: [9000], cidr: '10.0.9.0/24' }] };
    const rules = [
      ...basicRules().slice(0, 2),
      rule('https', { direction: 'egress', from: ['0.0.0.0/0'], tcp: [443] }),
      rule('internal-egress', { direction: 'egress', from: ['10.0.0.0/16'] }),
      rule('data', { direction: 'egress', from: ['198.51.100.0/24'], tcp: [5432] }),
      rule('deny-egress', { direction: 'egress', action: 'deny', priority: 65534, from: ['0.0.0.0/0', '::/0'] }),
      ...implied(),
    ];
    expect(findings({ rules, contract, internalEgressAlsoReaches: A('10.0.0.0/16'), workers: { internet: { kind: 'none', via: 'no Cloud NAT' } } })).toEqual([
      'violation needed-flow-no-route: workers -> Coiled control plane: the firewall allows it, but there is no route (no Cloud NAT)',
      'violation needed-flow-no-route: workers -> data source 198.51.100.0/24: the firewall allows it, but there is no route (no Cloud NAT)',
      'violation needed-flow-no-route: workers -> package indexes (HTTPS): the firewall allows it, but there is no route (no Cloud NAT)',
    ]);
  });

  test('a flow blocked is said blocked only, even where it has no route', () => {
    const rules = [rule('deny-half', { direction: 'egress', action: 'deny', priority: 10, appliesTo: ['sched'], from: ['0.0.0.0/1'], tcp: [443] }), ...basicRules()];
    expect(findings({ rules, scheduler: { internet: { kind: 'none', via: 'no Cloud NAT' }, objectStore: { kind: 'none', via: 'no Private Google Access' } } })).toEqual([
      'violation needed-flow-blocked: scheduler -> Coiled control plane: TCP 443 is needed but not allowed (only from part of the source)',
      'violation needed-flow-no-route: scheduler -> object store: the firewall allows it, but there is no route (no Private Google Access)',
      'violation needed-flow-blocked: scheduler -> package indexes (HTTPS): TCP 443 is needed but not allowed (only from part of the source)',
    ]);
  });

  test('routes not in the file: one note per role and route, naming each flow after the role', () => {
    const unknown = { kind: 'unknown' as const, via: 'the subnets are not in this template' };
    expect(findings({ scheduler: { internet: unknown, objectStore: unknown }, workers: { internet: unknown, objectStore: { kind: 'unknown', via: 'the route tables are not in this template' } } })).toEqual([
      'note route-not-in-file: scheduler -> Coiled control plane, object store, package indexes (HTTPS): the firewall allows them; the route is not in the file (the subnets are not in this template)',
      'note route-not-in-file: workers -> Coiled control plane, package indexes (HTTPS): the firewall allows them; the route is not in the file (the subnets are not in this template)',
      'note route-not-in-file: workers -> object store: the firewall allows it; the route is not in the file (the route tables are not in this template)',
    ]);
  });
});

describe('flows beyond the contract', () => {
  test('SSH and RDP from anywhere to the cluster: each source and destination by its label, the internet to the workers by name', () => {
    const rules = [rule('ssh-rdp', { priority: 900, from: ['0.0.0.0/0', '::/0'], tcp: [22, 3389] }), ...basicRules()];
    const beyond = (source: string, destination: string, rulesText = 'ssh-rdp') =>
      `${source} -> ${destination}: TCP 22, 3389 (admin ports SSH 22, RDP 3389) is beyond demo's contract; allowed by ${rulesText}`;
    expect(findings({ rules })).toEqual([
      `violation beyond-contract: ${beyond('The internet (IPv4)', 'Scheduler')}`,
      `violation beyond-contract: ${beyond('The internet (IPv6)', 'Scheduler')}`,
      `violation beyond-contract: ${beyond('Dask client (10.8.0.0/16)', 'Scheduler', 'ssh-rdp, sched-ingress')}`,
      `violation beyond-contract: ${beyond('Other hosts in the network (10.0.0.0/16)', 'Scheduler')}`,
      `violation internet-to-workers: ${beyond('The internet (IPv4)', 'Workers')}`,
      `violation internet-to-workers: ${beyond('The internet (IPv6)', 'Workers')}`,
      `violation beyond-contract: ${beyond('Dask client (10.8.0.0/16)', 'Workers')}`,
      `violation beyond-contract: ${beyond('Other hosts in the network (10.0.0.0/16)', 'Workers')}`,
    ]);
  });

  test('a port from part of a source: "from part of it", one admin port named in the singular', () => {
    const rules = [rule('rdp', { priority: 900, appliesTo: ['sched'], from: ['203.0.113.0/24'], tcp: [3389] }), rule('ssh', { priority: 900, appliesTo: ['sched'], from: ['10.8.0.0/17'], tcp: [22] }), ...basicRules()];
    expect(findings({ rules })).toEqual([
      'violation beyond-contract: The internet (IPv4) -> Scheduler: TCP 3389 from part of it (admin port RDP 3389) is beyond demo\'s contract; allowed by rdp',
      // Every address of the client block gets 443 as the contract says; part of it also gets 22.
      'violation beyond-contract: Dask client (10.8.0.0/16) -> Scheduler: TCP 22 from part of it (admin port SSH 22) is beyond demo\'s contract; allowed by ssh, sched-ingress',
      'violation beyond-contract: 203.0.113.0/24 (not in the configured ingress) -> Scheduler: TCP 3389 (admin port RDP 3389) is beyond demo\'s contract; allowed by rdp',
      'violation beyond-contract: 10.8.0.0/17 (not in the configured ingress) -> Scheduler: TCP 22, 443 (admin port SSH 22) is beyond demo\'s contract; allowed by ssh, sched-ingress',
    ]);
  });

  test('a port without an admin port says none; a rule without a name is said to be the implied rules', () => {
    const rules = [rule('', { priority: 900, appliesTo: ['sched'], from: ['::/0'], tcp: [8080] }), ...basicRules()];
    expect(findings({ rules })).toEqual([
      'violation beyond-contract: The internet (IPv6) -> Scheduler: TCP 8080 is beyond demo\'s contract; allowed by the implied rules',
    ]);
  });

  test('the cluster open within itself beyond the narrowed ports: the VMs named as sources, the roles as destinations', () => {
    const contract: DeclaredContract = { ...BASIC, workerPorts: { nannyPort: 8787, workerPort: 8788 } };
    const beyond = 'TCP 0-442, 444-8786, 8789-65535; every other protocol (admin ports SSH 22, RDP 3389) is beyond demo\'s contract; allowed by internal, implied allow egress';
    expect(findings({ contract })).toEqual([
      `violation beyond-contract: Worker VMs -> Scheduler: ${beyond}`,
      `violation beyond-contract: Scheduler VMs -> Workers: ${beyond}`,
      `violation beyond-contract: Worker VMs -> Workers: ${beyond}`,
    ]);
  });

  test('egress left open under a restricted contract: each destination by its label', () => {
    const contract: DeclaredContract = { ...BASIC, restrictedEgress: [{ ports: [5432], cidr: '198.51.100.0/24' }] };
    const rest = 'is beyond demo\'s contract; allowed by implied allow egress';
    expect(findings({ contract })).toEqual([
      `violation beyond-contract: Scheduler VMs -> The internet: TCP 0-442, 444-65535; every other protocol (admin ports SSH 22, RDP 3389) ${rest}`,
      `violation beyond-contract: Scheduler VMs -> Data source 198.51.100.0/24: TCP 0-442, 444-5431, 5433-65535; every other protocol (admin ports SSH 22, RDP 3389) ${rest}`,
      `violation beyond-contract: Worker VMs -> The internet: TCP 0-442, 444-65535; every other protocol (admin ports SSH 22, RDP 3389) ${rest}`,
      `violation beyond-contract: Worker VMs -> Data source 198.51.100.0/24: TCP 0-442, 444-5431, 5433-65535; every other protocol (admin ports SSH 22, RDP 3389) ${rest}`,
    ]);
  });
});

describe('a role declared private', () => {
  const subnets: SubnetFacts[] = [
    { label: 'subnet-a', routesToInternetGateway: true, mapsPublicIp: true },
    { label: 'subnet-b', routesToInternetGateway: false, mapsPublicIp: false },
    { label: 'subnet-c' },
  ];
  const gateway = (r: string, subnet: string) =>
    `violation private-subnet-internet-gateway: ${r} subnet ${subnet} routes to an internet gateway, but the workspace declares its ${r} private: a VM there given a public address is reachable from the internet. Route the subnet's internet traffic through NAT.`;
  const publicIp = (r: string, subnet: string) => `violation private-subnet-public-ip: ${r} subnet ${subnet} gives every VM a public address, but the workspace declares its ${r} private`;

  test.each([
    ['both public', true, true, []],
    ['the scheduler private', false, true, [gateway('scheduler', 'subnet-a'), publicIp('scheduler', 'subnet-a')]],
    ['the workers private', true, false, [gateway('workers', 'subnet-a'), publicIp('workers', 'subnet-a')]],
    ['both private', false, false, [gateway('scheduler', 'subnet-a'), publicIp('scheduler', 'subnet-a'), gateway('workers', 'subnet-a'), publicIp('workers', 'subnet-a')]],
  ])('%s: the subnets that route to an internet gateway or give public addresses', (_, schedulerPublicIp, workersPublicIp, expected) => {
    expect(findings({ contract: { ...BASIC, schedulerPublicIp, workersPublicIp }, scheduler: { subnets }, workers: { subnets } })).toEqual(expected);
  });

  test('a subnet that only routes to an internet gateway, one that only gives public addresses', () => {
    const only: SubnetFacts[] = [{ label: 'subnet-g', routesToInternetGateway: true }, { label: 'subnet-p', mapsPublicIp: true }];
    expect(findings({ contract: { ...BASIC, workersPublicIp: false }, workers: { subnets: only } })).toEqual([gateway('workers', 'subnet-g'), publicIp('workers', 'subnet-p')]);
  });
});

describe('exposure configured on purpose', () => {
  const note = (cidr: string, ports: string) =>
    `note scheduler-open-to-internet: the configured ingress opens the scheduler to the whole internet (${cidr}) on TCP ${ports}, as Coiled's default does: Dask traffic is TLS-encrypted and authenticated by Coiled; narrow it when your clients have known addresses`;
  const warning = (admin: string, cidr: string) =>
    `warning admin-port-configured: the configured ingress opens ${admin} on the scheduler to internet addresses ${cidr}: keep it to the addresses that need it`;

  test.each([
    ['all of IPv4', '0.0.0.0/0', [443, 8786], [note('0.0.0.0/0', '443, 8786')]],
    ['all of IPv6, with SSH', '::/0', [22, 443], [note('::/0', '22, 443'), warning('SSH (22)', '::/0')]],
    ['half of IPv4', '0.0.0.0/1', [443], []],
    ['half of IPv4, with RDP then SSH', '0.0.0.0/1', [3389, 22], [warning('RDP (3389), SSH (22)', '0.0.0.0/1')]],
    ['one documentation address, SSH', '203.0.113.7/32', [22], [warning('SSH (22)', '203.0.113.7/32')]],
    ['an IPv6 documentation block, RDP', '2001:db8::/32', [3389], [warning('RDP (3389)', '2001:db8::/32')]],
    ['private space, SSH', '10.0.0.0/8', [22], []],
    ['shared address space, SSH', '100.64.0.0/10', [22], []],
    ['IPv6 unique local space, SSH', 'fc00::/7', [22], []],
  ])('%s (%s, ports %j)', (_, cidr, ports, expected) => {
    const contract: DeclaredContract = { ...BASIC, ingress: [{ ports, cidr }] };
    const rules = [rule('sched-ingress', { appliesTo: ['sched'], from: [cidr], tcp: ports }), ...basicRules().slice(1)];
    expect(findings({ contract, rules })).toEqual(expected);
  });

  test('several rules: the findings of each in the order of the rules', () => {
    const contract: DeclaredContract = { ...BASIC, ingress: [{ ports: [22], cidr: '198.51.100.0/24' }, { ports: [443], cidr: '0.0.0.0/0' }] };
    const rules = [rule('ssh', { appliesTo: ['sched'], from: ['198.51.100.0/24'], tcp: [22] }), rule('https', { appliesTo: ['sched'], from: ['0.0.0.0/0'], tcp: [443] }), ...basicRules().slice(1)];
    expect(findings({ contract, rules })).toEqual([warning('SSH (22)', '198.51.100.0/24'), note('0.0.0.0/0', '443')]);
  });
});

test('findings come in this order: notes, needed flows, routes not in the file, flows beyond the contract, private subnets, configured exposure', () => {
  const contract: DeclaredContract = { ...BASIC, ingress: [{ ports: [22], cidr: '0.0.0.0/0' }], schedulerPublicIp: false };
  const rules = [rule('sched-ingress', { appliesTo: ['sched'], from: ['0.0.0.0/0'], tcp: [22, 80] }), ...basicRules().slice(1)];
  const unknown = { kind: 'unknown' as const, via: 'not in this file' };
  const codes = analyzeNetwork(input({
    contract,
    rules,
    notes: ['n'],
    scheduler: { subnets: [{ label: 's', mapsPublicIp: true }], internet: { kind: 'none', via: 'no NAT' } },
    workers: { internet: unknown },
  })).findings.map((f) => f.code);
  expect(codes).toEqual([
    'not-analyzed',
    'needed-flow-no-route', 'needed-flow-no-route',
    'route-not-in-file',
    'beyond-contract', 'beyond-contract', 'beyond-contract',
    'private-subnet-public-ip',
    'scheduler-open-to-internet', 'admin-port-configured',
  ]);
});
