/**
 * Runtime type checks of everything a user passes to the library, for callers the TypeScript
 * compiler never saw: JavaScript, JSON and `-c` context values, Python through jsii.
 *
 * One source of truth: `api-schema.generated.ts` is derived from the TypeScript declarations of
 * the public API (scripts/api-schema.ts; a test fails when it is stale), so a prop added later is
 * checked without anyone remembering to. Every public constructor, factory and method calls
 * {@link checkArguments} on entry; the checks are structural (type, enum member, list, struct,
 * unknown option); what a value means is checked later by the code that uses it.
 */
import { Construct } from 'constructs';
import { API_SCHEMA } from './api-schema.generated';
import { ErrorCode, SuggestedFix, ValidationScope, describeValue, fail, literal } from './errors';
import { hasOwnKey } from './own-key';

/** The type of a prop or parameter, as the schema records it. */
export type TypeSpec =
  | { readonly k: 'string' }
  | { readonly k: 'number' }
  | { readonly k: 'boolean' }
  | { readonly k: 'any' }
  /** One of the library's enums: the value must be a member. */
  | { readonly k: 'enum'; readonly name: string }
  /** Another library's enum: its members change with that library's version, so only the primitive type is checked. */
  | { readonly k: 'extEnum'; readonly name: string; readonly primitive: 'string' | 'number' }
  | { readonly k: 'array'; readonly of: TypeSpec }
  | { readonly k: 'map'; readonly of: TypeSpec }
  /** One of the library's structs (props): checked prop by prop. */
  | { readonly k: 'struct'; readonly name: string }
  /**
   * A class, a behavioural interface or another library's struct: an object (with these methods,
   * for ours; a construct, for other libraries' construct types such as IVpc).
   */
  | { readonly k: 'object'; readonly name: string; readonly methods?: readonly string[]; readonly construct?: boolean };

export interface PropSpec {
  readonly type: TypeSpec;
  readonly optional: boolean;
}

export interface StructSpec {
  readonly props: Readonly<Record<string, PropSpec>>;
  /**
   * The struct extends another library's struct (`StackProps`), whose props change with that
   * library's version: unknown options are then only rejected when they look like a typo of ours.
   */
  readonly open: boolean;
}

export interface ParamSpec {
  readonly name: string;
  readonly type: TypeSpec;
  readonly optional: boolean;
  readonly variadic?: boolean;
}

export interface ApiSchema {
  readonly structs: Readonly<Record<string, StructSpec>>;
  readonly enums: Readonly<Record<string, Readonly<Record<string, string | number>>>>;
  /** `<namespace.>Class.new` for constructors, `<namespace.>Class.method` for methods and factories. */
  readonly callables: Readonly<Record<string, readonly ParamSpec[]>>;
}

const SCHEMA: ApiSchema = API_SCHEMA;

/**
 * Checks the arguments of one public constructor, factory or method against the schema. Props of a
 * struct argument are reported by their own names (`natType`, `ingress[0].cidr`), other arguments
 * by the parameter's name (`bucketName`).
 */
export function checkArguments(scope: ValidationScope, callable: string, args: readonly unknown[]): void {
  const params = SCHEMA.callables[callable];
  if (!params) throw new Error(`coiled-byoc internal error: ${callable} is not in the API schema (regenerate it: npx ts-node --transpile-only scripts/api-schema.ts)`);
  checkParameters(scope, params, args);
}

/**
 * Checks arguments against a parameter list (exported for the tests: the schema's only rest
 * parameter comes first, and a later one must still be checked from its own position).
 */
export function checkParameters(scope: ValidationScope, params: readonly ParamSpec[], args: readonly unknown[]): void {
  params.forEach((param, i) => {
    if (param.variadic) {
      args.slice(i).forEach((arg, j) => checkValue(scope, arg, (param.type as { of: TypeSpec }).of ?? param.type, `${param.name}[${j}]`, false));
      return;
    }
    const value = args[i];
    if (param.type.k === 'struct') checkStructValue(scope, value, param.type.name, '', param.name, param.optional);
    else checkValue(scope, value, param.type, param.name, param.optional);
  });
}

/** Checks a value against one of the library's structs; `prefix` is prepended to prop names. */
export function checkStruct(scope: ValidationScope, structName: string, value: unknown, prefix = ''): void {
  checkStructValue(scope, value, structName, prefix, prefix.replace(/\.$/, '') || 'props', false);
}

/** Only the props of `value` that `structName` has (a stack's props handed to its workspace). */
export function pickProps<T>(structName: string, value: object): T {
  const spec = structSpec(structName);
  return Object.fromEntries(Object.entries(value).filter(([key]) => hasOwnKey(spec.props, key))) as T;
}

/** The names of the props of one of the library's structs. */
export function propNames(structName: string): string[] {
  return Object.keys(structSpec(structName).props);
}

/** The schema itself (tests enumerate it). */
export function apiSchema(): ApiSchema {
  return SCHEMA;
}

function structSpec(name: string): StructSpec {
  const spec = SCHEMA.structs[name];
  if (!spec) throw new Error(`coiled-byoc internal error: struct ${name} is not in the API schema`);
  return spec;
}

function checkStructValue(scope: ValidationScope, value: unknown, name: string, prefix: string, input: string, optional: boolean): void {
  if (value === undefined && optional) return;
  if (scope.isUnresolved(value)) return;
  const spec = structSpec(name);
  if (value === null && optional) refuseNull(scope, { k: 'struct', name }, input, optional);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (value === undefined || value === null) {
      fail(scope, { code: ErrorCode.INVALID_TYPE, input, value, problem: `${describeType({ k: 'struct', name })} is required`, fix: `pass ${input} as an object, e.g. ${requiredExample(spec)}` });
    }
    fail(scope, { code: ErrorCode.INVALID_TYPE, input, value, problem: `expected ${describeType({ k: 'struct', name })}, got ${describeValue(value)}`, fix: `pass an object, e.g. ${requiredExample(spec)}` });
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (hasOwnKey(spec.props, key) || record[key] === undefined) continue;
    const near = nearest(key, Object.keys(spec.props));
    if (spec.open && near === undefined) continue;
    fail(scope, {
      code: ErrorCode.UNKNOWN_OPTION,
      input: `${prefix}${key}`,
      value: record[key],
      problem: `${shortName(name)} has no option "${key}"${near ? ` (did you mean "${near}"?)` : ''}; an unknown option would be silently ignored`,
      fix: near ? `rename it to ${prefix}${near}` : `remove it; the options are ${Object.keys(spec.props).join(', ')}`,
    });
  }
  for (const [key, prop] of Object.entries(spec.props)) checkValue(scope, record[key], prop.type, `${prefix}${key}`, prop.optional);
}

/** Checks one value against a type of the schema (exported for the type-by-type tests). */
export function checkValue(scope: ValidationScope, value: unknown, type: TypeSpec, input: string, optional: boolean): void {
  // A struct's props are named under it: `workerPorts.nannyPort`.
  if (type.k === 'struct') return checkStructValue(scope, value, type.name, `${input}.`, input, optional);
  if (value === undefined) {
    if (optional) return;
    fail(scope, { code: ErrorCode.INVALID_TYPE, input, value, problem: `${input} is required (${describeType(type)})`, fix: `give ${input}` });
  }
  if (value === null) refuseNull(scope, type, input, optional);
  if (scope.isUnresolved(value)) return;
  const wrong = (suggestion?: SuggestedFix, fix?: string): never =>
    fail(scope, {
      code: ErrorCode.INVALID_TYPE,
      input,
      value,
      problem: `expected ${describeType(type)}, got ${describeValue(value)}`,
      fix: fix ?? (suggestion ? `write ${input}: ${literal(suggestion.value)}` : `give ${describeType(type)}`),
      suggestion,
    });
  switch (type.k) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') wrong();
      return;
    case 'number':
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) wrong(undefined, 'give a finite number');
        return;
      }
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) wrong({ input, value: Number(value) });
      wrong();
      return;
    case 'boolean':
      if (typeof value === 'boolean') return;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) wrong({ input, value: value.trim().toLowerCase() === 'true' });
      wrong();
      return;
    case 'extEnum':
      if (typeof value !== type.primitive) wrong();
      return;
    case 'enum':
      return checkEnum(scope, value, type.name, input);
    case 'object': {
      const fix = `give ${describeType(type)}${hint(type.name)}`;
      if ((typeof value !== 'object' && typeof value !== 'function') || Array.isArray(value)) wrong(undefined, fix);
      if (type.construct && !Construct.isConstruct(value)) {
        fail(scope, { code: ErrorCode.INVALID_TYPE, input, value, problem: `expected ${describeType(type)} (a construct), got an object that is not one`, fix });
      }
      for (const method of type.methods ?? []) {
        if (typeof (value as Record<string, unknown>)[method] !== 'function') {
          fail(scope, { code: ErrorCode.INVALID_TYPE, input, value, problem: `expected ${describeType(type)}, got an object without its ${method}() method`, fix });
        }
      }
      return;
    }
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) wrong();
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) checkValue(scope, item, type.of, `${input}.${key}`, false);
      return;
    case 'array':
      return checkArray(scope, value, type, input, wrong);
  }
}

/** null where a value belongs: refused, with leaving it out suggested when the input may be left out. */
function refuseNull(scope: ValidationScope, type: TypeSpec, input: string, optional: boolean): never {
  return fail(scope, {
    code: ErrorCode.INVALID_TYPE,
    input,
    value: null,
    problem: `null is not ${describeType(type)}`,
    fix: optional ? `leave ${input} out for its default` : `give ${input}`,
    suggestion: optional ? { input, value: undefined } : undefined,
  });
}

function checkArray(scope: ValidationScope, value: unknown, type: { k: 'array'; of: TypeSpec }, input: string, wrong: (s?: SuggestedFix) => never): void {
  if (!Array.isArray(value)) {
    // A single value where a list belongs, e.g. from `-c subnetIds=subnet-a,subnet-b`.
    if (typeof value === 'string' && type.of.k === 'string') {
      wrong({ input, value: value.split(',').map((s) => s.trim()).filter((s) => s !== '') });
    }
    if (typeof value === 'number' && type.of.k === 'number') wrong({ input, value: [value] });
    // (null never reaches here: checkValue refuses it first.)
    if (typeof value === 'object' && type.of.k === 'struct') wrong({ input, value: [value] });
    wrong();
  }
  const list = value as unknown[];
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) {
      fail(scope, {
        code: ErrorCode.INVALID_TYPE,
        input: `${input}[${i}]`,
        value: list,
        problem: `the list has a hole at index ${i} (a sparse array, e.g. new Array(${list.length})): a hole is no value at all`,
        fix: 'list only real values',
        // Only the real values, when there are any.
        suggestion: list.some(() => true) ? { input, value: list.filter(() => true) } : undefined,
      });
    }
    checkValue(scope, list[i], type.of, `${input}[${i}]`, false);
  }
}

function checkEnum(scope: ValidationScope, value: unknown, name: string, input: string): void {
  const members = SCHEMA.enums[name];
  if (Object.values(members).includes(value as string | number)) return;
  const short = shortName(name);
  const match = memberMeant(members, value);
  fail(scope, {
    code: ErrorCode.INVALID_ENUM_VALUE,
    input,
    value,
    problem: `not a member of ${name}; it is one of ${Object.keys(members).map((m) => `${short}.${m}`).join(', ')}${typeof value === 'string' ? ' (members are written exactly, in capitals)' : ''}`,
    fix: match ? `use ${short}.${match[0]} (the value ${literal(match[1])})` : `use one of ${Object.keys(members).map((m) => `${short}.${m}`).join(', ')}`,
    suggestion: match ? { input, value: match[1] } : undefined,
  });
}

/**
 * The member a text that names none exactly was meant for: its name or its value in another case,
 * with spaces or hyphens for underscores (exported for the tests: every enum of the schema has
 * values equal to its member names, which this must not rely on).
 */
export function memberMeant(members: Readonly<Record<string, string | number>>, value: unknown): [string, string | number] | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return Object.entries(members).find(([member, v]) => member.toLowerCase() === text || String(v).toLowerCase() === text);
}

/** A type in words: "a list of strings", "aws.NatType". */
export function describeType(type: TypeSpec): string {
  switch (type.k) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'any':
      return 'any value';
    case 'enum':
    case 'extEnum':
      return `a member of ${type.name}`;
    case 'array':
      return `a list of ${plural(type.of)}`;
    case 'map':
      return `an object of ${plural(type.of)}`;
    case 'struct':
      return `${/^[aeiou]/i.test(shortName(type.name)) ? 'an' : 'a'} ${shortName(type.name)} object`;
    case 'object':
      return `${/^[aeiou]/i.test(type.name) ? 'an' : 'a'} ${type.name} object`;
  }
}

/** Many values of a type, in words: "strings", "IngressRule objects", "lists of numbers". */
function plural(type: TypeSpec): string {
  switch (type.k) {
    case 'string':
      return 'strings';
    case 'number':
      return 'numbers';
    case 'boolean':
      return 'booleans';
    case 'any':
      return 'values of any type';
    case 'enum':
    case 'extEnum':
      return `members of ${type.name}`;
    case 'array':
      return `lists of ${plural(type.of)}`;
    case 'map':
      return `objects of ${plural(type.of)}`;
    case 'struct':
      return `${shortName(type.name)} objects`;
    case 'object':
      return `${type.name} objects`;
  }
}

function shortName(name: string): string {
  return name.split('.').pop()!;
}

/** How a user usually gets a value of a class type, when they gave something else. */
function hint(className: string): string {
  const hints: Record<string, string> = {
    IVpc: ' (to give a VPC by id, use vpcId instead; or ec2.Vpc.fromLookup(...))',
    ISecurityGroup: ' (ec2.SecurityGroup.fromSecurityGroupId(this, "Sg", "sg-..."))',
    InstanceType: ' (new ec2.InstanceType("t4g.nano"))',
    IManagedPolicy: ' (iam.ManagedPolicy.fromManagedPolicyName(this, "Policy", "..."))',
    IKey: ' (kms.Key.fromKeyArn(this, "Key", "arn:aws:kms:..."))',
    CoiledNetwork: ' (CoiledNetwork.publicSubnets(), CoiledNetwork.privateSubnets() or CoiledNetwork.existing({ ... }))',
    CoiledGcpNetwork: ' (CoiledGcpNetwork.publicSubnet(), CoiledGcpNetwork.privateSubnet() or CoiledGcpNetwork.existing({ ... }))',
    Construct: ' (the construct to add this to, e.g. a Stack)',
  };
  return hints[className] ?? '';
}

/** `{ cidr: ..., ports: ... }`, or `{}` for a struct whose props are all optional. */
function requiredExample(spec: StructSpec): string {
  const required = Object.entries(spec.props).filter(([, p]) => !p.optional);
  return required.length === 0 ? '{}' : `{ ${required.map(([k]) => `${k}: ...`).join(', ')} }`;
}

/** The closest known name when `key` looks like a typo of it (case, one or two letters). */
function nearest(key: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    const allowed = Math.min(2, Math.floor(name.length / 4));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
