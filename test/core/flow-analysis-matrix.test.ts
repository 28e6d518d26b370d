/**
 * The flow matrix pinned cell by cell on small rule sets: its rows and columns, tiers of
 * priority (deny before allow at equal priority), AWS's one tier of allows with its default
 * egress, network ACLs as a second layer, GCP's implied rules at 65535, every kind of source,
 * full against partial reach, and the rules named for each flow.
 *
 * Rules and inputs are written as plain data; the library runs only inside test bodies.
 */
import { AddressSet } from '../../src/core/address-space';
import { checkCidr } from '../../src/core/cidr';
import {
  AnalysisInput, AnalysisInputError, DeclaredContract, FilterRule, FlowMatrix, UnknownAddresses, VmRole,
  addressesOf, cellOf, checkCidrOnce, computeMatrix, internetIpv4, internetIpv6,
} from '../../src/core/flow-analysis';
import { PortSet, ServiceSet } from '../../src/core/port-set';

const A = (...cidrs: string[]) => AddressSet.fromCidrs(cidrs);

/** `all`, `none`, `tcp`, `icmp`, `tcp:443`, `tcp:400-443,8786`, `udp:53`. */
function services(text: string): ServiceSet {
  if (text === 'all') return ServiceSet.ALL;
  if (text === 'none') return ServiceSet.EMPTY;
  const [protocol, ports] = text.split(':');
  if (ports === undefined) return ServiceSet.of(protocol);
  return ServiceSet.of(protocol, PortSet.of(ports.split(',').map((p) => {
    const [from, to = from] = p.split('-').map(Number);
    return { from, to };
  })));
}

interface RuleSpec {
  readonly dir?: 'ingress' | 'egress';
  readonly deny?: true;
  readonly priority?: number;
  /** The membership keys it applies to (default: the cluster's). */
  readonly on?: string[] | 'all';
  /** CIDR blocks, or `label=cidr` for a peer the file names without spelling it out. */
  readonly peers?: string[];
  readonly groups?: string[];
  readonly svc?: string;
}

function rule(id: string, spec: RuleSpec = {}): FilterRule {
  return {
    id,
    direction: spec.dir ?? 'ingress',
    action: spec.deny ? 'deny' : 'allow',
    priority: spec.priority ?? 0,
    appliesTo: spec.on ?? ['cluster'],
    peerParts: (spec.peers ?? []).map((p) => {
      const [label, cidr = label] = p.split('=');
      return { label, addresses: A(cidr) };
    }),
    peerGroups: spec.groups ?? [],
    services: services(spec.svc ?? 'all'),
  };
}

const rules = (specs: ReadonlyArray<[string, RuleSpec]>) => specs.map(([id, spec]) => rule(id, spec));

/** GCP's implied rules, as the Terraform reader adds them. */
const IMPLIED: Array<[string, RuleSpec]> = [
  ['implied allow egress', { dir: 'egress', priority: 65535, on: 'all', peers: ['0.0.0.0/0', '::/0'] }],
  ['implied deny ingress', { deny: true, priority: 65535, on: 'all', peers: ['0.0.0.0/0', '::/0'] }],
];

interface RoleSpec {
  readonly memberships: string[];
  readonly cidr: string;
  /** Network ACL keys of its subnets (`-`: a subnet without one). */
  readonly acls?: string[];
}

const SCHEDULER: RoleSpec = { memberships: ['sched', 'cluster'], cidr: '10.0.1.0/24' };
const WORKERS: RoleSpec = { memberships: ['cluster'], cidr: '10.0.2.0/24' };

interface InputSpec {
  readonly rules: ReadonlyArray<[string, RuleSpec]>;
  readonly scheduler?: RoleSpec;
  readonly workers?: RoleSpec;
  readonly acls?: Record<string, ReadonlyArray<[string, RuleSpec]>>;
  readonly contract?: DeclaredContract;
}

function role(spec: RoleSpec, name: string): VmRole {
  return {
    memberships: spec.memberships,
    membershipLabel: spec.memberships.join(', '),
    addresses: A(spec.cidr),
    addressLabel: spec.cidr,
    subnets: (spec.acls ?? []).map((acl, i) => ({ label: `${name} subnet ${i}`, acl: acl === '-' ? undefined : acl })),
    publicAddress: 'yes',
    internet: { kind: 'ok', via: `internet gateway (${name})` },
    objectStore: { kind: 'ok', via: `S3 gateway endpoint (${name})` },
  };
}

function input(spec: InputSpec): AnalysisInput {
  return {
    cloud: 'aws',
    origin: 'test',
    workspace: 'demo',
    roles: { scheduler: role(spec.scheduler ?? SCHEDULER, 'scheduler'), workers: role(spec.workers ?? WORKERS, 'workers') },
    rules: rules(spec.rules),
    acls: new Map(Object.entries(spec.acls ?? {}).map(([key, acl]) => [key, rules(acl)])),
    vpc: { label: '10.0.0.0/16', addresses: A('10.0.0.0/16') },
    objectStore: { label: 'Amazon S3', addresses: A('52.216.0.0/15') },
    internalEgressAlsoReaches: AddressSet.EMPTY,
    contract: spec.contract,
    contractSource: 'test',
    notes: [],
  };
}

const matrix = (spec: InputSpec) => computeMatrix(input(spec));

/** Every cell as one line: `source -> destination: full | partial | rules | path`. */
function lines(m: FlowMatrix): string[] {
  return m.cells.map((c) => `${c.source} -> ${c.destination}: ${c.full} | ${c.partial} | ${c.allowedBy.join(', ') || '-'}${c.path ? ` | ${c.path.kind} via ${c.path.via}` : ''}`);
}

/** The line of one cell, or `none` when the matrix holds none. */
function line(m: FlowMatrix, source: string, destination: string): string {
  return lines(m).find((l) => l.startsWith(`${source} -> ${destination}: `)) ?? 'none';
}

const contract = (over: Partial<DeclaredContract> = {}): DeclaredContract => ({
  ingress: [{ ports: [8786, 443], cidr: '203.0.113.0/24' }],
  schedulerPort: 8786,
  workersPublicIp: true,
  schedulerPublicIp: true,
  ...over,
});

describe('rows and columns', () => {
  /** A row or column as text: its id, label, kind, role and addresses. */
  const show = (x: { id: string; label: string; kind: string; role?: string; addresses?: AddressSet }) => {
    const a = x.addresses!;
    const where = a.equals(internetIpv4()) ? 'the IPv4 internet' : a.equals(internetIpv6()) ? 'the IPv6 internet' : a.toCidrs().join(' ');
    return `${x.id} | ${x.label} | ${x.kind}${x.role ? ` ${x.role}` : ''} | ${where}`;
  };

  test('every matrix has the internet per family, each client block once, the network, both roles; then every other address peer of an allow on the cluster', () => {
    const m = matrix({
      rules: [
        ['client', { on: ['sched'], peers: ['203.0.113.0/24'], svc: 'tcp:443' }],
        ['doc-net', { on: ['sched'], peers: ['192.0.2.0/24'], svc: 'tcp:22' }],
        ['doc-net again', { on: ['cluster'], peers: ['192.0.2.0/24'], svc: 'tcp:23' }],
        ['prefix list', { peers: ['prefix list pl-1=240.0.0.0/24'], svc: 'tcp:443' }],
        ['a subnet named by its range', { peers: ['subnets 10.9.1.0/24=10.9.1.0/24'] }],
        ['two blocks named as one', { peers: ['10.7.0.0/16, 10.8.0.0/16=10.7.0.0/16'] }],
        ['every VM', { on: 'all', peers: ['100.64.0.0/10', '2001:db8::/32'] }],
        ['everywhere', { peers: ['0.0.0.0/0', '::/0'], svc: 'tcp:443' }],
        ['not on the cluster', { on: ['bastion'], peers: ['198.51.100.0/24'] }],
        ['a deny', { deny: true, peers: ['198.51.100.64/26'] }],
        ['an egress', { dir: 'egress', peers: ['198.51.100.128/26'] }],
        ['bastion or scheduler', { on: ['bastion', 'sched'], peers: ['198.18.0.0/15'] }],
      ],
      contract: contract({
        ingress: [{ ports: [8786], cidr: '203.0.113.0/24' }, { ports: [443], cidr: '203.0.113.0/24' }, { ports: [22], cidr: '198.51.100.7/32' }],
        restrictedEgress: [{ ports: [5432], cidr: '10.9.0.0/16' }, { ports: [443], cidr: '198.51.100.0/24' }],
      }),
    });
    expect(m.sources.map(show)).toEqual([
      'internet-ipv4 | The internet (IPv4) | internet | the IPv4 internet',
      'internet-ipv6 | The internet (IPv6) | internet | the IPv6 internet',
      'cidr:203.0.113.0/24 | Dask client (203.0.113.0/24) | cidr | 203.0.113.0/24',
      'cidr:198.51.100.7/32 | Dask client (198.51.100.7/32) | cidr | 198.51.100.7/32',
      'vpc | Other hosts in the network (10.0.0.0/16) | vpc | 10.0.0.0/16',
      'scheduler | Scheduler VMs | vm scheduler | 10.0.1.0/24',
      'workers | Worker VMs | vm workers | 10.0.2.0/24',
      'cidr:192.0.2.0/24 | 192.0.2.0/24 (not in the configured ingress) | cidr | 192.0.2.0/24',
      'cidr:prefix list pl-1 | prefix list pl-1 | other | 240.0.0.0/24',
      'cidr:subnets 10.9.1.0/24 | subnets 10.9.1.0/24 | other | 10.9.1.0/24',
      'cidr:10.7.0.0/16, 10.8.0.0/16 | 10.7.0.0/16, 10.8.0.0/16 | other | 10.7.0.0/16',
      'cidr:100.64.0.0/10 | 100.64.0.0/10 (not in the configured ingress) | cidr | 100.64.0.0/10',
      'cidr:2001:db8::/32 | 2001:db8::/32 (not in the configured ingress) | cidr | 2001:db8::/32',
      'cidr:198.18.0.0/15 | 198.18.0.0/15 (not in the configured ingress) | cidr | 198.18.0.0/15',
    ]);
    expect(m.destinations.map(show)).toEqual([
      'scheduler | Scheduler | vm scheduler | 10.0.1.0/24',
      'workers | Workers | vm workers | 10.0.2.0/24',
      'internet | The internet | internet | the IPv4 internet',
      'control-plane | Coiled control plane (HTTPS) | control-plane | the IPv4 internet',
      'object-store | Amazon S3 (HTTPS) | object-store | 52.216.0.0/15',
      'data:10.9.0.0/16 | Data source 10.9.0.0/16 | data | 10.9.0.0/16',
      'data:198.51.100.0/24 | Data source 198.51.100.0/24 | data | 198.51.100.0/24',
    ]);
  });

  test('a peer of every address of one family is that family\'s internet row, not a row of its own', () => {
    const m = matrix({ rules: [['v4', { peers: ['0.0.0.0/0'] }], ['v6', { peers: ['::/0'] }], ['v4 named', { peers: ['anywhere=0.0.0.0/0'] }]] });
    expect(m.sources.map((s) => s.id)).toEqual(['internet-ipv4', 'internet-ipv6', 'vpc', 'scheduler', 'workers']);
  });
});

describe('AWS: one tier of allows', () => {
  /** A client block on the scheduler, the cluster open to itself, AWS's default egress on the scheduler's group. */
  const AWS: Array<[string, RuleSpec]> = [
    ['sched-client', { on: ['sched'], peers: ['203.0.113.0/24'], svc: 'tcp:8786,443' }],
    ['cluster-self', { groups: ['cluster'] }],
    ['sched default egress (all IPv4)', { dir: 'egress', on: ['sched'], peers: ['0.0.0.0/0'] }],
    ['cluster-egress-https', { dir: 'egress', peers: ['0.0.0.0/0'], svc: 'tcp:443' }],
    ['cluster-egress-self', { dir: 'egress', groups: ['cluster'] }],
  ];

  test('every cell, in order: role destinations from outside then from the roles, then each role to the outside', () => {
    const m = matrix({ rules: AWS, contract: contract({ restrictedEgress: [{ ports: [5432], cidr: '10.9.0.0/16' }, { ports: [443], cidr: '198.51.100.0/24' }, { ports: [443], cidr: '100.0.0.0/8' }] }) });
    expect(lines(m)).toEqual([
      // The client block is internet space: part of the internet reaches the scheduler.
      'internet-ipv4 -> scheduler: none | TCP 443, 8786 | sched-client',
      'cidr:203.0.113.0/24 -> scheduler: TCP 443, 8786 | none | sched-client',
      // One scheduler per cluster: no scheduler -> scheduler cell.
      'workers -> scheduler: all traffic | none | cluster-self, cluster-egress-https, cluster-egress-self',
      'scheduler -> workers: all traffic | none | cluster-self, sched default egress (all IPv4), cluster-egress-https, cluster-egress-self',
      'workers -> workers: all traffic | none | cluster-self, cluster-egress-https, cluster-egress-self',
      'scheduler -> internet: all traffic | none | sched default egress (all IPv4), cluster-egress-https | ok via internet gateway (scheduler)',
      'scheduler -> control-plane: TCP 443 | none | sched default egress (all IPv4), cluster-egress-https | ok via internet gateway (scheduler)',
      'scheduler -> object-store: TCP 443 | none | sched default egress (all IPv4), cluster-egress-https | ok via S3 gateway endpoint (scheduler)',
      // A data source outside the internet (in whole or in part) has no route to tell.
      'scheduler -> data:10.9.0.0/16: all traffic | none | sched default egress (all IPv4), cluster-egress-https',
      'scheduler -> data:198.51.100.0/24: all traffic | none | sched default egress (all IPv4), cluster-egress-https | ok via internet gateway (scheduler)',
      'scheduler -> data:100.0.0.0/8: all traffic | none | sched default egress (all IPv4), cluster-egress-https',
      'workers -> internet: TCP 443 | none | cluster-egress-https | ok via internet gateway (workers)',
      'workers -> control-plane: TCP 443 | none | cluster-egress-https | ok via internet gateway (workers)',
      'workers -> object-store: TCP 443 | none | cluster-egress-https | ok via S3 gateway endpoint (workers)',
      'workers -> data:10.9.0.0/16: TCP 443 | none | cluster-egress-https',
      'workers -> data:198.51.100.0/24: TCP 443 | none | cluster-egress-https | ok via internet gateway (workers)',
      'workers -> data:100.0.0.0/8: TCP 443 | none | cluster-egress-https',
    ]);
  });
});

describe('every kind of source', () => {
  test('the internet per family, a client block, the network\'s other hosts, a peer not spelled out, each role: full where every address is admitted', () => {
    const m = matrix({
      rules: [
        ['from prefix list', { peers: ['prefix list pl-1=240.0.0.0/24'], svc: 'tcp:8787' }],
        ['from the network', { peers: ['10.0.0.0/16'], svc: 'tcp:22' }],
        ['from IPv6', { peers: ['::/0'], svc: 'tcp:443' }],
        ['from the client', { peers: ['203.0.113.0/24'], svc: 'tcp:8786' }],
        ['egress', { dir: 'egress', peers: ['0.0.0.0/0'] }],
      ],
      contract: contract({ ingress: [{ ports: [8786], cidr: '203.0.113.0/24' }] }),
    });
    const toRoles = [
      'internet-ipv4 -> ROLE: none | TCP 8786 | from the client',
      'internet-ipv6 -> ROLE: TCP 443 | none | from IPv6',
      'cidr:203.0.113.0/24 -> ROLE: TCP 8786 | none | from the client',
      // The roles' addresses are in the network's range: its other hosts reach them as the VMs do.
      'vpc -> ROLE: TCP 22 | none | from the network',
      'cidr:prefix list pl-1 -> ROLE: TCP 8787 | none | from prefix list',
      // A block a rule names is a row of its own, even when it is the network's range.
      'cidr:10.0.0.0/16 -> ROLE: TCP 22 | none | from the network',
    ];
    expect(lines(m).filter((l) => !l.includes(' | ok via '))).toEqual([
      ...toRoles.map((l) => l.replace('ROLE', 'scheduler')),
      'workers -> scheduler: TCP 22 | none | from the network, egress',
      ...toRoles.map((l) => l.replace('ROLE', 'workers')),
      'scheduler -> workers: TCP 22 | none | from the network, egress',
      'workers -> workers: TCP 22 | none | from the network, egress',
    ]);
  });
});

describe('GCP: tiers of (priority, action), deny first at equal priority, each deciding what earlier tiers left', () => {
  const CLIENT = '203.0.113.0/24';
  test.each<[string, Array<[string, RuleSpec]>, string, string]>([
    ['an allow alone: the client fully, the internet in part',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | allow', 'none | TCP 443 | allow'],
    ['a deny and an allow at equal priority: the deny wins, in either order of the file',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['deny', { on: ['sched'], deny: true, priority: 1000, peers: [CLIENT], svc: 'tcp:443' }]],
      'none', 'none'],
    ['the same, the deny written first',
      [['deny', { on: ['sched'], deny: true, priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }]],
      'none', 'none'],
    ['an allow at 999 before a deny at 1000',
      [['deny', { on: ['sched'], deny: true, priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['allow', { on: ['sched'], priority: 999, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | allow', 'none | TCP 443 | allow'],
    ['a deny at 999 before an allow at 1000',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['deny', { on: ['sched'], deny: true, priority: 999, peers: [CLIENT], svc: 'tcp:443' }]],
      'none', 'none'],
    ['a deny of half the block: the other half still admitted',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['deny', { on: ['sched'], deny: true, priority: 900, peers: ['203.0.113.0/25'], svc: 'tcp:443' }]],
      'none | TCP 443 | allow', 'none | TCP 443 | allow'],
    ['a deny of half the block at the allow\'s priority: the deny decides its half, the allow the rest',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['deny', { on: ['sched'], deny: true, priority: 1000, peers: ['203.0.113.0/25'], svc: 'tcp:443' }]],
      'none | TCP 443 | allow', 'none | TCP 443 | allow'],
    ['a deny of one port inside an allowed range',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:400-500' }], ['deny', { on: ['sched'], deny: true, priority: 900, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 400-442, 444-500 | none | allow', 'none | TCP 400-442, 444-500 | allow'],
    ['a deny of other traffic at the same priority leaves the allow',
      [['allow', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['deny-ssh', { on: ['sched'], deny: true, priority: 1000, peers: [CLIENT], svc: 'tcp:22' }]],
      'TCP 443 | none | allow', 'none | TCP 443 | allow'],
    ['three tiers: an allow, a deny, an allow of everything else',
      [['first', { on: ['sched'], priority: 100, peers: ['203.0.113.0/25'], svc: 'tcp:443' }], ['deny', { on: ['sched'], deny: true, priority: 200, peers: [CLIENT], svc: 'tcp:443' }], ['last', { on: ['sched'], priority: 300, peers: ['0.0.0.0/0'], svc: 'tcp:443' }]],
      'none | TCP 443 | first', 'none | TCP 443 | first, last'],
    ['two allows of one tier, each for its half: both named',
      [['low', { on: ['sched'], priority: 1000, peers: ['203.0.113.0/25'], svc: 'tcp:443' }], ['high', { on: ['sched'], priority: 1000, peers: ['203.0.113.128/25'], svc: 'tcp:443' }]],
      'TCP 443 | none | low, high', 'none | TCP 443 | low, high'],
    ['two allows of one tier over the same addresses: both named',
      [['one', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['two', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }], ['three', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | one, two, three', 'none | TCP 443 | one, two, three'],
    ['an allow of traffic an earlier allow decided is not named',
      [['second', { on: ['sched'], priority: 1001, peers: [CLIENT], svc: 'tcp:443' }], ['first', { on: ['sched'], priority: 1000, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | first', 'none | TCP 443 | first'],
    ['an allow at a higher number admits what an earlier allow left undecided',
      [['first', { on: ['sched'], priority: 1000, peers: ['203.0.113.0/25'], svc: 'tcp:443' }], ['second', { on: ['sched'], priority: 1001, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | first, second', 'none | TCP 443 | first, second'],
    ['only denies: nothing',
      [['deny', { on: ['sched'], deny: true, priority: 100, peers: [CLIENT], svc: 'tcp:443' }]],
      'none', 'none'],
    ['a deny after every allow changes nothing',
      [['allow', { on: ['sched'], priority: 100, peers: [CLIENT], svc: 'tcp:443' }], ['deny', { on: ['sched'], deny: true, priority: 200, peers: ['0.0.0.0/0'], svc: 'tcp' }]],
      'TCP 443 | none | allow', 'none | TCP 443 | allow'],
    ['an allow on other VMs, or for egress, admits nothing to the scheduler',
      [['bastion', { on: ['bastion'], priority: 100, peers: [CLIENT], svc: 'tcp:443' }], ['egress', { dir: 'egress', on: 'all', priority: 100, peers: [CLIENT], svc: 'tcp:443' }]],
      'none', 'none'],
    ['an allow on the scheduler\'s key among others',
      [['bastion or scheduler', { on: ['bastion', 'sched'], priority: 100, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | bastion or scheduler', 'none | TCP 443 | bastion or scheduler'],
    ['an allow on every VM',
      [['everyone', { on: 'all', priority: 100, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | everyone', 'none | TCP 443 | everyone'],
    ['an allow with no services, or no peers, admits nothing and is not named',
      [['no services', { on: ['sched'], priority: 100, peers: [CLIENT], svc: 'none' }], ['no peers', { on: ['sched'], priority: 100 }], ['allow', { on: ['sched'], priority: 200, peers: [CLIENT], svc: 'tcp:443' }]],
      'TCP 443 | none | allow', 'none | TCP 443 | allow'],
  ])('%s', (_, specs, client, internet) => {
    const m = matrix({ rules: [...specs, ...IMPLIED], contract: contract() });
    const cell = (source: string) => line(m, source, 'scheduler').replace(/^.*?: /, '');
    expect([cell(`cidr:${CLIENT}`), cell('internet-ipv4')]).toEqual([client, internet]);
  });
});

describe('GCP: implied rules at 65535 under the workspace\'s own', () => {
  test('the implied rules alone: every egress allowed, no ingress, no traffic inside the cluster', () => {
    expect(lines(matrix({ rules: IMPLIED }))).toEqual([
      'scheduler -> internet: all traffic | none | implied allow egress | ok via internet gateway (scheduler)',
      'scheduler -> control-plane: TCP 443 | none | implied allow egress | ok via internet gateway (scheduler)',
      'scheduler -> object-store: TCP 443 | none | implied allow egress | ok via S3 gateway endpoint (scheduler)',
      'workers -> internet: all traffic | none | implied allow egress | ok via internet gateway (workers)',
      'workers -> control-plane: TCP 443 | none | implied allow egress | ok via internet gateway (workers)',
      'workers -> object-store: TCP 443 | none | implied allow egress | ok via S3 gateway endpoint (workers)',
    ]);
  });

  test('a workspace with restricted egress: every cell', () => {
    const m = matrix({
      rules: [
        ['internal', { priority: 1000, groups: ['cluster'] }],
        ['sched-https', { on: ['sched'], priority: 1000, peers: ['0.0.0.0/0'], svc: 'tcp:443' }],
        ['egress-internal', { dir: 'egress', priority: 1000, peers: ['10.0.0.0/16'] }],
        ['egress-https', { dir: 'egress', priority: 1000, peers: ['0.0.0.0/0'], svc: 'tcp:443' }],
        ['egress-deny', { dir: 'egress', deny: true, priority: 1100, peers: ['0.0.0.0/0', '::/0'] }],
        ...IMPLIED,
      ],
    });
    expect(lines(m)).toEqual([
      'internet-ipv4 -> scheduler: TCP 443 | none | sched-https',
      'vpc -> scheduler: TCP 443 | none | sched-https',
      'workers -> scheduler: all traffic | none | internal, sched-https, egress-internal, egress-https',
      'scheduler -> workers: all traffic | none | internal, egress-internal, egress-https',
      'workers -> workers: all traffic | none | internal, egress-internal, egress-https',
      'scheduler -> internet: TCP 443 | none | egress-https | ok via internet gateway (scheduler)',
      'scheduler -> control-plane: TCP 443 | none | egress-https | ok via internet gateway (scheduler)',
      'scheduler -> object-store: TCP 443 | none | egress-https | ok via S3 gateway endpoint (scheduler)',
      'workers -> internet: TCP 443 | none | egress-https | ok via internet gateway (workers)',
      'workers -> control-plane: TCP 443 | none | egress-https | ok via internet gateway (workers)',
      'workers -> object-store: TCP 443 | none | egress-https | ok via S3 gateway endpoint (workers)',
    ]);
  });
});

describe('network ACLs: a second layer per subnet, first match by number, default deny', () => {
  const SECURITY_GROUPS: Array<[string, RuleSpec]> = [
    ['sched-client', { on: ['sched'], peers: ['203.0.113.0/24'], svc: 'tcp:8786,443' }],
    ['cluster-self', { groups: ['cluster'] }],
    ['cluster egress', { dir: 'egress', peers: ['0.0.0.0/0'] }],
  ];
  const ACLS: Record<string, Array<[string, RuleSpec]>> = {
    'acl-https': [
      ['acl-https 100 deny', { deny: true, on: 'all', priority: 100, peers: ['203.0.113.0/25'] }],
      ['acl-https 200', { on: 'all', priority: 200, peers: ['0.0.0.0/0'], svc: 'tcp:443' }],
      ['acl-https 300 egress', { dir: 'egress', on: 'all', priority: 300, peers: ['0.0.0.0/0'], svc: 'tcp:443' }],
    ],
    'acl-dask': [
      ['acl-dask 100', { on: 'all', priority: 100, peers: ['0.0.0.0/0'], svc: 'tcp:8786' }],
      ['acl-dask 100 egress', { dir: 'egress', on: 'all', priority: 100, peers: ['0.0.0.0/0'] }],
    ],
    // ACL entries name no VMs: they apply to every VM of the subnet, whatever `appliesTo` says.
    'acl-open': [
      ['acl-open in', { on: ['nobody'], priority: 100, peers: ['0.0.0.0/0'] }],
      ['acl-open out', { dir: 'egress', on: ['nobody'], priority: 100, peers: ['0.0.0.0/0'] }],
    ],
  };
  const withAcls = (scheduler: string[], workers: string[] = []) =>
    lines(matrix({ rules: SECURITY_GROUPS, acls: ACLS, scheduler: { ...SCHEDULER, acls: scheduler }, workers: { ...WORKERS, acls: workers }, contract: contract() }))
      .filter((l) => l.startsWith('cidr:') || l.includes('-> scheduler') || l.startsWith('scheduler -> internet'));

  test.each<[string, string[], string[], string[]]>([
    ['no ACL on any subnet: the security groups alone', ['-'], [], [
      'internet-ipv4 -> scheduler: none | TCP 443, 8786 | sched-client',
      'cidr:203.0.113.0/24 -> scheduler: TCP 443, 8786 | none | sched-client',
      'workers -> scheduler: all traffic | none | cluster-self, cluster egress',
      'scheduler -> internet: all traffic | none | cluster egress | ok via internet gateway (scheduler)',
    ]],
    ['an ACL narrows ports and addresses, inbound and outbound, and is named', ['acl-https'], [], [
      'internet-ipv4 -> scheduler: none | TCP 443 | sched-client, acl-https',
      'cidr:203.0.113.0/24 -> scheduler: none | TCP 443 | sched-client, acl-https',
      // Role to role: the scheduler's ACL admits from the workers' (private) addresses only what rule 200 names.
      'workers -> scheduler: TCP 443 | none | cluster-self, cluster egress, acl-https',
      'scheduler -> internet: TCP 443 | none | cluster egress, acl-https | ok via internet gateway (scheduler)',
    ]],
    ['the same ACL on two subnets is one layer, named once', ['acl-https', 'acl-https'], ['acl-https'], [
      'internet-ipv4 -> scheduler: none | TCP 443 | sched-client, acl-https',
      'cidr:203.0.113.0/24 -> scheduler: none | TCP 443 | sched-client, acl-https',
      'workers -> scheduler: TCP 443 | none | cluster-self, cluster egress, acl-https',
      'scheduler -> internet: TCP 443 | none | cluster egress, acl-https | ok via internet gateway (scheduler)',
    ]],
    ['two subnets with different ACLs: what either admits reaches some VMs only', ['acl-https', 'acl-dask'], [], [
      'internet-ipv4 -> scheduler: none | TCP 443, 8786 | sched-client, acl-https, acl-dask',
      'cidr:203.0.113.0/24 -> scheduler: none | TCP 443, 8786 | sched-client, acl-https, acl-dask',
      'workers -> scheduler: none | TCP 443, 8786 | cluster-self, cluster egress, acl-https, acl-dask',
      'scheduler -> internet: TCP 443 | TCP 0-442, 444-65535; every other protocol | cluster egress, acl-https, acl-dask | ok via internet gateway (scheduler)',
    ]],
    ['one subnet with an ACL, one without: the ACL limits some VMs only', ['-', 'acl-https'], [], [
      'internet-ipv4 -> scheduler: none | TCP 443, 8786 | sched-client, acl-https',
      // Half the client block is denied in the guarded subnet: from all of it, nothing reaches every VM.
      'cidr:203.0.113.0/24 -> scheduler: none | TCP 443, 8786 | sched-client, acl-https',
      'workers -> scheduler: TCP 443 | TCP 0-442, 444-65535; every other protocol | cluster-self, cluster egress, acl-https',
      'scheduler -> internet: TCP 443 | TCP 0-442, 444-65535; every other protocol | cluster egress, acl-https | ok via internet gateway (scheduler)',
    ]],
    ['an ACL whose entries name other VMs still applies to the subnet', ['acl-open'], [], [
      'internet-ipv4 -> scheduler: none | TCP 443, 8786 | sched-client, acl-open',
      'cidr:203.0.113.0/24 -> scheduler: TCP 443, 8786 | none | sched-client, acl-open',
      'workers -> scheduler: all traffic | none | cluster-self, cluster egress, acl-open',
      'scheduler -> internet: all traffic | none | cluster egress, acl-open | ok via internet gateway (scheduler)',
    ]],
    ['the workers\' ACL limits what they send the scheduler, and is named', ['-'], ['acl-dask'], [
      'internet-ipv4 -> scheduler: none | TCP 443, 8786 | sched-client',
      'cidr:203.0.113.0/24 -> scheduler: TCP 443, 8786 | none | sched-client',
      'workers -> scheduler: all traffic | none | cluster-self, cluster egress, acl-dask',
      'scheduler -> internet: all traffic | none | cluster egress | ok via internet gateway (scheduler)',
    ]],
    ['an ACL the input does not hold admits nothing', ['acl-missing'], [], []],
  ])('%s', (_, scheduler, workers, expected) => {
    expect(withAcls(scheduler, workers)).toEqual(expected);
  });
});

describe('the rules named for a flow: those that admit some of its traffic, in the order they are evaluated, once each', () => {
  test.each<[string, Array<[string, RuleSpec]>, DeclaredContract['ingress'], Array<[string, string, string]>]>([
    ['adjacent blocks: each names its own rule only',
      [['left', { on: ['sched'], peers: ['198.51.100.0/25'], svc: 'tcp:443' }], ['right', { on: ['sched'], peers: ['198.51.100.128/25'], svc: 'tcp:443' }]],
      [],
      [['cidr:198.51.100.0/25', 'scheduler', 'TCP 443 | none | left'], ['cidr:198.51.100.128/25', 'scheduler', 'TCP 443 | none | right'], ['internet-ipv4', 'scheduler', 'none | TCP 443 | left, right']]],
    ['a wide block before a narrow one still reaches addresses past the narrow one',
      [['wide', { on: ['sched'], peers: ['198.51.100.0/24'], svc: 'tcp:443' }], ['narrow', { on: ['sched'], peers: ['198.51.100.16/28'], svc: 'tcp:443' }]],
      [{ ports: [443], cidr: '198.51.100.64/26' }],
      [['cidr:198.51.100.64/26', 'scheduler', 'TCP 443 | none | wide'], ['cidr:198.51.100.16/28', 'scheduler', 'TCP 443 | none | wide, narrow']]],
    ['a block that ends where the source starts is not named, even behind a wider one that reaches past it',
      [['wide', { on: ['sched'], peers: ['198.51.100.0/24'], svc: 'tcp:443' }], ['second quarter', { on: ['sched'], peers: ['198.51.100.64/26'], svc: 'tcp:443' }]],
      [{ ports: [443], cidr: '198.51.100.128/26' }],
      [['cidr:198.51.100.128/26', 'scheduler', 'TCP 443 | none | wide']]],
    ['IPv6 peers name IPv6 rules',
      [['v4-https', { on: ['sched'], peers: ['0.0.0.0/0'], svc: 'tcp:443' }], ['v6-ssh', { on: ['sched'], peers: ['::/0'], svc: 'tcp:22' }]],
      [],
      [['internet-ipv4', 'scheduler', 'TCP 443 | none | v4-https'], ['internet-ipv6', 'scheduler', 'TCP 22 | none | v6-ssh']]],
    ['a rule on other ports than the flow\'s is not named',
      [['ssh', { on: ['sched'], peers: ['198.51.100.0/24'], svc: 'tcp:22' }], ['https', { on: ['sched'], peers: ['0.0.0.0/0'], svc: 'tcp:443' }]],
      [],
      [['cidr:198.51.100.0/24', 'scheduler', 'TCP 22, 443 | none | ssh, https'], ['internet-ipv4', 'scheduler', 'TCP 443 | TCP 22 | ssh, https'], ['vpc', 'scheduler', 'TCP 443 | none | https']]],
    ['one rule written as several entries (one id) is named once',
      [['dup', { on: ['sched'], peers: ['198.51.100.0/25'], svc: 'tcp:443' }], ['dup', { on: ['sched'], peers: ['198.51.100.128/25'], svc: 'tcp:443' }]],
      [{ ports: [443], cidr: '198.51.100.0/24' }],
      [['cidr:198.51.100.0/24', 'scheduler', 'TCP 443 | none | dup']]],
    ['in the order of evaluation (priority), not of the file or of the addresses',
      [['later', { on: ['sched'], priority: 1000, peers: ['198.51.100.0/25'], svc: 'tcp:443' }], ['earlier', { on: ['sched'], priority: 900, peers: ['198.51.100.128/25'], svc: 'tcp:443' }], ['earliest', { on: ['sched'], priority: 800, peers: ['198.51.100.64/26'], svc: 'tcp:443' }]],
      [{ ports: [443], cidr: '198.51.100.0/24' }],
      [['cidr:198.51.100.0/24', 'scheduler', 'TCP 443 | none | earliest, earlier, later']]],
  ])('%s', (_, specs, ingress, expected) => {
    const m = matrix({ rules: specs, contract: contract({ ingress }) });
    expect(expected.map(([source, destination]) => line(m, source, destination).replace(/^.*?: /, ''))).toEqual(expected.map(([, , cell]) => cell));
  });

  test.each<[string, Array<[string, RuleSpec]>, string[]]>([
    ['only the rule whose ports include 443 is named for the control plane; every one for the internet',
      [['to-400-443', { dir: 'egress', peers: ['0.0.0.0/0'], svc: 'tcp:400-443' }], ['at-442', { dir: 'egress', peers: ['0.0.0.0/0'], svc: 'tcp:442' }], ['from-444', { dir: 'egress', peers: ['0.0.0.0/0'], svc: 'tcp:444-500' }]],
      ['workers -> internet: TCP 400-500 | none | to-400-443, at-442, from-444', 'workers -> control-plane: TCP 443 | none | to-400-443', 'workers -> object-store: TCP 443 | none | to-400-443']],
    ['a rule for every protocol is named for TCP 443 when no rule names TCP',
      [['everything', { dir: 'egress', peers: ['0.0.0.0/0'] }], ['dns', { dir: 'egress', peers: ['0.0.0.0/0'], svc: 'udp:53' }]],
      ['workers -> internet: all traffic | none | everything, dns', 'workers -> control-plane: TCP 443 | none | everything', 'workers -> object-store: TCP 443 | none | everything']],
    ['a rule for every protocol is not named for TCP when a deny decided all of TCP before it',
      [['rest', { dir: 'egress', priority: 200, peers: ['0.0.0.0/0'] }], ['deny-tcp', { dir: 'egress', deny: true, priority: 100, peers: ['0.0.0.0/0'], svc: 'tcp' }], ['https', { dir: 'egress', priority: 50, peers: ['0.0.0.0/0'], svc: 'tcp:443' }]],
      ['workers -> internet: TCP 443; every other protocol | none | https, rest', 'workers -> control-plane: TCP 443 | none | https', 'workers -> object-store: TCP 443 | none | https']],
  ])('%s', (_, specs, expected) => {
    expect(lines(matrix({ rules: specs })).filter((l) => l.startsWith('workers -> ')).map((l) => l.replace(/ \| ok via .*$/, ''))).toEqual(expected);
  });
});

describe('the internet: every address but RFC 6890\'s special-purpose blocks; the documentation blocks stay in', () => {
  test.each<[string, boolean]>([
    ['0.0.0.0', false], ['0.255.255.255', false], ['1.0.0.0', true],
    ['9.255.255.255', true], ['10.0.0.0', false], ['10.255.255.255', false], ['11.0.0.0', true],
    ['100.63.255.255', true], ['100.64.0.0', false], ['100.127.255.255', false], ['100.128.0.0', true],
    ['126.255.255.255', true], ['127.0.0.1', false], ['127.255.255.255', false], ['128.0.0.0', true],
    ['169.253.255.255', true], ['169.254.169.254', false], ['169.255.0.0', true],
    ['172.15.255.255', true], ['172.16.0.0', false], ['172.31.255.255', false], ['172.32.0.0', true],
    ['191.255.255.255', true], ['192.0.0.0', false], ['192.0.0.255', false], ['192.0.1.0', true],
    ['192.0.2.1', true], ['198.51.100.1', true], ['203.0.113.1', true],
    ['192.167.255.255', true], ['192.168.0.0', false], ['192.168.255.255', false], ['192.169.0.0', true],
    ['198.17.255.255', true], ['198.18.0.0', false], ['198.19.255.255', false], ['198.20.0.0', true],
    ['223.255.255.255', true], ['224.0.0.0', false], ['239.255.255.255', false], ['240.0.0.0', false], ['255.255.255.255', false],
  ])('IPv4 %s: %s', (address, inside) => {
    expect(internetIpv4().containsSet(A(`${address}/32`))).toBe(inside);
    expect(internetIpv6().overlaps(A(`${address}/32`))).toBe(false);
  });

  test.each<[string, boolean]>([
    ['::', false], ['::1', false], ['::2', true],
    ['::fffe:ffff:ffff', true], ['::ffff:0:0', false], ['::ffff:ffff:ffff', false], ['::1:0:0:0', true],
    ['ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['100::', false], ['100::ffff:ffff:ffff:ffff', false], ['100:0:0:1::', true],
    ['2001:db8::1', true], ['2600::1', true],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['fc00::', false], ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false], ['fe00::', true],
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['fe80::', false], ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false], ['fec0::', true],
    ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['ff00::', false], ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false],
  ])('IPv6 %s: %s', (address, inside) => {
    expect(internetIpv6().containsSet(A(`${address}/128`))).toBe(inside);
    expect(internetIpv4().overlaps(A(`${address}/128`))).toBe(false);
  });
});

describe('stand-in blocks for addresses a file names but does not spell out', () => {
  test('one /24 of 240.0.0.0/4 per label in the order asked (one /112 of 100::/64 for IPv6), the same block for the same label', () => {
    const unknown = new UnknownAddresses();
    const blocks = Array.from({ length: 258 }, (_, i) => unknown.block(`label ${i}`));
    expect([0, 1, 255, 256, 257].map((i) => blocks[i].toCidrs())).toEqual([['240.0.0.0/24'], ['240.0.1.0/24'], ['240.0.255.0/24'], ['240.1.0.0/24'], ['240.1.1.0/24']]);
    expect(unknown.block('label 1')).toBe(blocks[1]);
    expect(unknown.block('label 1', 'ipv4')).toBe(blocks[1]);
    // The IPv6 stand-in of a label is a block of its own, counted with the IPv4 ones.
    expect(unknown.block('label 1', 'ipv6').toCidrs()).toEqual(['100::102:0/112']);
    expect(unknown.block('label 1', 'ipv6').toCidrs()).toEqual(['100::102:0/112']);
    expect(unknown.block('another').toCidrs()).toEqual(['240.1.3.0/24']);
    expect(new UnknownAddresses().block('first', 'ipv6').toCidrs()).toEqual(['100::/112']);
  });
});

describe('CIDR texts', () => {
  test('a text is checked once and its answer remembered; a non-text gets checkCidr\'s refusal', () => {
    const first = checkCidrOnce('10.1.0.0/16');
    expect(first).toEqual(checkCidr('10.1.0.0/16'));
    expect(checkCidrOnce('10.1.0.0/16')).toBe(first);
    expect(checkCidrOnce('10.1.0.0/33')).toEqual(checkCidr('10.1.0.0/33'));
    expect(checkCidrOnce(16)).toEqual({ ok: false, problem: 'a CIDR block must be a string', fix: 'write the block as text, e.g. "10.0.0.0/16"' });
  });

  test('the memory holds 50,001 texts, then starts over', () => {
    jest.isolateModules(() => {
      // A fresh module: its memory is empty.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/core/flow-analysis') as typeof import('../../src/core/flow-analysis');
      const first = fresh.checkCidrOnce('0.0.0.0/0');
      for (let i = 1; i <= 50_000; i++) fresh.checkCidrOnce(` ${i}`);
      expect(fresh.checkCidrOnce('0.0.0.0/0')).toBe(first);
      fresh.checkCidrOnce(' 50001');
      const again = fresh.checkCidrOnce('0.0.0.0/0');
      expect(again).not.toBe(first);
      expect(again).toEqual(first);
    });
  });

  test('addressesOf: the union of valid blocks; an invalid one is a programming error', () => {
    expect(addressesOf('192.0.2.0/24', '10.0.0.0/8', '192.0.3.0/24').toCidrs()).toEqual(['10.0.0.0/8', '192.0.2.0/23']);
    expect(addressesOf().isEmpty()).toBe(true);
    expect(() => addressesOf('10.0.0.0/8', '10.0.0.0/33')).toThrow(/^not a CIDR block: 10\.0\.0\.0\/33$/);
  });
});

describe('looking up cells', () => {
  test('a flow the matrix holds is its cell; any other is an empty cell of that source and destination', () => {
    const m = matrix({ rules: [['client', { on: ['sched'], peers: ['203.0.113.0/24'], svc: 'tcp:443' }]], contract: contract() });
    expect(cellOf(m, 'cidr:203.0.113.0/24', 'scheduler')).toBe(m.cells.find((c) => c.source === 'cidr:203.0.113.0/24' && c.destination === 'scheduler'));
    expect(cellOf(m, 'vpc', 'scheduler')).toEqual({ source: 'vpc', destination: 'scheduler', full: ServiceSet.EMPTY, partial: ServiceSet.EMPTY, allowedBy: [] });
    expect(cellOf(m, 'cidr:203.0.113.0/24', 'workers')).toEqual({ source: 'cidr:203.0.113.0/24', destination: 'workers', full: ServiceSet.EMPTY, partial: ServiceSet.EMPTY, allowedBy: [] });
  });
});

test('a file the analyzer cannot read is an AnalysisInputError carrying its one-line message', () => {
  const error = new AnalysisInputError('the template holds no workspace');
  expect(error).toBeInstanceOf(Error);
  expect([error.name, error.message]).toEqual(['AnalysisInputError', 'the template holds no workspace']);
});
