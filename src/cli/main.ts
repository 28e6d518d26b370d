/**
 * `coiled-byoc <command>`: the dispatcher. Each command lives in its own file; add one to COMMANDS.
 */
import { analyzeCommand } from './analyze-command';
import { handoffCommand } from './handoff-command';
import { initCommand } from './init-command';
import { Command, Io, nodeIo } from './io';
import { packageVersion } from './version';

export { Io } from './io';

const COMMANDS: readonly Command[] = [initCommand, handoffCommand, analyzeCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['usage: coiled-byoc <command> [arguments]', '       coiled-byoc --version', '', 'commands:', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', ...COMMANDS.map((c) => c.usage).join('\n\n').split('\n')].join('\n');
}

/** Runs the command line; returns the exit code. Bad input gives one line on stderr, never a stack trace. */
export function run(argv: string[], io: Io = nodeIo): number {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(packageVersion());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(usage());
    return 2;
  }
  return command.run(args, io);
}

export function main(): void {
  process.exitCode = run(process.argv.slice(2));
}
