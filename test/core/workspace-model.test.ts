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
