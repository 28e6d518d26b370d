import * as fs from 'fs';

/** What a command may do to the outside world; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  /**
   * Reads a regular file's bytes, refusing anything else (a FIFO, a device such as /dev/zero, a
   * directory) and anything larger than `maxBytes`, without blocking and without reading past
   * the limit. Fails with an error whose `code` is ENOENT, EISDIR, ENOTREG or EFBIG. Test doubles
   * may leave it out; commands then fall back to `readFile`.
   */
  readBytes?(path: string, maxBytes: number): Uint8Array;
}

/** Reads at most `maxBytes` of a regular file; see {@link Io.readBytes}. */
export function readRegularFile(path: string, maxBytes: number): Uint8Array {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
  // eslint-disable-next-line no-bitwise -- open flags are a bit set
  const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (!stat.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
    if (stat.size > maxBytes) throw Object.assign(new Error(`${path} has ${stat.size} bytes`), { code: 'EFBIG', size: stat.size });
    // The file may grow while it is read: never read more than one byte past the limit.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(stat.size - length, 64 * 1024), maxBytes + 1 - length));
      if (chunk.length === 0) throw Object.assign(new Error(`${path} grew past ${maxBytes} bytes`), { code: 'EFBIG', size: length });
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => fs.readFileSync(path, 'utf8'),
  readBytes: readRegularFile,
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
