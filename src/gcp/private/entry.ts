import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkArguments } from '../../core/api-check';
import { ErrorCode, ValidationScope, fail } from '../../core/errors';

/** A scope for checks that run before a construct exists (factories, constructors before `super`). */
export function entryScope(path: string): ValidationScope {
  return { path, isUnresolved: (value) => Token.isUnresolved(value), warn: () => undefined };
}

/**
 * Checks a public constructor's arguments against the API schema before `super` runs (so a bad
 * scope or props never reaches cdktf), and returns the scope for `super`.
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

/**
 * `dependsOn` lists come from other constructs of the app: each must be something Terraform can
 * depend on (it has an `fqn`), or the rendered `depends_on` would hold nothing.
 */
export function checkDependsOn(path: string, input: string, list: unknown): void {
  if (list === undefined || Token.isUnresolved(list) || !Array.isArray(list)) return;
  list.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || typeof (item as { fqn?: unknown }).fqn !== 'string') {
      fail(entryScope(path), {
        code: ErrorCode.INVALID_TYPE,
        input: `${input}[${i}]`,
        value: item,
        problem: 'not a resource or module Terraform can depend on (it has no fqn)',
        fix: 'pass the resources themselves (e.g. a ProjectService), not their ids or names',
      });
    }
  });
}
