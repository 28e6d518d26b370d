/**
 * The hand-off command reads its file bounded: a regular file of at most 64 MiB, never a device or a
 * FIFO (which would be read forever, or block), with real files on this machine.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Io, readRegularFile } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { MAX_OUTPUTS_FILE_BYTES } from '../../src/core/handoff';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function handoff(file: string): { code: number; err: string; out: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), readFile: () => '', readBytes: readRegularFile };
  return { code: run(['handoff', file], io), out, err };
}

test('/dev/zero is refused at once, not read without bound', () => {
  const r = handoff('/dev/zero');
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/not a regular file/);
});

test('a FIFO is refused without waiting for a writer', () => {
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const r = handoff(fifo);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/not a regular file/);
});

test('a directory is refused', () => {
  expect(handoff(dir).err).toMatch(/is a directory/);
});

test('a file over the limit is refused from its size, without reading it', () => {
  const big = path.join(dir, 'big.json');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, MAX_OUTPUTS_FILE_BYTES + 1);
  const r = handoff(big);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/larger than 64 MiB \(67108865 bytes\)/);
});

test('a symlink to a device is judged by what it points to', () => {
  const link = path.join(dir, 'zero.json');
  fs.symlinkSync('/dev/zero', link);
  expect(handoff(link).err).toMatch(/not a regular file/);
});

test('a regular file is read whole, byte for byte', () => {
  const file = path.join(dir, 'out.json');
  const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
  fs.writeFileSync(file, bytes);
  expect(Buffer.from(readRegularFile(file, 100))).toEqual(bytes);
  expect(() => readRegularFile(file, 4)).toThrow(expect.objectContaining({ code: 'EFBIG' }));
});
