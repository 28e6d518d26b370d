/**
 * Renamed inputs (src/core/input-names.ts): a construct built by another reports an input under
 * the name the user wrote on the outer one. The renames follow the very props object handed over,
 * never a copy, and anything else has none.
 */
import { outerNames, withOuterNames } from '../../src/core/input-names';

test('the props object handed over carries its renames, and is returned as it was', () => {
  const props = { ruleQuota: 60 };
  const names = { ruleQuota: 'securityGroupRuleQuota' };
  expect(withOuterNames(props, names)).toBe(props);
  expect(outerNames(props)).toBe(names);
});

test('the latest renames of an object win', () => {
  const props = {};
  withOuterNames(props, { a: 'b' });
  withOuterNames(props, { a: 'c' });
  expect(outerNames(props)).toEqual({ a: 'c' });
});

test('a copy of the props, other props and values that are no object have no renames', () => {
  const props = { ruleQuota: 60 };
  withOuterNames(props, { ruleQuota: 'securityGroupRuleQuota' });
  expect([outerNames({ ...props }), outerNames({}), outerNames(undefined), outerNames(null), outerNames('ruleQuota'), outerNames(60)]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
});
