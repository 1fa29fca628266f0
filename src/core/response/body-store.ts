import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, HttpWireError } from '../errors';
import { tempBodyFileName, trackTempFile, untrackTempFile } from './live-temp-files';

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
 * Bytes queued for the temporary file past which the store says it is full (the socket pauses
 * until the queue is written). Writes run on libuv's thread pool: a synchronous write of the 16 MiB
 * kept in memory blocked the extension host for 30 ms here, and longer on a slower disk.
 */
const MAX_QUEUED_WRITE_BYTES = 8 * 1024 * 1024;

/**
 * Chunks smaller than this are copied one after another into shared 64 KiB slabs once a store
 * holds COALESCE_AFTER_PIECES pieces: a chunked body of 100-byte chunks was 160,000 pieces in
 * memory, each then a piece to queue, write, drop and read back (a 20 MB body took 12-18 s, most
 * of it shifting the queue). A small body keeps its one or few pieces, with no slab to carry.
 */
const SMALL_CHUNK_BYTES = 16 * 1024;
const SLAB_BYTES = 64 * 1024;
const COALESCE_AFTER_PIECES = 16;

/** Past this many written pieces at its front, the queue drops them at once instead of one by one. */
const QUEUE_COMPACT_PIECES = 1024;

/**
 * A response body kept as bytes, never as one string: chunks in memory up to a bound, then a
 * temporary file (mode 0600) that `dispose()` deletes. A 1 GB download costs disk, not RAM. A
 * live file is known to `live-temp-files.ts`, so that it is deleted at exit even if nobody
 * disposes its store.
 *
 * Once spilled, bytes are written in the background, in order: the file holds the first
 * `written` bytes and `queue` the rest, in memory until written, so every reader sees all
 * `length` bytes at any time (also the bytes a failed exchange did receive).
 */
export class BodyStore {
  private chunks: Buffer[] = [];
  private fd: number | undefined;
  private filePath: string | undefined;
  private isDisposed = false;
  /** Asynchronous reads and writes of the file under way: the fd is closed only once they are done. */
  private readsInFlight = 0;
  private isWriting = false;
  /** Bytes in the file, from its start. */
  private written = 0;
  /** After spilling, the bytes not yet in the file, in order from `queueHead`; they start at `written`. */
  private queue: Buffer[] = [];
  /** Pieces of `queue` before this index are written: dropped in bulk, not shifted one by one. */
  private queueHead = 0;
  /**
   * The slab small chunks are copied into, and where its free room starts. The last piece of
   * the list being appended to (chunks, or queue once spilled) ends at `slabFill` and grows in
   * place while `isLastPieceOpen`; a piece handed to a file write is closed, and the next chunk
   * starts a piece of its own after it in the same slab. Bytes once in a piece never change.
   */
  private slab: Buffer | undefined;
  private slabFill = 0;
  private isLastPieceOpen = false;
  private queuedBytes = 0;
  private writeError: HttpWireError | undefined;
  /** Waiting for the queue to be written (whenWritten), or to shrink (onDrain). */
  private waiters: Array<(err: HttpWireError | undefined) => void> = [];
  private drainWaiters: Array<() => void> = [];
  length = 0;

  constructor(private readonly options: BodyStoreOptions = { maxInMemoryBytes: DEFAULT_MAX_IN_MEMORY_BODY_BYTES }) {}

  /** Where the body lives when it outgrew memory; undefined while it is in memory. */
  get spillPath(): string | undefined {
    return this.filePath;
  }

  /**
   * Adds `chunk` at the end. It may be a view into a read buffer that is reused once this returns
   * (body-sink.ts), so what stays is copied. Returns false when the bytes queued for the file
   * reach MAX_QUEUED_WRITE_BYTES: the caller waits for `onDrain`. Throws HW_FILE when the
   * temporary file cannot be created (missing folder), or an earlier write failed (disk full).
   */
  append(chunk: Buffer): boolean {
    if (chunk.length === 0 || this.isDisposed) return true;
    if (this.fd === undefined && this.length + chunk.length <= this.options.maxInMemoryBytes) {
      this.pushCopy(this.chunks, chunk);
      this.length += chunk.length;
      return true;
    }
    if (this.writeError !== undefined) throw this.writeError;
    if (this.fd === undefined) this.spill();
    this.pushCopy(this.queue, chunk);
    this.queuedBytes += chunk.length;
    this.length += chunk.length;
    this.writeQueue();
    return this.queuedBytes < MAX_QUEUED_WRITE_BYTES;
  }

  /** Copies `chunk` to the end of `list`: into the slab when it is small and the list is long. */
  private pushCopy(list: Buffer[], chunk: Buffer): void {
    const n = chunk.length;
    if (n >= SMALL_CHUNK_BYTES || list.length < COALESCE_AFTER_PIECES) {
      this.isLastPieceOpen = false;
      list.push(Buffer.from(chunk));
      return;
    }
    let slab = this.slab;
    if (slab === undefined || slab.length - this.slabFill < n) {
      slab = this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.slabFill = 0;
      this.isLastPieceOpen = false;
    }
    const end = this.slabFill + n;
    chunk.copy(slab, this.slabFill);
    if (this.isLastPieceOpen) {
      const last = list[list.length - 1]!;
      list[list.length - 1] = slab.subarray(end - n - last.length, end);
    } else {
      list.push(slab.subarray(this.slabFill, end));
      this.isLastPieceOpen = true;
    }
    this.slabFill = end;
  }

  /** After `append` returned false: calls `resume` once the queue is written (or failed). */
  onDrain(resume: () => void): void {
    if (this.queuedBytes < MAX_QUEUED_WRITE_BYTES || this.writeError !== undefined || !this.isWriting) resume();
    else this.drainWaiters.push(resume);
  }

  /**
   * Resolves once every byte appended so far is in the file (at once for a body in memory);
   * rejects with HW_FILE when a write failed. Undefined when nothing is waiting to be written, so
   * that a caller finishes a small body in the same turn.
   */
  whenWritten(): Promise<void> | undefined {
    if (this.writeError !== undefined) return Promise.reject(this.writeError);
    if (this.queuedBytes === 0 || this.isDisposed) return undefined;
    return new Promise((resolve, reject) => this.waiters.push((err) => (err === undefined ? resolve() : reject(err))));
  }

  private spill(): void {
    const dir = this.options.tempDir ?? os.tmpdir();
    const filePath = path.join(dir, tempBodyFileName(process.pid, randomBytes(6).toString('hex')));
    try {
      // 'wx+': created here (never an existing file), and read back by chunksSync.
      this.fd = fs.openSync(filePath, 'wx+', 0o600);
    } catch (err) {
      throw fileError(err, filePath);
    }
    this.filePath = filePath;
    trackTempFile(this);
    // The bytes in memory become the head of the queue: written first, off this thread.
    this.queue = this.chunks;
    this.queueHead = 0;
    this.queuedBytes = this.length;
    this.chunks = [];
  }

  /** Writes the whole queue in one positioned writev on the thread pool, then whatever came meanwhile. */
  private writeQueue(): void {
    if (this.isWriting || this.queue.length === this.queueHead || this.fd === undefined || this.writeError !== undefined) return;
    this.isWriting = true;
    const fd = this.fd;
    const batch = this.queue.slice(this.queueHead);
    // dropWritten may cut these pieces: the next chunk starts a piece of its own.
    this.isLastPieceOpen = false;
    fs.writev(fd, batch, this.written, (err, n) => {
      this.isWriting = false;
      if (this.fd === undefined) {
        // Disposed meanwhile: the file is gone, and the fd is ours to close.
        if (this.readsInFlight === 0) fs.close(fd, () => undefined);
        return;
      }
      // A write of nothing would be tried again forever: an error as well.
      if (err !== null || n === 0) {
        this.writeError = fileError(err ?? new Error('the file took no bytes'), this.filePath);
        this.settleWaiters();
        return;
      }
      this.dropWritten(n);
      if (this.queuedBytes < MAX_QUEUED_WRITE_BYTES) for (const resume of this.drainWaiters.splice(0)) resume();
      if (this.queue.length > this.queueHead) this.writeQueue();
      else this.settleWaiters();
    });
  }

  /** `n` more bytes are in the file: off the front of the queue (a short write keeps the rest). */
  private dropWritten(n: number): void {
    this.written += n;
    this.queuedBytes -= n;
    const queue = this.queue;
    let head = this.queueHead;
    while (n > 0) {
      const piece = queue[head]!;
      if (piece.length <= n) {
        n -= piece.length;
        // Let the written bytes go: the slab is freed once no piece of it is left.
        queue[head++] = EMPTY;
      } else {
        queue[head] = piece.subarray(n);
        n = 0;
      }
    }
    if (head === queue.length) {
      this.queue = [];
      head = 0;
    } else if (head >= QUEUE_COMPACT_PIECES && head * 2 >= queue.length) {
      this.queue = queue.slice(head);
      head = 0;
    }
    this.queueHead = head;
  }

  private settleWaiters(): void {
    for (const settle of this.waiters.splice(0)) settle(this.writeError);
    for (const resume of this.drainWaiters.splice(0)) resume();
  }

  /** The body's chunks in order, from memory or the file, in pieces of at most 1 MiB. */
  *chunksSync(): Generator<Buffer> {
    if (this.fd === undefined) {
      yield* this.chunks;
      return;
    }
    const piece = Buffer.allocUnsafe(Math.min(this.length, 1024 * 1024));
    for (let at = 0; at < this.length && this.fd !== undefined; ) {
      const queued = this.queuedAt(at);
      if (queued !== undefined) {
        yield queued;
        at += queued.length;
        continue;
      }
      const n = fs.readSync(this.fd, piece, 0, Math.min(piece.length, this.written - at), at);
      if (n <= 0) break;
      yield Buffer.from(piece.subarray(0, n));
      at += n;
    }
  }

  /** The queued bytes from `at` to the end of their chunk; undefined when `at` is in the file. */
  private queuedAt(at: number): Buffer | undefined {
    if (at < this.written) return undefined;
    let start = this.written;
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const chunk = this.queue[i]!;
      if (at < start + chunk.length) return chunk.subarray(at - start);
      start += chunk.length;
    }
    return undefined;
  }

  /**
   * chunksSync without blocking: the file is read on libuv's thread pool, one piece of at most
   * `pieceBytes` at a time, so a 50 MB body never holds the event loop (issue 11, item 4). Ends
   * early, without error, when the store is disposed meanwhile. With `reuse`, every piece read
   * from the file lands in one buffer: the caller is done with a chunk before it asks for the next
   * (a decoder), and a 50 MB body no longer allocates 50 MB of buffers for the collector to find.
   */
  async *readChunks(pieceBytes = 1024 * 1024, reuse = false): AsyncGenerator<Buffer> {
    if (this.fd === undefined) {
      // Copied first: dispose() drops the array while this generator waits at a yield.
      for (const c of [...this.chunks]) {
        if (this.isDisposed) return;
        yield c;
      }
      return;
    }
    const shared = reuse ? Buffer.allocUnsafe(Math.min(pieceBytes, this.length)) : undefined;
    for (let at = 0; at < this.length && !this.isDisposed; ) {
      const queued = this.queuedAt(at);
      if (queued !== undefined) {
        yield queued.subarray(0, pieceBytes);
        at += Math.min(queued.length, pieceBytes);
        continue;
      }
      const length = Math.min(pieceBytes, this.written - at);
      const piece = await this.readAt(at, shared?.subarray(0, length) ?? Buffer.allocUnsafe(length));
      if (piece === undefined || piece.length === 0) break;
      yield piece;
      at += piece.length;
    }
  }

  private readAt(position: number, buffer: Buffer): Promise<Buffer | undefined> {
    if (this.isDisposed || this.fd === undefined) return Promise.resolve(undefined);
    const fd = this.fd;
    this.readsInFlight++;
    return new Promise<Buffer | undefined>((resolve, reject) => {
      fs.read(fd, buffer, 0, buffer.length, position, (err, n) => {
        this.readsInFlight--;
        if (this.isDisposed) {
          if (this.readsInFlight === 0 && !this.isWriting) fs.close(fd, () => undefined);
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

  /**
   * Frees memory and deletes the temporary file, at once (synchronous, for exit handlers); bytes
   * still queued are dropped. Idempotent.
   */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.chunks = [];
    this.queue = [];
    this.queueHead = 0;
    this.slab = undefined;
    this.isLastPieceOpen = false;
    this.queuedBytes = 0;
    this.settleWaiters();
    if (this.fd !== undefined) {
      untrackTempFile(this);
      const fd = this.fd;
      this.fd = undefined;
      fs.rmSync(this.filePath!, { force: true });
      // A read or write under way still uses the fd: closed when it ends, never reused under it.
      if (this.readsInFlight === 0 && !this.isWriting) fs.closeSync(fd);
    }
  }
}

const EMPTY = Buffer.alloc(0);

function fileError(err: unknown, filePath: string | undefined): HttpWireError {
  const e = err as NodeJS.ErrnoException;
  return new HttpWireError(ErrorCodes.file, `Could not store the response body in a temporary file: ${e.message}`, { sysCode: e.code, path: filePath }, err);
}
