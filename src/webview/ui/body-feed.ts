// DOM-free (unit-tested in plain Node): where the pieces of a text body go. Plain text goes
// straight to the viewer; JSON and XML go through the pretty-printer (a worker) and its pretty
// pieces to the viewer, so the first screen is pretty as soon as the first piece is. Should the
// body turn out not to be JSON, the viewer gets the text as received instead, and the rest of it
// as it comes.
import type { FromPrettyWorker, PrettySyntax, ToPrettyWorker } from './pretty-messages';

/** The viewer, as the feed sees it. */
export interface TextSink {
  append(text: string): void;
  /** Everything shown so far is replaced by `text`. */
  replace(text: string): void;
  /** A line about the body above it (why it is not pretty). */
  note(text: string): void;
  /** All of the body is shown. */
  complete(): void;
}

/** Where JSON pieces go to be pretty-printed; its answers come back through `BodyFeed.answer`. */
export interface PrettyPort {
  post(message: ToPrettyWorker): void;
}

export const NOT_JSON_NOTE = 'Not valid JSON: shown as received.';

export class BodyFeed {
  /** The pieces as received, kept while the pretty form may still fail. */
  private raw: string[] = [];
  private isPretty: boolean;
  private readonly syntax: PrettySyntax;
  /** A CR at the end of a piece waits for the next: CR LF split in two must stay one line break. */
  private heldCr = false;
  private isEnded = false;

  constructor(
    private readonly id: number,
    /** The layout to give it, or undefined to show it as received. */
    pretty: PrettySyntax | undefined,
    private readonly sink: TextSink,
    private readonly port: PrettyPort,
  ) {
    this.isPretty = pretty !== undefined;
    this.syntax = pretty ?? 'json';
  }

  piece(text: string): void {
    if (!this.isPretty) {
      this.appendRaw(text);
      return;
    }
    this.raw.push(text);
    this.port.post({ id: this.id, syntax: this.syntax, piece: text });
  }

  end(): void {
    this.isEnded = true;
    if (this.isPretty) {
      this.port.post({ id: this.id, syntax: this.syntax, end: true });
      return;
    }
    if (this.heldCr) this.sink.append('\r');
    this.heldCr = false;
    this.sink.complete();
  }

  /** An answer of the pretty-printer; those of another body are ignored. */
  answer(message: FromPrettyWorker): void {
    if (message.id !== this.id || !this.isPretty) return;
    if ('pretty' in message) {
      this.sink.append(message.pretty);
    } else if ('invalid' in message) {
      this.isPretty = false;
      const received = this.raw.join('');
      this.raw = [];
      this.sink.note(NOT_JSON_NOTE);
      this.heldCr = received.endsWith('\r') && !this.isEnded;
      this.sink.replace(this.heldCr ? received.slice(0, -1) : received);
      if (this.isEnded) this.sink.complete();
    } else {
      this.raw = [];
      this.sink.complete();
    }
  }

  private appendRaw(text: string): void {
    let shown = this.heldCr ? '\r' + text : text;
    this.heldCr = shown.endsWith('\r');
    if (this.heldCr) shown = shown.slice(0, -1);
    if (shown !== '') this.sink.append(shown);
  }
}
