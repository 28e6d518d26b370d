/**
 * `coiled-byoc handoff <outputs.json>`: prints what to give Coiled after a deploy.
 */
import * as fs from 'fs';
import { HandoffInputError, parseOutputsFile, renderHandoff } from '../core/handoff';

const USAGE = `usage: coiled-byoc handoff <outputs-file>

  <outputs-file> is written by one of:
    cdk deploy --outputs-file out.json
    cdktf output --outputs-file out.json
    terraform -chdir=cdktf.out/stacks/<stack> output -json > out.json`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

const nodeIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => fs.readFileSync(path, 'utf8'),
};

/** Runs the command; returns the exit code. Bad input gives one line on stderr, never a stack trace. */
export function run(argv: string[], io: Io = nodeIo): number {
  const [command, file, ...extra] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command !== 'handoff' || !file || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }
  let raw: string;
  try {
    raw = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(`coiled-byoc handoff: cannot read ${file}: ${code === 'ENOENT' ? 'no such file (deploy first, with the outputs-file option)' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    io.err(`coiled-byoc handoff: ${file} is not JSON: give the outputs file your deploy tool wrote`);
    return 1;
  }
  try {
    const handoffs = parseOutputsFile(json);
    io.out(handoffs.map(renderHandoff).join('\n\n----------------------------------------\n\n'));
    return 0;
  } catch (e) {
    if (e instanceof HandoffInputError) {
      io.err(`coiled-byoc handoff: ${file}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export function main(): void {
  process.exitCode = run(process.argv.slice(2));
}
