import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCodes, HttpWireError } from '../errors';

/**
 * Writes `pieces` to `targetPath` as they come (a big body is never held whole), through a
 * temporary file beside it that is renamed over the target at the end: a save that fails half
 * way leaves the file that was there, and no half-written one. Rejects with HW_FILE (the path
 * in `detail.path`) when the folder cannot be written or reading `pieces` fails with a Node error;
 * an HttpWireError from `pieces` (a history body gone) passes through.
 */
export async function saveToFile(targetPath: string, pieces: AsyncIterable<Buffer>): Promise<void> {
  const temp = path.join(path.dirname(targetPath), `.${path.basename(targetPath)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // 'wx': a new file of ours, never one that is there.
    await pipeline(Readable.from(pieces, { objectMode: false }), fs.createWriteStream(temp, { flags: 'wx' }));
    await fs.promises.rename(temp, targetPath);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    if (err instanceof HttpWireError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new HttpWireError(ErrorCodes.file, `Could not save to ${targetPath}: ${e.message}`, { sysCode: e.code, path: targetPath }, err);
  }
}
