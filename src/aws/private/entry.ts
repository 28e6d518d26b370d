import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkArguments } from '../../core/api-check';
import { ErrorCode, ValidationScope, fail } from '../../core/errors';

/** A scope for checks that run before a construct exists (factories, constructors before `super`). */
export function entryScope(path: string): ValidationScope {
  return { path, isUnresolved: (value) => Token.isUnresolved(value), warn: () => undefined };
}

/**
 * Checks a public constructor's arguments against the API schema before `super` runs (so a bad
 * scope or props never reaches aws-cdk-lib), and returns the scope for `super`.
 */
export function checkedConstructorScope<T>(callable: string, scope: T, id: unknown, ...rest: unknown[]): T {
  const path = Construct.isConstruct(scope) && typeof id === 'string' ? [scope.node.path, id].filter((p) => p !== '').join('/') : callable.replace(/\.new$/, '');
  const v = entryScope(path);
  if (!Construct.isConstruct(scope)) {
    fail(v, { code: ErrorCode.INVALID_TYPE, input: 'scope', value: typeof scope === 'object' ? Object.prototype.toString.call(scope) : scope, problem: 'the scope must be a construct (a Stack, or a construct inside one)', fix: 'pass the stack (or construct) to add this to as the first argument' });
  }
  checkArguments(v, callable, [scope, id, ...rest]);
  return scope;
}

/** Checks a factory's or method's arguments; `path` names where it was called (a construct, or the factory). */
export function checkCall(callable: string, path: string, args: readonly unknown[]): void {
  checkArguments(entryScope(path), callable, args);
}
