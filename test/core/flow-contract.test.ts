/**
 * The contract as data: every refusal of `parseContractRecord` word for word, the model a declared
 * contract stands for, the matrix the model predicts cell by cell (`expectedMatrix`), the cell
 * comparison (`widerCells`, `sameFlows`) and `hasViolations`. The findings of `analyzeNetwork`
 * are in flow-contract-findings.test.ts.
 */
import { AddressSet } from '../../src/core/address-space';
import { AnalysisInput, DeclaredContract, FlowCell, FlowMatrix, VmRole } from '../../src/core/flow-analysis';
import { Finding, NetworkAnalysis, expectedMatrix, hasViolations, internalServices, modelOf, parseContractRecord, sameFlows, widerCells } from '../../src/core/flow-contract';
import { ServiceSet } from '../../src/core/port-set';

const A = (...cidrs: string[]) => AddressSet.fromCidrs(cidrs);

/** A record as a workspace writes it, before the change each test makes. */
const RECORD = {
  version: 1,
  workspace: 'demo',
  ingress: [{ ports: [443, 8786], cidr: '203.0.113.0/24' }],
  schedulerPort: 443,
  egress: 'all',
  workersPublicIp: true,
  schedulerPublicIp: true,
};

describe('parseContractRecord', () => {
  test.each([
    ['undefined', undefined],
    ['null', null],
    ['text', 'coiled-byoc'],
    ['a number', 1],
    ['true', true],
  ])('%s is no contract record', (_, value) => {
    expect(parseContractRecord(value)).toEqual({ problem: 'no contract record' });
  });

  test.each([
    ['missing', undefined, 'contract record version undefined is not 1'],
    ['2', 2, 'contract record version 2 is not 1'],
    ['0', 0, 'contract record version 0 is not 1'],
    ['the text "1"', '1', 'contract record version "1" is not 1'],
    ['an object', { Ref: 'Version' }, 'contract record version {"Ref":"Version"} is not 1'],
  ])('version %s is refused, the value shown as written', (_, version, problem) => {
    expect(parseContractRecord({ ...RECORD, version })).toEqual({ problem });
  });

  test('an empty list for a record is a record of an unknown version', () => {
    expect(parseContractRecord([])).toEqual({ problem: 'contract record version undefined is not 1' });
  });

  test('a record as written: ports as they are, CIDRs normalised, egress "all" as no restriction, public IPs as recorded', () => {
    const record = { ...RECORD, ingress: [{ ports: [443, 8786], cidr: '203.0.113.7/24' }, { ports: [22], cidr: '2001:db8::1/32' }] };
    expect(parseContractRecord(record)).toEqual({
      contract: {
        ingress: [{ ports: [443, 8786], cidr: '203.0.113.0/24' }, { ports: [22], cidr: '2001:db8::/32' }],
        schedulerPort: 443,
        workerPorts: undefined,
        restrictedEgress: undefined,
        workersPublicIp: true,
        schedulerPublicIp: true,
      },
    });
    expect(parseContractRecord(record).contract).not.toHaveProperty('problem');
  });

  test('worker ports and restricted egress are read back; an empty ingress list is a contract', () => {
    const record = { ...RECORD, ingress: [], workerPorts: { nannyPort: 8787, workerPort: 8788 }, egress: [{ ports: [5432], cidr: '198.51.100.9/24' }] };
    expect(parseContractRecord(record)).toEqual({
      contract: {
        ingress: [],
        schedulerPort: 443,
        workerPorts: { nannyPort: 8787, workerPort: 8788 },
        restrictedEgress: [{ ports: [5432], cidr: '198.51.100.0/24' }],
        workersPublicIp: true,
        schedulerPublicIp: true,
      },
    });
  });

  test.each([
    [{ workersPublicIp: false, schedulerPublicIp: false }, false, false],
    [{ workersPublicIp: false, schedulerPublicIp: true }, false, true],
    [{ workersPublicIp: true, schedulerPublicIp: false }, true, false],
    [{ workersPublicIp: undefined, schedulerPublicIp: undefined }, true, true],
    [{ workersPublicIp: 'no', schedulerPublicIp: 0 }, true, true],
  ])('public IPs %j: only false makes a role private', (flags, workers, scheduler) => {
    const { contract } = parseContractRecord({ ...RECORD, ...flags });
    expect([contract?.workersPublicIp, contract?.schedulerPublicIp]).toEqual([workers, scheduler]);
  });

  test.each([
    ['0', 0, false],
    ['1', 1, true],
    ['65535', 65535, true],
    ['65536', 65536, false],
    ['-443', -443, false],
    ['443.5', 443.5, false],
    ['NaN', Number.NaN, false],
    ['the text "443"', '443', false],
    ['a token ({ Ref })', { Ref: 'Port' }, false],
    ['missing', undefined, false],
  ])('scheduler port %s: accepted %s', (_, schedulerPort, accepted) => {
    const parsed = parseContractRecord({ ...RECORD, schedulerPort });
    expect(parsed).toEqual(accepted ? { contract: expect.objectContaining({ schedulerPort }) } : { problem: 'the scheduler port is not known at synth time' });
  });

  test.each([
    ['a nanny port of 0', { nannyPort: 0, workerPort: 8788 }, false],
    ['a worker port of 65536', { nannyPort: 8787, workerPort: 65536 }, false],
    ['a nanny port as text', { nannyPort: '8787', workerPort: 8788 }, false],
    ['no worker port', { nannyPort: 8787 }, false],
    ['ports 1 and 65535', { nannyPort: 1, workerPort: 65535 }, true],
  ])('worker ports with %s', (_, workerPorts, accepted) => {
    const parsed = parseContractRecord({ ...RECORD, workerPorts });
    expect(parsed).toEqual(accepted ? { contract: expect.objectContaining({ workerPorts }) } : { problem: 'the worker ports are not known at synth time' });
  });

  test.each([
    ['ingress that is not a list', { ingress: { ports: [443], cidr: '0.0.0.0/0' } }, 'ingress is not a list'],
    ['missing ingress', { ingress: undefined }, 'ingress is not a list'],
    ['an ingress rule without ports', { ingress: [{ cidr: '0.0.0.0/0' }] }, 'ingress has a rule whose ports are not known at synth time'],
    ['an ingress rule with a token port', { ingress: [{ ports: [443, { Ref: 'Port' }], cidr: '0.0.0.0/0' }] }, 'ingress has a rule whose ports are not known at synth time'],
    ['an ingress rule with port 0', { ingress: [{ ports: [0], cidr: '0.0.0.0/0' }] }, 'ingress has a rule whose ports are not known at synth time'],
    ['an ingress rule that is null', { ingress: [null] }, 'ingress has a rule whose ports are not known at synth time'],
    ['an ingress rule with a token CIDR', { ingress: [{ ports: [443], cidr: { Ref: 'Cidr' } }] }, 'ingress has a CIDR not known at synth time ({"Ref":"Cidr"})'],
    ['an ingress rule without a CIDR', { ingress: [{ ports: [443] }] }, 'ingress has a CIDR not known at synth time (undefined)'],
    ['an ingress rule whose CIDR has no prefix', { ingress: [{ ports: [443], cidr: '10.0.0.1' }] }, 'ingress has a CIDR not known at synth time ("10.0.0.1")'],
    ['egress missing', { egress: undefined }, 'dataSources is not a list'],
    ['egress "none"', { egress: 'none' }, 'dataSources is not a list'],
    ['a data source with a token port', { egress: [{ ports: [{ Ref: 'Port' }], cidr: '10.0.0.0/8' }] }, 'dataSources has a rule whose ports are not known at synth time'],
    ['a data source with a bad CIDR', { egress: [{ ports: [5432], cidr: '10.0.0.0/33' }] }, 'dataSources has a CIDR not known at synth time ("10.0.0.0/33")'],
  ])('%s is refused', (_, change, problem) => {
    expect(parseContractRecord({ ...RECORD, ...change })).toEqual({ problem });
  });

  test('the scheduler port is checked before the worker ports, the worker ports before the rules', () => {
    const broken = { ...RECORD, schedulerPort: 0, workerPorts: { nannyPort: 0, workerPort: 0 }, ingress: 'x', egress: 'y' };
    expect(parseContractRecord(broken)).toEqual({ problem: 'the scheduler port is not known at synth time' });
    expect(parseContractRecord({ ...broken, schedulerPort: 443 })).toEqual({ problem: 'the worker ports are not known at synth time' });
    expect(parseContractRecord({ ...broken, schedulerPort: 443, workerPorts: undefined })).toEqual({ problem: 'ingress is not a list' });
  });
});

describe('modelOf and internalServices', () => {
  const contract: DeclaredContract = {
    ingress: [{ ports: [443], cidr: '10.8.0.0/16' }, { ports: [22], cidr: '2001:db8::/32' }],
    schedulerPort: 8786,
    workerPorts: { nannyPort: 8787, workerPort: 8788 },
    restrictedEgress: [{ ports: [5432], cidr: '198.51.100.0/24' }],
    workersPublicIp: false,
    schedulerPublicIp: true,
  };

  test('each rule is parsed (family, prefix, start), its ports copied; the rest is the contract\'s', () => {
    const model = modelOf(contract);
    expect(model).toEqual({
      ingress: [
        { cidr: '10.8.0.0/16', family: 'ipv4', parsed: { family: 'ipv4', prefixLength: 16, bits: 32, start: 0x0a080000n, cidr: '10.8.0.0/16' }, ports: [443] },
        { cidr: '2001:db8::/32', family: 'ipv6', parsed: { family: 'ipv6', prefixLength: 32, bits: 128, start: 0x20010db8000000000000000000000000n, cidr: '2001:db8::/32' }, ports: [22] },
      ],
      schedulerPort: 8786,
      workerPorts: { nannyPort: 8787, workerPort: 8788 },
      restrictedEgress: [{ cidr: '198.51.100.0/24', family: 'ipv4', parsed: { family: 'ipv4', prefixLength: 24, bits: 32, start: 0xc6336400n, cidr: '198.51.100.0/24' }, ports: [5432] }],
      workersPublicIp: false,
      schedulerPublicIp: true,
    });
    expect(model.ingress[0].ports).not.toBe(contract.ingress[0].ports);
  });

  test('without restricted egress the model has none', () => {
    const model = modelOf({ ...contract, restrictedEgress: undefined });
    expect(model.restrictedEgress).toBeUndefined();
    expect(model.ingress.map((r) => r.cidr)).toEqual(['10.8.0.0/16', '2001:db8::/32']);
  });

  test('a rule whose CIDR is not one is refused with the block named', () => {
    expect(() => modelOf({ ...contract, ingress: [{ ports: [443], cidr: '10.8.0.0' }] })).toThrow(new Error('not a CIDR block: 10.8.0.0'));
  });

  test('cluster members open the scheduler, nanny and worker ports to each other, or every protocol and port', () => {
    expect(internalServices(contract).toString()).toBe('TCP 8786-8788');
    expect(internalServices({ ...contract, schedulerPort: 443 }).toString()).toBe('TCP 443, 8787-8788');
    expect(internalServices({ ...contract, workerPorts: undefined }).isAll()).toBe(true);
  });
});

function role(memberships: string[], addresses: string): VmRole {
  return {
    memberships,
    membershipLabel: `network tags ${memberships.join(', ')}`,
    addresses: A(addresses),
    addressLabel: addresses,
    subnets: [],
    publicAddress: 'yes',
    internet: { kind: 'ok', via: 'external IP' },
    objectStore: { kind: 'ok', via: 'external IP' },
  };
}

/** Scheduler VMs in 10.0.1.0/24, workers in 10.0.2.0/24, in a 10.0.0.0/16 network. */
function environment(over: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    cloud: 'gcp',
    origin: 'Terraform JSON',
    workspace: 'demo',
    roles: { scheduler: role(['sched', 'cluster'], '10.0.1.0/24'), workers: role(['cluster'], '10.0.2.0/24') },
    rules: [],
    acls: new Map(),
    vpc: { label: '10.0.0.0/16', addresses: A('10.0.0.0/16') },
    objectStore: { label: 'Cloud Storage', addresses: A('199.36.153.8/30') },
    internalEgressAlsoReaches: AddressSet.EMPTY,
    contractSource: 'recorded on the cluster firewall rule',
    notes: [],
    ...over,
  };
}

/** Each cell as one line: `source -> destination: full | partial`. */
const lines = (m: FlowMatrix) => m.cells.map((c) => `${c.source} -> ${c.destination}: ${c.full} | ${c.partial}`);

describe('expectedMatrix', () => {
  const open = { schedulerPort: 443, workersPublicIp: true, schedulerPublicIp: true };

  test('Coiled\'s defaults: HTTPS from anywhere to the scheduler, everything within the cluster and out', () => {
    const m = expectedMatrix({ ...open, ingress: [{ ports: [443], cidr: '0.0.0.0/0' }] }, environment());
    expect(m.sources.map((s) => s.id)).toEqual(['internet-ipv4', 'internet-ipv6', 'cidr:0.0.0.0/0', 'vpc', 'scheduler', 'workers']);
    expect(m.destinations.map((d) => d.id)).toEqual(['scheduler', 'workers', 'internet', 'control-plane', 'object-store']);
    expect(lines(m)).toEqual([
      'internet-ipv4 -> scheduler: TCP 443 | none',
      'cidr:0.0.0.0/0 -> scheduler: TCP 443 | none',
      'vpc -> scheduler: TCP 443 | none',
      'workers -> scheduler: all traffic | none',
      'scheduler -> workers: all traffic | none',
      'workers -> workers: all traffic | none',
      'scheduler -> internet: all traffic | none',
      'scheduler -> control-plane: TCP 443 | none',
      'scheduler -> object-store: TCP 443 | none',
      'workers -> internet: all traffic | none',
      'workers -> control-plane: TCP 443 | none',
      'workers -> object-store: TCP 443 | none',
    ]);
    expect(m.cells.every((c) => c.allowedBy.length === 0 && c.path === undefined)).toBe(true);
  });

  test('narrowed ports and restricted egress: each source\'s share of the ingress, data sources, the subnet range the internal egress also reaches', () => {
    const contract: DeclaredContract = {
      ...open,
      ingress: [{ ports: [443, 8786], cidr: '10.0.2.0/25' }, { ports: [22], cidr: '2001:db8::/32' }, { ports: [9000], cidr: '203.0.113.0/24' }],
      workerPorts: { nannyPort: 8787, workerPort: 8788 },
      restrictedEgress: [{ ports: [5432], cidr: '198.51.100.0/24' }, { ports: [8786], cidr: '10.0.1.0/25' }],
    };
    const m = expectedMatrix(contract, environment({ internalEgressAlsoReaches: A('10.0.0.0/16') }));
    expect(m.sources.map((s) => s.id)).toEqual(['internet-ipv4', 'internet-ipv6', 'cidr:10.0.2.0/25', 'cidr:2001:db8::/32', 'cidr:203.0.113.0/24', 'vpc', 'scheduler', 'workers']);
    expect(m.destinations.map((d) => d.id)).toEqual(['scheduler', 'workers', 'internet', 'control-plane', 'object-store', 'data:198.51.100.0/24', 'data:10.0.1.0/25']);
    expect(lines(m)).toEqual([
      'internet-ipv4 -> scheduler: none | TCP 9000',
      'internet-ipv6 -> scheduler: none | TCP 22',
      'cidr:10.0.2.0/25 -> scheduler: TCP 443, 8786 | none',
      'cidr:2001:db8::/32 -> scheduler: TCP 22 | none',
      'cidr:203.0.113.0/24 -> scheduler: TCP 9000 | none',
      'vpc -> scheduler: none | TCP 443, 8786',
      // Internal ports from every worker; 8786 from the half the ingress names, to the half the egress names.
      'workers -> scheduler: TCP 443, 8787-8788 | TCP 8786',
      'scheduler -> workers: TCP 443, 8787-8788 | none',
      'workers -> workers: TCP 443, 8787-8788 | none',
      'scheduler -> internet: TCP 443 | TCP 5432',
      'scheduler -> control-plane: TCP 443 | none',
      'scheduler -> object-store: TCP 443 | none',
      'scheduler -> data:198.51.100.0/24: TCP 443, 5432 | none',
      // In the subnet range: the internal ports too.
      'scheduler -> data:10.0.1.0/25: TCP 443, 8786-8788 | none',
      'workers -> internet: TCP 443 | TCP 5432',
      'workers -> control-plane: TCP 443 | none',
      'workers -> object-store: TCP 443 | none',
      'workers -> data:198.51.100.0/24: TCP 443, 5432 | none',
      'workers -> data:10.0.1.0/25: TCP 443, 8786-8788 | none',
    ]);
  });

  test('ingress covering the cluster\'s own range opens the scheduler to its members, never the workers', () => {
    const contract: DeclaredContract = { ...open, ingress: [{ ports: [8786], cidr: '10.0.0.0/8' }], workerPorts: { nannyPort: 8787, workerPort: 8788 } };
    expect(lines(expectedMatrix(contract, environment())).filter((l) => /^(scheduler|workers) -> (scheduler|workers):/.test(l))).toEqual([
      'workers -> scheduler: TCP 443, 8786-8788 | none',
      'scheduler -> workers: TCP 443, 8787-8788 | none',
      'workers -> workers: TCP 443, 8787-8788 | none',
    ]);
  });

  test('two rules for one block are one source row with both rules\' ports', () => {
    const contract: DeclaredContract = { ...open, ingress: [{ ports: [443], cidr: '10.8.0.0/16' }, { ports: [8786], cidr: '10.8.0.0/16' }] };
    const m = expectedMatrix(contract, environment());
    expect(m.sources.map((s) => s.id)).toEqual(['internet-ipv4', 'internet-ipv6', 'cidr:10.8.0.0/16', 'vpc', 'scheduler', 'workers']);
    expect(lines(m).slice(0, 1)).toEqual(['cidr:10.8.0.0/16 -> scheduler: TCP 443, 8786 | none']);
  });

  test('no ingress: the scheduler has no cell from outside the cluster', () => {
    const m = expectedMatrix({ ...open, ingress: [] }, environment());
    expect(lines(m).slice(0, 3)).toEqual(['workers -> scheduler: all traffic | none', 'scheduler -> workers: all traffic | none', 'workers -> workers: all traffic | none']);
  });
});

/** A cell written as plain data (TCP ports admitted from every address, from some), built when a test runs. */
interface PlainCell {
  readonly at?: [string, string];
  readonly full?: number[];
  readonly partial?: number[];
  readonly allowedBy?: string[];
}
const cellOf = ({ at = ['s', 'd'], full = [], partial = [], allowedBy = [] }: PlainCell): FlowCell =>
  ({ source: at[0], destination: at[1], full: ServiceSet.tcp(full), partial: ServiceSet.tcp(partial), allowedBy });
const matrix = (...cells: PlainCell[]): FlowMatrix => ({ sources: [], destinations: [], cells: cells.map(cellOf) });
const wider = (a: FlowMatrix, b: FlowMatrix) => widerCells(a, b).map((w) => ({ source: w.source, destination: w.destination, extra: w.extra.toString(), cell: w.cell }));

describe('widerCells and sameFlows', () => {
  test.each<[string, PlainCell, PlainCell, string]>([
    ['the same services', { full: [443] }, { full: [443] }, 'none'],
    ['every address where the other has some', { full: [443] }, { partial: [443] }, 'TCP 443'],
    ['some addresses where the other has every one', { partial: [443] }, { full: [443] }, 'none'],
    ['another port from every address', { full: [443, 22] }, { full: [443] }, 'TCP 22'],
    ['another port from some addresses', { full: [443], partial: [22] }, { full: [443] }, 'TCP 22'],
    ['a port from some addresses where the other has no cell', { partial: [22] }, { at: ['s', 'x'], partial: [22] }, 'TCP 22'],
    ['a port from every address the other has from some, and the reverse', { full: [22], partial: [443] }, { full: [443], partial: [22] }, 'TCP 22'],
  ])('a cell with %s', (_, mine, theirs, extra) => {
    const a = matrix(mine);
    const found = widerCells(a, matrix(theirs));
    expect(found.map((w) => ({ source: w.source, destination: w.destination, extra: w.extra.toString() }))).toEqual(extra === 'none' ? [] : [{ source: 's', destination: 'd', extra }]);
    if (found.length > 0) expect(found[0].cell).toBe(a.cells[0]);
  });

  test('every wider cell is listed, in the order of the first matrix', () => {
    const a = matrix({ at: ['x', 'd'], full: [22] }, { full: [443] }, { at: ['s', 'e'], full: [443, 22] });
    const b = matrix({ at: ['s', 'e'], full: [443] }, { full: [443] });
    expect(wider(a, b)).toEqual([
      { source: 'x', destination: 'd', extra: 'TCP 22', cell: a.cells[0] },
      { source: 's', destination: 'e', extra: 'TCP 22', cell: a.cells[2] },
    ]);
    expect(wider(b, a)).toEqual([]);
  });

  test.each<[string, PlainCell[], PlainCell[], boolean]>([
    ['the same services by other rules', [{ full: [443], partial: [22], allowedBy: ['a'] }], [{ full: [443], partial: [22], allowedBy: ['b'] }], true],
    ['no cells', [], [], true],
    ['the first wider', [{ full: [443, 22] }], [{ full: [443] }], false],
    ['the second wider', [{ full: [443] }], [{ full: [443, 22] }], false],
    ['a cell only in the second', [], [{ partial: [22] }], false],
  ])('sameFlows with %s: %s', (_, a, b, same) => {
    expect(sameFlows(matrix(...a), matrix(...b))).toBe(same);
  });
});

describe('hasViolations', () => {
  const finding = (severity: Finding['severity']): Finding => ({ severity, code: 'c', message: 'm' });
  test.each([
    [[], false],
    [['note', 'warning'], false],
    [['note', 'violation'], true],
    [['violation'], true],
  ] as Array<[Array<Finding['severity']>, boolean]>)('findings %j: %s', (severities, expected) => {
    const analysis = { findings: severities.map(finding) } as unknown as NetworkAnalysis;
    expect(hasViolations(analysis)).toBe(expected);
  });
});
