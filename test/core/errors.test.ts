/**
 * Users catch and branch on the library's errors, in every language jsii serves: the error class
 * and the codes are exported from the package root.
 */
import { CoiledByocError, CoiledByocErrors, ErrorCode, aws } from '../../src';
import { fail, plainScope, withInputNames } from '../../src/core/errors';
import { newStack } from '../aws/util';

test('ErrorCode, CoiledByocError and CoiledByocErrors come from the package root; every code is its own name', () => {
  for (const [name, value] of Object.entries(ErrorCode)) expect(value).toBe(name);
  expect(typeof CoiledByocError).toBe('function');
});

test('a real error is recognised from the object (TypeScript) and from its message (Python, Java, .NET)', () => {
  let caught: unknown;
  try {
    new aws.CoiledWorkspace(newStack(), 'W', { workspaceName: 'demo', externalId: 'CHANGE-ME-0123456789abcdef' });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CoiledByocError);
  expect(CoiledByocErrors.codeOf(caught)).toBe(ErrorCode.INVALID_EXTERNAL_ID);
  expect(CoiledByocErrors.codeOf((caught as Error).message)).toBe(ErrorCode.INVALID_EXTERNAL_ID);
  expect(CoiledByocErrors.isCoiledByocError(caught)).toBe(true);
});

test('a library error whose message something rewrote is still recognised from the object', () => {
  let caught: any;
  try {
    fail(plainScope('App/W'), { code: ErrorCode.INVALID_CIDR, input: 'vpcCidr', value: 'x', problem: 'p', fix: 'f' });
  } catch (e) {
    caught = e;
  }
  caught.message = `Validation failed: ${String(caught.message).slice(14)}`;
  expect(CoiledByocErrors.codeOf(caught)).toBe(ErrorCode.INVALID_CIDR);
});

test('an error of another library carrying our text in its message is recognised from the message', () => {
  expect(CoiledByocErrors.codeOf(new Error("[coiled-byoc INVALID_CIDR] at 'App/W': vpcCidr = \"x\": p. Fix: f"))).toBe(ErrorCode.INVALID_CIDR);
});

test.each([new Error('boom'), 'text', '[coiled-byoc NOT_A_CODE] at x', undefined, 42])('anything else is not ours: %p', (e) => {
  expect(CoiledByocErrors.codeOf(e)).toBeUndefined();
  expect(CoiledByocErrors.isCoiledByocError(e)).toBe(false);
});

test('an inner construct reports inputs under the names the user wrote on the outer one', () => {
  const scope = withInputNames(plainScope('App/W/SecurityGroups'), { ruleQuota: 'securityGroupRuleQuota' });
  expect(() => fail(scope, { code: ErrorCode.INVALID_NUMBER, input: 'ruleQuota', value: 0, problem: 'p', fix: 'set ruleQuota', suggestion: { input: 'ruleQuota', value: 60 } })).toThrow(
    expect.objectContaining({ input: 'securityGroupRuleQuota', fix: 'set securityGroupRuleQuota', suggestion: { input: 'securityGroupRuleQuota', value: 60 } }),
  );
});
