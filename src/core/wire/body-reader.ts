import { ErrorCodes, HttpWireError } from '../errors';
import type { BodySink } from '../response/body-sink';
import type { BodyStore } from '../response/body-store';
import { BodyDecoder, type DecodeHandler } from '../response/decode';

/** What a BodyReader asks of the exchange it belongs to. */
export interface BodyReaderHost {
  /** Stop reading the socket: the decoder or the sink is full. */
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
 *   parser ─raw─▶ limit ─┬─────────────────────────────▶ sink.write   (no codings)
 *                        └─▶ sink.raw ─▶ BodyDecoder ─▶ sink.write   (codings: gzip, br...)
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
      // The sink gets the bytes up to the limit, so that a store shows exactly that much.
      const fit = chunk.subarray(0, chunk.length - (this.rawBytes - this.maxBodyBytes));
      if (fit.length > 0) this.keepWithoutDecoding(fit);
      throw new HttpWireError(ErrorCodes.responseTooLarge, `The response body exceeds the limit of ${this.maxBodyBytes} bytes; the download was stopped.`, { limit: this.maxBodyBytes });
    }
    if (!this.hasCodings) {
      if (!this.sink.write(chunk)) {
        this.host.pauseReading();
        this.sink.onDrain(() => this.host.resumeReading());
      }
      return;
    }
    const rawFits = this.sink.raw(chunk);
    // Made at the first byte: an empty body (a HEAD answer) is no error whatever its codings.
    if (this.rawBytes === chunk.length) this.startDecoding();
    if (this.decoder !== undefined && !this.decoder.write(chunk)) {
      // The decoder's drain resumes; a raw side still full pauses again at its next chunk.
      this.host.pauseReading();
    } else if (!rawFits) {
      // An undecodable body (an unknown zstd, corrupt gzip) flows through raw alone: its store
      // must pause the socket, or a disk slower than the network queues the body in memory.
      this.host.pauseReading();
      this.sink.onDrain(() => this.host.resumeReading());
    }
  }

  private startDecoding(): void {
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
    if (this.decoder !== undefined) this.decoder.end();
    else this.finish();
  }

  /** The exchange failed: stop decoding; the sink's raw bytes (if it kept them) go to the error. */
  abort(): BodyStore | undefined {
    if (this.isOver) return undefined;
    this.isOver = true;
    this.decoder?.destroy();
    return this.sink.abort();
  }

  // DecodeHandler: called from zlib's callbacks, so nothing here throws.

  onDecoded(chunk: Buffer): boolean {
    if (this.sink.write(chunk)) return true;
    this.sink.onDrain(() => this.decoder?.resumeOutput());
    return false;
  }

  onDrain(): void {
    this.host.resumeReading();
  }

  onEnd(): void {
    this.finish();
  }

  onCorrupt(err: HttpWireError): void {
    this.decodeError = err;
    this.decoder = undefined;
    // The raw bytes still go to the sink: read on if the decoder had paused the socket.
    this.host.resumeReading();
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
