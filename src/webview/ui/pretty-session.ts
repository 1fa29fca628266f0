// DOM-free (unit-tested in plain Node): one body's pretty-printing (JSON or XML), wherever it runs. The worker
// runs one per body; the page runs one itself when it cannot start the worker.
import { JsonStreamFormatter } from './json-stream-format';
import type { FromPrettyWorker, PrettySyntax, ToPrettyWorker } from './pretty-messages';
import { XmlStreamFormatter } from './xml-stream-format';

/** Both formatters: pretty text per piece, undefined once the input is refused. */
interface StreamFormatter {
  write(piece: string): string | undefined;
  end(): string | undefined;
}

function formatterFor(syntax: PrettySyntax): StreamFormatter {
  return syntax === 'json' ? new JsonStreamFormatter() : new XmlStreamFormatter();
}

/**
 * Turns the page's messages into the worker's answers: a formatter per body id, a new id drops
 * the old body. Answers for one id come in order; after `invalid` or `done` there are none.
 */
export class PrettySession {
  private id = -1;
  private formatter: StreamFormatter | undefined;

  constructor(private readonly answer: (message: FromPrettyWorker) => void) {}

  receive(message: ToPrettyWorker): void {
    if (message.id !== this.id) {
      this.id = message.id;
      this.formatter = formatterFor(message.syntax);
    }
    const formatter = this.formatter;
    if (formatter === undefined) return;
    const pretty = 'piece' in message ? formatter.write(message.piece) : formatter.end();
    if (pretty === undefined) {
      this.formatter = undefined;
      this.answer({ id: message.id, invalid: true });
      return;
    }
    if (pretty !== '') this.answer({ id: message.id, pretty });
    if (!('piece' in message)) {
      this.formatter = undefined;
      this.answer({ id: message.id, done: true });
    }
  }
}
