import { CoiledByocError, ErrorCode, ValidationScope, plainScope } from '../../src/core/errors';
import { normalizeRules } from '../../src/core/ingress';
import { countIngressRules } from '../../src/core/quota';
import { WorkspaceNetworkInput, buildNetworkModel as build, fitRulesToBudget, judgeModel } from '../../src/core/workspace-model';

const base = { workersPublicIp: true, schedulerPublicIp: true };

/** The model, judged as the GCP firewall judges it (every rule comes from the model there). */
function buildNetworkModel(scope: ValidationScope, input: WorkspaceNetworkInput) {
  const model = build(scope, input);
  judgeModel(scope, model, input.ingress === undefined);
  return model;
}

describe('buildNetworkModel', () => {
  test('default ingress warns how to narrow it', () => {
    const warnings: string[] = [];
    const model = buildNetworkModel(plainScope('Ws', warnings), base);
    expect(model.ingress.map((r) => r.cidr)).toEqual(['0.0.0.0/0']);
    expect(warnings.join('\n')).toMatch(/coiled-byoc:ingressFromAnywhere: The default ingress opens ports 443, 8786-8787 on the scheduler to every public IPv4 address .*To narrow it/);
  });

  test('SSH from anywhere gets its own warning', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [{ ports: [22], cidr: '0.0.0.0/0' }] });
    expect(warnings.some((w) => w.startsWith('coiled-byoc:adminPortOpenToWorld') && w.includes('SSH (22)'))).toBe(true);
  });

  test('a narrow ingress warns about nothing', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    expect(warnings).toEqual([]);
  });

  test('an empty ingress warns that no client can connect', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [] });
    expect(warnings.join()).toMatch(/noIngress/);
  });

  test('dataSources without restrictEgress is a mistake', () => {
    expect(() => buildNetworkModel(plainScope('Ws'), { ...base, dataSources: [{ ports: [5432], cidr: '10.0.0.0/8' }] })).toThrow(/set restrictEgress: true/);
  });

  test.each([
    [{ nannyPort: 8000, workerPort: 8000 }, /same port/],
    [{ nannyPort: 0, workerPort: 9000 }, /workerPorts.nannyPort = 0/],
    ['8000', /expected \{ nannyPort, workerPort \}/],
  ])('bad workerPorts %j fail', (workerPorts, message) => {
    expect(() => buildNetworkModel(plainScope('Ws'), { ...base, workerPorts })).toThrow(message);
  });

  test('two worker ports are kept as given, and equal ports known only at deploy time pass', () => {
    expect(buildNetworkModel(plainScope('Ws'), { ...base, workerPorts: { nannyPort: 8000, workerPort: 9000 } }).workerPorts).toEqual({ nannyPort: 8000, workerPort: 9000 });
    const token = '${Token[PORT.1]}';
    const deployTime: ValidationScope = { ...plainScope('Ws'), isUnresolved: (v: unknown) => v === token };
    expect(buildNetworkModel(deployTime, { ...base, workerPorts: { nannyPort: token, workerPort: token } }).workerPorts).toEqual({ nannyPort: token, workerPort: token });
  });

  test('a bad scheduler port fails', () => {
    expect(() => buildNetworkModel(plainScope('Ws'), { ...base, schedulerPort: 70000 })).toThrow(/schedulerPort = 70000/);
  });
});

describe('fitRulesToBudget', () => {
  const measure = (r: ReturnType<typeof normalizeRules>) => countIngressRules(r).ipv4;
  const rules = (cidrs: string[]) => normalizeRules(plainScope('Ws'), 'ingress', cidrs.map((cidr) => ({ ports: [443], cidr })));

  test('returns the rules unchanged within budget', () => {
    const input = rules(['10.0.0.0/24', '10.0.1.0/24']);
    expect(fitRulesToBudget(plainScope('Ws'), { code: ErrorCode.SECURITY_GROUP_RULE_QUOTA, input: 'ingress', rules: input, measure, limit: 60, what: 'rules', fix: 'f' })).toBe(input);
  });

  test('aggregates losslessly when over budget, and warns', () => {
    const warnings: string[] = [];
    const input = rules(Array.from({ length: 1000 }, (_, i) => `100.64.${Math.floor(i / 256)}.${i % 256}/32`));
    const fitted = fitRulesToBudget(plainScope('Ws', warnings), { code: ErrorCode.SECURITY_GROUP_RULE_QUOTA, input: 'ingress', rules: input, measure, limit: 60, what: 'rules', fix: 'f' });
    expect(fitted.length).toBe(6);
    expect(warnings.join()).toMatch(/needs 1000 rules, over the limit of 60; .* into 6/);
  });

  test('fails naming the input when even aggregation cannot fit', () => {
    const input = rules(Array.from({ length: 100 }, (_, i) => `10.${i}.0.0/16`).filter((_, i) => i % 2 === 0));
    let error: CoiledByocError | undefined;
    try {
      fitRulesToBudget(plainScope('App/Ws'), { code: ErrorCode.SECURITY_GROUP_RULE_QUOTA, input: 'ingress', rules: input, measure, limit: 10, what: 'ingress rules', fix: 'list fewer blocks' });
    } catch (e) {
      error = e as CoiledByocError;
    }
    expect(error?.code).toBe('SECURITY_GROUP_RULE_QUOTA');
    expect(error?.message).toMatch(/ingress = "50 rules": they need 50 ingress rules \(50 after merging/);
  });
});

describe('scheduler port and ingress', () => {
  test('an ingress that never opens the scheduler port warns that clients cannot connect', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [{ ports: [8787], cidr: '10.0.0.0/8' }], schedulerPort: 8786 });
    expect(warnings.join()).toMatch(/schedulerPortNotOpen: no ingress rule opens the scheduler port 8786/);
  });

  test('no warning when a rule opens it', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [{ ports: [8786], cidr: '10.0.0.0/8' }], schedulerPort: 8786 });
    expect(warnings).toEqual([]);
  });
});

describe('budgets are inclusive: exactly at the limit fits', () => {
  const measure = (r: ReturnType<typeof normalizeRules>) => countIngressRules(r).ipv4;
  const rules = (cidrs: string[]) => normalizeRules(plainScope('Ws'), 'ingress', cidrs.map((cidr) => ({ ports: [443], cidr })));
  const fit = (input: ReturnType<typeof normalizeRules>, limit: number, warnings: string[] = []) =>
    fitRulesToBudget(plainScope('Ws', warnings), { code: ErrorCode.SECURITY_GROUP_RULE_QUOTA, input: 'ingress', rules: input, measure, limit, what: 'rules', fix: 'f' });
  // Four blocks that aggregate to two: 10.0.0.0/23 and 10.0.4.0/23.
  const four = () => rules(['10.0.0.0/24', '10.0.1.0/24', '10.0.4.0/24', '10.0.5.0/24']);

  test('4 rules under a limit of 4 are kept as given, without a warning', () => {
    const warnings: string[] = [];
    const given = four();
    expect(fit(given, 4, warnings)).toBe(given);
    expect(warnings).toEqual([]);
  });

  test('4 rules under a limit of 3 are merged to 2, with a warning', () => {
    const warnings: string[] = [];
    expect(fit(four(), 3, warnings).map((r) => r.cidr)).toEqual(['10.0.0.0/23', '10.0.4.0/23']);
    expect(warnings.join()).toMatch(/needs 4 rules, over the limit of 3; .* into 2/);
  });

  test('merged to exactly the limit (2) fits; one under it (1) fails', () => {
    expect(fit(four(), 2).map((r) => r.cidr)).toEqual(['10.0.0.0/23', '10.0.4.0/23']);
    expect(() => fit(four(), 1)).toThrow(/they need 4 rules \(2 after merging adjacent CIDR blocks\), over the limit of 1/);
  });
});

describe('which warnings fire, and only then', () => {
  const warn = (input: Partial<WorkspaceNetworkInput>) => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ...input });
    return warnings.map((w) => w.split(':').slice(0, 2).join(':'));
  };

  test('one of two rules opening the scheduler port is enough', () => {
    expect(warn({ ingress: [{ ports: [8787], cidr: '10.0.0.0/8' }, { ports: [8786], cidr: '192.168.0.0/16' }], schedulerPort: 8786 })).toEqual([]);
  });

  test('a port open to the whole internet that is not an admin port warns once, and not as an admin port', () => {
    expect(warn({ ingress: [{ ports: [443], cidr: '0.0.0.0/0' }] })).toEqual(['coiled-byoc:ingressFromAnywhere']);
  });

  test.each([
    [22, '0.0.0.0/0', ['coiled-byoc:adminPortOpenToWorld', 'coiled-byoc:ingressFromAnywhere', 'coiled-byoc:schedulerPortNotOpen']],
    [3389, '0.0.0.0/0', ['coiled-byoc:adminPortOpenToWorld', 'coiled-byoc:ingressFromAnywhere', 'coiled-byoc:schedulerPortNotOpen']],
    [22, '0.0.0.0/1', ['coiled-byoc:adminPortOpenWide', 'coiled-byoc:schedulerPortNotOpen']],
    [22, '10.0.0.0/8', ['coiled-byoc:schedulerPortNotOpen']],
    [2222, '0.0.0.0/1', ['coiled-byoc:schedulerPortNotOpen']],
  ])('port %i from %s: %j', (port, cidr, expected) => {
    expect(warn({ ingress: [{ ports: [port], cidr }] }).sort()).toEqual(expected);
  });

  test('an admin port named in a wide range is found inside the range', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [{ ports: [21, 22, 23, 443], cidr: '0.0.0.0/0' }] });
    expect(warnings.find((w) => w.startsWith('coiled-byoc:adminPortOpenToWorld'))).toMatch(/opens SSH \(22\) on the scheduler .*e\.g\. \{ ports: \[22\], cidr: "203\.0\.113\.7\/32" \}/);
  });

  test('the IPv6 example address is given for an IPv6 exposure', () => {
    const warnings: string[] = [];
    buildNetworkModel(plainScope('Ws', warnings), { ...base, ingress: [{ ports: [22], cidr: '::/0' }] });
    expect(warnings.find((w) => w.startsWith('coiled-byoc:adminPortOpenToWorld'))).toMatch(/every public IPv6 address.*"2001:db8::7\/128"/);
  });

  test('a token scheduler port is not judged', () => {
    const warnings: string[] = [];
    const tokens = { ...plainScope('Ws', warnings), isUnresolved: (v: unknown) => v === '${Token[P]}' };
    buildNetworkModel(tokens, { ...base, ingress: [{ ports: [8787], cidr: '10.0.0.0/8' }], schedulerPort: '${Token[P]}' as unknown as number });
    expect(warnings).toEqual([]);
  });
});
