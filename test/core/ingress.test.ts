import { CoiledByocError, plainScope } from '../../src/core/errors';
import { Ingress, IpFamily, normalizeRules, pairsOf } from '../../src/core/ingress';
import { toPortRanges } from '../../src/core/ports';

const scope = (warnings: string[] = []) => plainScope('App/Ws', warnings);
const tokenScope = {
  path: 'App/Ws',
  isUnresolved: (v: unknown) => typeof v === 'string' && v.startsWith('${Token['),
  warn: () => undefined,
};

describe('Ingress presets', () => {
  test('defaults open 443, 8786, 8787 from anywhere (Coiled default + classic Dask)', () => {
    expect(Ingress.defaults()).toEqual([{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0', description: expect.any(String) }]);
  });
});

describe('normalizeRules', () => {
  test("pastes Coiled's coiled.yaml shape unchanged", () => {
    const rules = normalizeRules(scope(), 'ingress', [{ ports: [22, 443], cidr: '203.0.113.0/24' }]);
    expect(rules).toEqual([expect.objectContaining({ cidr: '203.0.113.0/24', family: 'ipv4', ports: [22, 443] })]);
  });

  test('merges duplicate ports and rules for the same block, sorts the result', () => {
    const rules = normalizeRules(scope(), 'ingress', [
      { ports: [8787, 8786, 8786], cidr: '10.32.0.0/16', description: 'b' },
      { ports: [443], cidr: '2001:db8::/32' },
      { ports: [443], cidr: '10.32.0.5/16', description: 'a' },
      { ports: [22], cidr: '10.1.0.0/16' },
    ]);
    expect(rules.map((r) => [r.cidr, r.ports, r.description])).toEqual([
      ['10.1.0.0/16', [22], undefined],
      ['10.32.0.0/16', [443, 8786, 8787], 'a; b'],
      ['2001:db8::/32', [443], undefined],
    ]);
  });

  test('keeps IPv4 and IPv6 rules', () => {
    const rules = normalizeRules(scope(), 'ingress', [{ ports: [443], cidr: '::/0' }, { ports: [443], cidr: '0.0.0.0/0' }]);
    expect(rules.map((r) => r.family)).toEqual(['ipv4', 'ipv6']);
  });

  test('an empty list is valid (no external ingress)', () => {
    expect(normalizeRules(scope(), 'ingress', [])).toEqual([]);
  });

  test('tokens pass through with the family the user declares, after resolved rules', () => {
    const rules = normalizeRules(tokenScope, 'ingress', [{ ports: [443], cidr: '${Token[TOKEN.1]}', cidrFamily: IpFamily.IPV6 }, { ports: [22], cidr: '10.0.0.0/8' }]);
    expect(rules.map((r) => [r.cidr, r.family])).toEqual([
      ['10.0.0.0/8', 'ipv4'],
      ['${Token[TOKEN.1]}', 'ipv6'],
    ]);
  });

  test('a token without its family fails: the family changes what is rendered', () => {
    expect(() => normalizeRules(tokenScope, 'ingress', [{ ports: [443], cidr: '${Token[TOKEN.1]}' }])).toThrow(/UNKNOWN_ADDRESS_FAMILY.*ingress\[0\]\.cidr.*cidrFamily: IpFamily.IPV4/);
  });

  test('a declared family that contradicts a literal block fails', () => {
    expect(() => normalizeRules(scope(), 'ingress', [{ ports: [443], cidr: '10.0.0.0/8', cidrFamily: IpFamily.IPV6 }])).toThrow(/ingress\[0\]\.cidrFamily = "IPV6": "10.0.0.0\/8" is an IPv4 block/);
  });

  test('a sparse list of ports or rules is a hole, not an empty port', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => normalizeRules(scope(), 'ingress', [{ ports: [, 443], cidr: '10.0.0.0/8' }])).toThrow(/ingress\[0\]\.ports\[0\] = .*a hole at index 0/);
    expect(() => normalizeRules(scope(), 'ingress', new Array(1))).toThrow(/ingress\[0\] = .*a hole at index 0/);
  });

  test.each([
    [[{ ports: [0], cidr: '10.0.0.0/8' }], 'INVALID_PORT', /ingress\[0\]\.ports\[0\] = 0/],
    [[{ ports: [65536], cidr: '10.0.0.0/8' }], 'INVALID_PORT', /65536/],
    [[{ ports: [NaN], cidr: '10.0.0.0/8' }], 'INVALID_PORT', /NaN/],
    [[{ ports: [443.5], cidr: '10.0.0.0/8' }], 'INVALID_PORT', /443.5/],
    [[{ ports: ['443'], cidr: '10.0.0.0/8' }], 'INVALID_PORT', /without quotes/],
    [[{ ports: [], cidr: '10.0.0.0/8' }], 'EMPTY_PORTS', /opens nothing/],
    [[{ ports: 443, cidr: '10.0.0.0/8' }], 'INVALID_PORT', /write \[443\]/],
    [[{ ports: [443], cidr: '10.1.0.0/33' }], 'INVALID_CIDR', /\/33/],
    [[{ ports: [443], cidrs: ['10.0.0.0/8'] }], 'UNKNOWN_OPTION', /unknown key "cidrs"/],
    [[{ ports: [443], cidr: '10.0.0.0/8', description: 'ünïcode' }], 'INVALID_DESCRIPTION', /rejects the character/],
    [[{ ports: [443], cidr: '10.0.0.0/8', description: 'x'.repeat(256) }], 'INVALID_DESCRIPTION', /256 characters/],
    [[null], 'INVALID_TYPE', /must be an object/],
    ['10.0.0.0/8', 'INVALID_TYPE', /list of \{ports, cidr\}/],
  ])('fails for %j with %s', (input, code, message) => {
    let error: CoiledByocError | undefined;
    try {
      normalizeRules(scope(), 'ingress', input);
    } catch (e) {
      error = e as CoiledByocError;
    }
    expect(error).toBeInstanceOf(CoiledByocError);
    expect(error!.code).toBe(code);
    expect(error!.message).toMatch(message);
    expect(error!.message).toContain("at 'App/Ws'");
  });

  test('pairsOf lists every (block, port) pair', () => {
    const rules = normalizeRules(scope(), 'ingress', [{ ports: [1, 2], cidr: '10.0.0.0/8' }]);
    expect([...pairsOf(rules)]).toEqual(['10.0.0.0/8|1', '10.0.0.0/8|2']);
  });
});

describe('toPortRanges', () => {
  test('merges contiguous ports and sorts', () => {
    expect(toPortRanges([8787, 443, 8786, 443, 22])).toEqual([
      { from: 22, to: 22 },
      { from: 443, to: 443 },
      { from: 8786, to: 8787 },
    ]);
  });
});
