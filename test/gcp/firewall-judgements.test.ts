/**
 * Every rule CoiledGcpFirewall renders under restricted egress, field by field, and its refusals
 * word for word. Mutation testing (issue 16) found the direction of the restricted-egress rules,
 * the deny rules' description, the quota message and the value a refusal shows never asserted
 * against firewall.ts's own tests (src/gcp/firewall.ts at 77.5% against test/gcp/firewall.test.ts).
 */
import { TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { gcpWarnings, libraryError } from './util';
import { CoiledGcpFirewall } from '../../src/gcp';
import { portsSignature } from '../../src/gcp/firewall';

const FIREWALL = { projectId: 'my-project-123456', network: 'n', subnetCidr: '10.0.0.0/16', schedulerTag: 's', clusterTag: 'c', namePrefix: 'coiled-x' };
const build = (props: Partial<ConstructorParameters<typeof CoiledGcpFirewall>[2]> = {}, stack = new TerraformStack(Testing.app(), 'test')) => {
  new CoiledGcpFirewall(stack, `Firewall${stack.node.children.length}`, { ...FIREWALL, ...props });
  return JSON.parse(Testing.synth(stack));
};
/** Each rule by name, without the fields every rule shares. */
const rulesOf = (json: any): Record<string, any> =>
  Object.fromEntries(Object.values(json.resource.google_compute_firewall as Record<string, any>).map(({ project, network, name, ...rest }) => [name, rest]));
const refusal = (fn: () => unknown) => {
  const e = libraryError(fn);
  return { code: e.code, input: e.input, value: e.value, problem: e.problem, fix: e.fix, suggestion: e.suggestion };
};

const TARGETS = ['s', 'c'];
const HTTPS = 'HTTPS to the Coiled control plane, package indexes and cloud APIs';
const DENY = { deny: [{ protocol: 'all' }], description: 'Restricted egress: deny everything not allowed above', direction: 'EGRESS', priority: 65534, target_tags: TARGETS };

test('restricted egress: every rule, field by field', () => {
  const rules = rulesOf(
    build({
      restrictEgress: true,
      dataSources: [
        { ports: [5432], cidr: '10.50.0.0/16', description: 'Postgres' },
        { ports: [5432], cidr: '10.60.0.0/16', description: 'Analytics' },
        { ports: [443], cidr: '2001:db8::/32' },
      ],
    }),
  );
  expect(rules).toEqual({
    'coiled-x-internal': { allow: [{ protocol: 'all' }], description: 'All traffic between cluster members', direction: 'INGRESS', priority: 1000, source_tags: TARGETS, target_tags: ['c'] },
    'coiled-x-egress-internal': { allow: [{ protocol: 'all' }], description: 'All traffic between cluster members', destination_ranges: ['10.0.0.0/16'], direction: 'EGRESS', priority: 1000, target_tags: TARGETS },
    // One rule per family and port set; descriptions of the blocks it holds, sorted.
    'coiled-x-data-ipv4-5432': { allow: [{ ports: ['5432'], protocol: 'tcp' }], description: 'Analytics; Postgres', destination_ranges: ['10.50.0.0/16', '10.60.0.0/16'], direction: 'EGRESS', priority: 1000, target_tags: TARGETS },
    'coiled-x-data-ipv6-443': { allow: [{ ports: ['443'], protocol: 'tcp' }], description: 'Data source on 443', destination_ranges: ['2001:db8::/32'], direction: 'EGRESS', priority: 1000, target_tags: TARGETS },
    'coiled-x-egress-https': { allow: [{ ports: ['443'], protocol: 'tcp' }], description: HTTPS, destination_ranges: ['0.0.0.0/0'], direction: 'EGRESS', priority: 1000, target_tags: TARGETS },
    'coiled-x-egress-https-ipv6': { allow: [{ ports: ['443'], protocol: 'tcp' }], description: HTTPS, destination_ranges: ['::/0'], direction: 'EGRESS', priority: 1000, target_tags: TARGETS },
    'coiled-x-egress-deny-all': { ...DENY, destination_ranges: ['0.0.0.0/0'] },
    'coiled-x-egress-deny-all-ipv6': { ...DENY, destination_ranges: ['::/0'] },
    'coiled-x-sched-ipv4-443-8786-8787': { allow: [{ ports: ['443', '8786-8787'], protocol: 'tcp' }], description: 'Coiled default: Dask client and dashboard to scheduler', direction: 'INGRESS', priority: 1000, source_ranges: ['0.0.0.0/0'], target_tags: ['s'] },
  });
});

test('restricted egress: the Terraform addresses, which a rename would replace, and the rules list', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const firewall = new CoiledGcpFirewall(stack, 'Firewall', { ...FIREWALL, restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.50.0.0/16' }] });
  const addresses = Object.keys(JSON.parse(Testing.synth(stack)).resource.google_compute_firewall).map((k) => k.replace(/_[0-9A-F]{8}$/, ''));
  expect(addresses.sort()).toEqual([
    'Firewall_ClusterInternal',
    'Firewall_EgressClusterInternal',
    'Firewall_EgressData-ipv4-5432',
    'Firewall_EgressDenyAll',
    'Firewall_EgressDenyAllIpv6',
    'Firewall_EgressHttps',
    'Firewall_EgressHttpsIpv6',
    'Firewall_SchedulerIngress-ipv4-443-8786-8787',
  ]);
  expect(firewall.rules).toHaveLength(8);
});

test('a port known only at deploy time gets a hashed name, since its text is not the port', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const port = new TerraformVariable(stack, 'port', { type: 'number' }).numberValue;
  // One token among literal ports is enough.
  new CoiledGcpFirewall(stack, 'Firewall', { ...FIREWALL, ingress: [{ ports: [443, port], cidr: '10.0.0.0/8' }] });
  const names = Object.values(JSON.parse(Testing.synth(stack)).resource.google_compute_firewall as Record<string, any>).map((r) => r.name);
  expect(names.filter((n) => n.startsWith('coiled-x-sched-'))).toEqual([expect.stringMatching(/^coiled-x-sched-ipv4-p[0-9a-f]{8}$/)]);
});

// cdktf reads any number whose top 16 bits carry its marker as a token; real ones print as 22 to
// 24 characters, past the 16 a readable name allows, but this one prints short.
test.each([
  ['alone', [-8.11e298]],
  ['among literal ports', [1, -8.11e298]],
])('a port cdktf reads as a token is hashed even when its text is short (%s)', (_, ports) => {
  expect(Token.isUnresolved(-8.11e298)).toBe(true);
  expect(portsSignature(ports)).toMatch(/^p[0-9a-f]{8}$/);
});

test('the default ingress and the same rule written out are told apart in the warning', () => {
  const warningOf = (props: Partial<ConstructorParameters<typeof CoiledGcpFirewall>[2]>) => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new CoiledGcpFirewall(stack, 'Firewall', { ...FIREWALL, ...props });
    return gcpWarnings(stack).find((w) => w.includes('ingressFromAnywhere')) ?? '';
  };
  const written = warningOf({ ingress: [{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0' }] });
  expect(warningOf({})).toMatch(/The default ingress opens/);
  expect(written).toMatch(/ingress opens/);
  expect(written).not.toMatch(/The default ingress/);
});

test('unrestricted egress: both families, every protocol, egress', () => {
  const rules = rulesOf(build());
  const all = { allow: [{ protocol: 'all' }], description: 'VMs reach the Coiled control plane, package indexes and data', direction: 'EGRESS', priority: 1000, target_tags: TARGETS };
  expect([rules['coiled-x-egress-all'], rules['coiled-x-egress-all-ipv6']]).toEqual([
    { ...all, destination_ranges: ['0.0.0.0/0'] },
    { ...all, destination_ranges: ['::/0'] },
  ]);
});

/**
 * The record `coiled-byoc analyze` reads, by rule name. It sits under "//", which Testing.synth
 * strips, so the stack's own Terraform is read.
 */
const recordsOf = (props: Partial<ConstructorParameters<typeof CoiledGcpFirewall>[2]>) => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new CoiledGcpFirewall(stack, 'Firewall', { ...FIREWALL, ...props });
  const rules = Object.values<any>((stack.toTerraform() as any).resource.google_compute_firewall);
  return Object.fromEntries(rules.filter((r) => r['//']?.['coiled-byoc'] !== undefined).map((r) => [r.name, r['//']['coiled-byoc']]));
};
const DEFAULT_CONTRACT = { version: 1, workspace: '', ingress: [{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0' }], schedulerPort: 443, egress: 'all', workersPublicIp: true, schedulerPublicIp: true };

test.each([
  ['defaults: no workspace named, public IPs on both, egress anywhere', {}, { workspace: '', schedulerTag: 's', clusterTag: 'c', networkContract: DEFAULT_CONTRACT }],
  ['workers without public IPs; the scheduler keeps its default', { workersPublicIp: false }, { workspace: '', schedulerTag: 's', clusterTag: 'c', networkContract: { ...DEFAULT_CONTRACT, workersPublicIp: false } }],
  ['the scheduler without; the workers keep theirs', { schedulerPublicIp: false }, { workspace: '', schedulerTag: 's', clusterTag: 'c', networkContract: { ...DEFAULT_CONTRACT, schedulerPublicIp: false } }],
  [
    'a named workspace, restricted egress, worker ports, own ingress',
    { workspaceName: 'my-team', workersPublicIp: true, schedulerPublicIp: true, restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.50.0.0/16' }], workerPorts: { nannyPort: 8000, workerPort: 9000 }, ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] },
    {
      workspace: 'my-team',
      schedulerTag: 's',
      clusterTag: 'c',
      networkContract: { ...DEFAULT_CONTRACT, workspace: 'my-team', ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], workerPorts: { nannyPort: 8000, workerPort: 9000 }, egress: [{ ports: [5432], cidr: '10.50.0.0/16' }] },
    },
  ],
] as Array<[string, Record<string, unknown>, Record<string, unknown>]>)('the internal rule, and only it, carries the network record: %s', (_, props, record) => {
  expect(recordsOf(props)).toEqual({ 'coiled-x-internal': record });
});

// 5,001 adjacent /32s: one over GCP's limit of ranges per rule, merged into six blocks.
const ADJACENT = Array.from({ length: 5001 }, (_, i) => ({ ports: [443], cidr: `100.64.${Math.floor(i / 256)}.${i % 256}/32` }));
const aggregated = (input: string, which: string) =>
  `[coiled-byoc:rulesAggregated] ${input} needs 5001 ${which} ranges in one firewall rule, over the limit of 5000; adjacent and overlapping CIDR blocks were merged (same addresses, same ports) into 6.`;

test('over 5,000 ranges in one rule: merged, warning of source ranges for ingress and destination ranges for data sources', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new CoiledGcpFirewall(stack, 'Firewall', { ...FIREWALL, ingress: ADJACENT, restrictEgress: true, dataSources: ADJACENT });
  expect(gcpWarnings(stack).filter((w) => w.includes('rulesAggregated'))).toEqual([aggregated('ingress', 'source'), aggregated('dataSources', 'destination')]);
});

describe('refusals', () => {
  test.each([
    [
      'a priority below 0',
      { priority: -1 },
      { code: 'INVALID_NUMBER', input: 'priority', value: '-1', problem: 'allow rules need a priority from 0 to 65533 (lower wins; 65534 is the deny-all of restricted egress)', fix: 'use 1000 unless your organisation reserves it', suggestion: { input: 'priority', value: 1000 } },
    ],
    ...[0, 1.5].map((ruleQuota) => [
      `a rule quota of ${ruleQuota}`,
      { ruleQuota },
      {
        code: 'INVALID_NUMBER',
        input: 'ruleQuota',
        value: String(ruleQuota),
        problem: "a project's firewall-rule quota is a whole number of at least 1",
        fix: 'use the FIREWALLS quota `gcloud compute project-info describe` shows (100 unless raised)',
        suggestion: { input: 'ruleQuota', value: 100 },
      },
    ]),
    // A quota of 1 is a quota: the rules then exceed it.
    [
      'a rule quota of 1',
      { ruleQuota: 1 },
      {
        code: 'FIREWALL_RULE_QUOTA',
        input: 'ingress',
        value: '"1 rules in 1 distinct sets of ports"',
        problem: "they need 4 firewall rules (one per address family and set of ports, plus 3 fixed ones): over the project's quota of 1",
        fix: 'give rules that share sources the same list of ports (each distinct list is one firewall rule), or raise the FIREWALLS quota of the project and set ruleQuota',
        suggestion: undefined,
      },
    ],
    [
      'more data-source port sets than ingress ones: the data sources are named',
      { restrictEgress: true, ruleQuota: 9, dataSources: [1, 2, 3].map((p) => ({ ports: [p], cidr: `10.${p}.0.0/16` })) },
      {
        code: 'FIREWALL_RULE_QUOTA',
        input: 'dataSources',
        value: '"3 rules in 3 distinct sets of ports"',
        problem: "they need 10 firewall rules (one per address family and set of ports, plus 6 fixed ones): over the project's quota of 9",
        fix: 'give rules that share sources the same list of ports (each distinct list is one firewall rule), or raise the FIREWALLS quota of the project and set ruleQuota',
        suggestion: undefined,
      },
    ],
    // 5,001 /24s a /24 apart: nothing merges.
    [
      'over 5,000 data-source blocks that cannot merge',
      { restrictEgress: true, dataSources: Array.from({ length: 5001 }, (_, i) => ({ ports: [443], cidr: `10.${Math.floor((i * 2) / 256)}.${(i * 2) % 256}.0/24` })) },
      {
        code: 'FIREWALL_RULE_LIMIT',
        input: 'dataSources',
        value: '"5001 rules"',
        problem: 'they need 5001 destination ranges in one firewall rule (5001 after merging adjacent CIDR blocks), over the limit of 5000',
        fix: 'GCP allows at most 5000 ranges per firewall rule: list fewer or broader CIDR blocks',
        suggestion: undefined,
      },
    ],
    // The value is the prefix the user wrote; the name built from it is in the problem.
    [
      'a prefix too long for a rule name',
      { namePrefix: 'p'.repeat(40) },
      {
        code: 'INVALID_NAME',
        input: 'namePrefix',
        value: `"${'p'.repeat(40)}"`,
        problem: `the firewall rule name would be "${'p'.repeat(40)}-sched-ipv4-443-8786-8787": 65 characters exceed the 63-character limit of a GCP resource name or network tag (RFC 1035: at most 63 characters, lowercase letters, digits and hyphens, starting with a letter)`,
        fix: 'set a shorter namePrefix',
        suggestion: undefined,
      },
    ],
  ] as Array<[string, Record<string, unknown>, Record<string, unknown>]>)('%s', (_, props, expected) => {
    expect(refusal(() => build(props))).toEqual(expected);
  });

  test.each([
    ['as many data-source port sets as ingress ones', [{ ports: [443], cidr: '10.0.0.0/8' }], [{ ports: [1], cidr: '10.1.0.0/16' }]],
    ['fewer', [{ ports: [443], cidr: '10.0.0.0/8' }, { ports: [22], cidr: '10.0.0.0/8' }], [{ ports: [1], cidr: '10.1.0.0/16' }]],
  ])('restricted egress with %s: the ingress is named', (_, ingress, dataSources) => {
    expect(refusal(() => build({ restrictEgress: true, ruleQuota: 3, ingress, dataSources })).input).toBe('ingress');
  });

  test('a dependsOn entry Terraform cannot depend on', () => {
    expect(refusal(() => build({ dependsOn: [{} as never] }))).toMatchObject({ code: 'INVALID_TYPE', input: 'dependsOn[0]' });
  });

  test('the quota counts the rules other workspaces of the app create in the same project', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    build({ ruleQuota: 8 }, stack);
    expect(refusal(() => build({ namePrefix: 'coiled-y', ruleQuota: 7 }, stack)).problem).toBe(
      "they need 4 firewall rules (one per address family and set of ports, plus 3 fixed ones), and other workspaces of this app already create 4 in the project: over the project's quota of 7",
    );
  });
});
