import { createHash, type Hash } from 'node:crypto';
import { ErrorCodes, HttpWireError } from '../errors';
import { BodyStore, type BodyStoreOptions } from './body-store';

/**
 * Where a response body goes as it arrives; the caller chooses one per send. Bytes reach a sink
 * as views into a read buffer that is reused once the call returns: a sink that keeps bytes
 * copies them (BodyStore does), one that only looks at them (a hash) does not.
 *
 * The order of calls: `raw` and `write` any number of times, then `finish` once, or `abort` once
 * at any point (the exchange failed or was cancelled).
 */
export interface BodySink<T> {
  /**
   * The body as received, chunked framing removed and codings still applied. Called only for a
   * body with codings to undo, before those bytes are decoded; without codings every byte goes
   * to `write` alone. False asks for a pause until `onDrain`, as `write` does: a body whose
   * codings cannot be undone (an unknown `zstd`, corrupt gzip) comes through `raw` alone.
   */
  raw(chunk: Buffer): boolean;
  /** The body with its codings undone, in order. False asks for a pause until `onDrain`. */
  write(chunk: Buffer): boolean;
  /** After `raw` or `write` returned false: calls `resume` once the sink can take more. */
  onDrain(resume: () => void): void;
  /**
   * Every byte arrived. `decodeError`: the codings could not be undone, so `write` stopped short
   * while `raw` saw the whole body. Returns what the send resolves with as its `body`.
   */
  finish(decodeError: HttpWireError | undefined): T;
  /**
   * After `finish`: settles once what the sink writes in the background is written (rejects with
   * HW_FILE when it cannot be); undefined when nothing is pending, so that a send ends in the
   * same turn as its last byte.
   */
  whenStored(): Promise<void> | undefined;
  /**
   * Frees what the sink holds. Returns the raw bytes received so far when the sink kept them,
   * for the error to show; whoever handles the error then owns (and disposes) that store.
   */
  abort(): BodyStore | undefined;
}

/** The body kept for display (the editor's panel): as received, and decoded. */
export interface StoredBody {
  /** Chunked framing removed, codings still applied. */
  readonly rawBody: BodyStore;
  /** Codings undone; the same store as rawBody when there were none, or when they could not be undone. */
  readonly body: BodyStore;
}

/** Keeps both forms in BodyStores: memory up to a bound, then a temporary file each. */
export class StoreSink implements BodySink<StoredBody> {
  private readonly rawBody: BodyStore;
  private decoded: BodyStore | undefined;
  /** The store that last said it was full: `onDrain` waits for it. */
  private full: BodyStore | undefined;

  constructor(options: BodyStoreOptions, hasCodings: boolean) {
    this.rawBody = new BodyStore(options);
    if (hasCodings) this.decoded = new BodyStore(options);
  }

  raw(chunk: Buffer): boolean {
    return this.append(this.rawBody, chunk);
  }

  write(chunk: Buffer): boolean {
    return this.append(this.decoded ?? this.rawBody, chunk);
  }

  onDrain(resume: () => void): void {
    (this.full ?? this.decoded ?? this.rawBody).onDrain(resume);
    this.full = undefined;
  }

  private append(store: BodyStore, chunk: Buffer): boolean {
    if (store.append(chunk)) return true;
    this.full = store;
    return false;
  }

  whenStored(): Promise<void> | undefined {
    const pending = [this.rawBody.whenWritten(), this.decoded?.whenWritten()].filter((p) => p !== undefined);
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  }

  finish(decodeError: HttpWireError | undefined): StoredBody {
    if (decodeError !== undefined) {
      this.decoded?.dispose();
      this.decoded = undefined;
    }
    return { rawBody: this.rawBody, body: this.decoded ?? this.rawBody };
  }

  abort(): BodyStore {
    this.decoded?.dispose();
    return this.rawBody;
  }
}

export interface BodyDigest {
  readonly sha256: string;
  readonly length: number;
}

/**
 * Hashes the body (SHA-256) as it streams and keeps nothing: no memory, no temporary file.
 * A body whose codings could not be undone is hashed as received, as a stored one is shown.
 */
export class DigestSink implements BodySink<BodyDigest> {
  private readonly decoded = createHash('sha256');
  private decodedLength = 0;
  private readonly rawHash: Hash | undefined;
  private rawLength = 0;

  constructor(hasCodings: boolean) {
    if (hasCodings) this.rawHash = createHash('sha256');
  }

  raw(chunk: Buffer): boolean {
    this.rawHash?.update(chunk);
    this.rawLength += chunk.length;
    return true;
  }

  write(chunk: Buffer): boolean {
    this.decoded.update(chunk);
    this.decodedLength += chunk.length;
    return true;
  }

  onDrain(resume: () => void): void {
    resume();
  }

  finish(decodeError: HttpWireError | undefined): BodyDigest {
    if (decodeError !== undefined && this.rawHash !== undefined) return { sha256: this.rawHash.digest('hex'), length: this.rawLength };
    return { sha256: this.decoded.digest('hex'), length: this.decodedLength };
  }

  whenStored(): undefined {
    return undefined;
  }

  abort(): undefined {
    return undefined;
  }
}

/** WritableSink copies into slabs of this size (a socket read's worth); a few are kept for reuse. */
const SLAB_BYTES = 64 * 1024;
const MAX_SPARE_SLABS = 4;

/** What a WritableSink writes to: process.stdout, a file stream, a socket. */
export type ByteTarget = Pick<NodeJS.WritableStream, 'write' | 'on' | 'once' | 'removeListener'>;

/** A buffer that chunks are copied into one after another, each written as a view of it. */
interface Slab {
  readonly bytes: Buffer;
  /** Bytes used from the start. */
  fill: number;
  /** Views of it the target holds: it is reused once none is left. */
  writesInFlight: number;
  /** No longer the one copied into: it goes back to the spares when its last write is done. */
  isRetired: boolean;
}

/** Bytes of a slab not yet handed to the target. */
interface Held {
  readonly slab: Slab;
  readonly start: number;
  end: number;
}

/**
 * Writes the decoded body to a stream as it arrives, pausing the download while the stream is
 * full: a body larger than memory goes through. A write error (a closed pipe, a full disk) fails
 * the exchange with HW_BODY_OUTPUT at the next chunk. Resolves with the number of bytes written.
 *
 * Chunks are copied, one after another, into 64 KiB slabs that are reused once the stream has
 * flushed them. A fresh Buffer per chunk (allocation and first-touch page faults) was half the CPU
 * of `http-wire send` to /dev/null, and reusing them took 256 MiB from 0.33 s to 0.26 s (medians of
 * 12 runs); a 64 KiB copy per chunk made a read of 1-byte chunks (a chunked body in one burst)
 * allocate 64 KiB per byte. While the stream is full, chunks are held in the slab and handed
 * over as one write at its 'drain': pausing the socket does not stop the parser handing over the
 * rest of its read, and each a write of its own made 200,000 1-byte chunks a queue of 200,000.
 */
export class WritableSink implements BodySink<{ readonly length: number }> {
  private length = 0;
  private error: Error | undefined;
  private slab: Slab | undefined;
  private readonly spare: Buffer[] = [];
  /** The target's last write returned false and it has not drained since. */
  private isTargetFull = false;
  /** Copied while the target is full, in order: written at its drain, or by flush(). */
  private held: Held[] = [];
  /** Waiting for the target to drain (onDrain). */
  private resumers: Array<() => void> = [];
  private readonly onError = (err: Error): void => {
    this.error = err;
    // The next write reports it.
    this.resume();
  };
  private readonly onTargetDrain = (): void => {
    this.isTargetFull = false;
    this.flush();
    if (!this.isTargetFull) this.resume();
  };

  constructor(private readonly target: ByteTarget) {
    target.on('error', this.onError);
  }

  raw(): boolean {
    // Only the decoded body is written.
    return true;
  }

  write(chunk: Buffer): boolean {
    this.throwIfFailed();
    if (chunk.length === 0) return !this.isTargetFull;
    this.length += chunk.length;
    // A copy: the stream holds the bytes until it is flushed, past the life of the read buffer.
    const slab = this.slabFor(chunk.length);
    const start = slab.fill;
    chunk.copy(slab.bytes, start);
    slab.fill += chunk.length;
    if (!this.isTargetFull) return this.send(slab, start, slab.fill);
    const last = this.held[this.held.length - 1];
    if (last !== undefined && last.slab === slab && last.end === start) last.end = slab.fill;
    else this.held.push({ slab, start, end: slab.fill });
    return false;
  }

  /**
   * Hands the target what is held, full or not: before anything else is written to it directly
   * (a note after the body), and when the body ends.
   */
  flush(): void {
    const held = this.held;
    if (held.length === 0) return;
    this.held = [];
    for (const h of held) this.send(h.slab, h.start, h.end);
  }

  onDrain(resume: () => void): void {
    // An error instead of 'drain' also resumes, so that the next write reports it.
    if (!this.isTargetFull || this.error !== undefined) resume();
    else this.resumers.push(resume);
  }

  finish(): { readonly length: number } {
    this.flush();
    this.stopListening();
    this.throwIfFailed();
    return { length: this.length };
  }

  whenStored(): undefined {
    return undefined;
  }

  abort(): undefined {
    // What did arrive is shown.
    if (this.error === undefined) this.flush();
    this.stopListening();
    return undefined;
  }

  private send(slab: Slab, start: number, end: number): boolean {
    slab.writesInFlight++;
    const isOk = this.target.write(slab.bytes.subarray(start, end), () => this.release(slab));
    if (!isOk && !this.isTargetFull) {
      this.isTargetFull = true;
      this.target.once('drain', this.onTargetDrain);
    }
    return isOk;
  }

  /** The slab to copy `bytes` into: the current one while it has room (from its start again once all of it is out). */
  private slabFor(bytes: number): Slab {
    const current = this.slab;
    if (current !== undefined) {
      if (current.writesInFlight === 0 && this.held.length === 0) current.fill = 0;
      if (current.bytes.length - current.fill >= bytes) return current;
      current.isRetired = true;
      this.recycle(current);
    }
    const i = this.spare.findIndex((b) => b.length >= bytes);
    const buffer = i === -1 ? Buffer.allocUnsafeSlow(Math.max(bytes, SLAB_BYTES)) : this.spare.splice(i, 1)[0]!;
    this.slab = { bytes: buffer, fill: 0, writesInFlight: 0, isRetired: false };
    return this.slab;
  }

  private release(slab: Slab): void {
    slab.writesInFlight--;
    this.recycle(slab);
  }

  private recycle(slab: Slab): void {
    if (!slab.isRetired || slab.writesInFlight > 0 || this.spare.length >= MAX_SPARE_SLABS) return;
    if (this.held.some((h) => h.slab === slab)) return;
    this.spare.push(slab.bytes);
  }

  private resume(): void {
    for (const resume of this.resumers.splice(0)) resume();
  }

  private stopListening(): void {
    this.target.removeListener('error', this.onError);
    this.target.removeListener('drain', this.onTargetDrain);
  }

  private throwIfFailed(): void {
    if (this.error !== undefined) throw new HttpWireError(ErrorCodes.bodyOutput, `Could not write the response body: ${this.error.message}`, { sysCode: (this.error as NodeJS.ErrnoException).code }, this.error);
  }
}

/** Counts and drops: the body of a redirect that is followed. */
export class DiscardSink implements BodySink<undefined> {
  raw(): boolean {
    return true;
  }
  write(): boolean {
    return true;
  }
  onDrain(resume: () => void): void {
    resume();
  }
  finish(): undefined {
    return undefined;
  }
  whenStored(): undefined {
    return undefined;
  }
  abort(): undefined {
    return undefined;
  }
}
