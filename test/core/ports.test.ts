/**
 * Port checks and port formatting, pinned at their boundaries: the first and last valid port, the
 * numbers just outside, and the quoted-number case whose fix and suggestion differ from the rest.
 */
import { CoiledByocError, ValidationScope, plainScope } from '../../src/core/errors';
import { checkPort, formatPortRange, formatPorts, toPortRanges } from '../../src/core/ports';

function errorOf(value: unknown, scope: ValidationScope = plainScope('App/Ws')): CoiledByocError | undefined {
  try {
    checkPort(scope, 'ingress[0].ports[0]', value);
    return undefined;
  } catch (e) {
    if (!(e instanceof CoiledByocError)) throw e;
    return e;
  }
}

const GENERAL_FIX = 'use a port such as 443, or 8786 and 8787 for classic Dask';

describe('checkPort', () => {
  test.each([1, 2, 443, 65534, 65535])('accepts port %p', (port) => {
    expect(errorOf(port)).toBeUndefined();
  });

  test.each([0, -1, 65536, 70000, 443.5, 0.5, 65535.5, NaN, Infinity, -Infinity, null, undefined, true, [443], { port: 443 }])('refuses %p with the general fix and no suggestion', (value) => {
    const error = errorOf(value);
    expect(error?.code).toBe('INVALID_PORT');
    expect(error?.problem).toBe('a port must be a whole number from 1 to 65535');
    expect(error?.fix).toBe(GENERAL_FIX);
    expect(error?.suggestion).toBeUndefined();
    expect(error?.constructPath).toBe('App/Ws');
    expect(error?.input).toBe('ingress[0].ports[0]');
  });

  // A quoted number: the fix names the number; the suggestion is given only when it is a valid port.
  test.each([
    ['443', 443],
    ['1', 1],
    ['65535', 65535],
    ['0443', 443],
  ])('a quoted valid port %p: fix without quotes, suggestion %p', (value, suggested) => {
    const error = errorOf(value);
    expect(error?.code).toBe('INVALID_PORT');
    expect(error?.fix).toBe(`write the number without quotes: ${value}`);
    expect(error?.suggestion).toEqual({ input: 'ingress[0].ports[0]', value: suggested });
  });

  test.each(['0', '65536', '99999'])('a quoted out-of-range number %p: fix without quotes, no suggestion', (value) => {
    const error = errorOf(value);
    expect(error?.fix).toBe(`write the number without quotes: ${value}`);
    expect(error?.suggestion).toBeUndefined();
  });

  // Only a string of digits and nothing else is a "quoted number": anchors at both ends.
  test.each(['443a', 'a443', ' 443', '443 ', '44 3', '-443', '443.0', '', 'https'])('%p is not a quoted number: the general fix', (value) => {
    const error = errorOf(value);
    expect(error?.fix).toBe(GENERAL_FIX);
    expect(error?.suggestion).toBeUndefined();
  });

  test('a token passes unchecked; a resolved value in the same scope is still checked', () => {
    const token = '${Token[TOKEN.1]}';
    const scope: ValidationScope = { ...plainScope('App/Ws'), isUnresolved: (v) => v === token };
    expect(errorOf(token, scope)).toBeUndefined();
    expect(errorOf(0, scope)?.code).toBe('INVALID_PORT');
  });
});

describe('port ranges', () => {
  test.each([
    [[], [], ''],
    [[443], [{ from: 443, to: 443 }], '443'],
    [[443, 443], [{ from: 443, to: 443 }], '443'],
    // Adjacent ports merge; a gap of one port does not.
    [[8787, 8786], [{ from: 8786, to: 8787 }], '8786-8787'],
    [[1, 3], [{ from: 1, to: 1 }, { from: 3, to: 3 }], '1, 3'],
    [[3, 1, 2], [{ from: 1, to: 3 }], '1-3'],
    // Numeric order, not text order: 80 before 443 before 8786.
    [[8786, 443, 80], [{ from: 80, to: 80 }, { from: 443, to: 443 }, { from: 8786, to: 8786 }], '80, 443, 8786'],
    [[65535, 1, 65534, 2], [{ from: 1, to: 2 }, { from: 65534, to: 65535 }], '1-2, 65534-65535'],
  ])('%p -> %p, written %p', (ports, ranges, text) => {
    expect(toPortRanges(ports)).toEqual(ranges);
    expect(formatPorts(ports)).toBe(text);
  });

  test('a single-port range is written as the port, a wider one with a hyphen', () => {
    expect(formatPortRange({ from: 22, to: 22 })).toBe('22');
    expect(formatPortRange({ from: 22, to: 23 })).toBe('22-23');
  });

  test('the input list is not reordered in place', () => {
    const ports = [8787, 443];
    toPortRanges(ports);
    expect(ports).toEqual([8787, 443]);
  });
});
