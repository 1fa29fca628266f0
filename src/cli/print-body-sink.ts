import type { HttpWireError } from '../core/errors';
import { WritableSink, type BodySink } from '../core/response/body-sink';
import { isTextType, looksLikeText, SNIFF_BYTES, TextStreamDecoder } from '../core/response/charset';
import { firstHeader, type ResponseHead } from '../core/response/model';
import { printBinaryNote, type Printer } from './print-response';

type Kind = 'text' | 'binary' | 'undecided';

/**
 * The body of `http-wire send` without --json, written to stdout as it arrives, never held
 * whole: text in its charset (see TextStreamDecoder), binary as bytes, or, on a terminal, a note
 * saying how many bytes there were. A body with no Content-Type is held until its first 4 KiB
 * tell which it is. Writing goes through core's WritableSink: stdout's backpressure pauses the
 * download, and a closed stdout fails the request with HW_BODY_OUTPUT.
 */
export class PrintBodySink implements BodySink<{ readonly length: number }> {
  private readonly output: WritableSink;
  private readonly contentType: string | undefined;
  private kind: Kind;
  private text: TextStreamDecoder | undefined;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private length = 0;

  constructor(
    private readonly printer: Printer,
    head: ResponseHead,
  ) {
    this.output = new WritableSink(printer.stream);
    this.contentType = firstHeader(head.headers, 'content-type');
    this.kind = this.contentType === undefined ? 'undecided' : isTextType(this.contentType) ? 'text' : 'binary';
  }

  raw(): boolean {
    // Only the decoded body is printed.
    return true;
  }

  write(chunk: Buffer): boolean {
    this.length += chunk.length;
    if (this.kind !== 'undecided') return this.emit(chunk);
    this.held.push(Buffer.from(chunk));
    this.heldBytes += chunk.length;
    return this.heldBytes < SNIFF_BYTES || this.decide();
  }

  onDrain(resume: () => void): void {
    this.output.onDrain(resume);
  }

  finish(decodeError: HttpWireError | undefined): { readonly length: number } {
    if (this.kind === 'undecided') this.decide();
    if (this.text !== undefined) this.emitText(this.text.end());
    if (this.kind === 'binary' && this.printer.isTty) printBinaryNote(this.printer, this.length, decodeError !== undefined);
    this.output.finish();
    return { length: this.length };
  }

  whenStored(): undefined {
    return undefined;
  }

  abort(): undefined {
    return this.output.abort();
  }

  /** Sniffs the held bytes, then writes them: the first chunks of a body with no Content-Type. */
  private decide(): boolean {
    const held = Buffer.concat(this.held);
    this.held = [];
    this.kind = looksLikeText(held.subarray(0, SNIFF_BYTES)) ? 'text' : 'binary';
    return this.emit(held);
  }

  private emit(chunk: Buffer): boolean {
    if (this.kind === 'binary') return this.printer.isTty || this.output.write(chunk);
    this.text ??= new TextStreamDecoder(this.contentType);
    return this.emitText(this.text.write(chunk));
  }

  private emitText(text: string): boolean {
    return text === '' || this.output.write(Buffer.from(text, 'utf8'));
  }
}
