import { ErrorCodes, HttpWireError } from '../core/errors';
import { WritableSink, type BodySink } from '../core/response/body-sink';
import { DEFAULT_MAX_IN_MEMORY_BODY_BYTES } from '../core/response/body-store';
import { isTextType, looksLikeText, SNIFF_BYTES, TextStreamDecoder } from '../core/response/charset';
import { canDecode, codingsApplied } from '../core/response/decode';
import { firstHeader, headerValues, type ResponseHead } from '../core/response/model';
import { printBinaryNote, type Printer } from './print-response';

type Kind = 'text' | 'binary' | 'undecided';

/**
 * The raw bytes of a body with codings are held while it is decoded, since only `finish` tells
 * whether they are needed (BodySink), but never more than a stored body keeps in memory: text
 * output costs no disk. A body that fails to decode past this many bytes shows its decoded part.
 */
const MAX_HELD_RAW_BYTES = DEFAULT_MAX_IN_MEMORY_BODY_BYTES;

/**
 * The body of `http-wire send` without --json, written to stdout as it arrives, never held
 * whole: to a file or a pipe as bytes (its codings undone), on a terminal text in its charset
 * (see TextStreamDecoder) and binary as a note saying how many bytes there were. On a terminal a
 * body with no Content-Type is held until its first 4 KiB tell which it is; to a file or a pipe
 * it goes as it comes, as curl writes it (a stream of events is read as it comes). Writing goes
 * through core's WritableSink: stdout's backpressure pauses the download, and a closed stdout
 * fails the request with HW_BODY_OUTPUT.
 *
 * A body that cannot be decoded is shown as received, after whatever part of it did decode: as
 * it arrives when a coding is unknown (known from the head), else from the raw bytes held until
 * `finish` says decoding failed (up to MAX_HELD_RAW_BYTES). A failed exchange (`abort`) prints
 * what it holds as it would have had the body ended there: the bytes received so far are shown.
 */
export class PrintBodySink implements BodySink<{ readonly length: number }> {
  private readonly output: WritableSink;
  private readonly contentType: string | undefined;
  /** The body with its codings undone: every byte of a body without codings. */
  private readonly decoded: BodyPrint;
  /** The raw bytes as the body, printed as they come: set when the head names an unknown coding. */
  private readonly rawPrint: BodyPrint | undefined;
  /** The raw bytes of a body being decoded, copied; undefined once past MAX_HELD_RAW_BYTES. */
  private heldRaw: Buffer[] | undefined;
  private rawLength = 0;
  /** end() ran: an abort after a finish that threw (a closed stdout) prints nothing twice. */
  private isEnded = false;

  constructor(
    private readonly printer: Printer,
    head: ResponseHead,
  ) {
    this.output = new WritableSink(printer.stream);
    this.contentType = firstHeader(head.headers, 'content-type');
    this.decoded = new BodyPrint(this.output, printer, this.contentType, this.contentType === undefined ? 'undecided' : isTextType(this.contentType) ? 'text' : 'binary');
    if (hasUnknownCoding(head)) this.rawPrint = this.newRawPrint();
    else this.heldRaw = [];
  }

  raw(chunk: Buffer): boolean {
    this.rawLength += chunk.length;
    if (this.rawPrint !== undefined) return this.rawPrint.write(chunk);
    if (this.heldRaw !== undefined) {
      // Copied: the chunk is a view into a read buffer that is reused (body-sink.ts).
      if (this.rawLength <= MAX_HELD_RAW_BYTES) this.heldRaw.push(Buffer.from(chunk));
      else this.heldRaw = undefined;
    }
    return true;
  }

  write(chunk: Buffer): boolean {
    return this.decoded.write(chunk);
  }

  onDrain(resume: () => void): void {
    this.output.onDrain(resume);
  }

  finish(decodeError: HttpWireError | undefined): { readonly length: number } {
    const held = decodeError === undefined ? undefined : this.heldRaw;
    this.heldRaw = undefined;
    this.end(held);
    this.output.finish();
    // Like the other sinks, a body that could not be decoded is its raw bytes.
    return { length: decodeError === undefined ? this.decoded.length : this.rawLength };
  }

  whenStored(): undefined {
    return undefined;
  }

  abort(): undefined {
    this.heldRaw = undefined;
    try {
      this.end(undefined);
    } catch (err) {
      // stdout is closed (the error being handled may be that very one): nowhere to print.
      if (!(err instanceof HttpWireError && err.code === ErrorCodes.bodyOutput)) throw err;
    }
    return this.output.abort();
  }

  /**
   * Prints what is still held, then the notes. The raw bytes are the body when the coding is
   * unknown, or when `heldRaw` is given (decoding failed): they come after the decoded part, all
   * at once, being in memory already.
   */
  private end(heldRaw: readonly Buffer[] | undefined): void {
    if (this.isEnded) return;
    this.isEnded = true;
    const raw = this.rawPrint ?? (heldRaw === undefined ? undefined : this.newRawPrint());
    if (raw === undefined || this.decoded.length > 0) this.decoded.end(false);
    if (raw === undefined) return;
    for (const chunk of heldRaw ?? []) raw.write(chunk);
    raw.end(true);
  }

  /**
   * Raw bytes are sniffed whatever the Content-Type says: it names the type of the decoded data
   * (RFC 9110 §8.4), so a text type tells nothing of bytes still in zstd. Its charset still holds
   * for a body that was never encoded at all, only labelled so.
   */
  private newRawPrint(): BodyPrint {
    return new BodyPrint(this.output, this.printer, this.contentType, 'undecided');
  }
}

/**
 * Does the head name a coding the body reader cannot undo, so that the raw bytes are all there
 * will be? Transfer codings count as the reader counts them (codingsApplied), `chunked` left out
 * wherever it stands: a `chunked` before the last one makes the reader fail too, and a body the
 * reader fails on that this misses is still shown, at `finish`, from the held raw bytes.
 */
function hasUnknownCoding(head: ResponseHead): boolean {
  const codings = codingsApplied(headerValues(head.headers, 'content-encoding'), headerValues(head.headers, 'transfer-encoding'));
  return !canDecode(codings.filter((c) => c !== 'chunked'));
}

/**
 * One run of body bytes printed as it comes: as bytes, or on a terminal text in its charset and
 * binary as a note at the end. On a terminal an undecided run is held until its first SNIFF_BYTES
 * tell which; elsewhere the bytes are written as they are whatever they are, so nothing waits.
 */
class BodyPrint {
  length = 0;
  private text: TextStreamDecoder | undefined;
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(
    private readonly output: WritableSink,
    private readonly printer: Printer,
    private readonly contentType: string | undefined,
    private kind: Kind,
  ) {}

  write(chunk: Buffer): boolean {
    this.length += chunk.length;
    if (this.kind !== 'undecided' || !this.printer.isTty) return this.emit(chunk);
    this.held.push(Buffer.from(chunk));
    this.heldBytes += chunk.length;
    return this.heldBytes < SNIFF_BYTES || this.decide();
  }

  /** No more bytes (the body ended, or the exchange failed): what is held goes out, then the note. */
  end(isUndecoded: boolean): void {
    if (!this.printer.isTty) return;
    if (this.kind === 'undecided') this.decide();
    if (this.text !== undefined) this.emitText(this.text.end());
    if (this.kind !== 'binary') return;
    // The note goes to the stream directly: after the bytes the sink may still hold.
    this.output.flush();
    printBinaryNote(this.printer, this.length, isUndecoded);
  }

  /** Sniffs the held bytes, then writes them: the first chunks of a body with no Content-Type. */
  private decide(): boolean {
    const held = Buffer.concat(this.held);
    this.held = [];
    this.kind = looksLikeText(held.subarray(0, SNIFF_BYTES)) ? 'text' : 'binary';
    return this.emit(held);
  }

  private emit(chunk: Buffer): boolean {
    // Stdout a file or a pipe: the bytes as received, as curl writes them, so that the saved body
    // is the server's (and hashes to --body digest's sha256); a charset is converted for eyes only.
    if (!this.printer.isTty) return this.output.write(chunk);
    if (this.kind === 'binary') return true;
    this.text ??= new TextStreamDecoder(this.contentType);
    return this.emitText(this.text.write(chunk));
  }

  private emitText(text: string): boolean {
    return text === '' || this.output.write(Buffer.from(text, 'utf8'));
  }
}
