/**
 * scripts/no-silent-signal.js turns a step killed by a signal into a failing exit. projen's task
 * runner, as installed here, counts such a step as a success: the last test holds that, so the
 * guard goes when projen stops needing it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const GUARD = path.join(ROOT, 'scripts', 'no-silent-signal.js');
const ABORT = "process.kill(process.pid, 'SIGABRT')";

function guarded(...args: string[]) {
  return spawnSync(process.execPath, [GUARD, ...args], { encoding: 'utf8' });
}

test('a command killed by SIGABRT fails with 128 + 6, and says why', () => {
  const run = guarded(process.execPath, '-e', ABORT);
  expect(run.status).toBe(134);
  expect(run.stderr).toContain('killed by SIGABRT');
});

test.each([0, 3])('a command that exits %i exits the same', (code) => {
  expect(guarded(process.execPath, '-e', `process.exit(${code})`).status).toBe(code);
});

test('arguments reach the command as given, with no shell between', () => {
  const run = guarded(process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', 'a b', '$HOME', '"q"');
  expect(JSON.parse(run.stdout)).toEqual(['a b', '$HOME', '"q"']);
});

test('no command, or one that does not exist, fails', () => {
  expect(guarded().status).toBe(2);
  expect(guarded('no-such-command-coiled-byoc').status).toBe(127);
});

test("projen's task runner passes a step killed by a signal, and fails the guarded one", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-silent-signal-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"signal-probe"}');
  fs.mkdirSync(path.join(dir, '.projen'));
  const step = (guard: boolean) => ({ execArgs: [...(guard ? [process.execPath, GUARD] : []), process.execPath, '-e', ABORT] });
  fs.writeFileSync(path.join(dir, '.projen', 'tasks.json'), JSON.stringify({ tasks: { bare: { name: 'bare', steps: [step(false)] }, guarded: { name: 'guarded', steps: [step(true)] } } }));
  const projen = (task: string) => spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'projen', 'bin', 'projen'), task], { cwd: dir, encoding: 'utf8' }).status;
  expect(projen('bare')).toBe(0);
  expect(projen('guarded')).not.toBe(0);
});

test('every command step of the test and build tasks runs through the guard', () => {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  const commands = ['test', 'eslint', 'compile', 'post-compile', 'docgen', 'package:js'].flatMap((name) =>
    tasks[name].steps.filter((s: any) => s.exec !== undefined || s.execArgs !== undefined).map((s: any) => ({ name, command: s.execArgs ? s.execArgs.join(' ') : s.exec })),
  );
  expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['test', 'eslint', 'compile', 'docgen']));
  for (const { name, command } of commands) expect(`${name}: ${command}`).toMatch(new RegExp(`^${name}: node scripts/no-silent-signal\\.js `));
});
