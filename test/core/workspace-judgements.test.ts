// The workspace model's refusals and warnings, word for word, and the attribution of an exposure
// to the input that opened it. Mutation testing (issue 16) found these told apart only by
// regular expressions, and the attribution (`ingress`, another source, or both) never reached by
// a core test: the GCP path gives no other source, the AWS path is tested through synthesis.
import { parseCidr } from '../../src/core/cidr';
import { ValidationScope, plainScope } from '../../src/core/errors';
import { ExposureRule } from '../../src/core/exposure';
import { normalizeRules } from '../../src/core/ingress';
import { PortRange } from '../../src/core/ports';
import { countIngressRules } from '../../src/core/quota';
import { buildNetworkModel, exposureRules, fitRulesToBudget, judgeIngress, judgeModel, judgeRestrictedEgress } from '../../src/core/workspace-model';
import { libraryError } from '../util';

const base = { workersPublicIp: true, schedulerPublicIp: true };

function warningsOf(fn: (scope: ValidationScope) => void): string[] {
  const warnings: string[] = [];
  fn(plainScope('Ws', warnings));
  return warnings;
}

// The block is parsed when a test reads it, not while the tables are collected (see docs/mutation.md).
const rule = (cidr: string, ports: Array<number | [number, number]> | 'all'): ExposureRule => ({
  get blocks() {
    return [parseCidr(cidr)];
  },
  ports: ports === 'all' ? 'all' : ports.map<PortRange>((p) => (typeof p === 'number' ? { from: p, to: p } : { from: p[0], to: p[1] })),
});

describe('buildNetworkModel refusals name the input the user wrote', () => {
  test.each([
    [{ ingress: [{ ports: [443], cidr: '10.0.0.0/33' }] }, 'ingress[0].cidr'],
    [{ restrictEgress: true, dataSources: [{ ports: [443], cidr: '10.0.0.0/33' }] }, 'dataSources[0].cidr'],
    [{ workerPorts: { nannyPort: 8000, workerPort: 0 } }, 'workerPorts.workerPort'],
    [{ workerPorts: { nannyPort: 0, workerPort: 9000 } }, 'workerPorts.nannyPort'],
    [{ workerPorts: null }, 'workerPorts'],
    [{ workerPorts: 8000 }, 'workerPorts'],
  ])('%j fails at %s', (input, name) => {
    expect(libraryError(() => buildNetworkModel(plainScope('Ws'), { ...base, ...input })).input).toBe(name);
  });

  test('workerPorts that are not an object: the shape to write', () => {
    const e = libraryError(() => buildNetworkModel(plainScope('Ws'), { ...base, workerPorts: null }));
    expect([e.code, e.problem, e.fix]).toEqual(['INVALID_PORT', 'expected { nannyPort, workerPort }', 'write workerPorts: { nannyPort: 8000, workerPort: 9000 }']);
  });

  test('one port for the nanny and the worker: Coiled\'s example as the suggestion', () => {
    const e = libraryError(() => buildNetworkModel(plainScope('Ws'), { ...base, workerPorts: { nannyPort: 8000, workerPort: 8000 } }));
    expect(e).toMatchObject({
      input: 'workerPorts',
      problem: 'the nanny and the worker cannot listen on the same port',
      fix: "use two ports, e.g. Coiled's example nannyPort 8000, workerPort 9000",
      suggestion: { input: 'workerPorts', value: { nannyPort: 8000, workerPort: 9000 } },
    });
  });

  test('dataSources without restrictEgress: the conflict and the switch to set', () => {
    const e = libraryError(() => buildNetworkModel(plainScope('Ws'), { ...base, dataSources: [] }));
    expect(e).toMatchObject({
      code: 'CONFLICTING_OPTIONS',
      input: 'dataSources',
      problem: 'dataSources only narrow egress when restrictEgress is true; with all egress allowed they would have no effect',
      fix: 'set restrictEgress: true, or remove dataSources',
      suggestion: { input: 'restrictEgress', value: true },
    });
  });

  test('restrictEgress without dataSources restricts egress to nothing extra', () => {
    expect(buildNetworkModel(plainScope('Ws'), { ...base, restrictEgress: true }).restrictedEgress).toEqual([]);
    expect(buildNetworkModel(plainScope('Ws'), base).restrictedEgress).toBeUndefined();
  });

  test('exposureRules leaves out blocks only known at deploy time', () => {
    const scope = { ...plainScope('Ws'), isUnresolved: (v: unknown) => v === '${Token[C]}' };
    const rules = normalizeRules(scope, 'ingress', [{ ports: [22], cidr: '${Token[C]}', cidrFamily: 'IPV4' }, { ports: [443], cidr: '10.0.0.0/8' }]);
    expect(exposureRules(rules)).toEqual([{ blocks: [parseCidr('10.0.0.0/8')], ports: [{ from: 443, to: 443 }] }]);
  });
});

describe('the warnings, word for word', () => {
  test('the default ingress', () => {
    expect(warningsOf((s) => judgeModel(s, buildNetworkModel(s, base), true))).toEqual([
      'coiled-byoc:ingressFromAnywhere: The default ingress opens ports 443, 8786-8787 on the scheduler to every public IPv4 address (the whole internet), as Coiled does by default; Coiled protects them with TLS and authentication. To narrow it, set ingress: [{ ports: [443], cidr: "<your VPN or office block>" }].',
    ]);
  });

  test('two admin ports, one port, and a wide share', () => {
    const world = warningsOf((s) => judgeModel(s, buildNetworkModel(s, { ...base, ingress: [{ ports: [22, 443, 3389], cidr: '0.0.0.0/0' }] }), false));
    expect(world).toEqual([
      'coiled-byoc:adminPortOpenToWorld: ingress opens SSH (22), RDP (3389) on the scheduler to every public IPv4 address (the whole internet), however the blocks are written. Give it your own address instead, e.g. { ports: [22], cidr: "203.0.113.7/32" }.',
      'coiled-byoc:ingressFromAnywhere: ingress opens ports 22, 443, 3389 on the scheduler to every public IPv4 address (the whole internet). To narrow it, set ingress: [{ ports: [443], cidr: "<your VPN or office block>" }].',
    ]);
    const single = warningsOf((s) => judgeModel(s, buildNetworkModel(s, { ...base, ingress: [{ ports: [443], cidr: '0.0.0.0/0' }] }), false));
    expect(single[0]).toContain('ingress opens port 443 on the scheduler');
    const range = warningsOf((s) => judgeModel(s, buildNetworkModel(s, { ...base, ingress: [{ ports: [443, 444], cidr: '0.0.0.0/0' }] }), false));
    expect(range[0]).toContain('ingress opens ports 443-444 on the scheduler');
    const wide = warningsOf((s) => judgeModel(s, buildNetworkModel(s, { ...base, ingress: [{ ports: [22, 443], cidr: '0.0.0.0/1' }] }), false));
    expect(wide).toEqual([expect.stringMatching(/^coiled-byoc:adminPortOpenWide: ingress opens SSH \(22\) on the scheduler to \d+% of the public IPv4 internet, however/)]);
  });

  test('no ingress, and the scheduler port not open', () => {
    expect(warningsOf((s) => judgeModel(s, buildNetworkModel(s, { ...base, ingress: [] }), false))).toEqual([
      'coiled-byoc:noIngress: ingress is empty: the scheduler accepts no connections from outside the cluster, so no Dask client can connect to it.',
    ]);
  });

  test('a data source open to the world undoes restricted egress on its ports', () => {
    const model = (s: ValidationScope) => buildNetworkModel(s, { ...base, ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], restrictEgress: true, dataSources: [{ ports: [5432], cidr: '0.0.0.0/0' }] });
    expect(warningsOf((s) => judgeModel(s, model(s), false))).toEqual([
      'coiled-byoc:egressOpenToWorld: restrictEgress is true, but dataSources open port 5432 to every public IPv4 address (the whole internet). Give each data source its own block, e.g. { ports: [5432], cidr: "10.20.0.0/16" }.',
    ]);
  });

  test.each([
    ['every port', 'all', 'open every port', true],
    ['every port but HTTPS, which is allowed anyway', [[1, 442], [444, 65535]], 'open every port', true],
    ['all but one more port', [[1, 442], [445, 65535]], 'open ports 1-442, 445-65535', false],
    ['HTTPS only, which restricted egress allows', [443], undefined, false],
    ['one range', [[5000, 5010]], 'open ports 5000-5010', false],
  ] as const)('restricted egress, %s', (_, ports, opens, undone) => {
    const warnings = warningsOf((s) => judgeRestrictedEgress(s, { rules: [rule('0.0.0.0/0', ports as never)], allowedPorts: [443], source: 'extra rules' }));
    if (opens === undefined) {
      expect(warnings).toEqual([]);
      return;
    }
    expect(warnings).toEqual([
      `coiled-byoc:egressOpenToWorld: restrictEgress is true, but extra rules ${opens} to every public IPv4 address (the whole internet)${undone ? ': egress is not restricted at all' : ''}. Give each data source its own block, e.g. { ports: [5432], cidr: "10.20.0.0/16" }.`,
    ]);
  });

  test('aggregation to fit a budget warns with its id', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [{ ports: [443], cidr: '10.0.0.0/24' }, { ports: [443], cidr: '10.0.1.0/24' }]);
    const warnings = warningsOf((s) => fitRulesToBudget(s, { code: 'RULE_QUOTA_EXCEEDED' as never, input: 'ingress', rules, measure: (r) => countIngressRules(r).ipv4, limit: 1, what: 'rules', fix: 'fewer' }));
    expect(warnings).toEqual(['coiled-byoc:rulesAggregated: ingress needs 2 rules, over the limit of 1; adjacent and overlapping CIDR blocks were merged (same addresses, same ports) into 1.']);
  });
});

describe('an exposure is attributed to the input that opened it', () => {
  // On AWS the scheduler's group can carry rules from elsewhere (rules the user adds to its
  // Connections); the warning must say whether `ingress`, that other source, or both opened it.
  const judge = (fromProps: ExposureRule[], others: ExposureRule[]) =>
    warningsOf((s) => judgeIngress(s, { rules: [...fromProps, ...others], fromProps, usingDefault: false, target: 'the scheduler', otherSource: 'rules added to its security group' })).map((w) =>
      w.replace(/ opens? .*$/, ''),
    );

  test.each([
    ['ingress alone', [rule('0.0.0.0/0', [22])], [], ['coiled-byoc:adminPortOpenToWorld: ingress', 'coiled-byoc:ingressFromAnywhere: ingress']],
    ['the other source alone', [], [rule('0.0.0.0/0', [22])], ['coiled-byoc:adminPortOpenToWorld: rules added to its security group', 'coiled-byoc:ingressFromAnywhere: rules added to its security group']],
    [
      'both halves of the internet, one from each',
      [rule('0.0.0.0/1', [22])],
      [rule('128.0.0.0/1', [22])],
      ['coiled-byoc:adminPortOpenToWorld: ingress together with rules added to its security group', 'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group'],
    ],
    [
      'ingress opens the port to a private block only',
      [rule('10.0.0.0/8', [22])],
      [rule('0.0.0.0/0', [22])],
      ['coiled-byoc:adminPortOpenToWorld: rules added to its security group', 'coiled-byoc:ingressFromAnywhere: rules added to its security group'],
    ],
    [
      'ingress opens the world on another port only',
      [rule('0.0.0.0/0', [443])],
      [rule('0.0.0.0/0', [22])],
      ['coiled-byoc:adminPortOpenToWorld: rules added to its security group', 'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group'],
    ],
    [
      'ingress opens the other family only',
      [rule('::/0', [22])],
      [rule('0.0.0.0/0', [22])],
      [
        'coiled-byoc:adminPortOpenToWorld: rules added to its security group',
        'coiled-byoc:adminPortOpenToWorld: ingress',
        'coiled-byoc:ingressFromAnywhere: rules added to its security group',
        'coiled-byoc:ingressFromAnywhere: ingress',
      ],
    ],
    [
      'ingress opens part of the world wide, the other source the rest',
      [rule('0.0.0.0/2', [22])],
      [rule('64.0.0.0/2', [22]), rule('128.0.0.0/1', [22])],
      ['coiled-byoc:adminPortOpenToWorld: ingress together with rules added to its security group', 'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group'],
    ],
    [
      'the other source opens every port, ingress one of them',
      [rule('0.0.0.0/0', [22])],
      [rule('0.0.0.0/0', 'all')],
      ['coiled-byoc:adminPortOpenToWorld: ingress', 'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group'],
    ],
  ] as const)('%s', (_, fromProps, others, expected) => {
    expect(judge([...fromProps], [...others])).toEqual(expected);
  });

  test.each([
    ['ingress on every port, the other source the other half', [rule('0.0.0.0/1', 'all')], [rule('128.0.0.0/1', [22])]],
    ['ingress on two ports, one of them the exposed one', [rule('0.0.0.0/1', [22, 443])], [rule('128.0.0.0/1', [22])]],
  ] as const)('ingress contributes: %s', (_, fromProps, others) => {
    expect(judge([...fromProps], [...others]).filter((w) => !w.includes('Wide'))).toEqual([
      'coiled-byoc:adminPortOpenToWorld: ingress together with rules added to its security group',
      'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group',
    ]);
  });

  test.each([
    ['just below the exposed port', [20, 21]],
    ['just above it', [23, 24]],
  ] as const)('ingress does not contribute when its public ports are %s', (_, ports) => {
    expect(judge([rule('0.0.0.0/1', [[ports[0], ports[1]]])], [rule('0.0.0.0/0', [22])]).filter((w) => !w.includes('Wide'))).toEqual([
      'coiled-byoc:adminPortOpenToWorld: rules added to its security group',
      'coiled-byoc:ingressFromAnywhere: rules added to its security group',
    ]);
  });

  test('ingress that opens only the first of the exposed ports shares the exposure', () => {
    expect(judge([rule('0.0.0.0/0', [22])], [rule('0.0.0.0/0', [23])])).toEqual([
      'coiled-byoc:adminPortOpenToWorld: ingress',
      'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group',
    ]);
  });

  test('every port open is said as such', () => {
    const warnings = warningsOf((s) => judgeIngress(s, { rules: [rule('0.0.0.0/0', 'all')], fromProps: [], usingDefault: false, target: 'the scheduler', otherSource: 'rules added to its security group' }));
    expect(warnings.find((w) => w.startsWith('coiled-byoc:ingressFromAnywhere'))).toContain(': rules added to its security group open every port on the scheduler to every public IPv4 address');
  });

  // The other source is always some rules (the verb agrees), and only the ingress prop is
  // narrowed by setting ingress: the fix for rules added elsewhere points at them.
  test('rules from another source open, and are narrowed where they were added', () => {
    const warnings = warningsOf((s) => judgeIngress(s, { rules: [rule('0.0.0.0/0', [8786])], fromProps: [], usingDefault: true, target: 'the scheduler', otherSource: 'rules added to its security group' }));
    expect(warnings).toEqual([
      'coiled-byoc:ingressFromAnywhere: rules added to its security group open port 8786 on the scheduler to every public IPv4 address (the whole internet). Narrow those rules to your own blocks, or remove them.',
    ]);
  });

  test('the default ingress together with another source is named as the default', () => {
    const fromProps = [rule('0.0.0.0/1', [22])];
    const warnings = warningsOf((s) => judgeIngress(s, { rules: [...fromProps, rule('128.0.0.0/1', [22])], fromProps, usingDefault: true, target: 'the scheduler', otherSource: 'rules added to its security group' }));
    expect(warnings.map((w) => w.replace(/ opens .*$/, ''))).toEqual([
      'coiled-byoc:adminPortOpenToWorld: The default ingress together with rules added to its security group',
      'coiled-byoc:ingressFromAnywhere: The default ingress together with rules added to its security group',
    ]);
  });

  test('a data source open to the world on HTTPS only is what restricted egress allows anyway', () => {
    const model = (s: ValidationScope) => buildNetworkModel(s, { ...base, ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], restrictEgress: true, dataSources: [{ ports: [443], cidr: '0.0.0.0/0' }] });
    expect(warningsOf((s) => judgeModel(s, model(s), false))).toEqual([]);
  });

  test('a wide exposure that ingress alone opens is its own, even beside another source', () => {
    expect(judge([rule('0.0.0.0/1', [22])], [rule('10.0.0.0/8', [22])])).toEqual(['coiled-byoc:adminPortOpenWide: ingress']);
  });

  test('ingress that opens the whole exposure on two separate ports opened it alone', () => {
    // Each exposed range lies inside one of ingress's ranges, not inside all of them.
    expect(judge([rule('0.0.0.0/0', [22, 3389])], [rule('10.0.0.0/8', [22])])).toEqual(['coiled-byoc:adminPortOpenToWorld: ingress', 'coiled-byoc:ingressFromAnywhere: ingress']);
  });

  test('an exposure ingress shares is narrowed by setting ingress', () => {
    const fromProps = [rule('0.0.0.0/1', [8786])];
    const warnings = warningsOf((s) => judgeIngress(s, { rules: [...fromProps, rule('128.0.0.0/1', [8786])], fromProps, usingDefault: false, target: 'the scheduler', otherSource: 'rules added to its security group' }));
    expect(warnings).toEqual([
      'coiled-byoc:ingressFromAnywhere: ingress together with rules added to its security group opens port 8786 on the scheduler to every public IPv4 address (the whole internet). To narrow it, set ingress: [{ ports: [443], cidr: "<your VPN or office block>" }].',
    ]);
  });

  test('without another source, an exposure ingress only helps open is still ingress\'s', () => {
    const warnings = warningsOf((s) => judgeIngress(s, { rules: [rule('0.0.0.0/1', [22]), rule('128.0.0.0/1', [22])], fromProps: [rule('0.0.0.0/1', [22])], usingDefault: false, target: 'the scheduler' }));
    expect(warnings.map((w) => w.slice(0, w.indexOf(' opens ')))).toEqual(['coiled-byoc:adminPortOpenToWorld: ingress', 'coiled-byoc:ingressFromAnywhere: ingress']);
  });
});
