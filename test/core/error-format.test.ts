/**
 * The one-line error format users read and tools parse, pinned exactly: the message layout, how
 * values are rendered (and cut), how inner inputs are renamed to the names the user wrote, and how
 * errors are recognised from objects and from messages. Core only, so mutation runs stay fast.
 */
import { CoiledByocError, CoiledByocErrors, ErrorCode, ValidationScope, describeKind, describeValue, fail, formatProblem, literal, plainScope, renderValue, withInputNames } from '../../src/core/errors';

const PROBLEM = { code: ErrorCode.INVALID_PORT, path: 'App/Ws', input: 'ingress[0].ports[0]', value: 0, problem: 'a port must be a whole number from 1 to 65535', fix: 'use 443' };

test('the message layout: code, path, input = value, problem, fix', () => {
  expect(formatProblem(PROBLEM)).toBe("[coiled-byoc INVALID_PORT] at 'App/Ws': ingress[0].ports[0] = 0: a port must be a whole number from 1 to 65535. Fix: use 443");
});

test('an error carries every part of the problem, the value rendered, and its name', () => {
  const error = new CoiledByocError({ ...PROBLEM, value: 'x"y', suggestion: { input: 'ingress[0].ports[0]', value: 443 } });
  expect(error.name).toBe('CoiledByocError');
  expect(error).toBeInstanceOf(Error);
  expect({ code: error.code, constructPath: error.constructPath, input: error.input, value: error.value, problem: error.problem, fix: error.fix, suggestion: error.suggestion }).toEqual({
    code: 'INVALID_PORT',
    constructPath: 'App/Ws',
    input: 'ingress[0].ports[0]',
    value: '"x\\"y"',
    problem: PROBLEM.problem,
    fix: 'use 443',
    suggestion: { input: 'ingress[0].ports[0]', value: 443 },
  });
});

describe('renderValue', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  test.each<[string, unknown, string]>([
    ['a number', 443, '443'],
    ['a negative fraction', -0.5, '-0.5'],
    ['NaN (JSON would say null)', NaN, 'NaN'],
    ['Infinity (JSON would say null)', Infinity, 'Infinity'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a boolean', false, 'false'],
    ['a bigint', BigInt(7), '7'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a string, quoted', '10.0.0.0/8', '"10.0.0.0/8"'],
    ['a string with a control character, escaped', 'a\nb', '"a\\nb"'],
    ['an empty string', '', '""'],
    ['an array, undefined items shown as null', [1, undefined], '[1,null]'],
    ['an object, undefined fields kept as null', { a: undefined, b: 1 }, '{"a":null,"b":1}'],
    ['a circular object', circular, '[object Object]'],
  ])('%s', (_what, value, text) => {
    expect(renderValue(value)).toBe(text);
  });

  test('a function is rendered as its source text', () => {
    expect(renderValue(function named() {})).toBe(String(function named() {}));
  });

  test('a value whose toJSON gives undefined renders as null, like any undefined', () => {
    expect(renderValue({ toJSON: () => undefined, toString: () => 'custom' })).toBe('null');
  });

  // 200 characters of JSON are kept whole; 201 are cut to 197 and an ellipsis (200 in all).
  test.each([
    [198, 200, false],
    [199, 201, true],
    [300, 302, true],
  ])('a string of %p characters (JSON %p) is cut: %p', (length, jsonLength, cut) => {
    const text = renderValue('x'.repeat(length));
    expect(JSON.stringify('x'.repeat(length)).length).toBe(jsonLength);
    expect(text.length).toBe(cut ? 200 : jsonLength);
    expect(text.endsWith('...')).toBe(cut);
    if (cut) expect(text).toBe(`"${'x'.repeat(196)}...`);
  });
});

describe('renaming inner inputs', () => {
  const inner = (names?: Record<string, string>) => withInputNames(plainScope('App/W/SecurityGroups'), names);
  const thrown = (scope: ValidationScope, problem: { input: string; problem: string; fix: string; suggestion?: { input: string; value: unknown } }) => {
    try {
      fail(scope, { code: ErrorCode.INVALID_NUMBER, value: 0, ...problem });
    } catch (e) {
      return e as CoiledByocError;
    }
    throw new Error('fail returned');
  };

  test('no names, or an empty map: the scope itself', () => {
    const scope = plainScope('p');
    expect(withInputNames(scope, undefined)).toBe(scope);
    expect(withInputNames(scope, {})).toBe(scope);
  });

  test('names add up across levels; the later level wins', () => {
    const scope = withInputNames(withInputNames(plainScope('p'), { a: 'outerA', b: 'outerB' }), { b: 'innerB' });
    expect(scope.inputNames).toEqual({ a: 'outerA', b: 'innerB' });
  });

  test('the input, problem, fix and suggestion are renamed, whole words only', () => {
    const error = thrown(inner({ ruleQuota: 'securityGroupRuleQuota' }), {
      input: 'ruleQuota',
      problem: 'ruleQuota is 0; ruleQuotas and myruleQuota are other words',
      fix: 'set ruleQuota',
      suggestion: { input: 'ruleQuota', value: 60 },
    });
    expect(error.input).toBe('securityGroupRuleQuota');
    expect(error.problem).toBe('securityGroupRuleQuota is 0; ruleQuotas and myruleQuota are other words');
    expect(error.fix).toBe('set securityGroupRuleQuota');
    expect(error.suggestion).toEqual({ input: 'securityGroupRuleQuota', value: 60 });
    expect(error.message).toContain("at 'App/W/SecurityGroups': securityGroupRuleQuota = 0: securityGroupRuleQuota is 0");
  });

  test('a field after a dot is not an input name: ingress[0].cidr keeps its cidr', () => {
    const error = thrown(inner({ cidr: 'vpcCidr', ingress: 'schedulerIngress' }), { input: 'ingress[0].cidr', problem: 'cidr is bad', fix: 'fix ingress[0].cidr' });
    expect(error.input).toBe('schedulerIngress[0].cidr');
    expect(error.problem).toBe('vpcCidr is bad');
    expect(error.fix).toBe('fix schedulerIngress[0].cidr');
  });

  test('a word that names a member of every object (constructor, toString) is not an input name', () => {
    const error = thrown(inner({ cidr: 'vpcCidr' }), { input: 'cidr', problem: 'constructor toString valueOf hasOwnProperty __proto__ cidr', fix: 'f' });
    expect(error.problem).toBe('constructor toString valueOf hasOwnProperty __proto__ vpcCidr');
  });

  test('no suggestion stays none', () => {
    expect(thrown(inner({ a: 'b' }), { input: 'a', problem: 'p', fix: 'f' }).suggestion).toBeUndefined();
  });
});

describe('plainScope', () => {
  test('its path defaults to the package name; nothing is a token; warnings are collected as "id: message"', () => {
    const warnings: string[] = [];
    const scope = plainScope(undefined, warnings);
    expect(scope.path).toBe('coiled-byoc');
    expect(scope.isUnresolved('${Token[TOKEN.1]}')).toBe(false);
    scope.warn('coiled-byoc:x', 'careful');
    expect(warnings).toEqual(['coiled-byoc:x: careful']);
  });
});

describe('recognising errors', () => {
  // Each case is built in its test, not while the file loads (docs/mutation.md: library calls at
  // load make static mutants).
  test.each<[string, (message: string) => unknown, ErrorCode | undefined]>([
    ['the error object', () => new CoiledByocError(PROBLEM), ErrorCode.INVALID_PORT],
    ['its message', (message) => message, ErrorCode.INVALID_PORT],
    ['a plain Error carrying the message (another language)', (message) => new Error(message), ErrorCode.INVALID_PORT],
    ['the message after other text', (message) => `Error: ${message}`, undefined],
    ['an unknown code', (message) => message.replace('INVALID_PORT', 'NO_SUCH_CODE'), undefined],
    ['a code without the trailing space', () => '[coiled-byoc INVALID_PORT]at x', undefined],
    ['a lowercase code', () => '[coiled-byoc invalid_port] at x', undefined],
    ['an object with a message field', (message) => ({ message }), undefined],
    ['null', () => null, undefined],
  ])('%s', (_what, build, code) => {
    const error = build(formatProblem(PROBLEM));
    expect(CoiledByocErrors.codeOf(error)).toBe(code);
    expect(CoiledByocErrors.isCoiledByocError(error)).toBe(code !== undefined);
  });
});

// "expected X, got Y" in refusals, and the values they quote: these words reach users verbatim.
describe('what a refusal says it got', () => {
  test.each([
    ['a string, quoted as JSON', 'eu-west-1', 'the string "eu-west-1"'],
    ['a number', 8786, 'the number 8786'],
    ['NaN, which is a number only to JavaScript', Number.NaN, 'NaN'],
    ['a list', [443], 'a list'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an object', { ports: [443] }, 'an object'],
    ['a boolean', true, 'a boolean'],
  ])('%s', (_, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  test('a secret is described by its kind alone, never shown', () => {
    expect([describeKind('hunter2'), describeKind(42), describeKind(['a']), describeKind(null), describeKind({ a: 1 })]).toEqual(['a string', 'a number', 'a list', 'null', 'an object']);
  });

  test('a quoted value is compact JSON cut at exactly 120 characters', () => {
    const fits = 'x'.repeat(118); // 120 with its quotes
    const over = 'x'.repeat(119);
    expect(literal(fits)).toBe(`"${fits}"`);
    expect(literal(over)).toBe(`"${'x'.repeat(116)}...`);
    expect(literal(over)).toHaveLength(120);
    expect(literal({ cidr: '10.0.0.0/8' })).toBe('{"cidr":"10.0.0.0/8"}');
    // JSON has no text for these: shown as JavaScript writes them.
    expect([literal(undefined), literal(() => 1)]).toEqual(['undefined', '() => 1']);
  });
});
