import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, HttpWireError } from '../errors';
import { trackTempFile, untrackTempFile } from './live-temp-files';

export interface BodyStoreOptions {
  /** Bytes kept in memory; past this the body moves to a temporary file. */
  readonly maxInMemoryBytes: number;
  /** Folder for the temporary file; the OS temp folder by default. */
  readonly tempDir?: string;
}

/**
 * 16 MiB: past this a body goes to its temp file. Measured on our machines, keeping 100 MB in
 * memory halves download speed (every new page faults), while the page cache takes the file at
 * full speed and memory stays flat.
 */
export const DEFAULT_MAX_IN_MEMORY_BODY_BYTES = 16 * 1024 * 1024;

/**
 * A response body kept as bytes, never as one string: chunks in memory up to a bound, then a
 * temporary file (mode 0600) that `dispose()` deletes. A 1 GB download costs disk, not RAM. A
 * live file is known to `live-temp-files.ts`, so that it is deleted at exit even if nobody
 * disposes its store.
 */
export class BodyStore {
  private chunks: Buffer[] = [];
  private fd: number | undefined;
  private filePath: string | undefined;
  private isDisposed = false;
  /** Asynchronous reads of the file under way: dispose() closes the fd only once they are done. */
  private readsInFlight = 0;
  length = 0;

  constructor(private readonly options: BodyStoreOptions = { maxInMemoryBytes: DEFAULT_MAX_IN_MEMORY_BODY_BYTES }) {}

  /** Where the body lives when it outgrew memory; undefined while it is in memory. */
  get spillPath(): string | undefined {
    return this.filePath;
  }

  /**
   * Adds `chunk` at the end. It may be a view into a read buffer that is reused once this returns
   * (body-sink.ts), so what stays in memory is copied. Throws HW_FILE when the temporary file
   * cannot be created or written (missing folder, disk full).
   */
  append(chunk: Buffer): void {
    if (chunk.length === 0 || this.isDisposed) return;
    if (this.fd === undefined && this.length + chunk.length <= this.options.maxInMemoryBytes) {
      this.chunks.push(Buffer.from(chunk));
      this.length += chunk.length;
      return;
    }
    try {
      if (this.fd === undefined) this.spill();
      // Synchronous writes land in the page cache; they keep the order of chunks without a queue.
      writeAll(this.fd!, chunk);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new HttpWireError(ErrorCodes.file, `Could not store the response body in a temporary file: ${e.message}`, { sysCode: e.code, path: this.filePath }, err);
    }
    this.length += chunk.length;
  }

  private spill(): void {
    const dir = this.options.tempDir ?? os.tmpdir();
    const filePath = path.join(dir, `http-wire-body-${process.pid}-${randomBytes(6).toString('hex')}`);
    // 'wx+': created here (never an existing file), and read back by chunksSync.
    this.fd = fs.openSync(filePath, 'wx+', 0o600);
    this.filePath = filePath;
    trackTempFile(this);
    for (const c of this.chunks) writeAll(this.fd, c);
    this.chunks = [];
  }

  /** The body's chunks in order, from memory or the file, in pieces of at most 1 MiB. */
  *chunksSync(): Generator<Buffer> {
    if (this.fd === undefined) {
      yield* this.chunks;
      return;
    }
    const piece = Buffer.allocUnsafe(Math.min(this.length, 1024 * 1024));
    for (let at = 0; at < this.length; ) {
      const n = fs.readSync(this.fd, piece, 0, piece.length, at);
      if (n <= 0) break;
      yield Buffer.from(piece.subarray(0, n));
      at += n;
    }
  }

  /**
   * chunksSync without blocking: the file is read on libuv's thread pool, one piece of at most
   * `pieceBytes` at a time, so a 50 MB body never holds the event loop (issue 11, item 4). Ends
   * early, without error, when the store is disposed meanwhile.
   */
  async *readChunks(pieceBytes = 1024 * 1024): AsyncGenerator<Buffer> {
    if (this.fd === undefined) {
      // Copied first: dispose() drops the array while this generator waits at a yield.
      for (const c of [...this.chunks]) {
        if (this.isDisposed) return;
        yield c;
      }
      return;
    }
    for (let at = 0; at < this.length && !this.isDisposed; ) {
      const piece = await this.readAt(at, Math.min(pieceBytes, this.length - at));
      if (piece === undefined || piece.length === 0) break;
      yield piece;
      at += piece.length;
    }
  }

  private readAt(position: number, length: number): Promise<Buffer | undefined> {
    if (this.isDisposed || this.fd === undefined) return Promise.resolve(undefined);
    const fd = this.fd;
    const buffer = Buffer.allocUnsafe(length);
    this.readsInFlight++;
    return new Promise<Buffer | undefined>((resolve, reject) => {
      fs.read(fd, buffer, 0, length, position, (err, n) => {
        this.readsInFlight--;
        if (this.isDisposed) {
          if (this.readsInFlight === 0) this.closeFile(fd);
          resolve(undefined);
        } else if (err) {
          reject(new HttpWireError(ErrorCodes.file, `Could not read the response body back from its temporary file: ${err.message}`, { sysCode: err.code, path: this.filePath }, err));
        } else {
          resolve(buffer.subarray(0, n));
        }
      });
    });
  }

  /** The first `max` bytes (all by default) as one buffer. */
  toBuffer(max = this.length): Buffer {
    const want = Math.min(max, this.length);
    if (this.fd === undefined && this.chunks.length === 1 && want === this.length) return this.chunks[0]!;
    const out = Buffer.allocUnsafe(want);
    let at = 0;
    for (const c of this.chunksSync()) {
      if (at >= want) break;
      at += c.copy(out, at, 0, Math.min(c.length, want - at));
    }
    return out;
  }

  /** Frees memory and deletes the temporary file. Idempotent. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.chunks = [];
    if (this.fd !== undefined) {
      untrackTempFile(this);
      const fd = this.fd;
      this.fd = undefined;
      // A read under way still uses the fd: closed when it ends, never reused under it.
      if (this.readsInFlight === 0) this.closeFile(fd);
    }
  }

  private closeFile(fd: number): void {
    fs.closeSync(fd);
    fs.rmSync(this.filePath!, { force: true });
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at, chunk.length - at);
}
