import * as zlib from 'node:zlib';
import { ErrorCodes, HttpWireError } from '../errors';
import { GzipMembers } from './gzip-members';

type Inflater = GzipMembers | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress;

/**
 * Output pieces of 64 KiB (zlib's default is 16 KiB): a quarter of the round trips to the thread
 * pool for a large body, and still a fine grain for the size limit to stop a bomb.
 */
const ZLIB_OPTIONS = { chunkSize: 64 * 1024, writableHighWaterMark: 1024 * 1024 };

/** The codings we can undo. `x-gzip` is gzip (RFC 9110 §8.4.1.3). */
const DECODERS: Record<string, (firstByte: number) => Inflater> = {
  // Not zlib's Gunzip: bytes after the gzip data are dropped, not an error (see GzipMembers).
  gzip: () => new GzipMembers(ZLIB_OPTIONS),
  'x-gzip': () => new GzipMembers(ZLIB_OPTIONS),
  // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate: a zlib
  // stream starts with a CMF byte whose low nibble is 8.
  deflate: (first) => ((first & 0x0f) === 8 ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS)),
  br: () => zlib.createBrotliDecompress(ZLIB_OPTIONS),
};

/** Codings from Content-Encoding (or Transfer-Encoding) header values, in the order they were applied. */
export function parseCodings(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
}

export function canDecode(codings: readonly string[]): boolean {
  return codings.every((c) => c in DECODERS);
}

/**
 * Every coding applied to a body, in the order applied: content codings first (the origin's
 * representation, RFC 9110 §8.4), then transfer codings other than chunked (added on the way,
 * RFC 9112 §6.1). Undoing runs this list backwards, so `Content-Encoding: br` with
 * `Transfer-Encoding: gzip, chunked` is gunzipped, then un-brotlied.
 */
export function codingsApplied(contentEncoding: readonly string[], transferCodings: readonly string[]): string[] {
  const content = contentEncoding.length === 0 ? [] : parseCodings(contentEncoding);
  return transferCodings.length === 0 ? content : [...content, ...parseCodings(transferCodings)];
}

/** What a BodyDecoder reports to. Called from zlib's callbacks: none of these may throw. */
export interface DecodeHandler {
  /**
   * Decoded bytes, in order. Return false to stop the output until `resumeOutput()`.
   * A throw (the sink could not store them) is caught and reported as `onFailure`.
   */
  onDecoded(chunk: Buffer): boolean;
  /** The decoder took its input and can take more (after `write` returned false). */
  onDrain(): void;
  /** All input decoded. */
  onEnd(): void;
  /** The body is not valid in one of its codings: decoding stopped, nothing more comes. */
  onCorrupt(err: HttpWireError): void;
  /** Something to tell that is no error: bytes after the gzip data were ignored. Before `onEnd`. */
  onWarning?(message: string): void;
  /** A limit or the handler itself failed (HW_RESPONSE_TOO_LARGE, HW_FILE): decoding stopped. */
  onFailure(err: HttpWireError): void;
}

/**
 * Undoes a chain of codings as the bytes arrive: one zlib stream per coding, last applied first,
 * each fed by the one before with backpressure. No stage may put out more than `maxBytes` in
 * all: a decompression bomb stops at its first piece past the limit, with HW_RESPONSE_TOO_LARGE.
 * Each stage is made when its first byte arrives, since raw deflate is told from zlib-wrapped
 * by that byte, and an empty body is no error whatever its codings say.
 */
export class BodyDecoder {
  private readonly stages: (Inflater | undefined)[];
  private readonly produced: number[];
  private isDone = false;
  /** The first stage's last write returned false and it has not drained since. */
  private isInputFull = false;

  /**
   * `codings` in the order applied (see codingsApplied); all must pass canDecode. Throws HW_DECODE
   * naming the first unknown one.
   */
  constructor(
    private readonly codings: readonly string[],
    private readonly maxBytes: number,
    private readonly handler: DecodeHandler,
  ) {
    const unknown = codings.find((c) => !(c in DECODERS));
    if (unknown !== undefined) throw new HttpWireError(ErrorCodes.decode, `The body is encoded with "${unknown}", which HTTP Wire cannot decode; the raw bytes are kept.`, { coding: unknown });
    this.stages = codings.map(() => undefined);
    this.produced = codings.map(() => 0);
  }

  /**
   * Raw bytes; false when the caller should wait for `onDrain` before writing more. Copied: zlib
   * holds the bytes until its thread is done with them, after the caller's buffer has been reused.
   * Each write is a round trip to the thread pool (~30 µs), so small pieces must come batched:
   * BodyReader gives one write per socket read or per 64 KiB (a gzip body of 1-byte chunks
   * written one by one took 3.4 s for 128,000 of them).
   */
  write(chunk: Buffer): boolean {
    if (this.isDone || chunk.length === 0) return true;
    if (!this.stage(0, chunk[0]!).write(Buffer.from(chunk))) this.isInputFull = true;
    return !this.isInputFull;
  }

  /** No more input. `onEnd` follows once everything is decoded (at once for an empty body). */
  end(): void {
    if (this.isDone) return;
    const first = this.stages[0];
    if (first === undefined) {
      this.isDone = true;
      this.handler.onEnd();
    } else {
      first.end();
    }
  }

  resumeOutput(): void {
    this.stages[this.stages.length - 1]?.resume();
  }

  /** Stops at once; nothing more is reported. */
  destroy(): void {
    if (this.isDone) return;
    this.isDone = true;
    for (const s of this.stages) s?.destroy();
  }

  /** Stage `i` (undoing codings[length - 1 - i]), made from the first byte it is given. */
  private stage(i: number, firstByte: number): Inflater {
    const made = this.stages[i];
    if (made !== undefined) return made;
    const coding = this.codings[this.codings.length - 1 - i]!;
    const stream = DECODERS[coding]!(firstByte);
    this.stages[i] = stream;
    const isLast = i === this.stages.length - 1;
    stream.on('data', (chunk: Buffer) => this.onOutput(i, stream, chunk, isLast));
    stream.on('error', (err) => this.onStageError(coding, err));
    if (i === 0) {
      stream.on('drain', () => {
        this.isInputFull = false;
        if (!this.isDone) this.handler.onDrain();
      });
    }
    stream.on('end', () => {
      if (this.isDone) return;
      if (stream instanceof GzipMembers && stream.ignoredBytes > 0) {
        this.handler.onWarning?.(`${stream.ignoredBytes} byte${stream.ignoredBytes === 1 ? '' : 's'} after the end of the ${coding} data ${stream.ignoredBytes === 1 ? 'was' : 'were'} ignored, as browsers and curl ignore them.`);
      }
      const next = this.stages[i + 1];
      if (isLast || next === undefined) this.finish();
      else next.end();
    });
    return stream;
  }

  private onOutput(i: number, stream: Inflater, chunk: Buffer, isLast: boolean): void {
    if (this.isDone) return;
    this.produced[i]! += chunk.length;
    if (this.produced[i]! > this.maxBytes) {
      this.fail(new HttpWireError(ErrorCodes.responseTooLarge, `The decoded body exceeds the limit of ${this.maxBytes} bytes; decoding stopped.`, { limit: this.maxBytes, coding: this.codings[this.codings.length - 1 - i] }));
      return;
    }
    try {
      if (isLast) {
        if (!this.handler.onDecoded(chunk)) stream.pause();
        return;
      }
      const next = this.stage(i + 1, chunk[0]!);
      if (!next.write(chunk)) {
        stream.pause();
        next.once('drain', () => stream.resume());
      }
    } catch (err) {
      this.fail(err instanceof HttpWireError ? err : new HttpWireError(ErrorCodes.file, `Could not keep the decoded body: ${(err as Error).message}`, {}, err));
    }
  }

  private onStageError(coding: string, err: Error): void {
    if (this.isDone) return;
    this.destroy();
    this.handler.onCorrupt(new HttpWireError(ErrorCodes.decode, `The body is not valid ${coding}: ${err.message}. The raw bytes are kept.`, { coding }, err));
  }

  private finish(): void {
    this.isDone = true;
    this.handler.onEnd();
  }

  private fail(err: HttpWireError): void {
    this.destroy();
    this.handler.onFailure(err);
  }
}
