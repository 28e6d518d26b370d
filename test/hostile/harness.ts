/**
 * How a hostile-input case runs and what it may produce: our error (code, construct path, the input
 * as written, its value, a fix, and a suggested value that must itself pass), a warning, or success.
 * Anything else (a raw exception, silence where the input is dangerous) fails the table.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cdktf from 'cdktf';
import { Io, run as runCli } from '../../src/cli/main';
import { CoiledByocError } from '../../src/core/errors';
import { CoiledGcpChecks } from '../../src/gcp';

export type Props = Record<string, any>;

/** What a run left behind: warnings (with ids), the synthesized output, or the CLI's streams. */
export interface Result {
  readonly warnings: string[];
  readonly template?: any;
  readonly terraform?: any;
  readonly cli?: { readonly code: number; readonly out: string; readonly err: string };
}

export type Expected =
  /** Our error with this code, naming this input (as the user wrote it). */
  | { readonly error: string; readonly input: string }
  /** Success with a warning of this id (dangerous but allowed: the user is told). */
  | { readonly warn: string; readonly check?: (r: Result) => void }
  /** Success, nothing to say; `check` asserts on the output. */
  | { readonly ok: true; readonly check?: (r: Result) => void }
  /** The CLI: this exit code, stdout/stderr matching. */
  | { readonly exit: number; readonly out?: RegExp; readonly err?: RegExp; readonly notOut?: RegExp };

export interface Case {
  readonly cloud: 'aws' | 'gcp' | 'cli';
  readonly name: string;
  /** The input as the user wrote it; suggestions are applied to it by input path. */
  readonly props: Props;
  readonly run: (props: Props) => Result;
  readonly expect: Expected;
}

/** Runs an AWS app builder and synthesizes it; warnings carry their ids (`[ack: id]`). */
export function synthAws(build: (app: App) => Stack): Result {
  const app = new App();
  const stack = build(app);
  const template = Template.fromStack(stack).toJSON();
  const warnings = Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((m) => String(m.entry.data));
  return { warnings, template };
}

/** A CloudFormation parameter's value: a token only known at deploy time. */
export function parameter(stack: Stack, name: string): string {
  return new CfnParameter(stack, name).valueAsString;
}

/** Synthesizes a GCP stack; warnings and the rule pack's findings both count as warnings. */
export function synthGcp(build: (app: cdktf.App) => cdktf.TerraformStack): Result {
  const app = cdktf.Testing.app();
  const stack = build(app);
  const terraform = JSON.parse(cdktf.Testing.synth(stack));
  const warnings = stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => String(m.data));
  const findings = new CoiledGcpChecks().check(terraform).map((f) => `[${f.ruleId}] ${f.resource}: ${f.message}`);
  return { warnings: [...warnings, ...findings], terraform };
}

/** Runs `coiled-byoc handoff` on the given file bytes (or a read error). */
export function handoff(bytes: Uint8Array | Error, args: string[] = ['out.json']): Result {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    readFile: () => {
      throw new Error('readBytes is used');
    },
    readBytes: () => {
      if (bytes instanceof Error) throw bytes;
      return bytes;
    },
  };
  const code = runCli(['handoff', ...args], io);
  return { warnings: [], cli: { code, out, err } };
}

export const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
export const json = (value: unknown) => utf8(JSON.stringify(value));

/** A copy of `props` with `path` (`ingress[0].cidrFamily`, `network`) set; undefined removes it. */
export function setIn(props: Props, path: string, value: unknown): Props {
  const keys = path.match(/[^.[\]]+/g) ?? [];
  const copy = (node: any, i: number): any => {
    const container = Array.isArray(node) ? [...node] : { ...(node ?? {}) };
    const key = Array.isArray(container) ? Number(keys[i]) : keys[i];
    if (i === keys.length - 1) {
      if (value === undefined && !Array.isArray(container)) delete container[key as string];
      else container[key as any] = value;
    } else {
      container[key as any] = copy(node?.[key as any], i + 1);
    }
    return container;
  };
  return keys.length === 0 ? props : copy(props, 0);
}

/** The value at `path` in `props`, if the path exists. */
export function getIn(props: Props, path: string): unknown {
  let node: any = props;
  for (const key of path.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Runs a case; returns the library error it threw, or its result. Any other exception propagates. */
export function attempt(c: Case, props: Props): { error?: CoiledByocError; result?: Result } {
  try {
    return { result: c.run(props) };
  } catch (e) {
    if (e instanceof CoiledByocError) return { error: e };
    throw new Error(`raw exception (not CoiledByocError) for "${c.name}": ${(e as Error).stack}`);
  }
}

/** Text that would forge lines or recolour a terminal if printed raw. */
export const UNSAFE_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
