/**
 * `coiled-byoc handoff <outputs.json>`: prints what to give Coiled, from a deploy outputs file.
 *
 * The file is input from outside the library: it is read bounded (a regular file of at most
 * MAX_OUTPUTS_FILE_BYTES, never a FIFO or device), decoded (UTF-8 with or without BOM, UTF-16 as
 * PowerShell writes it), every value is checked against the shape the stacks write, and every
 * problem is one line on stderr with exit code 1.
 */
import { Command, Io } from './io';
import { HandoffInputError, MAX_OUTPUTS_FILE_BYTES, decodeOutputsFile, displayText, parseOutputsFile, renderHandoff } from '../core/handoff';

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
    const name = displayText(file, 200);
    let bytes: Uint8Array;
    try {
      bytes = io.readBytes ? io.readBytes(file, MAX_OUTPUTS_FILE_BYTES) : Buffer.from(io.readFile(file), 'utf8');
    } catch (e) {
      io.err(`coiled-byoc handoff: cannot read ${name}: ${readProblem(e)}`);
      return 1;
    }
    try {
      const text = decodeOutputsFile(bytes);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new HandoffInputError(`is not JSON (${displayText((e as Error).message, 120)}): give the outputs file your deploy tool wrote`);
      }
      const handoffs = parseOutputsFile(json);
      io.out(handoffs.map(renderHandoff).join('\n\n----------------------------------------\n\n'));
      return 0;
    } catch (e) {
      if (e instanceof HandoffInputError) {
        // Messages starting with a verb describe the file itself ("is not JSON").
        // Messages quote values from the file: escaped again here, so nothing can break the line.
        io.err(`coiled-byoc handoff: ${name}${/^(is|holds) /.test(e.message) ? ' ' : ': '}${displayText(e.message, 2000)}`);
        return 1;
      }
      throw e;
    }
  },
};

function readProblem(e: unknown): string {
  const error = e as NodeJS.ErrnoException & { size?: number };
  switch (error.code) {
    case 'ENOENT':
      return 'no such file (deploy first, with the outputs-file option)';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTREG':
      return 'it is not a regular file (a pipe, device or socket); write the outputs to a file first';
    case 'EFBIG':
      return `it is larger than ${MAX_OUTPUTS_FILE_BYTES / 1024 / 1024} MiB${error.size !== undefined ? ` (${error.size} bytes)` : ''}, far more than any outputs file: give the file your deploy tool wrote`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return displayText(error.message ?? String(e), 200);
  }
}
