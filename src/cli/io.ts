import * as fs from 'fs';

/** What a command may do to the outside world; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export const nodeIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => fs.readFileSync(path, 'utf8'),
};

/** One subcommand of `coiled-byoc`. */
export interface Command {
  /** The word after `coiled-byoc`. */
  readonly name: string;
  /** One line for the usage text. */
  readonly summary: string;
  /** Its own usage text (shown on a usage error). */
  readonly usage: string;
  /** Runs with the arguments after the command word; returns the exit code (2 = usage error). */
  run(args: string[], io: Io): number;
}
