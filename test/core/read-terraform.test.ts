/**
 * The Terraform JSON reader (`coiled-byoc analyze` on a cdk.tf.json) on hand-built stacks: how the
 * workspace is found (its outputs, or in a user's own stack the record on its firewall rule), every
 * refusal word for word, each firewall rule attribute in the forms cdktf writes (literals,
 * `${type.name.attribute}` references, lists), the implied rules, the subnet and network ranges,
 * and the routes out (external IP, Cloud NAT, Private Google Access, the default route).
 */
import { AddressSet } from '../../src/core/address-space';
import { AnalysisInput, AnalysisInputError, FilterRule, internetIpv4, ReadOptions, VmRole } from '../../src/core/flow-analysis';
import { isTerraformJson, readTerraform } from '../../src/core/read-terraform';

type Json = Record<string, any>;

const NETWORK = '${google_compute_network.net.self_link}';
const SUBNET = '${google_compute_subnetwork.sub.self_link}';
const DATA_ACCOUNT = '${google_service_account.data.email}';
const CONTRACT = { version: 1, workspace: 'my-team', ingress: [{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0' }], schedulerPort: 443, egress: 'all', workersPublicIp: true, schedulerPublicIp: true };
const record = (over: Json = {}) => ({ 'coiled-byoc': { workspace: 'my-team', clusterTag: 'cluster', schedulerTag: 'sched', networkContract: CONTRACT, ...over } });
const INTERNAL = { '//': record(), 'name': 'ws-internal', 'network': NETWORK, 'direction': 'INGRESS', 'priority': 1000, 'allow': [{ protocol: 'all' }], 'source_tags': ['sched', 'cluster'], 'target_tags': ['cluster'] };
const OUTPUTS: Record<string, unknown> = {
  coiled_workspace_name: 'my-team',
  coiled_scheduler_network_tag: 'sched',
  coiled_cluster_network_tag: 'cluster',
  coiled_network_self_link: NETWORK,
  coiled_subnet_self_link: SUBNET,
  coiled_data_service_account_email: DATA_ACCOUNT,
};
const NO_OUTPUTS_NOTE = "the stack has no coiled-byoc outputs: the subnet and the VMs' service account are not known, only their network tags";

interface Parts {
  /** Output values by key (default: the workspace's). */
  readonly output?: Record<string, unknown>;
  /** Firewall rules after the workspace's internal one (`internal: undefined` drops that one). */
  readonly firewall?: Json;
  /** Resource types beside the firewall rules, replacing the network and subnet when given. */
  readonly resource?: Json;
  readonly data?: Json;
}

/** A workspace's stack as cdktf writes it, cut down to what the reader reads. */
function stack(p: Parts = {}): Json {
  return {
    output: Object.fromEntries(Object.entries(p.output ?? OUTPUTS).map(([k, value]) => [k, { value }])),
    resource: {
      google_compute_network: { net: { name: 'coiled-net' } },
      google_compute_subnetwork: { sub: { ip_cidr_range: '10.0.0.0/16', network: '${google_compute_network.net.id}' } },
      ...p.resource,
      google_compute_firewall: Object.fromEntries(Object.entries({ internal: INTERNAL, ...p.firewall }).filter(([, v]) => v !== undefined)),
    },
    ...(p.data ? { data: p.data } : {}),
  };
}

const cidrs = (a: AddressSet) => a.toCidrs();
const ruleView = (r: FilterRule) => ({
  id: r.id,
  direction: r.direction,
  action: r.action,
  priority: r.priority,
  appliesTo: r.appliesTo,
  peerParts: r.peerParts.map((p) => ({ label: p.label, addresses: cidrs(p.addresses) })),
  peerGroups: r.peerGroups,
  services: r.services.toString(),
});
const roleView = (r: VmRole) => ({ ...r, addresses: cidrs(r.addresses) });
/** The input with its address and service sets as text, so that one `toEqual` pins all of it. */
function view(i: AnalysisInput) {
  return {
    ...i,
    roles: { scheduler: roleView(i.roles.scheduler), workers: roleView(i.roles.workers) },
    rules: i.rules.map(ruleView),
    acls: [...i.acls],
    vpc: { label: i.vpc.label, addresses: cidrs(i.vpc.addresses) },
    objectStore: { label: i.objectStore.label, theInternet: i.objectStore.addresses.equals(internetIpv4()) },
    internalEgressAlsoReaches: cidrs(i.internalEgressAlsoReaches),
  };
}
const read = (json: unknown, options?: ReadOptions) => view(readTerraform(json, options));

const EVERYWHERE = [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }, { label: '::/0', addresses: ['::/0'] }];
const IMPLIED = [
  { id: 'implied allow egress (65535)', direction: 'egress', action: 'allow', priority: 65535, appliesTo: 'all', peerParts: EVERYWHERE, peerGroups: [], services: 'all traffic' },
  { id: 'implied deny ingress (65535)', direction: 'ingress', action: 'deny', priority: 65535, appliesTo: 'all', peerParts: EVERYWHERE, peerGroups: [], services: 'all traffic' },
];
const INTERNAL_RULE = { id: 'ws-internal', direction: 'ingress', action: 'allow', priority: 1000, appliesTo: ['tag:cluster'], peerParts: [], peerGroups: ['tag:sched', 'tag:cluster'], services: 'all traffic' };
const ALL_IPV4 = [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }];

/** The rules read from the stack's firewall rules, the implied two (always last) checked and left out. */
function rulesOf(json: unknown, options?: ReadOptions) {
  const input = read(json, options);
  expect(input.rules.slice(-2)).toEqual(IMPLIED);
  return { rules: input.rules.slice(0, -2), notes: input.notes };
}

/** Rule `r` added to the workspace's stack, as read, with the notes it caused. */
function readRule(rule: Json, parts: Parts = {}) {
  const { rules, notes } = rulesOf(stack({ ...parts, firewall: { r: rule } }));
  expect(rules[0]).toEqual(INTERNAL_RULE);
  expect(rules).toHaveLength(2);
  return { rule: rules[1], notes };
}

/** The message of the AnalysisInputError `fn` throws (fails the test for any other outcome). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnalysisInputError) return e.message;
    throw e;
  }
  throw new Error('expected an AnalysisInputError, nothing was thrown');
}

describe('what is a Terraform JSON stack', () => {
  test.each([
    ['an object with a resource block', { resource: {} }, true],
    ['an object with only a terraform block', { terraform: { backend: {} } }, true],
    ['an empty object', {}, false],
    ['a CloudFormation template', { Resources: {} }, false],
    ['an object whose resource is text', { resource: 'google_compute_firewall' }, false],
    ['an object whose terraform is text', { terraform: '1.5' }, false],
    ['null', null, false],
    ['text', 'resource', false],
    ['a list carrying a resource key', Object.assign([], { resource: {} }), false],
    ['a function carrying a resource key', Object.assign(() => 0, { resource: {} }), false],
  ])('%s: %s', (_, json, expected) => {
    expect(isTerraformJson(json)).toBe(expected);
  });

  test.each([
    ['a CloudFormation template', { Resources: {} }],
    ['null', null],
  ])('%s is refused by the reader', (_, json) => {
    expect(refusal(() => readTerraform(json))).toBe('not a Terraform JSON stack: it has no resource or terraform block');
  });
});

describe('a workspace found by its outputs', () => {
  test('every part of the input: roles, rules with the implied two, ranges, contract, routes', () => {
    const json = stack({
      firewall: {
        sched: { name: 'ws-sched', network: NETWORK, direction: 'INGRESS', priority: 1000, allow: [{ protocol: 'tcp', ports: ['443', '8786-8787'] }], source_ranges: ['0.0.0.0/0'], target_tags: ['sched'] },
        egress: { name: 'ws-egress', network: NETWORK, direction: 'EGRESS', priority: 1000, allow: [{ protocol: 'all' }], destination_ranges: ['0.0.0.0/0'], target_tags: ['sched', 'cluster'] },
      },
    });
    const role = { addresses: ['10.0.0.0/16'], addressLabel: '10.0.0.0/16', subnets: [{ label: '10.0.0.0/16' }], publicAddress: 'yes', internet: { kind: 'ok', via: 'external IP' }, objectStore: { kind: 'ok', via: 'external IP' } };
    expect(read(json)).toEqual({
      cloud: 'gcp',
      origin: 'Terraform JSON stack',
      workspace: 'my-team',
      roles: {
        scheduler: { memberships: ['tag:sched', 'tag:cluster', 'sa:google_service_account.data'], membershipLabel: 'network tags sched, cluster, service account google_service_account.data', ...role },
        workers: { memberships: ['tag:cluster', 'sa:google_service_account.data'], membershipLabel: 'network tags cluster, service account google_service_account.data', ...role },
      },
      rules: [
        INTERNAL_RULE,
        { id: 'ws-sched', direction: 'ingress', action: 'allow', priority: 1000, appliesTo: ['tag:sched'], peerParts: ALL_IPV4, peerGroups: [], services: 'TCP 443, 8786-8787' },
        { id: 'ws-egress', direction: 'egress', action: 'allow', priority: 1000, appliesTo: ['tag:sched', 'tag:cluster'], peerParts: ALL_IPV4, peerGroups: [], services: 'all traffic' },
        ...IMPLIED,
      ],
      acls: [],
      vpc: { label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] },
      objectStore: { label: 'Cloud Storage', theInternet: true },
      internalEgressAlsoReaches: ['10.0.0.0/16'],
      contract: { ingress: [{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0' }], schedulerPort: 443, workerPorts: undefined, restrictedEgress: undefined, workersPublicIp: true, schedulerPublicIp: true },
      contractSource: 'recorded on the firewall rules',
      notes: [],
    });
  });

  test('without a data service account output the roles are their tags only', () => {
    const { coiled_data_service_account_email: _, ...output } = OUTPUTS;
    const { roles } = read(stack({ output }));
    expect([roles.scheduler.memberships, roles.scheduler.membershipLabel, roles.workers.memberships, roles.workers.membershipLabel]).toEqual([
      ['tag:sched', 'tag:cluster'],
      'network tags sched, cluster',
      ['tag:cluster'],
      'network tags cluster',
    ]);
  });

  test('the outputs without a resource block: no rules but the implied ones, the subnet and the routes unknown', () => {
    const { resource: _, ...json } = stack();
    const role = {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'the range of google_compute_subnetwork.sub, not in this stack',
      subnets: [{ label: 'the range of google_compute_subnetwork.sub, not in this stack' }],
      publicAddress: 'yes',
      internet: { kind: 'unknown', via: 'the network is not in this stack (external IP)' },
      objectStore: { kind: 'unknown', via: 'the network is not in this stack (external IP)' },
    };
    expect(read({ ...json, terraform: {} })).toEqual({
      cloud: 'gcp',
      origin: 'Terraform JSON stack',
      workspace: 'my-team',
      roles: {
        scheduler: { memberships: ['tag:sched', 'tag:cluster', 'sa:google_service_account.data'], membershipLabel: 'network tags sched, cluster, service account google_service_account.data', ...role },
        workers: { memberships: ['tag:cluster', 'sa:google_service_account.data'], membershipLabel: 'network tags cluster, service account google_service_account.data', ...role },
      },
      rules: IMPLIED,
      acls: [],
      vpc: { label: 'the range of google_compute_subnetwork.sub, not in this stack', addresses: ['240.0.0.0/24'] },
      objectStore: { label: 'Cloud Storage', theInternet: true },
      internalEgressAlsoReaches: ['240.0.0.0/24'],
      contract: undefined,
      contractSource: 'no coiled-byoc record on its firewall rules',
      notes: [],
    });
  });

  test('a stack with only the firewall rules: rules on the network by reference are read, the subnet and the routes unknown', () => {
    const json = stack({ resource: { google_compute_network: undefined, google_compute_subnetwork: undefined }, firewall: { r: { name: 'r', network: 'coiled-net' } } });
    const input = read(json);
    expect([input.rules.map((r) => r.id), input.roles.workers.addressLabel, input.roles.workers.addresses, input.roles.workers.internet]).toEqual([
      ['ws-internal', 'implied allow egress (65535)', 'implied deny ingress (65535)'],
      'the range of google_compute_subnetwork.sub, not in this stack',
      ['240.0.0.0/24'],
      { kind: 'unknown', via: 'the network is not in this stack (external IP)' },
    ]);
  });

  test('an output block that is null is no output', () => {
    const json = stack();
    json.output.coiled_data_service_account_email = null;
    expect(read(json).roles.workers.memberships).toEqual(['tag:cluster']);
  });

  test('without a subnet output the subnet is a stand-in', () => {
    const { coiled_subnet_self_link: _, ...output } = OUTPUTS;
    const { workers } = read(stack({ output })).roles;
    expect([workers.addresses, workers.addressLabel]).toEqual([['240.0.0.0/24'], 'the subnet range, not in this stack']);
  });

  test('--workspace naming the stack\'s workspace reads it; another name is refused', () => {
    expect(read(stack(), { workspace: 'my-team' }).workspace).toBe('my-team');
    expect(refusal(() => readTerraform(stack(), { workspace: 'other' }))).toBe('the stack holds workspace "my-team", not "other"');
  });

  test('without a workspace-name output the workspace has no name, and --workspace is refused', () => {
    const { coiled_workspace_name: _, ...output } = OUTPUTS;
    expect(read(stack({ output })).workspace).toBe('');
    expect(refusal(() => readTerraform(stack({ output }), { workspace: 'my-team' }))).toBe('the stack holds workspace "", not "my-team"');
  });

  test('the contract comes from the record whose cluster tag is the output\'s; a record of another cluster is not it', () => {
    const other = { ...INTERNAL, '//': record({ clusterTag: 'other-cluster', networkContract: { ...CONTRACT, schedulerPublicIp: false } }) };
    const first = read(stack({ firewall: { internal: other, mine: INTERNAL } }));
    expect([first.contractSource, first.contract?.schedulerPublicIp]).toEqual(['recorded on the firewall rules', true]);
    const none = read(stack({ firewall: { internal: other } }));
    expect([none.contractSource, none.contract]).toEqual(['no coiled-byoc record on its firewall rules', undefined]);
  });

  test.each([
    ['without a schedulerTag', { schedulerTag: undefined }],
    ['with a cluster tag that is not text', { clusterTag: 7 }],
    ['with a scheduler tag that is not text', { schedulerTag: ['sched'] }],
  ])('a record %s is no record', (_, over) => {
    const none = read(stack({ firewall: { internal: { ...INTERNAL, '//': record(over) } } }));
    expect([none.contractSource, none.contract]).toEqual(['no coiled-byoc record on its firewall rules', undefined]);
  });

  test('a record without a readable contract: the problem is the contract source, the public IPs come from the outputs', () => {
    const input = read(stack({ firewall: { internal: { ...INTERNAL, '//': record({ networkContract: undefined }) } }, output: { ...OUTPUTS, coiled_use_scheduler_public_ip: false } }));
    expect([input.contract, input.contractSource, input.roles.scheduler.publicAddress, input.roles.workers.publicAddress]).toEqual([undefined, 'no contract record', 'no', 'yes']);
  });

  test.each([
    ['absent', undefined, 'yes'],
    ['true', true, 'yes'],
    ['"true"', 'true', 'yes'],
    ['false', false, 'no'],
    ['"false"', 'false', 'no'],
    ['"yes"', 'yes', 'no'],
  ])('without a contract, a public-IP output %s gives public address %s', (_, value, expected) => {
    const output = { ...OUTPUTS, coiled_give_workers_public_ip: value, coiled_use_scheduler_public_ip: value };
    if (value === undefined) {
      delete output.coiled_give_workers_public_ip;
      delete output.coiled_use_scheduler_public_ip;
    }
    const { roles } = read(stack({ firewall: { internal: { ...INTERNAL, '//': record({ networkContract: undefined }) } }, output }));
    expect([roles.scheduler.publicAddress, roles.workers.publicAddress]).toEqual([expected, expected]);
  });

  test.each([
    ['the scheduler', { schedulerPublicIp: false }, ['no', 'yes']],
    ['the workers', { workersPublicIp: false }, ['yes', 'no']],
  ])('the contract\'s public IPs win over the outputs: %s without one', (_, over, expected) => {
    const json = stack({
      firewall: { internal: { ...INTERNAL, '//': record({ networkContract: { ...CONTRACT, ...over } }) } },
      output: { ...OUTPUTS, coiled_give_workers_public_ip: true, coiled_use_scheduler_public_ip: true },
    });
    const { roles } = read(json);
    expect([roles.scheduler.publicAddress, roles.workers.publicAddress]).toEqual(expected);
  });

  test.each([
    ['the scheduler tag', { coiled_scheduler_network_tag: undefined }],
    ['the cluster tag', { coiled_cluster_network_tag: undefined }],
    ['a cluster tag that is not text', { coiled_cluster_network_tag: ['cluster'] }],
    ['a scheduler tag that is not text', { coiled_scheduler_network_tag: 7 }],
  ])('without %s output the stack is read as a user\'s own, by its record (the service account output still counts)', (_, over) => {
    const output = Object.fromEntries(Object.entries({ ...OUTPUTS, ...over }).filter(([, v]) => v !== undefined));
    const input = read(stack({ output }));
    expect([input.workspace, input.roles.scheduler.memberships, input.notes]).toEqual(['my-team', ['tag:sched', 'tag:cluster', 'sa:google_service_account.data'], [NO_OUTPUTS_NOTE]]);
  });
});

describe("a workspace found by its record, in a user's own stack", () => {
  test('the record names the tags and the network; the subnet is a stand-in', () => {
    const { output: _, ...json } = stack();
    const role = { addresses: ['240.0.0.0/24'], addressLabel: 'the subnet range, not in this stack', subnets: [{ label: 'the subnet range, not in this stack' }], publicAddress: 'yes', internet: { kind: 'ok', via: 'external IP' }, objectStore: { kind: 'ok', via: 'external IP' } };
    expect(read(json)).toEqual({
      cloud: 'gcp',
      origin: 'Terraform JSON stack',
      workspace: 'my-team',
      roles: {
        scheduler: { memberships: ['tag:sched', 'tag:cluster'], membershipLabel: 'network tags sched, cluster', ...role },
        workers: { memberships: ['tag:cluster'], membershipLabel: 'network tags cluster', ...role },
      },
      rules: [INTERNAL_RULE, ...IMPLIED],
      acls: [],
      vpc: { label: '10.0.0.0/16', addresses: ['10.0.0.0/16', '240.0.0.0/24'] },
      objectStore: { label: 'Cloud Storage', theInternet: true },
      internalEgressAlsoReaches: ['240.0.0.0/24'],
      contract: { ingress: [{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0' }], schedulerPort: 443, workerPorts: undefined, restrictedEgress: undefined, workersPublicIp: true, schedulerPublicIp: true },
      contractSource: 'recorded on the firewall rules',
      notes: [NO_OUTPUTS_NOTE],
    });
  });

  const two = () => stack({
    output: {},
    firewall: {
      plain: { name: 'plain', network: NETWORK, allow: [{ protocol: 'tcp', ports: ['22'] }] },
      other: { ...INTERNAL, 'name': 'other-internal', 'network': '${google_compute_network.other.self_link}', '//': record({ workspace: 'analytics', clusterTag: 'a-cluster', schedulerTag: 'a-sched' }) },
    },
    resource: { google_compute_network: { net: { name: 'coiled-net' }, other: { name: 'other-net' } } },
  });

  test('two workspaces: refused without --workspace, each read with it', () => {
    expect(refusal(() => readTerraform(two()))).toBe('the stack holds 2 workspaces (my-team, analytics): choose one with --workspace <name>');
    const analytics = read(two(), { workspace: 'analytics' });
    expect([analytics.workspace, analytics.roles.scheduler.memberships, analytics.rules.map((r) => r.id)]).toEqual([
      'analytics',
      ['tag:a-sched', 'tag:a-cluster'],
      ['other-internal', 'implied allow egress (65535)', 'implied deny ingress (65535)'],
    ]);
    const mine = read(two(), { workspace: 'my-team' });
    expect([mine.workspace, mine.roles.workers.memberships, mine.rules.map((r) => r.id)]).toEqual([
      'my-team',
      ['tag:cluster'],
      ['ws-internal', 'plain', 'implied allow egress (65535)', 'implied deny ingress (65535)'],
    ]);
    expect(mine.notes).toEqual([NO_OUTPUTS_NOTE, '1 firewall rule(s) are on other networks and do not apply to the workspace']);
  });

  test('--workspace naming no workspace of the stack is refused, listing those it holds', () => {
    expect(refusal(() => readTerraform(two(), { workspace: 'nope' }))).toBe('no workspace "nope" in this stack (found: my-team, analytics)');
  });

  test('two records of one workspace are one workspace', () => {
    const json = stack({ output: {}, firewall: { again: { ...INTERNAL, name: 'again' } } });
    expect(read(json).workspace).toBe('my-team');
  });

  test('a record without a workspace name is the workspace ""', () => {
    const json = stack({ output: {}, firewall: { internal: { ...INTERNAL, '//': { 'coiled-byoc': { clusterTag: 'cluster', schedulerTag: 'sched' } } } } });
    const input = read(json);
    expect([input.workspace, input.contractSource]).toEqual(['', 'no contract record']);
    expect(refusal(() => readTerraform(json, { workspace: 'my-team' }))).toBe('no workspace "my-team" in this stack (found: )');
  });

  test.each([
    ['no firewall rules', { firewall: { internal: undefined } }],
    ['a firewall rule without "//"', { firewall: { internal: undefined, plain: { name: 'p', network: NETWORK } } }],
    ['a "//" without a coiled-byoc record', { firewall: { internal: { ...INTERNAL, '//': { metadata: { path: 'x' } } } } }],
    ['a record without its tags', { firewall: { internal: { ...INTERNAL, '//': { 'coiled-byoc': { workspace: 'my-team' } } } } }],
    ['a record without its cluster tag', { firewall: { internal: { ...INTERNAL, '//': { 'coiled-byoc': { workspace: 'my-team', schedulerTag: 'sched' } } } } }],
    ['a record without its scheduler tag', { firewall: { internal: { ...INTERNAL, '//': { 'coiled-byoc': { workspace: 'my-team', clusterTag: 'cluster' } } } } }],
  ])('without outputs, %s is no workspace', (_, parts) => {
    expect(refusal(() => readTerraform(stack({ ...parts, output: {} })))).toBe(
      'no Coiled workspace in this stack: it has neither the coiled_scheduler_network_tag/coiled_cluster_network_tag outputs nor firewall rules marked by coiled-byoc. Give the cdk.tf.json of a stack that holds a coiled-byoc workspace (cdktf.out/stacks/<stack>/cdk.tf.json)',
    );
  });

  test('a stack with only a terraform block is no workspace', () => {
    expect(refusal(() => readTerraform({ terraform: {} }))).toMatch(/^no Coiled workspace in this stack: /);
  });

  test('a record on a rule whose network is not a reference: every rule is read, the routes are unknown', () => {
    const json = stack({ output: {}, firewall: { internal: { ...INTERNAL, network: 'coiled-net' }, far: { name: 'far', network: '${google_compute_network.other.id}' } } });
    const input = read(json);
    expect([input.rules.map((r) => r.id), input.roles.workers.internet, input.vpc.label]).toEqual([
      ['ws-internal', 'far', 'implied allow egress (65535)', 'implied deny ingress (65535)'],
      { kind: 'unknown', via: 'the network is not in this stack (external IP)' },
      '10.0.0.0/16',
    ]);
  });
});

describe('firewall policies', () => {
  test.each([
    ['google_compute_network_firewall_policy_rule'],
    ['google_compute_region_network_firewall_policy_rule'],
    ['google_compute_firewall_policy_rule'],
  ])('a stack with %s resources is noted: policies are not analyzed', (type) => {
    const { notes } = read(stack({ resource: { google_compute_network: { net: { name: 'coiled-net' } }, [type]: { p: { priority: 1 } } } }));
    expect(notes).toEqual([`the stack has ${type} resources: firewall policies are evaluated before the network's firewall rules and are not analyzed`]);
  });
});

describe('each firewall rule', () => {
  test('a rule with nothing but an allow: ingress, priority 1000, every VM, from 0.0.0.0/0, named by its address', () => {
    expect(readRule({ network: NETWORK, allow: [{ protocol: 'tcp', ports: ['22'] }] })).toEqual({
      rule: { id: 'google_compute_firewall.r', direction: 'ingress', action: 'allow', priority: 1000, appliesTo: 'all', peerParts: ALL_IPV4, peerGroups: [], services: 'TCP 22' },
      notes: [],
    });
  });

  test.each([
    ['a literal name', 'admin-ssh', 'admin-ssh'],
    ['a name with a reference', 'ssh-${var.suffix}', 'google_compute_firewall.r'],
    ['a name that is not text', 7, 'google_compute_firewall.r'],
  ])('%s: the id is %s', (_, name, id) => {
    expect(readRule({ name, network: NETWORK }).rule.id).toBe(id);
  });

  test.each([
    ['INGRESS', 'ingress'],
    ['EGRESS', 'egress'],
    ['egress', 'egress'],
    ['Ingress', 'ingress'],
  ])('direction %s is %s', (direction, expected) => {
    expect(readRule({ network: NETWORK, direction }).rule.direction).toBe(expected);
  });

  test.each([
    ['absent', undefined, 1000],
    ['0', 0, 0],
    ['text', '900', 900],
    ['65534', 65534, 65534],
  ])('priority %s is %s', (_, priority, expected) => {
    expect(readRule({ network: NETWORK, priority }).rule.priority).toBe(expected);
  });

  test.each([
    ['a deny', { deny: [{ protocol: 'tcp', ports: ['22'] }], allow: [{ protocol: 'all' }] }, 'deny', 'TCP 22'],
    ['an empty deny beside an allow', { deny: [], allow: [{ protocol: 'udp', ports: ['53'] }] }, 'allow', 'UDP 53'],
    ['a deny that is not a list', { deny: { protocol: 'tcp' }, allow: [{ protocol: 'udp', ports: ['53'] }] }, 'allow', 'UDP 53'],
    ['neither allow nor deny', {}, 'allow', 'none'],
  ])('%s: action %s on %s', (_, over, action, services) => {
    const { rule } = readRule({ network: NETWORK, ...over });
    expect([rule.action, rule.services]).toEqual([action, services]);
  });

  test.each([
    ['tcp without ports', [{ protocol: 'tcp' }], 'TCP all ports'],
    ['tcp with an empty port list', [{ protocol: 'tcp', ports: [] }], 'TCP all ports'],
    ['ports and ranges, as text and numbers', [{ protocol: 'tcp', ports: ['8000-8080', 443, '80'] }], 'TCP 80, 443, 8000-8080'],
    ['two protocols', [{ protocol: 'udp', ports: ['53'] }, { protocol: 'tcp', ports: ['22'] }], 'TCP 22; UDP 53'],
    ['a protocol number', [{ protocol: '6', ports: ['22'] }], 'TCP 22'],
    ['icmp, whose ports mean nothing', [{ protocol: 'icmp', ports: ['8'] }], 'ICMP'],
    ['esp', [{ protocol: 'esp' }], 'ESP'],
    ['all', [{ protocol: 'all' }], 'all traffic'],
    ['all beside tcp', [{ protocol: 'tcp', ports: ['22'] }, { protocol: 'all' }], 'all traffic'],
    ['an empty list', [], 'none'],
  ])('allow %s: %s', (_, allow, services) => {
    expect(readRule({ network: NETWORK, allow })).toEqual({ rule: expect.objectContaining({ services }), notes: [] });
  });

  test.each([
    ['an unknown protocol', [{ protocol: 'bogus' }], 'protocol "bogus" is not known; read as every protocol'],
    ['an unknown protocol after a known one', [{ protocol: 'tcp', ports: ['22'] }, { protocol: 'bogus' }, { protocol: 'what' }], 'protocol "bogus" is not known; read as every protocol'],
    ['no protocol', [{ ports: ['22'] }], 'protocol undefined is not known; read as every protocol'],
  ])('%s is read as every protocol, with a note', (_, allow, note) => {
    expect(readRule({ name: 'odd', network: NETWORK, allow })).toEqual({ rule: expect.objectContaining({ services: 'all traffic' }), notes: [`odd: ${note}`] });
  });

  test.each([
    ['target tags', { target_tags: ['sched', 'bastion'] }, ['tag:sched', 'tag:bastion']],
    ['a service account by reference', { target_service_accounts: [DATA_ACCOUNT] }, ['sa:google_service_account.data']],
    ['a service account by the email of one in the stack', { target_service_accounts: ['vm@my-project.iam.gserviceaccount.com'] }, ['sa:google_service_account.vm']],
    ['the email of an account of another project', { target_service_accounts: ['vm@other.iam.gserviceaccount.com'] }, ['sa:vm@other.iam.gserviceaccount.com']],
    ['an email of another account', { target_service_accounts: ['ci@my-project.iam.gserviceaccount.com'] }, ['sa:ci@my-project.iam.gserviceaccount.com']],
    ['both', { target_tags: ['cluster'], target_service_accounts: [DATA_ACCOUNT] }, ['tag:cluster', 'sa:google_service_account.data']],
    ['an empty tag list', { target_tags: [] }, 'all'],
    ['tags that are not a list', { target_tags: 'cluster' }, 'all'],
  ])('%s: applies to %s', (_, over, appliesTo) => {
    const resource = { google_compute_network: { net: { name: 'coiled-net' } }, google_service_account: { ci: { account_id: 'ci', project: 'other' }, vm: { account_id: 'vm', project: 'my-project' } } };
    expect(readRule({ network: NETWORK, ...over }, { resource }).rule.appliesTo).toEqual(appliesTo);
  });

  test.each([
    ['source ranges', { source_ranges: ['203.0.113.0/24', '::/0'] }, [{ label: '203.0.113.0/24', addresses: ['203.0.113.0/24'] }, { label: '::/0', addresses: ['::/0'] }]],
    ['destination ranges only', { destination_ranges: ['203.0.113.0/24'] }, ALL_IPV4],
    ['the subnet range by reference', { source_ranges: ['${google_compute_subnetwork.sub.ip_cidr_range}'] }, [{ label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] }]],
    [
      'the range of a subnet not in the stack',
      { source_ranges: ['${google_compute_subnetwork.far.ip_cidr_range}'] },
      [{ label: 'the range of google_compute_subnetwork.far, not in this stack', addresses: ['240.0.0.0/24'] }],
    ],
    ['another attribute of a resource', { source_ranges: ['${google_compute_address.ip.address}'] }, [{ label: '${google_compute_address.ip.address} (not known in this file)', addresses: ['240.0.0.0/24'] }]],
    ['a variable', { source_ranges: ['${var.office}'] }, [{ label: '${var.office} (not known in this file)', addresses: ['240.0.0.0/24'] }]],
    ['text that is no block', { source_ranges: ['office', 'office'] }, [{ label: 'office (not known in this file)', addresses: ['240.0.0.0/24'] }, { label: 'office (not known in this file)', addresses: ['240.0.0.0/24'] }]],
    ['ranges that are not a list', { source_ranges: '203.0.113.0/24' }, ALL_IPV4],
  ])('ingress from %s', (_, over, peerParts) => {
    expect(readRule({ network: NETWORK, ...over })).toEqual({ rule: expect.objectContaining({ peerParts, peerGroups: [] }), notes: [] });
  });

  test('a range with host bits set is read as its block, with a note', () => {
    expect(readRule({ name: 'office', network: NETWORK, source_ranges: ['203.0.113.7/24'] })).toEqual({
      rule: expect.objectContaining({ peerParts: [{ label: '203.0.113.0/24', addresses: ['203.0.113.0/24'] }] }),
      notes: ['office: 203.0.113.7/24 has host bits set; read as 203.0.113.0/24'],
    });
  });

  test.each([
    ['destination ranges', { destination_ranges: ['198.51.100.0/24'] }, [{ label: '198.51.100.0/24', addresses: ['198.51.100.0/24'] }]],
    ['source ranges only', { source_ranges: ['198.51.100.0/24'] }, ALL_IPV4],
    ['source tags only', { source_tags: ['bastion'], source_service_accounts: [DATA_ACCOUNT] }, ALL_IPV4],
    ['the subnet range by reference', { destination_ranges: ['${google_compute_subnetwork.sub.ip_cidr_range}'] }, [{ label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] }]],
  ])('egress to %s', (_, over, peerParts) => {
    expect(readRule({ network: NETWORK, direction: 'EGRESS', ...over }).rule).toEqual(expect.objectContaining({ direction: 'egress', peerParts, peerGroups: [] }));
  });

  test('source tags and accounts: the workspace\'s own are groups, others are VMs of unknown addresses', () => {
    const over = {
      source_tags: ['sched', 'bastion', 'cluster'],
      source_service_accounts: [DATA_ACCOUNT, 'ci@other.iam.gserviceaccount.com', '${google_service_account.ci.email}'],
      source_ranges: ['192.0.2.0/24'],
    };
    expect(readRule({ network: NETWORK, ...over }).rule).toEqual(expect.objectContaining({
      peerParts: [
        { label: '192.0.2.0/24', addresses: ['192.0.2.0/24'] },
        { label: 'VMs with network tag bastion', addresses: ['240.0.0.0/24'] },
        { label: 'VMs with service account ci@other.iam.gserviceaccount.com', addresses: ['240.0.1.0/24'] },
        { label: 'VMs with service account google_service_account.ci', addresses: ['240.0.2.0/24'] },
      ],
      peerGroups: ['tag:sched', 'tag:cluster', 'sa:google_service_account.data'],
    }));
  });

  test('only own source tags: groups and no 0.0.0.0/0', () => {
    expect(readRule({ network: NETWORK, source_tags: ['cluster'] }).rule).toEqual(expect.objectContaining({ peerParts: [], peerGroups: ['tag:cluster'] }));
  });

  test('the same unknown subnet is one stand-in block, in the roles and in every rule', () => {
    const output = { ...OUTPUTS, coiled_subnet_self_link: '${data.google_compute_subnetwork.sub.self_link}' };
    const data = { google_compute_subnetwork: { sub: { self_link: 'projects/p/regions/r/subnetworks/coiled' } } };
    const json = stack({
      output,
      data,
      firewall: {
        a: { name: 'a', network: NETWORK, source_tags: ['bastion'] },
        b: { name: 'b', network: NETWORK, source_ranges: ['${data.google_compute_subnetwork.sub.ip_cidr_range}'] },
      },
    });
    const input = read(json);
    expect([input.roles.workers.addresses, input.roles.workers.addressLabel, input.rules[1].peerParts, input.rules[2].peerParts]).toEqual([
      ['240.0.0.0/24'],
      'the range of data.google_compute_subnetwork.sub, not in this stack',
      [{ label: 'VMs with network tag bastion', addresses: ['240.0.1.0/24'] }],
      [{ label: 'the range of data.google_compute_subnetwork.sub, not in this stack', addresses: ['240.0.0.0/24'] }],
    ]);
  });

  test('two subnets not in the stack are two stand-ins', () => {
    const output = { ...OUTPUTS, coiled_subnet_self_link: '${google_compute_subnetwork.gone.self_link}' };
    const input = read(stack({ output, firewall: { r: { name: 'r', network: NETWORK, source_ranges: ['${google_compute_subnetwork.far.ip_cidr_range}'] } } }));
    expect([input.roles.workers.addresses, input.rules[1].peerParts]).toEqual([
      ['240.0.0.0/24'],
      [{ label: 'the range of google_compute_subnetwork.far, not in this stack', addresses: ['240.0.1.0/24'] }],
    ]);
  });

  test.each([
    ['true', true, false],
    ['"true"', 'true', false],
    ['false', false, true],
    ['"false"', 'false', true],
  ])('disabled %s: read %s', (_, disabled, kept) => {
    const { rules } = rulesOf(stack({ firewall: { r: { name: 'r', network: NETWORK, disabled } } }));
    expect(rules.map((r) => r.id)).toEqual(kept ? ['ws-internal', 'r'] : ['ws-internal']);
  });
});

describe('which rules are on the workspace\'s network', () => {
  test.each([
    ['its self link', NETWORK, true],
    ['its id', '${google_compute_network.net.id}', true],
    ['its name by reference', '${google_compute_network.net.name}', true],
    ['its name', 'coiled-net', true],
    ['its path', 'projects/my-project/global/networks/coiled-net', true],
    ['its URL', 'https://www.googleapis.com/compute/v1/projects/my-project/global/networks/coiled-net', true],
    ['another network by reference', '${google_compute_network.other.self_link}', false],
    ['another network of the same name in a data source', '${data.google_compute_network.net.self_link}', false],
    ['another name', 'default', false],
    ['a path ending in its name', 'projects/my-project/global/networks/old-coiled-net', false],
    ['a name ending in its name', 'old-coiled-net', false],
    ['no network', undefined, false],
  ])('a rule on %s: %s', (_, network, on) => {
    const { rules, notes } = rulesOf(stack({ firewall: { r: { name: 'r', network } } }));
    expect([rules.map((r) => r.id), notes]).toEqual(on ? [['ws-internal', 'r'], []] : [['ws-internal'], ['1 firewall rule(s) are on other networks and do not apply to the workspace']]);
  });

  test('rules elsewhere are counted in one note', () => {
    const far = { network: 'default' };
    const { notes } = rulesOf(stack({ firewall: { a: far, b: far, c: { network: NETWORK } } }));
    expect(notes).toEqual(['2 firewall rule(s) are on other networks and do not apply to the workspace']);
  });

  test('a network without a name in the stack is named by no rule', () => {
    const resource = { google_compute_network: { net: {} } };
    expect(rulesOf(stack({ resource, firewall: { r: { name: 'r', network: 'projects/p/global/networks/undefined' } } })).rules.map((r) => r.id)).toEqual(['ws-internal']);
  });

  test('a network not in the stack: rules naming a network in text are elsewhere, by reference on it', () => {
    const output = { ...OUTPUTS, coiled_network_self_link: '${google_compute_network.gone.self_link}' };
    const json = stack({ output, firewall: { internal: { ...INTERNAL, network: '${google_compute_network.gone.id}' }, r: { name: 'r', network: 'gone' } } });
    expect(rulesOf(json)).toEqual({ rules: [INTERNAL_RULE], notes: ['1 firewall rule(s) are on other networks and do not apply to the workspace'] });
  });

  test('an existing network (a data source): rules naming it by name or path are on it', () => {
    const output = { ...OUTPUTS, coiled_network_self_link: '${data.google_compute_network.net.self_link}' };
    const data = { google_compute_network: { net: { name: 'shared-vpc' } } };
    const json = stack({
      output,
      data,
      firewall: {
        internal: { ...INTERNAL, network: '${data.google_compute_network.net.self_link}' },
        byName: { name: 'by-name', network: 'shared-vpc' },
        byPath: { name: 'by-path', network: 'projects/host/global/networks/shared-vpc' },
        resource: { name: 'resource', network: NETWORK },
      },
    });
    expect(rulesOf(json).rules.map((r) => r.id)).toEqual(['ws-internal', 'by-name', 'by-path']);
  });

  test('without a network output every rule is read, and every subnet is the network\'s', () => {
    const { coiled_network_self_link: _, ...output } = OUTPUTS;
    const resource = {
      google_compute_subnetwork: { sub: { ip_cidr_range: '10.0.0.0/16', network: NETWORK }, far: { ip_cidr_range: '10.9.0.0/16', network: '${google_compute_network.other.id}' } },
    };
    const input = read(stack({ output, resource, firewall: { r: { name: 'r', network: 'anything' } } }));
    expect([input.rules.map((r) => r.id), input.vpc, input.roles.workers.internet]).toEqual([
      ['ws-internal', 'r', 'implied allow egress (65535)', 'implied deny ingress (65535)'],
      { label: '10.0.0.0/16, 10.9.0.0/16', addresses: ['10.0.0.0/16', '10.9.0.0/16'] },
      { kind: 'unknown', via: 'the network is not in this stack (external IP)' },
    ]);
  });
});

describe('the subnet and the network\'s ranges', () => {
  test('the network\'s subnets that the stack defines, valid ones only, with the workspace subnet', () => {
    const resource = {
      google_compute_network: { net: { name: 'coiled-net' } },
      google_compute_subnetwork: {
        sub: { ip_cidr_range: '10.0.0.0/16', network: '${google_compute_network.net.id}' },
        second: { ip_cidr_range: '10.1.0.0/16', network: NETWORK },
        far: { ip_cidr_range: '10.9.0.0/16', network: '${google_compute_network.other.id}' },
        token: { ip_cidr_range: '${var.range}', network: NETWORK },
        literal: { ip_cidr_range: '10.8.0.0/16', network: 'coiled-net' },
      },
    };
    const input = read(stack({ resource }));
    expect([input.vpc, input.roles.scheduler.addressLabel, input.internalEgressAlsoReaches]).toEqual([
      { label: '10.0.0.0/16, 10.1.0.0/16', addresses: ['10.0.0.0/15'] },
      '10.0.0.0/16',
      ['10.0.0.0/16'],
    ]);
  });

  test('no subnet of the network in the stack: the network is the subnet\'s stand-in', () => {
    const resource = { google_compute_network: { net: { name: 'coiled-net' } }, google_compute_subnetwork: { sub: { ip_cidr_range: '10.0.0.0/16', network: '${google_compute_network.other.id}' } } };
    const output = { ...OUTPUTS, coiled_subnet_self_link: '${google_compute_subnetwork.gone.self_link}' };
    const input = read(stack({ resource, output }));
    expect([input.vpc, input.roles.scheduler.addresses, input.roles.scheduler.subnets]).toEqual([
      { label: 'the range of google_compute_subnetwork.gone, not in this stack', addresses: ['240.0.0.0/24'] },
      ['240.0.0.0/24'],
      [{ label: 'the range of google_compute_subnetwork.gone, not in this stack' }],
    ]);
  });

  test('a subnet whose range is not a block is a stand-in', () => {
    const resource = { google_compute_network: { net: { name: 'coiled-net' } }, google_compute_subnetwork: { sub: { ip_cidr_range: '${var.range}', network: NETWORK } } };
    const input = read(stack({ resource }));
    expect([input.roles.workers.addressLabel, input.roles.workers.addresses, input.vpc.label]).toEqual([
      'the range of google_compute_subnetwork.sub, not in this stack',
      ['240.0.0.0/24'],
      'the range of google_compute_subnetwork.sub, not in this stack',
    ]);
  });
});

describe('the routes out', () => {
  const privateContract = { ...CONTRACT, workersPublicIp: false, schedulerPublicIp: false };
  /** The workers' routes in the workspace's stack with `resource` added and the workers' public IP as given. */
  function routes(resource: Json, opts: { publicIp?: boolean; network?: Json; pga?: unknown; output?: Record<string, unknown> } = {}) {
    const json = stack({
      output: opts.output,
      firewall: { internal: { ...INTERNAL, '//': record({ networkContract: { ...privateContract, workersPublicIp: opts.publicIp ?? false } }) } },
      resource: {
        google_compute_network: { net: { name: 'coiled-net', ...opts.network } },
        google_compute_subnetwork: { sub: { ip_cidr_range: '10.0.0.0/16', network: NETWORK, private_ip_google_access: opts.pga } },
        ...resource,
      },
    });
    const { workers } = read(json).roles;
    return { internet: workers.internet, objectStore: workers.objectStore };
  }
  const ok = (via: string) => ({ kind: 'ok', via });
  const none = (via: string) => ({ kind: 'none', via });
  const router = { google_compute_router: { r: { name: 'router', network: '${google_compute_network.net.id}' }, far: { name: 'far', network: '${google_compute_network.other.id}' } } };
  const nat = (over: Json) => ({ ...router, google_compute_router_nat: { n: { router: '${google_compute_router.r.name}', source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS', ...over } } });
  const subnetNat = (name: string) => nat({ subnetwork: [{ name, source_ip_ranges_to_nat: ['ALL_IP_RANGES'] }] });

  test.each([
    ['an external IP', {}, { publicIp: true }, ok('external IP'), ok('external IP')],
    ['neither an external IP nor NAT', {}, {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT for every subnet', nat({ source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }), {}, ok('Cloud NAT'), ok('Cloud NAT')],
    ['Cloud NAT for every subnet\'s primary range', nat({ source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES' }), {}, ok('Cloud NAT'), ok('Cloud NAT')],
    ['Cloud NAT for the subnet', subnetNat('${google_compute_subnetwork.sub.id}'), {}, ok('Cloud NAT'), ok('Cloud NAT')],
    ['Cloud NAT for the subnet by self link', subnetNat('${google_compute_subnetwork.sub.self_link}'), {}, ok('Cloud NAT'), ok('Cloud NAT')],
    ['Cloud NAT for another subnet', subnetNat('${google_compute_subnetwork.other.id}'), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT for a subnet named in text', subnetNat('coiled-subnet'), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT listing no subnets', nat({}), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT without a mode', nat({ source_subnetwork_ip_ranges_to_nat: undefined }), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT on a router of another network', nat({ router: '${google_compute_router.far.name}', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT on a router not in the stack', nat({ router: '${google_compute_router.gone.name}', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Cloud NAT on a router named in text', nat({ router: 'router', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }), {}, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Private Google Access', {}, { pga: true }, none('no external IP and no Cloud NAT'), ok('Private Google Access')],
    ['Private Google Access as text', {}, { pga: 'true' }, none('no external IP and no Cloud NAT'), ok('Private Google Access')],
    ['Private Google Access off', {}, { pga: false }, none('no external IP and no Cloud NAT'), none('no external IP and no Cloud NAT')],
    ['Private Google Access with Cloud NAT', nat({ source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }), { pga: true }, ok('Cloud NAT'), ok('Private Google Access')],
    ['Private Google Access with an external IP', {}, { pga: true, publicIp: true }, ok('external IP'), ok('external IP')],
    ['an external IP without the default route', {}, { publicIp: true, network: { delete_default_routes_on_create: true } }, none('no default route to the internet gateway'), none('no default route to the internet gateway')],
    ['Cloud NAT without the default route', nat({ source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }), { network: { delete_default_routes_on_create: 'true' } }, none('no default route to the internet gateway'), none('no default route to the internet gateway')],
    ['an external IP, the default route kept', {}, { publicIp: true, network: { delete_default_routes_on_create: false } }, ok('external IP'), ok('external IP')],
  ])('%s', (_, resource, opts, internet, objectStore) => {
    expect(routes(resource, opts)).toEqual({ internet, objectStore });
  });

  test.each([
    ["in a user's own stack (no outputs)", {}],
    ['whose subnet output is text', { ...OUTPUTS, coiled_subnet_self_link: 'projects/p/regions/r/subnetworks/coiled' }],
  ])('the subnet not known %s: Cloud NAT for a list of subnets is not known to reach the VMs', (_, output) => {
    const resource = subnetNat('projects/p/regions/r/subnetworks/other');
    expect(routes(resource, { output })).toEqual({ internet: none('no external IP and no Cloud NAT'), objectStore: none('no external IP and no Cloud NAT') });
  });

  const deleted = { publicIp: true, network: { delete_default_routes_on_create: true } };
  const route = (over: Json) => ({ google_compute_route: { r: { network: '${google_compute_network.net.id}', dest_range: '0.0.0.0/0', next_hop_gateway: 'default-internet-gateway', ...over } } });
  test.each([
    ['a route of its own to the internet gateway', route({}), true],
    ['a route by the gateway\'s path', route({ next_hop_gateway: 'projects/p/global/gateways/default-internet-gateway' }), true],
    ['a route by the network\'s self link', route({ network: NETWORK }), true],
    ['a route on another network', route({ network: '${google_compute_network.other.id}' }), false],
    ['a route on a network named in text', route({ network: 'coiled-net' }), false],
    ['a route to part of the internet', route({ dest_range: '0.0.0.0/1' }), false],
    ['a route to another gateway', route({ next_hop_gateway: 'default-internet-gateway-2' }), false],
    ['a route through an instance', route({ next_hop_gateway: undefined, next_hop_instance: 'nat-vm' }), false],
  ])('default routes deleted, %s: a route out %s', (_, resource, out) => {
    expect(routes(resource, deleted).internet).toEqual(out ? ok('external IP') : none('no default route to the internet gateway'));
  });

  // Private Google Access needs a route to the internet gateway too: the default one, or one to
  // the private.googleapis.com / restricted.googleapis.com addresses (then DNS decides).
  const pgaDeleted = { pga: true, network: { delete_default_routes_on_create: true } };
  const unknown = (via: string) => ({ kind: 'unknown', via });
  const noRoute = none('Private Google Access, but no route to the internet gateway (default routes deleted)');
  const overVip = (range: string) => unknown(`Private Google Access over the route to ${range}, if DNS sends Google APIs to private.googleapis.com or restricted.googleapis.com`);
  const noInternet = none('no default route to the internet gateway');
  test.each([
    ['no route of its own', {}, noInternet, noRoute],
    ['a default route of its own', route({}), none('no external IP and no Cloud NAT'), ok('Private Google Access')],
    ['a route to private.googleapis.com', route({ dest_range: '199.36.153.8/30' }), noInternet, overVip('199.36.153.8/30')],
    ['a route to restricted.googleapis.com', route({ dest_range: '199.36.153.4/30' }), noInternet, overVip('199.36.153.4/30')],
    ['a route to a block holding both', route({ dest_range: '199.36.153.0/24' }), noInternet, overVip('199.36.153.0/24')],
    ['a route to the addresses just past them', route({ dest_range: '199.36.153.12/30' }), noInternet, noRoute],
    ['a route to private.googleapis.com through an instance', route({ dest_range: '199.36.153.8/30', next_hop_gateway: undefined, next_hop_instance: 'proxy' }), noInternet, noRoute],
    ['a route to private.googleapis.com on another network', route({ dest_range: '199.36.153.8/30', network: '${google_compute_network.other.id}' }), noInternet, noRoute],
    ['a route whose range is not a CIDR block', route({ dest_range: '${var.range}' }), noInternet, noRoute],
  ])('Private Google Access with the default routes deleted, %s', (_, resource, internet, objectStore) => {
    expect(routes(resource, pgaDeleted)).toEqual({ internet, objectStore });
  });

  test.each([
    ['an existing network (a data source), with an external IP', '${data.google_compute_network.net.self_link}', true, 'the network is not in this stack (external IP)'],
    ['an existing network (a data source), without one', '${data.google_compute_network.net.self_link}', false, 'the network is not in this stack'],
    ['a network not in the stack', '${google_compute_network.gone.self_link}', true, 'the network is not in this stack (external IP)'],
    ['a data source in a stack without data blocks', '${data.google_compute_network.gone.self_link}', false, 'the network is not in this stack'],
  ])('%s: the routes are unknown', (_, networkLink, publicIp, via) => {
    const json = stack({
      output: { ...OUTPUTS, coiled_network_self_link: networkLink },
      data: networkLink.includes('gone') ? undefined : { google_compute_network: { net: { name: 'shared-vpc' } } },
      firewall: { internal: { ...INTERNAL, 'network': networkLink, '//': record({ networkContract: { ...CONTRACT, workersPublicIp: publicIp } }) } },
    });
    const { workers } = read(json).roles;
    expect([workers.internet, workers.objectStore]).toEqual([{ kind: 'unknown', via }, { kind: 'unknown', via }]);
  });
});

describe('references', () => {
  // A reference is the whole value: `${type.name.attribute}`, cdktf's form; anything around it is text.
  test.each([
    ['a resource', '${google_service_account.data.email}', 'sa:google_service_account.data'],
    ['a data source', '${data.google_service_account.vm.email}', 'sa:data.google_service_account.vm'],
    ['a cdktf name with capitals, digits and hyphens', '${google_service_account.Workspace_Data-ipv4_DDBEB0B7.email}', 'sa:google_service_account.Workspace_Data-ipv4_DDBEB0B7'],
    ['text before it', 'x${google_service_account.data.email}', 'sa:x${google_service_account.data.email}'],
    ['text after it', '${google_service_account.data.email}x', 'sa:${google_service_account.data.email}x'],
    ['a module output, by its address', '${module.vms.email}', 'sa:module.vms'],
    ['a capital in the type', '${Google_service_account.data.email}', 'sa:${Google_service_account.data.email}'],
    ['a capital in the attribute', '${google_service_account.data.Email}', 'sa:${google_service_account.data.Email}'],
    ['a digit in the attribute', '${google_service_account.data.email2}', 'sa:${google_service_account.data.email2}'],
    ['an index', '${google_service_account.data[0].email}', 'sa:${google_service_account.data[0].email}'],
    ['a dot in the name', '${google_service_account.da.ta.email}', 'sa:${google_service_account.da.ta.email}'],
    ['an empty name', '${google_service_account..email}', 'sa:${google_service_account..email}'],
    ['a function call', '${lower(google_service_account.data.email)}', 'sa:${lower(google_service_account.data.email)}'],
    ['no braces', 'google_service_account.data.email', 'sa:google_service_account.data.email'],
    ['a list holding a reference', ['${google_service_account.data.email}'], 'sa:${google_service_account.data.email}'],
  ])('%s: %s', (_, account, key) => {
    expect(readRule({ network: NETWORK, target_service_accounts: [account] }).rule.appliesTo).toEqual([key]);
  });
});
