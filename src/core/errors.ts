/**
 * The library's one validation error and the scope that core checks run in.
 *
 * Core code never imports aws-cdk-lib or cdktf, so it cannot see constructs or tokens itself: each
 * renderer hands it a `ValidationScope` that knows the construct path, how to recognise an
 * unresolved token of its own library, and how to attach a warning to the construct.
 */

/** Stable error codes: tests, docs and users may match on them. Never renumber or rename. */
export const ErrorCode = {
  INVALID_CIDR: 'INVALID_CIDR',
  INVALID_PORT: 'INVALID_PORT',
  EMPTY_PORTS: 'EMPTY_PORTS',
  INVALID_DESCRIPTION: 'INVALID_DESCRIPTION',
  INVALID_WORKSPACE_NAME: 'INVALID_WORKSPACE_NAME',
  INVALID_NAME: 'INVALID_NAME',
  NAME_COLLISION: 'NAME_COLLISION',
  INVALID_EXTERNAL_ID: 'INVALID_EXTERNAL_ID',
  INVALID_ACCOUNT_ID: 'INVALID_ACCOUNT_ID',
  INVALID_ARN: 'INVALID_ARN',
  INVALID_NUMBER: 'INVALID_NUMBER',
  INVALID_RETENTION: 'INVALID_RETENTION',
  SECURITY_GROUP_RULE_QUOTA: 'SECURITY_GROUP_RULE_QUOTA',
  FIREWALL_RULE_LIMIT: 'FIREWALL_RULE_LIMIT',
  CONFLICTING_OPTIONS: 'CONFLICTING_OPTIONS',
  INVALID_NETWORK: 'INVALID_NETWORK',
  INVALID_PROJECT_ID: 'INVALID_PROJECT_ID',
  INVALID_REGION: 'INVALID_REGION',
  IAM_POLICY_TOO_LARGE: 'IAM_POLICY_TOO_LARGE',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ValidationProblem {
  /** One of {@link ErrorCode}. */
  readonly code: ErrorCodeValue;
  /** The construct the bad input was given to. */
  readonly path: string;
  /** Which input is wrong, in the user's vocabulary (`ingress[1].cidr`). */
  readonly input: string;
  /** The offending value, exactly as received. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Thrown for every bad input, at synth time, before anything reaches a cloud.
 *
 * The message always carries the stable code, the construct path, the offending value and a fix,
 * so a user reading only the first line of a stack trace knows what to change.
 */
export class CoiledByocError extends Error {
  public readonly code: ErrorCodeValue;
  public readonly constructPath: string;
  public readonly input: string;
  public readonly value: string;
  public readonly fix: string;

  constructor(problem: ValidationProblem) {
    super(formatProblem(problem));
    this.name = 'CoiledByocError';
    this.code = problem.code;
    this.constructPath = problem.path;
    this.input = problem.input;
    this.value = renderValue(problem.value);
    this.fix = problem.fix;
  }
}

export function formatProblem(p: ValidationProblem): string {
  return `[coiled-byoc ${p.code}] at '${p.path}': ${p.input} = ${renderValue(p.value)}: ${p.problem}. Fix: ${p.fix}`;
}

export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * What a core check needs from the renderer that calls it.
 */
export interface ValidationScope {
  /** Construct path, for messages. */
  readonly path: string;
  /** True for a value that only the deployment can resolve (a CDK or CDKTF token). */
  isUnresolved(value: unknown): boolean;
  /** Attach a warning, with a stable id, to the construct. */
  warn(id: string, message: string): void;
}

/** Throws {@link CoiledByocError} for `problem` at the scope's path. */
export function fail(scope: ValidationScope, problem: Omit<ValidationProblem, 'path'>): never {
  throw new CoiledByocError({ ...problem, path: scope.path });
}

/** A scope for plain data (tests, the hand-off tool, docs): no tokens, warnings collected. */
export function plainScope(path = 'coiled-byoc', warnings: string[] = []): ValidationScope {
  return {
    path,
    isUnresolved: () => false,
    warn: (id, message) => warnings.push(`${id}: ${message}`),
  };
}
