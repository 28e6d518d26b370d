/**
 * The library's one validation error and the scope that core checks run in.
 *
 * Core code never imports aws-cdk-lib or cdktf, so it cannot see constructs or tokens itself: each
 * renderer hands it a `ValidationScope` that knows the construct path, how to recognise an
 * unresolved token of its own library, and how to attach a warning to the construct.
 */
import { ownValue } from './own-key';

/**
 * Stable codes of {@link CoiledByocErrors}: tests, docs and users may branch on them. Each value is
 * its own name. Never renumber or rename one; new codes are only ever added.
 */
export enum ErrorCode {
  /** A CIDR block that does not parse, or is not allowed where it was given. */
  INVALID_CIDR = 'INVALID_CIDR',
  /** A port outside 1-65535, or a list of ports that is not a list. */
  INVALID_PORT = 'INVALID_PORT',
  /** A rule with no ports. */
  EMPTY_PORTS = 'EMPTY_PORTS',
  /** A rule description AWS or GCP would reject. */
  INVALID_DESCRIPTION = 'INVALID_DESCRIPTION',
  /** A Coiled workspace name that is not a valid slug, or too long for the names derived from it. */
  INVALID_WORKSPACE_NAME = 'INVALID_WORKSPACE_NAME',
  /** A name (or the name derived from it) that breaks its cloud's limits. */
  INVALID_NAME = 'INVALID_NAME',
  /** Two workspaces of one app would create the same account- or project-unique name. */
  NAME_COLLISION = 'NAME_COLLISION',
  /** An external ID that AWS rejects, that is a placeholder, or that is too weak to guard the role. */
  INVALID_EXTERNAL_ID = 'INVALID_EXTERNAL_ID',
  /** An AWS account id that is not 12 digits. */
  INVALID_ACCOUNT_ID = 'INVALID_ACCOUNT_ID',
  /** An ARN of the wrong shape. */
  INVALID_ARN = 'INVALID_ARN',
  /** A number outside its allowed range. */
  INVALID_NUMBER = 'INVALID_NUMBER',
  /** A log retention CloudWatch Logs does not offer. */
  INVALID_RETENTION = 'INVALID_RETENTION',
  /** More rules in one security group than the account's quota. */
  SECURITY_GROUP_RULE_QUOTA = 'SECURITY_GROUP_RULE_QUOTA',
  /** More ranges in one GCP firewall rule than GCP allows. */
  FIREWALL_RULE_LIMIT = 'FIREWALL_RULE_LIMIT',
  /** Options that contradict each other, or an option that has no effect with the others given. */
  CONFLICTING_OPTIONS = 'CONFLICTING_OPTIONS',
  /** A network, subnet, zone or VPC setting that cannot work. */
  INVALID_NETWORK = 'INVALID_NETWORK',
  /** A GCP project id of the wrong shape. */
  INVALID_PROJECT_ID = 'INVALID_PROJECT_ID',
  /** A region name of the wrong shape. */
  INVALID_REGION = 'INVALID_REGION',
  /** A value of the wrong type (a string where a list belongs, a number given as text, a hole in a list). */
  INVALID_TYPE = 'INVALID_TYPE',
  /** A value that is not one of the members of its enum. */
  INVALID_ENUM_VALUE = 'INVALID_ENUM_VALUE',
  /** An option this construct does not have (often a typo). */
  UNKNOWN_OPTION = 'UNKNOWN_OPTION',
  /** An empty list where an empty list means nothing that can work. */
  EMPTY_LIST = 'EMPTY_LIST',
  /** A CIDR only known at deploy time whose address family changes what is rendered. */
  UNKNOWN_ADDRESS_FAMILY = 'UNKNOWN_ADDRESS_FAMILY',
  /** More GCP firewall rules than the project quota given in `firewallRuleQuota`. */
  FIREWALL_RULE_QUOTA = 'FIREWALL_RULE_QUOTA',
  /** An IAM policy over AWS's size limit for its kind. */
  IAM_POLICY_TOO_LARGE = 'IAM_POLICY_TOO_LARGE',
  /** A secret's value given in plain text without `allowPlaintextValue` (it would land in the template or state). */
  PLAINTEXT_SECRET_VALUE = 'PLAINTEXT_SECRET_VALUE',
  /** A secret's value that is not a non-empty string. */
  INVALID_SECRET_VALUE = 'INVALID_SECRET_VALUE',
}

/** @deprecated the type of a code is {@link ErrorCode} itself. */
export type ErrorCodeValue = ErrorCode;

/** A concrete value that fixes the problem, for the input it belongs to. */
export interface SuggestedFix {
  /** The input to set, in the user's vocabulary (`ingress[0].cidr`, `namePrefix`). */
  readonly input: string;
  /** The value to set it to (`undefined`: leave the input out). */
  readonly value: unknown;
}

export interface ValidationProblem {
  /** One of {@link ErrorCode}. */
  readonly code: ErrorCode;
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
  /**
   * A concrete value that passes validation, when there is one to offer. Tests feed every
   * suggestion back and require it to pass.
   */
  readonly suggestion?: SuggestedFix;
}

/** `Error` as a base jsii erases (jsii cannot represent subclasses of `Error` in other languages). */
abstract class LibraryError extends Error {}

/**
 * Thrown for every bad input, at synth time, before anything reaches a cloud.
 *
 * The message always carries the stable code, the construct path, the offending value and a fix,
 * so a user reading only the first line of a stack trace knows what to change. TypeScript and
 * JavaScript users may `catch (e) { if (e instanceof CoiledByocError) ... }`; other languages use
 * {@link CoiledByocErrors} (the class is left out of the jsii assembly).
 *
 * @internal
 */
export class CoiledByocError extends LibraryError {
  /** The stable code. */
  public readonly code: ErrorCode;
  /** The construct (or factory) the bad input was given to. */
  public readonly constructPath: string;
  /** The input, as the user wrote it. */
  public readonly input: string;
  /** The offending value, rendered as text. */
  public readonly value: string;
  /** What is wrong. */
  public readonly problem: string;
  /** How to fix it. */
  public readonly fix: string;
  /** A concrete value that fixes it, when there is one. */
  public readonly suggestion?: SuggestedFix;

  constructor(problem: ValidationProblem) {
    super(formatProblem(problem));
    this.name = 'CoiledByocError';
    this.code = problem.code;
    this.constructPath = problem.path;
    this.input = problem.input;
    this.value = renderValue(problem.value);
    this.problem = problem.problem;
    this.fix = problem.fix;
    this.suggestion = problem.suggestion;
  }
}

/**
 * Recognises this library's errors in every language: pass the caught error (JavaScript,
 * TypeScript) or its message (Python, Java, .NET see the JavaScript error's message).
 *
 * @example
 * try { app.synth(); } catch (e) { if (CoiledByocErrors.codeOf(e) === ErrorCode.INVALID_CIDR) { ... } }
 */
export class CoiledByocErrors {
  /** True when `error` (an error object or its message) was thrown by this library. */
  public static isCoiledByocError(error: any): boolean {
    return CoiledByocErrors.codeOf(error) !== undefined;
  }

  /** The stable code of a library error (an error object or its message), or undefined for any other error. */
  public static codeOf(error: any): ErrorCode | undefined {
    if (error instanceof CoiledByocError) return error.code;
    const message = typeof error === 'string' ? error : error instanceof Error ? error.message : undefined;
    const code = message === undefined ? undefined : /^\[coiled-byoc ([A-Z_]+)\] /.exec(message)?.[1];
    return code !== undefined && (Object.values(ErrorCode) as string[]).includes(code) ? (code as ErrorCode) : undefined;
  }

  private constructor() {}
}

export function formatProblem(p: ValidationProblem): string {
  return `[coiled-byoc ${p.code}] at '${p.path}': ${p.input} = ${renderValue(p.value)}: ${p.problem}. Fix: ${p.fix}`;
}

/** What a value is, for "expected X, got Y": `a list`, `the string "x"`, `an object`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${literal(value)}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  return describeKind(value);
}

/** What kind of value it is, without showing it (for a secret): `a list`, `an object`, `a number`. */
export function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A value as compact JSON for a message, cut at 120 characters. */
export function literal(value: unknown): string {
  // JSON has no text for undefined or a function: they are shown as JavaScript writes them.
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A value as text for a one-line message: strings quoted and escaped, long values cut. */
export function renderValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return String(value);
  try {
    // The replacer maps every undefined (even a top-level toJSON's) to null, so text is a string.
    const text = JSON.stringify(value, (_, v) => (v === undefined ? null : v));
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * What a core check needs from the renderer that calls it.
 */
export interface ValidationScope {
  /** Construct path, for messages. */
  readonly path: string;
  /**
   * Inputs that the user wrote under another name: a construct built by another one (the
   * workspace's security groups) reports `ruleQuota` as the `securityGroupRuleQuota` the user set.
   */
  readonly inputNames?: Readonly<Record<string, string>>;
  /** True for a value that only the deployment can resolve (a CDK or CDKTF token). */
  isUnresolved(value: unknown): boolean;
  /** Attach a warning, with a stable id, to the construct. */
  warn(id: string, message: string): void;
}

/** Throws {@link CoiledByocError} for `problem` at the scope's path. */
export function fail(scope: ValidationScope, problem: Omit<ValidationProblem, 'path'>): never {
  throw new CoiledByocError(renamed(scope, { ...problem, path: scope.path }));
}

/** The scope with more input names mapped (for a construct that another one builds). */
export function withInputNames(scope: ValidationScope, inputNames: Readonly<Record<string, string>> | undefined): ValidationScope {
  if (!inputNames || Object.keys(inputNames).length === 0) return scope;
  return { ...scope, inputNames: { ...scope.inputNames, ...inputNames } };
}

/** Rewrites the inputs a problem names into the names the user wrote. */
function renamed(scope: ValidationScope, problem: ValidationProblem): ValidationProblem {
  const names = scope.inputNames;
  if (!names) return problem;
  const rename = (text: string) => text.replace(/\b[A-Za-z_][A-Za-z0-9_]*\b/g, (word, offset: number, whole: string) => (whole[offset - 1] === '.' ? word : ownValue(names, word) ?? word));
  return {
    ...problem,
    input: rename(problem.input),
    fix: rename(problem.fix),
    problem: rename(problem.problem),
    suggestion: problem.suggestion && { ...problem.suggestion, input: rename(problem.suggestion.input) },
  };
}

/** A scope for plain data (tests, the hand-off tool, docs): no tokens, warnings collected. */
export function plainScope(path = 'coiled-byoc', warnings: string[] = []): ValidationScope {
  return {
    path,
    isUnresolved: () => false,
    warn: (id, message) => warnings.push(`${id}: ${message}`),
  };
}
