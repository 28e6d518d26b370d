import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { BASE, firewalls, gcpWarnings, libraryError, bareWorkspace, synthStack } from './util';
import { IpFamily } from '../../src/core/ingress';
import { CoiledGcpFirewall, CoiledGcpWorkspace } from '../../src/gcp';
import { portsSignature } from '../../src/gcp/firewall';

const TAGS = ['coiled-demo-scheduler', 'coiled-demo-cluster'];

describe('firewall rules by network tag', () => {
  test('default: scheduler ingress, intra-cluster, egress (IPv4 and IPv6); nothing else', () => {
    const { json } = synthStack();
    const rules = firewalls(json);
    expect(Object.keys(rules).sort()).toEqual(['coiled-demo-egress-all', 'coiled-demo-egress-all-ipv6', 'coiled-demo-internal', 'coiled-demo-sched-ipv4-443-8786-8787']);
    expect(rules['coiled-demo-sched-ipv4-443-8786-8787']).toMatchObject({
      direction: 'INGRESS',
      priority: 1000,
      source_ranges: ['0.0.0.0/0'],
      target_tags: ['coiled-demo-scheduler'],
      allow: [{ protocol: 'tcp', ports: ['443', '8786-8787'] }],
    });
  });

  test('intra-cluster: all traffic from both tags to the cluster tag (the scheduler carries both)', () => {
    expect(firewalls(synthStack().json)['coiled-demo-internal']).toMatchObject({ direction: 'INGRESS', source_tags: TAGS, target_tags: ['coiled-demo-cluster'], allow: [{ protocol: 'all' }] });
  });

  test('egress for both tags, to anywhere', () => {
    const rules = firewalls(synthStack().json);
    expect(rules['coiled-demo-egress-all']).toMatchObject({ direction: 'EGRESS', destination_ranges: ['0.0.0.0/0'], target_tags: TAGS, allow: [{ protocol: 'all' }] });
    expect(rules['coiled-demo-egress-all-ipv6']).toMatchObject({ destination_ranges: ['::/0'] });
  });

  test('IPv4 and IPv6 sources never share a rule; blocks with the same ports share one', () => {
    const { json } = synthStack({
      ingress: [
        { ports: [443], cidr: '10.1.0.0/16' },
        { ports: [443], cidr: '10.2.0.0/16' },
        { ports: [443], cidr: '2001:db8::/32' },
        { ports: [22], cidr: '198.51.100.7/32' },
      ],
    });
    const rules = firewalls(json);
    expect(rules['coiled-demo-sched-ipv4-443'].source_ranges).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    expect(rules['coiled-demo-sched-ipv6-443'].source_ranges).toEqual(['2001:db8::/32']);
    expect(rules['coiled-demo-sched-ipv4-22'].source_ranges).toEqual(['198.51.100.7/32']);
  });

  test('names and Terraform addresses derive from what a rule opens, not list position', () => {
    const a = synthStack({ ingress: [{ ports: [1], cidr: '10.0.0.0/8' }, { ports: [2], cidr: '11.0.0.0/8' }] }).json;
    const b = synthStack({ ingress: [{ ports: [2], cidr: '11.0.0.0/8' }, { ports: [1], cidr: '10.0.0.0/8' }] }).json;
    expect(Object.keys(a.resource.google_compute_firewall)).toEqual(Object.keys(b.resource.google_compute_firewall));
    expect(Object.keys(a.resource.google_compute_firewall).some((k) => k.includes('SchedulerIngress-ipv4-1_'))).toBe(true);
  });

  test('a long port list gets a stable hashed name within 63 characters', () => {
    const ports = [1001, 1003, 1005, 1007, 1009, 1011];
    const rules = firewalls(synthStack({ ingress: [{ ports, cidr: '10.0.0.0/8' }] }).json);
    const name = Object.keys(rules).find((n) => n.includes('sched'))!;
    expect(name).toMatch(/^coiled-demo-sched-ipv4-p[0-9a-f]{8}$/);
  });

  test("the seed's worker_options ports narrow intra-cluster traffic", () => {
    const rules = firewalls(synthStack({ workerPorts: { nannyPort: 8000, workerPort: 9000 } }).json);
    expect(rules['coiled-demo-internal'].allow).toEqual([{ protocol: 'tcp', ports: ['443', '8000', '9000'] }]);
  });

  test('restricted egress: HTTPS, the subnet, data sources, then deny all at 65534', () => {
    const rules = firewalls(synthStack({ restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.50.0.0/16' }] }).json);
    expect(rules['coiled-demo-egress-https']).toMatchObject({ destination_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['443'] }], priority: 1000 });
    expect(rules['coiled-demo-egress-internal']).toMatchObject({ destination_ranges: ['10.0.0.0/16'], allow: [{ protocol: 'all' }] });
    expect(rules['coiled-demo-data-ipv4-5432']).toMatchObject({ destination_ranges: ['10.50.0.0/16'], allow: [{ protocol: 'tcp', ports: ['5432'] }] });
    expect(rules['coiled-demo-egress-deny-all']).toMatchObject({ priority: 65534, deny: [{ protocol: 'all' }], destination_ranges: ['0.0.0.0/0'], target_tags: TAGS });
    expect(rules['coiled-demo-egress-deny-all-ipv6']).toMatchObject({ priority: 65534, destination_ranges: ['::/0'] });
    expect(rules['coiled-demo-egress-all']).toBeUndefined();
  });

  test('logging is opt-in', () => {
    const rules = firewalls(synthStack({ firewallLogging: true }).json);
    expect(Object.values<any>(rules).every((r) => r.log_config?.metadata === 'INCLUDE_ALL_METADATA')).toBe(true);
  });

  test('host bits are normalised with a warning naming both forms', () => {
    const { stack } = bareWorkspace({ ingress: [{ ports: [8786], cidr: '10.1.0.2/16' }] });
    expect(gcpWarnings(stack).join()).toMatch(/"10\.1\.0\.2\/16" has host bits set; .*"10\.1\.0\.0\/16"/);
  });

  test('a token CIDR goes into the rule of the family the user declares', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const cidr = new TerraformVariable(stack, 'client_cidr', { type: 'string' }).stringValue;
    new CoiledGcpWorkspace(stack, 'Workspace', { ...BASE, ingress: [{ ports: [443], cidr, cidrFamily: IpFamily.IPV6 }, { ports: [443], cidr: '10.0.0.0/8' }] });
    const rules = firewalls(JSON.parse(Testing.synth(stack)));
    expect(rules['coiled-demo-sched-ipv6-443'].source_ranges).toEqual(['${var.client_cidr}']);
    expect(rules['coiled-demo-sched-ipv4-443'].source_ranges).toEqual(['10.0.0.0/8']);
  });

  test('a token CIDR without its family fails: it is never put beside literal blocks of a guessed family', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const cidr = new TerraformVariable(stack, 'client_cidr', { type: 'string' }).stringValue;
    const err = libraryError(() => new CoiledGcpWorkspace(stack, 'Workspace', { ...BASE, ingress: [{ ports: [443], cidr }, { ports: [443], cidr: '10.0.0.0/8' }] }));
    expect(err.code).toBe('UNKNOWN_ADDRESS_FAMILY');
    expect(err.input).toBe('ingress[0].cidr');
  });
});

describe("GCP's per-rule limits", () => {
  test('over 5,000 aggregable source ranges are merged into one rule', () => {
    const ingress = Array.from({ length: 6000 }, (_, i) => ({ ports: [443], cidr: `100.64.${Math.floor(i / 256)}.${i % 256}/32` }));
    const rules = firewalls(synthStack({ ingress }).json);
    expect(rules['coiled-demo-sched-ipv4-443'].source_ranges.length).toBeLessThan(10);
  });

  test('more than 5,000 ranges that cannot merge fail at synth, naming the limit', () => {
    const ingress = Array.from({ length: 5001 }, (_, i) => ({ ports: [443], cidr: `10.${Math.floor((i * 2) / 256)}.${(i * 2) % 256}.0/24` }));
    const err = libraryError(() => bareWorkspace({ ingress }));
    expect(err.code).toBe('FIREWALL_RULE_LIMIT');
    expect(err.fix).toMatch(/5000 ranges per firewall rule/);
  });
});

describe('CoiledGcpFirewall bad input', () => {
  test.each([
    [{ priority: 65534 }, 'INVALID_NUMBER'],
    [{ priority: -1 }, 'INVALID_NUMBER'],
    [{ ingress: [{ ports: [70000], cidr: '10.0.0.0/8' }] }, 'INVALID_PORT'],
    [{ namePrefix: 'Bad_Prefix' }, 'INVALID_NAME'],
  ])('%j fails with %s', (props, code) => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const err = libraryError(
      () => new CoiledGcpFirewall(stack, 'Firewall', { projectId: BASE.projectId, network: 'n', subnetCidr: '10.0.0.0/16', schedulerTag: 's', clusterTag: 'c', namePrefix: 'coiled-x', ...props }),
    );
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('test/Firewall');
  });
});

describe('CoiledGcpFirewall boundaries', () => {
  const FIREWALL = { projectId: BASE.projectId, network: 'n', subnetCidr: '10.0.0.0/16', schedulerTag: 's', clusterTag: 'c', namePrefix: 'coiled-x' };
  function build(props: Partial<ConstructorParameters<typeof CoiledGcpFirewall>[2]> = {}, stack = new TerraformStack(Testing.app(), 'test')) {
    const firewall = new CoiledGcpFirewall(stack, `Firewall${stack.node.children.length}`, { ...FIREWALL, ...props });
    return { stack, firewall, rules: firewalls(JSON.parse(Testing.synth(stack))) };
  }

  test.each([0, 1000, 65533])('priority %d (0 to the deny-all priority minus one) is accepted and rendered', (priority) => {
    const { rules } = build({ priority });
    expect(rules['coiled-x-internal'].priority).toBe(priority);
  });

  test.each([65534, 65535, -1, 1.5])('priority %d is refused: 65534 is the deny-all of restricted egress', (priority) => {
    expect(libraryError(() => build({ priority })).code).toBe('INVALID_NUMBER');
  });

  // The default firewall is 4 rules: one scheduler-ingress set, intra-cluster, egress IPv4 and IPv6.
  test('a quota of exactly the rules needed is accepted; one less is refused, naming both counts', () => {
    expect(Object.keys(build({ ruleQuota: 4 }).rules)).toHaveLength(4);
    const err = libraryError(() => build({ ruleQuota: 3 }));
    expect(err.code).toBe('FIREWALL_RULE_QUOTA');
    expect(err.problem).toMatch(/need 4 firewall rules.*quota of 3/);
  });

  test.each([0, -4, 2.5])('ruleQuota %d is refused as a number, before any counting', (ruleQuota) => {
    expect(libraryError(() => build({ ruleQuota })).code).toBe('INVALID_NUMBER');
  });

  test("other firewalls of the app in the same project count against the quota; another project's do not", () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new CoiledGcpFirewall(stack, 'First', { ...FIREWALL, ruleQuota: 8 });
    new CoiledGcpFirewall(stack, 'Second', { ...FIREWALL, namePrefix: 'coiled-y', ruleQuota: 8 });
    const err = libraryError(() => new CoiledGcpFirewall(stack, 'Third', { ...FIREWALL, namePrefix: 'coiled-z', ruleQuota: 11 }));
    expect(err.code).toBe('FIREWALL_RULE_QUOTA');
    expect(err.problem).toMatch(/already create 8 in the project: over the project's quota of 11/);
    expect(() => new CoiledGcpFirewall(stack, 'Elsewhere', { ...FIREWALL, projectId: 'other-project-1', namePrefix: 'coiled-w', ruleQuota: 4 })).not.toThrow();
  });

  test('restricted egress counts its five fixed rules and each data-source port set', () => {
    // ingress 1 + internal 1 + HTTPS x2 + subnet + deny x2 + two data port sets = 9
    const dataSources = [{ ports: [5432], cidr: '10.9.0.0/16' }, { ports: [9000], cidr: '10.8.0.0/16' }];
    expect(Object.keys(build({ restrictEgress: true, dataSources, ruleQuota: 9 }).rules)).toHaveLength(9);
    const err = libraryError(() => build({ restrictEgress: true, dataSources, ruleQuota: 8 }));
    expect(err.code).toBe('FIREWALL_RULE_QUOTA');
    expect(err.input).toBe('dataSources');
  });

  test('IPv6 egress rules allow what their IPv4 twins allow (never an empty allow list)', () => {
    const open = build().rules;
    expect(open['coiled-x-egress-all-ipv6'].allow).toEqual(open['coiled-x-egress-all'].allow);
    expect(open['coiled-x-egress-all-ipv6'].allow).toEqual([{ protocol: 'all' }]);
    const restricted = build({ restrictEgress: true }).rules;
    expect(restricted['coiled-x-egress-https-ipv6'].allow).toEqual([{ protocol: 'tcp', ports: ['443'] }]);
    expect(restricted['coiled-x-egress-https-ipv6'].destination_ranges).toEqual(['::/0']);
    expect(restricted['coiled-x-egress-deny-all-ipv6']).toMatchObject({ priority: 65534, deny: [{ protocol: 'all' }], destination_ranges: ['::/0'] });
  });

  // GCP limits a firewall description to 2,048 characters; descriptions of rules sharing one
  // GCP rule are joined with "; ". Eight user descriptions: 6 x 255 + 2 more, 7 separators.
  const eightDescriptions = (last: number) =>
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((letter, i) => ({ ports: [443], cidr: `10.0.${i * 2}.0/24`, description: letter.repeat(i < 6 ? 255 : i === 6 ? 252 : last) }));

  test('a joined description of exactly 2,048 characters is kept whole', () => {
    const description = build({ ingress: eightDescriptions(252) }).rules['coiled-x-sched-ipv4-443'].description;
    expect(description).toHaveLength(2048);
    expect(description.endsWith('h'.repeat(252))).toBe(true);
  });

  test('a joined description of 2,049 characters is cut to 2,048, ending in "..."', () => {
    const description = build({ ingress: eightDescriptions(253) }).rules['coiled-x-sched-ipv4-443'].description;
    expect(description).toHaveLength(2048);
    expect(description.endsWith(`${'h'.repeat(248)}...`)).toBe(true);
  });
});

describe('portsSignature (the port part of a rule name and Terraform address)', () => {
  test.each([
    [[443], '443'],
    [[10001, 10002, 1003], '10001-10002-1003'], // 16 characters: still readable
  ])('%j stays readable: %s', (ports, signature) => {
    expect(portsSignature(ports)).toBe(signature);
  });

  test('17 characters or more become a stable 8-hex-digit hash', () => {
    const long = portsSignature([10001, 10002, 10003]);
    expect(long).toMatch(/^p[0-9a-f]{8}$/);
    expect(portsSignature([10001, 10002, 10003])).toBe(long);
    expect(portsSignature([10001, 10002, 10004])).not.toBe(long);
  });

  test('hashes keep port boundaries: [1, 23, …] and [12, 3, …] never share a name', () => {
    const filler = [20001, 20002, 20003];
    expect(portsSignature([1, 23, ...filler])).not.toBe(portsSignature([12, 3, ...filler]));
  });
});
