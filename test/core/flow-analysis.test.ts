/**
 * The analyzer's semantics on hand-built inputs: GCP's priorities and denies decided exactly over
 * the overlapping traffic, AWS's union of allow rules, group references, implied rules, network
 * ACLs, and the rules named for each flow.
 */
import { AddressSet } from '../../src/core/address-space';
import { AnalysisInput, FilterRule, FlowMatrix, cellOf, computeMatrix } from '../../src/core/flow-analysis';
import { analyzeNetwork, expectedMatrix, sameFlows } from '../../src/core/flow-contract';
import { PortSet, ServiceSet } from '../../src/core/port-set';

const A = (...cidrs: string[]) => AddressSet.fromCidrs(cidrs);
const SCHEDULER = ['tag:sched', 'tag:cluster'];
const WORKERS = ['tag:cluster'];

function rule(id: string, over: Partial<FilterRule> & { from?: string[] }): FilterRule {
  const { from, ...rest } = over;
  return {
    id,
    direction: 'ingress',
    action: 'allow',
    priority: 1000,
    appliesTo: ['tag:cluster'],
    peerParts: (from ?? []).map((c) => ({ label: c, addresses: A(c) })),
    peerGroups: [],
    services: ServiceSet.ALL,
    ...rest,
  };
}

// Functions, not values: nothing of the library runs while the file loads (see docs/mutation.md).
const implied = (): FilterRule[] => [
  rule('implied allow egress', { direction: 'egress', priority: 65535, appliesTo: 'all', from: ['0.0.0.0/0', '::/0'] }),
  rule('implied deny ingress', { action: 'deny', priority: 65535, appliesTo: 'all', from: ['0.0.0.0/0', '::/0'] }),
];

function input(rules: FilterRule[], over: Partial<AnalysisInput> = {}): AnalysisInput {
  const role = (memberships: string[]) => ({
    memberships,
    membershipLabel: memberships.join(', '),
    addresses: A('10.0.0.0/16'),
    addressLabel: '10.0.0.0/16',
    subnets: [],
    publicAddress: 'yes' as const,
    internet: { kind: 'ok' as const, via: 'external IP' },
    objectStore: { kind: 'ok' as const, via: 'external IP' },
  });
  return {
    cloud: 'gcp',
    origin: 'test',
    workspace: 'demo',
    roles: { scheduler: role(SCHEDULER), workers: role(WORKERS) },
    rules,
    acls: new Map(),
    vpc: { label: '10.0.0.0/16', addresses: A('10.0.0.0/16') },
    objectStore: { label: 'Cloud Storage', addresses: A('0.0.0.0/0') },
    internalEgressAlsoReaches: AddressSet.EMPTY,
    contractSource: 'test',
    notes: [],
    ...over,
  };
}

const internal = () => rule('internal', { peerGroups: ['tag:sched', 'tag:cluster'] });
const schedulerIngress = (from: string[], ports: number[], extra: Partial<FilterRule> = {}) => rule('sched-ingress', { appliesTo: ['tag:sched'], from, services: ServiceSet.tcp(ports), ...extra });
const text = (m: FlowMatrix, source: string, destination: string) => {
  const c = cellOf(m, source, destination);
  return { full: c.full.toString(), partial: c.partial.toString(), allowedBy: c.allowedBy };
};

describe('GCP priorities and denies', () => {
  test('a deny with a lower number wins over the overlapping part only', () => {
    const m = computeMatrix(input([
      schedulerIngress(['0.0.0.0/0'], [443, 8786]),
      rule('deny-doc-net', { appliesTo: ['tag:sched'], action: 'deny', priority: 900, from: ['203.0.113.0/24'], services: ServiceSet.tcp([443]) }),
      internal(), ...implied(),
    ]));
    // 443 is admitted from the internet but 203.0.113.0/24, 8786 from all of it.
    expect(text(m, 'internet-ipv4', 'scheduler')).toEqual({ full: 'TCP 8786', partial: 'TCP 443', allowedBy: ['sched-ingress'] });
  });

  test('at equal priority the deny wins; at a higher number the allow wins', () => {
    const deny = (priority: number) => rule('deny-all', { appliesTo: ['tag:sched'], action: 'deny', priority, from: ['0.0.0.0/0'], services: ServiceSet.tcp([443]) });
    const equal = computeMatrix(input([schedulerIngress(['0.0.0.0/0'], [443]), deny(1000), internal(), ...implied()]));
    expect(cellOf(equal, 'internet-ipv4', 'scheduler').full.isEmpty()).toBe(true);
    const later = computeMatrix(input([schedulerIngress(['0.0.0.0/0'], [443]), deny(1001), internal(), ...implied()]));
    expect(text(later, 'internet-ipv4', 'scheduler')).toEqual({ full: 'TCP 443', partial: 'none', allowedBy: ['sched-ingress'] });
  });

  test('a deny of one port under an allow of everything leaves every other port, exactly', () => {
    const m = computeMatrix(input([
      rule('allow-all', { appliesTo: 'all', from: ['0.0.0.0/0'] }),
      rule('deny-ssh', { appliesTo: 'all', action: 'deny', priority: 10, from: ['0.0.0.0/0'], services: ServiceSet.tcp([22]) }),
      ...implied(),
    ]));
    expect(text(m, 'internet-ipv4', 'workers').full).toBe('TCP 0-21, 23-65535; every other protocol');
  });

  test('a deny of a whole protocol under an allow of everything leaves every other protocol', () => {
    const m = computeMatrix(input([
      rule('allow-all', { appliesTo: 'all', from: ['0.0.0.0/0'] }),
      rule('deny-tcp', { appliesTo: 'all', action: 'deny', priority: 10, from: ['0.0.0.0/0'], services: ServiceSet.of('tcp') }),
      rule('deny-udp-53', { appliesTo: 'all', action: 'deny', priority: 10, from: ['0.0.0.0/0'], services: ServiceSet.of('udp', PortSet.fromPorts([53])) }),
      ...implied(),
    ]));
    expect(text(m, 'internet-ipv4', 'workers').full).toBe('UDP 0-52, 54-65535; every other protocol but TCP');
  });

  test('implied rules: egress open, ingress closed', () => {
    const m = computeMatrix(input([internal(), ...implied()]));
    expect(cellOf(m, 'workers', 'internet').full.isAll()).toBe(true);
    expect(cellOf(m, 'internet-ipv4', 'workers').full.isEmpty()).toBe(true);
    expect(cellOf(m, 'internet-ipv4', 'workers').partial.isEmpty()).toBe(true);
  });

  test('a rule whose traffic an earlier deny decided is not named for the flow', () => {
    const m = computeMatrix(input([
      schedulerIngress(['0.0.0.0/0'], [443]),
      rule('shadowed', { appliesTo: ['tag:sched'], priority: 2000, from: ['0.0.0.0/0'], services: ServiceSet.tcp([443]) }),
      internal(), ...implied(),
    ]));
    expect(cellOf(m, 'internet-ipv4', 'scheduler').allowedBy).toEqual(['sched-ingress']);
  });
});

describe('groups, sources and addresses', () => {
  test('group references admit cluster members, never other hosts of the network', () => {
    const m = computeMatrix(input([internal(), ...implied()]));
    expect(cellOf(m, 'scheduler', 'workers').full.isAll()).toBe(true);
    expect(cellOf(m, 'workers', 'workers').full.isAll()).toBe(true);
    expect(cellOf(m, 'vpc', 'workers').full.union(cellOf(m, 'vpc', 'workers').partial).isEmpty()).toBe(true);
  });

  test('an ingress rule covering the VMs\' addresses also admits them (workers -> scheduler)', () => {
    const m = computeMatrix(input([schedulerIngress(['10.0.0.0/8'], [8786]), schedulerIngress(['10.0.0.0/24'], [9999]), rule('no-internal', { appliesTo: ['tag:none'] }), ...implied()]));
    expect(text(m, 'workers', 'scheduler')).toMatchObject({ full: 'TCP 8786', partial: 'TCP 9999' });
  });

  test('the internet excludes private space: a rule for 10.0.0.0/8 opens nothing to it', () => {
    const m = computeMatrix(input([schedulerIngress(['10.0.0.0/8'], [443]), internal(), ...implied()]));
    expect(cellOf(m, 'internet-ipv4', 'scheduler').full.union(cellOf(m, 'internet-ipv4', 'scheduler').partial).isEmpty()).toBe(true);
    expect(text(m, 'vpc', 'scheduler').full).toBe('TCP 443');
  });

  test('two /1 halves open the scheduler to the whole internet, as 0.0.0.0/0 does', () => {
    const m = computeMatrix(input([schedulerIngress(['0.0.0.0/1', '128.0.0.0/1'], [443]), internal(), ...implied()]));
    expect(text(m, 'internet-ipv4', 'scheduler').full).toBe('TCP 443');
  });

  test('every address peer of a rule on the cluster is a source row of its own', () => {
    const m = computeMatrix(input([schedulerIngress(['198.51.100.0/24'], [5000]), internal(), ...implied()]));
    expect(m.sources.find((s) => s.id === 'cidr:198.51.100.0/24')?.label).toBe('198.51.100.0/24 (not in the configured ingress)');
    expect(text(m, 'cidr:198.51.100.0/24', 'scheduler').full).toBe('TCP 5000');
  });
});

describe('network ACLs (first match by number, default deny)', () => {
  const acl = (): FilterRule[] => [
    rule('acl-100', { appliesTo: 'all', action: 'deny', priority: 100, from: ['192.0.2.0/24'] }),
    rule('acl-200', { appliesTo: 'all', priority: 200, from: ['0.0.0.0/0'] }),
    rule('acl-egress', { appliesTo: 'all', direction: 'egress', priority: 100, from: ['0.0.0.0/0'] }),
  ];
  const withAcl = (subnets: Array<string | undefined>) => {
    const base = input([schedulerIngress(['0.0.0.0/0'], [443]), internal(), ...implied()]);
    const scheduler = { ...base.roles.scheduler, subnets: subnets.map((a, i) => ({ label: `subnet ${i}`, acl: a })) };
    return computeMatrix({ ...base, roles: { ...base.roles, scheduler }, acls: new Map([['acl:a', acl()]]) });
  };

  test('an ACL deny narrows what the security groups allow, in every subnet it guards', () => {
    const m = withAcl(['acl:a']);
    expect(text(m, 'internet-ipv4', 'scheduler')).toEqual({ full: 'none', partial: 'TCP 443', allowedBy: ['sched-ingress', 'acl:a'] });
  });

  test('a role in two subnets, one without the ACL: allowed in some of them only', () => {
    // The VM in the unguarded subnet gets every internet address on 443, the other does not.
    const m = withAcl(['acl:a', undefined]);
    expect(text(m, 'internet-ipv4', 'scheduler')).toMatchObject({ full: 'none', partial: 'TCP 443' });
    const guardedNowhere = withAcl([undefined]);
    expect(text(guardedNowhere, 'internet-ipv4', 'scheduler')).toMatchObject({ full: 'TCP 443', partial: 'none' });
  });
});

describe('the contract check', () => {
  const contract = { ingress: [{ ports: [443], cidr: '10.8.0.0/16' }], schedulerPort: 443, workersPublicIp: false, schedulerPublicIp: false };
  const rules = () => [schedulerIngress(['10.8.0.0/16'], [443]), internal(), ...implied()];

  test('rules that do exactly what the contract says: the matrix equals the expected one, no violations', () => {
    const i = input(rules(), { contract });
    expect(sameFlows(computeMatrix(i), expectedMatrix(contract, i))).toBe(true);
    expect(analyzeNetwork(i).findings).toEqual([]);
  });

  test('an extra rule to the workers from the internet is a violation naming the rule', () => {
    const i = input([...rules(), rule('oops', { priority: 900, from: ['0.0.0.0/0'], services: ServiceSet.of('tcp', PortSet.fromPorts([22])) })], { contract });
    const findings = analyzeNetwork(i).findings;
    expect(findings.map((f) => f.code)).toContain('internet-to-workers');
    expect(findings.find((f) => f.code === 'internet-to-workers')!.message).toMatch(/TCP 22 .*admin port SSH 22.*allowed by oops/);
  });

  test('a deny that blocks a needed flow is a violation naming the flow', () => {
    const i = input([...rules(), rule('deny-sched', { appliesTo: ['tag:sched'], action: 'deny', priority: 10, from: ['10.0.0.0/8'], services: ServiceSet.tcp([443]) })], { contract });
    const codes = analyzeNetwork(i).findings.map((f) => `${f.code}: ${f.message}`);
    expect(codes).toContainEqual(expect.stringMatching(/^needed-flow-blocked: Dask client \(10.8.0.0\/16\) -> Scheduler: TCP 443/));
    expect(codes).toContainEqual(expect.stringMatching(/^needed-flow-blocked: workers -> scheduler: TCP 443/));
  });

  test('no route to the internet for a needed flow is a violation', () => {
    const i = input(rules(), { contract });
    const workers = { ...i.roles.workers, internet: { kind: 'none' as const, via: 'no external IP and no Cloud NAT' } };
    const findings = analyzeNetwork({ ...i, roles: { ...i.roles, workers } }).findings;
    expect(findings.map((f) => f.message)).toContain('workers -> Coiled control plane: the firewall allows it, but there is no route (no external IP and no Cloud NAT)');
  });

  test('SSH opened to internet addresses on purpose: a warning, not a violation', () => {
    const withSsh = { ...contract, ingress: [...contract.ingress, { ports: [22], cidr: '203.0.113.7/32' }] };
    const i = input([...rules(), schedulerIngress(['203.0.113.7/32'], [22])], { contract: withSsh });
    const findings = analyzeNetwork(i).findings;
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['warning admin-port-configured']);
  });

  test('no recorded contract: a violation, the matrix is still computed', () => {
    const result = analyzeNetwork(input(rules()));
    expect(result.findings.map((f) => f.code)).toEqual(['contract-unknown']);
    expect(cellOf(result.matrix, 'cidr:10.8.0.0/16', 'scheduler').full.toString()).toBe('TCP 443');
    expect(cellOf(result.matrix, 'scheduler', 'workers').full.isAll()).toBe(true);
  });
});
