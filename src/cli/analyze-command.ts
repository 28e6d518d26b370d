/**
 * `coiled-byoc analyze <template.json | cdk.tf.json>`: who can reach what, from the synthesized
 * file alone, checked against Coiled's network contract. Loads neither aws-cdk-lib nor cdktf.
 */
import { Command, Io } from './io';
import { AnalysisInputError } from '../core/flow-analysis';
import { analyzeNetwork, hasViolations } from '../core/flow-contract';
import { analysisJson, renderAnalysis } from '../core/flow-report';
import { isCloudFormationTemplate, readCloudFormation } from '../core/read-cloudformation';
import { isTerraformJson, readTerraform } from '../core/read-terraform';

/** Exit codes (also in the usage text and the README). */
export const ANALYZE_EXIT = {
  ok: 0,
  badInput: 1,
  usage: 2,
  /** `--strict` and the file allows a flow beyond the contract (or blocks a needed one). */
  violations: 3,
} as const;

const USAGE = `usage: coiled-byoc analyze <file> [--strict] [--json] [--workspace <name>]

  <file> is a synthesized stack:
    cdk synth               -> cdk.out/<Stack>.template.json     (AWS)
    cdktf synth             -> cdktf.out/stacks/<stack>/cdk.tf.json (GCP)

  Prints who can reach what (the flow matrix, with the rules that allow each flow) and checks it
  against Coiled's network contract as the workspace recorded it.

  --strict            exit ${ANALYZE_EXIT.violations} when a flow goes beyond the contract or a needed flow is blocked
  --json              print the result as JSON
  --workspace <name>  the workspace to analyze, when the file holds several

  exit codes: ${ANALYZE_EXIT.ok} analyzed (without --strict, also with violations), ${ANALYZE_EXIT.badInput} the file cannot be read or holds no workspace,
              ${ANALYZE_EXIT.usage} usage error, ${ANALYZE_EXIT.violations} --strict and violations found`;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'who can reach what, from a synthesized template (checks Coiled\'s network contract)',
  usage: USAGE,
  run(args: string[], io: Io): number {
    const options = parse(args);
    if (!options) {
      io.err(USAGE);
      return ANALYZE_EXIT.usage;
    }
    const fail = (message: string) => {
      io.err(`coiled-byoc analyze: ${options.file}: ${message}`);
      return ANALYZE_EXIT.badInput;
    };
    let raw: string;
    try {
      raw = io.readFile(options.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return fail(code === 'ENOENT' ? 'no such file (synthesize first: cdk synth, or cdktf synth)' : code === 'EISDIR' ? 'it is a directory: give the template file inside it' : (e as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail(/^\s*(AWSTemplateFormatVersion|Resources|Description)\s*:/m.test(raw)
        ? 'this is a YAML template; analyze reads JSON: give cdk.out/<Stack>.template.json'
        : 'not JSON: give a CloudFormation template (.template.json) or a Terraform JSON stack (cdk.tf.json)');
    }
    try {
      const read = isCloudFormationTemplate(json) ? readCloudFormation : isTerraformJson(json) ? readTerraform : undefined;
      if (!read) return fail('not a CloudFormation template (no Resources) or a Terraform JSON stack (no resource block)');
      const analysis = analyzeNetwork(read(json, { workspace: options.workspace }));
      io.out(options.json ? JSON.stringify(analysisJson(analysis), null, 2) : renderAnalysis(analysis, options.file));
      return options.strict && hasViolations(analysis) ? ANALYZE_EXIT.violations : ANALYZE_EXIT.ok;
    } catch (e) {
      if (e instanceof AnalysisInputError) return fail(e.message);
      throw e;
    }
  },
};

interface Options {
  readonly file: string;
  readonly strict: boolean;
  readonly json: boolean;
  readonly workspace?: string;
}

function parse(args: string[]): Options | undefined {
  let file: string | undefined;
  let strict = false;
  let json = false;
  let workspace: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--strict') strict = true;
    else if (arg === '--json') json = true;
    else if (arg === '--workspace' && i + 1 < args.length) workspace = args[++i];
    else if (arg.startsWith('-') || file !== undefined) return undefined;
    else file = arg;
  }
  return file === undefined ? undefined : { file, strict, json, workspace };
}
