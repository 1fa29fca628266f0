import { ErrorCodes, HttpWireError } from '../errors';
import type { BodySink } from '../response/body-sink';
import type { BodyStore } from '../response/body-store';
import { BodyDecoder, type DecodeHandler } from '../response/decode';

/**
 * Chunks smaller than this are gathered into a batch of up to BATCH_BYTES that goes to the sink
 * (and the decoder) once full or when the parser is through the socket read (endOfRead): a
 * chunked body of 1-byte chunks was 200,000 writes to stdout, a hash or a store, each with its
 * own costs (a syscall, a Buffer, a queue entry). Larger chunks go on as they come.
 */
const BATCH_CHUNK_BYTES = 16 * 1024;
const BATCH_BYTES = 64 * 1024;

/**
 * Chunks in one socket read past which the reader gives the event loop a turn (the socket paused
 * until setImmediate) before the next read. A read can be 4 MiB (connect.ts), libuv makes up to
 * 32 in a row while the socket has data, and the parser hands over all of a read: a server faster
 * than the parser, sending 1-byte chunks, held the loop for 10 s at a stretch, with no timer, no
 * other socket, and no Ctrl-C or SIGTERM served meanwhile.
 */
const YIELD_AFTER_CHUNKS = 10_000;

/** What a BodyReader asks of the exchange it belongs to. */
export interface BodyReaderHost {
  /** Stop reading the socket: the decoder or the sink is full, or the event loop is given a turn. */
  pauseReading(): void;
  resumeReading(): void;
  /** Every byte is through and the sink has finished: the exchange can settle. */
  onBodyDone(): void;
  /** Decoding or the sink failed after the last byte came in (the exchange is still open). */
  onBodyFailure(err: HttpWireError): void;
}

/**
 * One response body on its way from the parser to the caller's sink:
 *
 *   parser ─raw─▶ limit ─▶ batch ─┬─────────────────────────────▶ sink.write   (no codings)
 *                                 └─▶ sink.raw ─▶ BodyDecoder ─▶ sink.write   (codings: gzip, br...)
 *
 * `maxBodyBytes` holds on both sides: here on the bytes received, in the decoder on what each
 * coding puts out. A full decoder or sink pauses the socket, so memory stays flat whatever the
 * body's size. A body that will not decode (corrupt, unknown coding) is not an error of the
 * exchange: the raw bytes keep flowing to the sink, which finishes with the decode error.
 */
export class BodyReader<T> implements DecodeHandler {
  /** Body bytes received (chunked framing removed). */
  rawBytes = 0;
  value: T | undefined;
  decodeError: HttpWireError | undefined;
  private decoder: BodyDecoder | undefined;
  private readonly hasCodings: boolean;
  private isInputDone = false;
  private isOver = false;
  /** finish() is waiting for the sink's background writes. */
  private isFinishing = false;
  private hasStartedDecoding = false;
  /**
   * The first small chunk of this read, not yet given to the sink, as the parser gave it: the usual
   * body (one read, then its end) goes on without a copy or a batch buffer. Its bytes stay valid
   * until endOfRead (the read buffer is reused by the next read).
   */
  private pending: Buffer | undefined;
  /** Small chunks not yet given to the sink, once more than one came in a read: the first `batchFill` bytes. */
  private batch: Buffer | undefined;
  private batchFill = 0;
  /** Small chunks since the last flush: the parser's work in the read it is through. */
  private chunksInRead = 0;
  /** Reading waits for a turn of the event loop (YIELD_AFTER_CHUNKS). */
  private isYielding = false;
  /** Reading waits for the decoder to take more (its write returned false). */
  private isDecoderFull = false;
  /**
   * What the sink's drain restarts: the socket, the decoder's output, or both. One listener waits
   * per full spell, not one per chunk: pausing the socket does not stop the parser handing over
   * the rest of the read it is in, and a read of 1-byte chunks registered tens of thousands
   * (removed one by one: quadratic, minutes for 200,000 chunks).
   */
  private isDrainAwaited = false;
  private isReadingHeld = false;
  private isOutputHeld = false;
  private readonly onSinkDrain = (): void => {
    this.isDrainAwaited = false;
    const isReading = this.isReadingHeld;
    const isOutput = this.isOutputHeld;
    this.isReadingHeld = false;
    this.isOutputHeld = false;
    if (isOutput) this.decoder?.resumeOutput();
    if (isReading) this.resumeIfFree();
  };
  /** Warnings about the body that are no error, such as bytes ignored after its gzip data. */
  readonly warnings: string[] = [];

  constructor(
    private readonly sink: BodySink<T>,
    private readonly codings: readonly string[],
    private readonly maxBodyBytes: number,
    private readonly host: BodyReaderHost,
  ) {
    this.hasCodings = codings.length > 0;
  }

  /**
   * Bytes from the parser (a view valid only during the call). Throws HW_RESPONSE_TOO_LARGE past
   * the limit, or what the sink throws (HW_FILE when a store cannot spill to its file).
   */
  write(chunk: Buffer): void {
    this.rawBytes += chunk.length;
    if (this.rawBytes > this.maxBodyBytes) {
      this.flushBatch();
      // The sink gets the bytes up to the limit, so that a store shows exactly that much.
      const fit = chunk.subarray(0, chunk.length - (this.rawBytes - this.maxBodyBytes));
      if (fit.length > 0) this.keepWithoutDecoding(fit);
      throw new HttpWireError(ErrorCodes.responseTooLarge, `The response body exceeds the limit of ${this.maxBodyBytes} bytes; the download was stopped.`, { limit: this.maxBodyBytes });
    }
    if (chunk.length >= BATCH_CHUNK_BYTES) {
      this.flushBatch();
      this.pass(chunk);
      return;
    }
    if (this.pending === undefined && this.batchFill === 0) this.pending = chunk;
    else this.gather(chunk);
    this.chunksInRead++;
  }

  /**
   * The parser is through a socket read and the body goes on in the next: what it gathered goes
   * to the sink now (a stream's event shows as it comes), and after a read of very many chunks
   * the event loop gets a turn before the next (YIELD_AFTER_CHUNKS). The exchange calls it after
   * each read; the body's end flushes by itself.
   */
  endOfRead(): void {
    if (this.isOver) return;
    try {
      this.flushBatch();
    } catch (err) {
      this.host.onBodyFailure(asBodyError(err));
      return;
    }
    if (this.chunksInRead > YIELD_AFTER_CHUNKS) this.yieldTurn();
    this.chunksInRead = 0;
  }

  /** A second small chunk in a turn: it and the pending one are copied into the batch. */
  private gather(chunk: Buffer): void {
    const first = this.pending;
    if (first !== undefined) {
      // Pending only with an empty batch, and smaller than BATCH_CHUNK_BYTES: it fits.
      this.pending = undefined;
      this.copyIntoBatch(first);
    }
    if (this.batchFill + chunk.length > BATCH_BYTES) this.flushBatch();
    // Just flushed: this chunk starts the next batch, by reference again.
    if (this.batchFill === 0) this.pending = chunk;
    else this.copyIntoBatch(chunk);
  }

  private copyIntoBatch(chunk: Buffer): void {
    const batch = (this.batch ??= Buffer.allocUnsafe(BATCH_BYTES));
    chunk.copy(batch, this.batchFill);
    this.batchFill += chunk.length;
  }

  /** Gives the batch to the sink; the buffer is the batch's again at once (sinks copy what they keep). */
  private flushBatch(): void {
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      this.pass(pending);
      return;
    }
    if (this.batchFill === 0) return;
    const bytes = this.batch!.subarray(0, this.batchFill);
    this.batchFill = 0;
    this.pass(bytes);
  }

  private pass(chunk: Buffer): void {
    if (!this.hasCodings) {
      if (!this.sink.write(chunk)) this.holdReading();
      return;
    }
    const rawFits = this.sink.raw(chunk);
    // Made at the first byte: an empty body (a HEAD answer) is no error whatever its codings.
    if (!this.hasStartedDecoding) this.startDecoding();
    if (this.decoder !== undefined && !this.decoder.write(chunk)) {
      // The decoder's drain resumes; a raw side still full pauses again at its next chunk.
      if (!this.isInputDone) {
        this.isDecoderFull = true;
        this.host.pauseReading();
      }
    } else if (!rawFits) {
      // An undecodable body (an unknown zstd, corrupt gzip) flows through raw alone: its store
      // must pause the socket, or a disk slower than the network queues the body in memory.
      this.holdReading();
    }
  }

  /** The sink is full: the socket pauses until it drains (not after its last byte: the exchange reads on for a close). */
  private holdReading(): void {
    if (this.isInputDone) return;
    this.host.pauseReading();
    this.isReadingHeld = true;
    this.awaitDrain();
  }

  /** Gives the event loop a turn before the next socket read. */
  private yieldTurn(): void {
    if (this.isInputDone || this.isYielding) return;
    this.isYielding = true;
    this.host.pauseReading();
    setImmediate(() => {
      this.isYielding = false;
      if (!this.isOver) this.resumeIfFree();
    });
  }

  /** Resumes the socket unless the sink, the decoder or a yield still holds it. */
  private resumeIfFree(): void {
    if (!this.isReadingHeld && !this.isDecoderFull && !this.isYielding) this.host.resumeReading();
  }

  private awaitDrain(): void {
    if (this.isDrainAwaited) return;
    this.isDrainAwaited = true;
    this.sink.onDrain(this.onSinkDrain);
  }

  private startDecoding(): void {
    this.hasStartedDecoding = true;
    try {
      this.decoder = new BodyDecoder(this.codings, this.maxBodyBytes, this);
    } catch (err) {
      // An unknown coding: the raw bytes go on to the sink, which finishes with this error.
      this.decodeError = err as HttpWireError;
    }
  }

  private keepWithoutDecoding(chunk: Buffer): void {
    if (this.hasCodings) this.sink.raw(chunk);
    else this.sink.write(chunk);
  }

  /** The parser has seen the last byte; `onBodyDone` follows once decoding is through. */
  end(): void {
    this.isInputDone = true;
    try {
      this.flushBatch();
    } catch (err) {
      this.host.onBodyFailure(asBodyError(err));
      return;
    }
    if (this.decoder !== undefined) this.decoder.end();
    else this.finish();
  }

  /** The exchange failed: stop decoding; the sink's raw bytes (if it kept them) go to the error. */
  abort(): BodyStore | undefined {
    if (this.isOver) return undefined;
    try {
      // What did arrive goes to the sink as received, for the error to show.
      if (this.pending !== undefined) this.keepWithoutDecoding(this.pending);
      else if (this.batchFill > 0) this.keepWithoutDecoding(this.batch!.subarray(0, this.batchFill));
      this.pending = undefined;
      this.batchFill = 0;
    } catch {
      // The sink failed too (stdout closed): the error being handled says more.
    }
    this.isOver = true;
    this.decoder?.destroy();
    return this.sink.abort();
  }

  // DecodeHandler: called from zlib's callbacks, so nothing here throws.

  onDecoded(chunk: Buffer): boolean {
    if (this.sink.write(chunk)) return true;
    this.isOutputHeld = true;
    this.awaitDrain();
    return false;
  }

  onWarning(message: string): void {
    this.warnings.push(message);
  }

  onDrain(): void {
    this.isDecoderFull = false;
    this.resumeIfFree();
  }

  onEnd(): void {
    this.finish();
  }

  onCorrupt(err: HttpWireError): void {
    this.decodeError = err;
    this.decoder = undefined;
    // The raw bytes still go to the sink: read on if the decoder had paused the socket.
    this.isDecoderFull = false;
    this.resumeIfFree();
    if (this.isInputDone) this.finish();
  }

  onFailure(err: HttpWireError): void {
    if (this.isOver) return;
    this.host.onBodyFailure(err);
  }

  private finish(): void {
    if (this.isOver || this.isFinishing) return;
    let value: T;
    let stored: Promise<void> | undefined;
    try {
      value = this.sink.finish(this.decodeError);
      stored = this.sink.whenStored();
    } catch (err) {
      this.host.onBodyFailure(err as HttpWireError);
      return;
    }
    if (stored === undefined) {
      this.done(value);
      return;
    }
    // A body still on its way to its temporary file: the send ends once it is there, or fails
    // with HW_FILE (the bytes, in memory meanwhile, go to the error through abort()).
    this.isFinishing = true;
    stored.then(
      () => {
        if (!this.isOver) this.done(value);
      },
      (err: unknown) => {
        if (!this.isOver) this.host.onBodyFailure(err as HttpWireError);
      },
    );
  }

  private done(value: T): void {
    this.value = value;
    this.isOver = true;
    this.host.onBodyDone();
  }
}

/** What a sink threw outside the parser's call (a batch written later): HttpWireError as thrown. */
function asBodyError(err: unknown): HttpWireError {
  if (err instanceof HttpWireError) return err;
  return new HttpWireError(ErrorCodes.file, `Could not keep the response body: ${(err as Error)?.message ?? String(err)}`, {}, err);
}
