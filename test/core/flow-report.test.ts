/**
 * What `coiled-byoc analyze` prints, line for line, from a hand-built analysis: the cell texts,
 * the Markdown table in source then destination order (whatever order the cells come in), each
 * route text, the roles summary, the findings sorted by severity with their counts, the whole
 * report, and the JSON for scripts.
 */
import { AddressSet } from '../../src/core/address-space';
import { AnalysisInput, FlowCell, FlowDestination, FlowMatrix, FlowSource, PathFact, VmRole } from '../../src/core/flow-analysis';
import { Finding, NetworkAnalysis } from '../../src/core/flow-contract';
import { analysisJson, describeCell, findingsList, matrixTable, renderAnalysis, rolesSummary } from '../../src/core/flow-report';
import { ServiceSet } from '../../src/core/port-set';

/** Services as plain data: TCP ports, or every protocol. */
type Services = number[] | 'all';
const services = (s: Services) => (s === 'all' ? ServiceSet.ALL : ServiceSet.tcp(s));

interface PlainCell {
  readonly at: [string, string];
  readonly full?: Services;
  readonly partial?: Services;
  readonly allowedBy?: string[];
  readonly path?: PathFact;
}
const flowCell = ({ at, full = [], partial = [], allowedBy = [], path }: PlainCell): FlowCell =>
  ({ source: at[0], destination: at[1], full: services(full), partial: services(partial), allowedBy, ...(path ? { path } : {}) });

function role(memberships: string, addresses: string, over: Partial<VmRole>): VmRole {
  return {
    memberships: [],
    membershipLabel: memberships,
    addresses: AddressSet.fromCidrs([addresses]),
    addressLabel: addresses,
    subnets: [],
    publicAddress: 'yes',
    internet: { kind: 'ok', via: 'external IP' },
    objectStore: { kind: 'ok', via: 'external IP' },
    ...over,
  };
}

const SOURCES: FlowSource[] = [
  { id: 'internet-ipv4', label: 'The internet (IPv4)', kind: 'internet' },
  { id: 'cidr:pl', label: 'prefix list a|b|c\nnot in\nthis file', kind: 'other' },
  { id: 'scheduler', label: 'Scheduler VMs', kind: 'vm', role: 'scheduler' },
  { id: 'workers', label: 'Worker VMs', kind: 'vm', role: 'workers' },
];
const DESTINATIONS: FlowDestination[] = [
  { id: 'scheduler', label: 'Scheduler', kind: 'vm', role: 'scheduler' },
  { id: 'workers', label: 'Workers', kind: 'vm', role: 'workers' },
  { id: 'internet', label: 'The internet', kind: 'internet' },
  { id: 'control-plane', label: 'Coiled control plane (HTTPS)', kind: 'control-plane' },
];

/** Cells out of order on purpose: the table sorts them. */
const CELLS: PlainCell[] = [
  { at: ['workers', 'internet'], full: 'all', allowedBy: ['implied allow egress (65535)'], path: { kind: 'ok', via: 'Cloud NAT' } },
  { at: ['workers', 'scheduler'], full: 'all', allowedBy: ['internal'] },
  { at: ['scheduler', 'control-plane'], full: [443], allowedBy: ['https'], path: { kind: 'none', via: 'no external IP and no Cloud NAT' } },
  { at: ['internet-ipv4', 'workers'], partial: [22], allowedBy: ['ssh'] },
  { at: ['cidr:pl', 'scheduler'], full: [443], partial: [8786], allowedBy: ['a|b|c', 'd'] },
  { at: ['internet-ipv4', 'scheduler'], full: [443], allowedBy: ['sched-ingress'] },
  { at: ['workers', 'control-plane'], full: [443], path: { kind: 'unknown', via: 'the subnets are not in this template' } },
];

const FINDINGS: Finding[] = [
  { severity: 'note', code: 'route-not-in-file', message: 'workers -> Coiled control plane: the firewall allows it; the route is not in the file (the subnets are not in this template)' },
  { severity: 'violation', code: 'needed-flow-no-route', message: 'scheduler -> Coiled control plane: the firewall allows it, but there is no route (no external IP and no Cloud NAT)' },
  { severity: 'warning', code: 'admin-port-configured', message: 'the configured ingress opens SSH (22) on the scheduler to internet addresses 203.0.113.7/32: keep it to the addresses that need it' },
  { severity: 'violation', code: 'internet-to-workers', message: 'The internet (IPv4) -> Workers: TCP 22 from part of it (admin port SSH 22) is beyond demo\'s contract; allowed by ssh' },
];

interface Setup {
  readonly cells?: PlainCell[];
  readonly findings?: Finding[];
  readonly schedulerPublic?: VmRole['publicAddress'];
  readonly withContract?: boolean;
}

function analysis({ cells = CELLS, findings = FINDINGS, schedulerPublic = 'yes', withContract = true }: Setup = {}): NetworkAnalysis {
  const input: AnalysisInput = {
    cloud: 'gcp',
    origin: 'Terraform JSON',
    workspace: 'demo',
    roles: {
      scheduler: role('network tags sched, cluster', '10.0.1.0/24', { publicAddress: schedulerPublic, internet: { kind: 'none', via: 'no external IP and no Cloud NAT' }, objectStore: { kind: 'ok', via: 'Private Google Access' } }),
      workers: role('network tags cluster', '10.0.2.0/24', { publicAddress: 'no', internet: { kind: 'ok', via: 'Cloud NAT' }, objectStore: { kind: 'ok', via: 'Cloud NAT' } }),
    },
    rules: [],
    acls: new Map(),
    vpc: { label: '10.0.0.0/16', addresses: AddressSet.fromCidrs(['10.0.0.0/16']) },
    objectStore: { label: 'Cloud Storage', addresses: AddressSet.fromCidrs(['199.36.153.8/30']) },
    internalEgressAlsoReaches: AddressSet.EMPTY,
    contract: withContract ? { ingress: [{ ports: [443], cidr: '0.0.0.0/0' }], schedulerPort: 443, workersPublicIp: false, schedulerPublicIp: true } : undefined,
    contractSource: 'recorded on the cluster firewall rule',
    notes: [],
  };
  const matrix: FlowMatrix = { sources: SOURCES, destinations: DESTINATIONS, cells: cells.map(flowCell) };
  return { input, matrix, findings };
}

const HEADER = ['| Source | Destination | Allowed | Route | Allowed by |', '|---|---|---|---|---|'];
const TABLE = [
  ...HEADER,
  '| The internet (IPv4) | Scheduler | TCP 443 | public IP | `sched-ingress` |',
  '| The internet (IPv4) | Workers | TCP 22 (from part of it) | no public IP: firewall only | `ssh` |',
  '| prefix list a\\|b\\|c not in this file | Scheduler | TCP 443; TCP 8786 (from part of it) |  | `a\\|b\\|c`, `d` |',
  '| Scheduler VMs | Coiled control plane (HTTPS) | TCP 443 | no route: no external IP and no Cloud NAT | `https` |',
  '| Worker VMs | Scheduler | all traffic |  | `internal` |',
  '| Worker VMs | The internet | all traffic | Cloud NAT | `implied allow egress (65535)` |',
  '| Worker VMs | Coiled control plane (HTTPS) | TCP 443 | unknown: the subnets are not in this template |  |',
];

describe('describeCell', () => {
  test.each<[Services, Services, string]>([
    [[443], [], 'TCP 443'],
    [[], [22], 'TCP 22 (from part of it)'],
    [[443], [22, 3389], 'TCP 443; TCP 22, 3389 (from part of it)'],
    ['all', [], 'all traffic'],
    [[], [], ''],
  ])('every address %j, some %j: "%s"', (full, partial, text) => {
    expect(describeCell(flowCell({ at: ['s', 'd'], full, partial }))).toBe(text);
  });
});

describe('matrixTable', () => {
  test('a row per cell in source then destination order, "|" and line breaks escaped, the route of each', () => {
    expect(matrixTable(analysis())).toEqual(TABLE);
  });

  test.each([
    ['yes', 'public IP'],
    ['no', 'no public IP: firewall only'],
    ['unknown', 'public IP not in this file'],
  ] as Array<[VmRole['publicAddress'], string]>)('from the internet to a role whose public address is "%s": "%s"', (schedulerPublic, route) => {
    expect(matrixTable(analysis({ schedulerPublic }))[2]).toBe(`| The internet (IPv4) | Scheduler | TCP 443 | ${route} | \`sched-ingress\` |`);
  });

  test('another matrix of the same analysis (the prediction), in its own order', () => {
    const a = analysis();
    const expected: FlowMatrix = { ...a.matrix, cells: [flowCell({ at: ['workers', 'workers'], full: 'all' }), flowCell({ at: ['scheduler', 'workers'], full: [443] })] };
    expect(matrixTable(a, expected)).toEqual([...HEADER, '| Scheduler VMs | Workers | TCP 443 |  |  |', '| Worker VMs | Workers | all traffic |  |  |']);
  });

  test('no cells: the header only', () => {
    expect(matrixTable(analysis({ cells: [] }))).toEqual(HEADER);
  });
});

test('rolesSummary: each role\'s memberships, addresses, public IP and routes, in the file\'s terms', () => {
  expect(rolesSummary(analysis())).toEqual([
    '- **Scheduler**: network tags sched, cluster; addresses 10.0.1.0/24; public IP: yes; internet: no external IP and no Cloud NAT; Cloud Storage: Private Google Access',
    '- **Workers**: network tags cluster; addresses 10.0.2.0/24; public IP: no; internet: Cloud NAT; Cloud Storage: Cloud NAT',
  ]);
});

describe('findingsList', () => {
  test('the counts, then violations, warnings and notes, each kind in the order found', () => {
    expect(findingsList(FINDINGS)).toEqual([
      '2 violation(s), 1 warning(s), 1 note(s)',
      '- VIOLATION [needed-flow-no-route] scheduler -> Coiled control plane: the firewall allows it, but there is no route (no external IP and no Cloud NAT)',
      '- VIOLATION [internet-to-workers] The internet (IPv4) -> Workers: TCP 22 from part of it (admin port SSH 22) is beyond demo\'s contract; allowed by ssh',
      '- WARNING [admin-port-configured] the configured ingress opens SSH (22) on the scheduler to internet addresses 203.0.113.7/32: keep it to the addresses that need it',
      '- NOTE [route-not-in-file] workers -> Coiled control plane: the firewall allows it; the route is not in the file (the subnets are not in this template)',
    ]);
    expect(FINDINGS[0].severity).toBe('note');
  });

  test('no findings: the counts only', () => {
    expect(findingsList([])).toEqual(['0 violation(s), 0 warning(s), 0 note(s)']);
  });
});

test('renderAnalysis: the heading, the roles, the table and the check, line for line', () => {
  expect(renderAnalysis(analysis({ findings: FINDINGS.slice(0, 2) }), 'cdktf.out/stacks/demo/cdk.tf.json').split('\n')).toEqual([
    'Coiled workspace "demo" on GCP: network flows of cdktf.out/stacks/demo/cdk.tf.json (Terraform JSON); contract recorded on the cluster firewall rule',
    '',
    '- **Scheduler**: network tags sched, cluster; addresses 10.0.1.0/24; public IP: yes; internet: no external IP and no Cloud NAT; Cloud Storage: Private Google Access',
    '- **Workers**: network tags cluster; addresses 10.0.2.0/24; public IP: no; internet: Cloud NAT; Cloud Storage: Cloud NAT',
    '',
    ...TABLE,
    '',
    'Check against Coiled\'s network contract: 1 violation(s), 0 warning(s), 1 note(s)',
    '- VIOLATION [needed-flow-no-route] scheduler -> Coiled control plane: the firewall allows it, but there is no route (no external IP and no Cloud NAT)',
    '- NOTE [route-not-in-file] workers -> Coiled control plane: the firewall allows it; the route is not in the file (the subnets are not in this template)',
  ]);
});

describe('analysisJson', () => {
  test('the workspace, the cloud, the contract, each flow by label in the matrix\'s order, the findings; as scripts read it', () => {
    const cells = CELLS.slice(0, 5);
    expect(JSON.parse(JSON.stringify(analysisJson(analysis({ cells }))))).toEqual({
      workspace: 'demo',
      cloud: 'gcp',
      contract: { ingress: [{ ports: [443], cidr: '0.0.0.0/0' }], schedulerPort: 443, workersPublicIp: false, schedulerPublicIp: true },
      flows: [
        { source: 'Worker VMs', destination: 'The internet', allowed: 'all traffic', route: { kind: 'ok', via: 'Cloud NAT' }, allowedBy: ['implied allow egress (65535)'] },
        { source: 'Worker VMs', destination: 'Scheduler', allowed: 'all traffic', allowedBy: ['internal'] },
        { source: 'Scheduler VMs', destination: 'Coiled control plane (HTTPS)', allowed: 'TCP 443', route: { kind: 'none', via: 'no external IP and no Cloud NAT' }, allowedBy: ['https'] },
        { source: 'The internet (IPv4)', destination: 'Workers', allowed: 'none', allowedFromPartOfSource: 'TCP 22', allowedBy: ['ssh'] },
        { source: 'prefix list a|b|c\nnot in\nthis file', destination: 'Scheduler', allowed: 'TCP 443', allowedFromPartOfSource: 'TCP 8786', allowedBy: ['a|b|c', 'd'] },
      ],
      findings: FINDINGS,
    });
  });

  test('no recorded contract: null, as JSON says it', () => {
    expect(analysisJson(analysis({ withContract: false }))).toMatchObject({ contract: null });
  });
});
