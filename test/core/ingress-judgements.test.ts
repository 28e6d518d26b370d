/**
 * normalizeRules' refusals word for word (code, input, problem, fix, suggestion: what a user reads
 * and what a tool can apply), the description limits at their exact boundaries, the merging of
 * rules for one block, and token rules. Mutation testing (issue 16) found these told apart only by
 * regular expressions or not run at all.
 */
import { ErrorCode, ValidationScope, plainScope } from '../../src/core/errors';
import { Ingress, IpFamily, normalizeRules, pairsOf } from '../../src/core/ingress';
import { libraryError } from '../util';

const scope = () => plainScope('App/Ws');
const TOKEN = '${Token[TOKEN.1]}';
const tokenScope: ValidationScope = {
  path: 'App/Ws',
  isUnresolved: (v: unknown) => (typeof v === 'string' && v.startsWith('${Token[')) || (Array.isArray(v) && (v as unknown as { token?: boolean }).token === true),
  warn: () => undefined,
};
const judged = (fn: () => unknown) => {
  const e = libraryError(fn);
  return { code: e.code, input: e.input, problem: e.problem, fix: e.fix, suggestion: e.suggestion };
};

describe('refusals', () => {
  test.each<[string, unknown, unknown]>([
    [
      'not a list (an object: the suggestion wraps it)',
      { ports: [443], cidr: '10.0.0.0/8' },
      { code: ErrorCode.INVALID_TYPE, input: 'ingress', problem: 'expected a list of {ports, cidr} rules known at synth time', fix: 'write ingress: [{ ports: [443], cidr: "10.0.0.0/16" }]', suggestion: { input: 'ingress', value: [{ ports: [443], cidr: '10.0.0.0/8' }] } },
    ],
    ['not a list (null: nothing to wrap)', null, { code: ErrorCode.INVALID_TYPE, input: 'ingress', problem: 'expected a list of {ports, cidr} rules known at synth time', fix: 'write ingress: [{ ports: [443], cidr: "10.0.0.0/16" }]', suggestion: undefined }],
    ['not a list (a string)', '10.0.0.0/8', { code: ErrorCode.INVALID_TYPE, input: 'ingress', problem: 'expected a list of {ports, cidr} rules known at synth time', fix: 'write ingress: [{ ports: [443], cidr: "10.0.0.0/16" }]', suggestion: undefined }],
    [
      'a hole in the rules',
      // eslint-disable-next-line no-sparse-arrays
      [{ ports: [443], cidr: '10.0.0.0/8' }, , { ports: [22], cidr: '10.1.0.0/16' }],
      {
        code: ErrorCode.INVALID_TYPE,
        input: 'ingress[1]',
        problem: 'the list has a hole at index 1 (a sparse array): a hole is no rule at all',
        fix: 'list only real rules',
        suggestion: { input: 'ingress', value: [{ ports: [443], cidr: '10.0.0.0/8' }, { ports: [22], cidr: '10.1.0.0/16' }] },
      },
    ],
    ['a rule that is a list', [[443, '10.0.0.0/8']], { code: ErrorCode.INVALID_TYPE, input: 'ingress[0]', problem: 'a rule must be an object with ports and cidr', fix: 'write { ports: [443], cidr: "10.0.0.0/16" }', suggestion: undefined }],
    ['a rule that is null', [null], { code: ErrorCode.INVALID_TYPE, input: 'ingress[0]', problem: 'a rule must be an object with ports and cidr', fix: 'write { ports: [443], cidr: "10.0.0.0/16" }', suggestion: undefined }],
    ['a rule that is text', ['10.0.0.0/8'], { code: ErrorCode.INVALID_TYPE, input: 'ingress[0]', problem: 'a rule must be an object with ports and cidr', fix: 'write { ports: [443], cidr: "10.0.0.0/16" }', suggestion: undefined }],
    [
      'one unknown key',
      [{ ports: [443], cidrs: ['10.0.0.0/8'] }],
      { code: ErrorCode.UNKNOWN_OPTION, input: 'ingress[0].cidrs', problem: 'unknown key "cidrs"; a rule has exactly ports, cidr, and optionally cidrFamily and description', fix: 'give one CIDR per rule (repeat the rule for more blocks) and a list of ports', suggestion: undefined },
    ],
    [
      'two unknown keys: both named, the first as the input',
      [{ ports: [443], cidr: '10.0.0.0/8', protocol: 'tcp', from: 1 }],
      { code: ErrorCode.UNKNOWN_OPTION, input: 'ingress[0].protocol', problem: 'unknown keys "protocol", "from"; a rule has exactly ports, cidr, and optionally cidrFamily and description', fix: 'give one CIDR per rule (repeat the rule for more blocks) and a list of ports', suggestion: undefined },
    ],
    [
      'ports as one number: write it as a list',
      [{ ports: 443, cidr: '10.0.0.0/8' }],
      { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write [443]', suggestion: { input: 'ingress[0].ports', value: [443] } },
    ],
    ['ports as a number out of range: no suggestion', [{ ports: 65536, cidr: '10.0.0.0/8' }], { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write [65536]', suggestion: undefined }],
    ['ports as 0: no suggestion', [{ ports: 0, cidr: '10.0.0.0/8' }], { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write [0]', suggestion: undefined }],
    ['ports as a fraction: no suggestion', [{ ports: 1.5, cidr: '10.0.0.0/8' }], { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write [1.5]', suggestion: undefined }],
    ['port 65535 as a number: suggested as a list', [{ ports: 65535, cidr: '10.0.0.0/8' }], { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write [65535]', suggestion: { input: 'ingress[0].ports', value: [65535] } }],
    ['port 1 as a number: suggested as a list', [{ ports: 1, cidr: '10.0.0.0/8' }], { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write [1]', suggestion: { input: 'ingress[0].ports', value: [1] } }],
    ['ports as text', [{ ports: '443', cidr: '10.0.0.0/8' }], { code: ErrorCode.INVALID_PORT, input: 'ingress[0].ports', problem: 'ports must be a list of port numbers', fix: 'write a list such as [443] or [8786, 8787]', suggestion: undefined }],
    ['no ports', [{ ports: [], cidr: '10.0.0.0/8' }], { code: ErrorCode.EMPTY_PORTS, input: 'ingress[0].ports', problem: 'a rule with no ports opens nothing', fix: 'list at least one port, e.g. [443], or remove the rule', suggestion: { input: 'ingress[0].ports', value: [443] } }],
    [
      'a hole in the ports: the real ones suggested',
      // eslint-disable-next-line no-sparse-arrays
      [{ ports: [443, , 22], cidr: '10.0.0.0/8' }],
      { code: ErrorCode.INVALID_TYPE, input: 'ingress[0].ports[1]', problem: 'the list has a hole at index 1 (a sparse array): a hole is no port at all', fix: 'list only real ports', suggestion: { input: 'ingress[0].ports', value: [443, 22] } },
    ],
    [
      'ports that are only holes: 443 suggested',
      [{ ports: new Array(2), cidr: '10.0.0.0/8' }],
      { code: ErrorCode.INVALID_TYPE, input: 'ingress[0].ports[0]', problem: 'the list has a hole at index 0 (a sparse array): a hole is no port at all', fix: 'list only real ports', suggestion: { input: 'ingress[0].ports', value: [443] } },
    ],
    ['a description that is not text', [{ ports: [443], cidr: '10.0.0.0/8', description: 7 }], { code: ErrorCode.INVALID_DESCRIPTION, input: 'ingress[0].description', problem: 'a description must be text', fix: 'write a short sentence, e.g. "VPN users"', suggestion: undefined }],
    [
      'a description one character over the limit',
      [{ ports: [443], cidr: '10.0.0.0/8', description: 'd'.repeat(256) }],
      { code: ErrorCode.INVALID_DESCRIPTION, input: 'ingress[0].description', problem: 'the description has 256 characters; AWS allows at most 255', fix: 'shorten it', suggestion: undefined },
    ],
    [
      'a description with characters AWS rejects: each named once, in order',
      [{ ports: [443], cidr: '10.0.0.0/8', description: 'VPN users <eu> "a" <b>' }],
      { code: ErrorCode.INVALID_DESCRIPTION, input: 'ingress[0].description', problem: 'AWS rejects the character(s) "<>\\"" in rule descriptions', fix: 'use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*', suggestion: undefined },
    ],
    [
      'a family that is not an IpFamily',
      [{ ports: [443], cidr: '10.0.0.0/8', cidrFamily: 'inet' }],
      { code: ErrorCode.INVALID_ENUM_VALUE, input: 'ingress[0].cidrFamily', problem: 'not a member of IpFamily; it is IpFamily.IPV4 or IpFamily.IPV6', fix: 'use IpFamily.IPV4 or IpFamily.IPV6', suggestion: undefined },
    ],
    [
      'a family in the wrong case: the member suggested',
      [{ ports: [443], cidr: '2001:db8::/32', cidrFamily: ' ipv6 ' }],
      { code: ErrorCode.INVALID_ENUM_VALUE, input: 'ingress[0].cidrFamily', problem: 'not a member of IpFamily; it is IpFamily.IPV4 or IpFamily.IPV6', fix: 'use IpFamily.IPV6 ("IPV6")', suggestion: { input: 'ingress[0].cidrFamily', value: 'IPV6' } },
    ],
    [
      'a family that is not text',
      [{ ports: [443], cidr: '10.0.0.0/8', cidrFamily: 4 }],
      { code: ErrorCode.INVALID_ENUM_VALUE, input: 'ingress[0].cidrFamily', problem: 'not a member of IpFamily; it is IpFamily.IPV4 or IpFamily.IPV6', fix: 'use IpFamily.IPV4 or IpFamily.IPV6', suggestion: undefined },
    ],
    [
      'a literal block with the other family declared',
      [{ ports: [443], cidr: '2001:db8::/32', cidrFamily: IpFamily.IPV4 }],
      { code: ErrorCode.INVALID_CIDR, input: 'ingress[0].cidrFamily', problem: '"2001:db8::/32" is an IPv6 block', fix: 'leave cidrFamily out for a literal block (it is read from the block)', suggestion: { input: 'ingress[0].cidrFamily', value: undefined } },
    ],
  ])('%s', (_, rules, expected) => {
    expect(judged(() => normalizeRules(scope(), 'ingress', rules))).toEqual(expected);
  });

  test('the input is named as the caller names it, at the failing rule', () => {
    const e = libraryError(() => normalizeRules(scope(), 'dataSources', [{ ports: [443], cidr: '10.0.0.0/8' }, { ports: [0], cidr: '10.1.0.0/16' }]));
    expect(e.input).toBe('dataSources[1].ports[0]');
    expect(e.constructPath).toBe('App/Ws');
  });

  test('a bad block is named at its own rule', () => {
    const e = libraryError(() => normalizeRules(scope(), 'dataSources', [{ ports: [443], cidr: '10.0.0.0/8' }, { ports: [22], cidr: '10.0.0.300/8' }]));
    expect(e.input).toBe('dataSources[1].cidr');
  });

  test('a literal block with its own family declared is accepted as that family', () => {
    const rules = normalizeRules(scope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/8', cidrFamily: IpFamily.IPV4 },
      { ports: [443], cidr: '2001:db8::/32', cidrFamily: IpFamily.IPV6 },
    ]);
    expect(rules.map((r) => [r.cidr, r.family])).toEqual([['10.0.0.0/8', 'ipv4'], ['2001:db8::/32', 'ipv6']]);
  });

  // A family is looked up by the text given: names every object inherits must find nothing, and a
  // list holding a member (which stringifies to it) is not the member.
  test.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'])('cidrFamily %s is no family, on a literal block and on a token', (name) => {
    const expected = { code: ErrorCode.INVALID_ENUM_VALUE, input: 'ingress[0].cidrFamily', problem: 'not a member of IpFamily; it is IpFamily.IPV4 or IpFamily.IPV6', fix: 'use IpFamily.IPV4 or IpFamily.IPV6', suggestion: undefined };
    expect(judged(() => normalizeRules(scope(), 'ingress', [{ ports: [443], cidr: '10.0.0.0/8', cidrFamily: name }]))).toEqual(expected);
    expect(judged(() => normalizeRules(tokenScope, 'ingress', [{ ports: [443], cidr: TOKEN, cidrFamily: name }]))).toEqual(expected);
  });

  test('cidrFamily as a list holding a member is refused', () => {
    expect(judged(() => normalizeRules(tokenScope, 'ingress', [{ ports: [443], cidr: TOKEN, cidrFamily: [IpFamily.IPV4] }])).code).toBe(ErrorCode.INVALID_ENUM_VALUE);
  });

  test('an unknown key set to undefined is no key', () => {
    expect(normalizeRules(scope(), 'ingress', [{ ports: [443], cidr: '10.0.0.0/8', cidrs: undefined }])).toHaveLength(1);
  });

  test.each([
    ['a token block without a family', [{ ports: [443], cidr: TOKEN }], {
      code: ErrorCode.UNKNOWN_ADDRESS_FAMILY,
      input: 'ingress[0].cidr',
      problem: 'the block is only known at deploy time, so its address family is unknown: AWS writes IPv4 and IPv6 sources into different fields and GCP cannot mix them in one rule',
      fix: 'say which it is: add cidrFamily: IpFamily.IPV4 (or IpFamily.IPV6) to ingress[0]',
      suggestion: { input: 'ingress[0].cidrFamily', value: 'IPV4' },
    }],
    ['a token list of ports', [{ ports: Object.assign([443], { token: true }), cidr: '10.0.0.0/8' }], {
      code: ErrorCode.INVALID_PORT,
      input: 'ingress[0].ports',
      problem: 'the list of ports must be known at synth time (single ports may be tokens)',
      fix: 'write the list literally, e.g. [443]',
      suggestion: undefined,
    }],
  ])('%s', (_, rules, expected) => {
    expect(judged(() => normalizeRules(tokenScope, 'ingress', rules))).toEqual(expected);
  });

  test('a token list of rules is not a list known at synth time, and no suggestion is made from it', () => {
    const tokenList = Object.assign([], { token: true });
    const notAList = { token: true } as unknown;
    const scopeWithObjectToken: ValidationScope = { ...tokenScope, isUnresolved: (v) => v === notAList };
    expect(judged(() => normalizeRules(scopeWithObjectToken, 'ingress', notAList)).suggestion).toBeUndefined();
    expect(normalizeRules(tokenScope, 'ingress', tokenList)).toEqual([]);
  });
});

describe('descriptions', () => {
  test.each([
    ['exactly 255 characters is accepted', 'd'.repeat(255), 'd'.repeat(255)],
    ['every character of the AWS alphabet is accepted', 'aZ09 ._-:/()#,@[]+=&;{}!$*', 'aZ09 ._-:/()#,@[]+=&;{}!$*'],
    ['only spaces is no description', '   ', undefined],
    ['empty is no description', '', undefined],
  ])('%s', (_, description, kept) => {
    expect(normalizeRules(scope(), 'ingress', [{ ports: [443], cidr: '10.0.0.0/8', description }])[0].description).toBe(kept);
  });

  test('rules for one block merge their descriptions, sorted, de-duplicated, joined with "; "', () => {
    const [rule] = normalizeRules(scope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/8', description: 'VPN' },
      { ports: [22], cidr: '10.0.0.1/8', description: 'Admins' },
      { ports: [8787], cidr: '10.0.0.0/8', description: 'VPN' },
      { ports: [8786], cidr: '10.0.0.0/8' },
    ]);
    expect(rule).toMatchObject({ cidr: '10.0.0.0/8', ports: [22, 443, 8786, 8787], description: 'Admins; VPN' });
  });

  test('merged descriptions of exactly 255 characters are kept whole; longer ones are cut to 255 ending in ...', () => {
    const a = 'a'.repeat(126);
    const b = 'b'.repeat(127);
    const exact = normalizeRules(scope(), 'ingress', [{ ports: [1], cidr: '10.0.0.0/8', description: a }, { ports: [2], cidr: '10.0.0.0/8', description: b }])[0].description!;
    expect(exact).toBe(`${a}; ${b}`);
    expect(exact).toHaveLength(255);
    const over = normalizeRules(scope(), 'ingress', [{ ports: [1], cidr: '10.0.0.0/8', description: a }, { ports: [2], cidr: '10.0.0.0/8', description: `${b}b` }])[0].description!;
    expect(over).toBe(`${a}; ${b.slice(0, 124)}...`);
    expect(over).toHaveLength(255);
  });
});

describe('merging and order', () => {
  test('blocks are normalised, merged, and sorted IPv4 first by address; ports numeric and unique', () => {
    const rules = normalizeRules(scope(), 'ingress', [
      { ports: [8787, 443, 443], cidr: '2001:db8::1/32' },
      { ports: [10000, 9], cidr: '192.168.1.7/24' },
      { ports: [80], cidr: '10.0.0.0/8' },
      { ports: [22], cidr: '192.168.1.0/24' },
    ]);
    expect(rules.map((r) => [r.cidr, r.family, r.ports])).toEqual([
      ['10.0.0.0/8', 'ipv4', [80]],
      ['192.168.1.0/24', 'ipv4', [9, 22, 10000]],
      ['2001:db8::/32', 'ipv6', [443, 8787]],
    ]);
  });

  test('token rules follow the literal ones in their own order, merged per block and family', () => {
    const rules = normalizeRules(tokenScope, 'ingress', [
      { ports: [443], cidr: '${Token[TOKEN.2]}', cidrFamily: IpFamily.IPV6, description: 'b' },
      { ports: [22], cidr: '10.0.0.0/8' },
      { ports: [22, 443], cidr: TOKEN, cidrFamily: IpFamily.IPV4 },
      { ports: [8786], cidr: '${Token[TOKEN.2]}', cidrFamily: IpFamily.IPV6, description: 'a' },
      { ports: [8787], cidr: '${Token[TOKEN.2]}', cidrFamily: IpFamily.IPV4 },
    ]);
    expect(rules.map((r) => [r.cidr, r.family, r.ports, r.description, r.parsed === undefined])).toEqual([
      ['10.0.0.0/8', 'ipv4', [22], undefined, false],
      ['${Token[TOKEN.2]}', 'ipv6', [443, 8786], 'a; b', true],
      [TOKEN, 'ipv4', [22, 443], undefined, true],
      ['${Token[TOKEN.2]}', 'ipv4', [8787], undefined, true],
    ]);
  });

  test('a token description is kept as given, unchecked', () => {
    const [rule] = normalizeRules(tokenScope, 'ingress', [{ ports: [443], cidr: '10.0.0.0/8', description: '${Token[TOKEN.9]}' }]);
    expect(rule.description).toBe('${Token[TOKEN.9]}');
  });

  test('pairsOf lists every block and port a list opens', () => {
    const pairs = pairsOf(normalizeRules(scope(), 'ingress', [{ ports: [443, 22], cidr: '10.0.0.0/8' }, { ports: [22], cidr: '::/0' }]));
    expect([...pairs]).toEqual(['10.0.0.0/8|22', '10.0.0.0/8|443', '::/0|22']);
  });
});

describe('presets', () => {
  // The presets are called in the test, not in the table: a call while the file loads would make
  // every mutant it reaches a static one (docs/mutation.md).
  test.each([
    ['coiledDefault', [443], 'Dask client and HTTPS dashboard to scheduler'],
    ['classicDask', [8786, 8787], 'Classic Dask scheduler and dashboard'],
    ['ssh', [22], 'SSH to scheduler'],
    ['sparkConnect', [15003], 'Spark Connect to scheduler'],
    ['jupyter', [8888], 'Jupyter on scheduler'],
    ['terraformTemplateParity', [22, 80, 443, 8786, 8787], 'Coiled Terraform template parity'],
  ] as const)('%s: its ports and its description', (preset, ports, description) => {
    expect(Ingress[preset]('10.0.0.0/8')).toEqual({ ports, cidr: '10.0.0.0/8', description });
  });

  test('the defaults: 443, 8786 and 8787 from every IPv4 address, said to be Coiled\'s default', () => {
    expect(Ingress.defaults()).toEqual([{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0', description: 'Coiled default: Dask client and dashboard to scheduler' }]);
    expect([Ingress.ANYWHERE_IPV4, Ingress.ANYWHERE_IPV6]).toEqual(['0.0.0.0/0', '::/0']);
  });

  test.each([
    ['coiledDefault', () => Ingress.coiledDefault(443 as unknown as string)],
    ['ssh', () => Ingress.ssh(undefined as unknown as string)],
    ['jupyter', () => Ingress.jupyter({} as unknown as string)],
  ])('%s refuses a block that is not text, naming the preset', (name, call) => {
    expect(libraryError(call).constructPath).toBe(`Ingress.${name}()`);
  });
});
