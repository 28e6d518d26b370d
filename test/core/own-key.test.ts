/**
 * Tables keyed by outside text answer only for their own keys, never for what every object
 * inherits: the defect class behind `cidrFamily: 'constructor'` and a prop named `toString`
 * passing as known.
 */
import { hasOwnKey, ownValue } from '../../src/core/own-key';

const TABLE: Record<string, number> = { a: 1, zero: 0 };

test.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'])('%s is no key of a table', (name) => {
  expect([hasOwnKey(TABLE, name), ownValue(TABLE, name)]).toEqual([false, undefined]);
});

test('own keys are found, falsy values included', () => {
  expect([hasOwnKey(TABLE, 'a'), ownValue(TABLE, 'a'), ownValue(TABLE, 'zero'), ownValue(TABLE, 'b')]).toEqual([true, 1, 0, undefined]);
});

test('an own key that shadows an inherited name is found', () => {
  expect(ownValue({ toString: 7 }, 'toString')).toBe(7);
});
