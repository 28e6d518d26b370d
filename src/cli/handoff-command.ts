/**
 * `coiled-byoc handoff <outputs.json>`: prints what to give Coiled after a deploy.
 */
import { Command, Io } from './io';
import { HandoffInputError, parseOutputsFile, renderHandoff } from '../core/handoff';

const USAGE = `usage: coiled-byoc handoff <outputs-file>

  <outputs-file> is written by one of:
    cdk deploy --outputs-file out.json
    cdktf output --outputs-file out.json
    terraform -chdir=cdktf.out/stacks/<stack> output -json > out.json`;

export const handoffCommand: Command = {
  name: 'handoff',
  summary: 'print what to give Coiled, from a deploy outputs file',
  usage: USAGE,
  run(args: string[], io: Io): number {
    const [file, ...extra] = args;
    if (!file || extra.length > 0) {
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
  },
};
