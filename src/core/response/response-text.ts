import { createHash } from 'node:crypto';
import { isTextBody, mimeTypeOf, SNIFF_BYTES, TextStreamDecoder } from './charset';
import { formatByteSize } from './exchange-summary';
import { firstHeader, statusLineOf, type ResponseHead } from './model';

// A response as text, for Save Response (the whole of it, streamed to a file) and Compare
// Responses (two documents for a diff, each cut to a size a diff editor takes).

/**
 * The status line and the headers as received (order, case, duplicates), each line ended by
 * `eol`, then the blank line: an HTTP message head (RFC 9112 §2.1) with CRLF.
 */
export function responseHeadText(head: ResponseHead, eol = '\r\n'): string {
  let text = statusLineOf(head) + eol;
  for (const [name, value] of head.headers) text += `${name}: ${value}${eol}`;
  return text + eol;
}

/** What Save Response writes for a body that is not text: the bytes belong in Save Response Body. */
export function binaryBodyNote(contentType: string | undefined, bodyBytes: number): string {
  const mime = mimeTypeOf(contentType);
  return `[${formatByteSize(bodyBytes)} of ${mime === '' ? 'a body with no type' : mime}: not text; Save Response Body saves its bytes]\n`;
}

/** The first SNIFF_BYTES of a body (fewer if it is shorter), whether it is text, and the rest to read. */
interface Sniffed {
  readonly first: Buffer;
  readonly isText: boolean;
  readonly rest: AsyncIterable<Buffer>;
  /** Stops the rest early (closes its file). */
  close(): Promise<void>;
}

async function sniff(body: AsyncIterable<Buffer>, contentType: string | undefined): Promise<Sniffed> {
  const it = body[Symbol.asyncIterator]();
  const pieces: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done === true) break;
    pieces.push(next.value);
    length += next.value.length;
  }
  const first = Buffer.concat(pieces);
  return {
    first,
    isText: first.length === 0 || isTextBody(contentType, first),
    rest: { [Symbol.asyncIterator]: () => it },
    close: async () => {
      await it.return?.();
    },
  };
}

/**
 * The whole response as UTF-8 text in pieces, for a file: the head (responseHeadText), then the
 * body decoded from its charset (charset.ts rules) piece by piece, never as one string; a body
 * that is not text is replaced by binaryBodyNote. `body` is read once, with its codings undone.
 */
export async function* responseTextPieces(head: ResponseHead, body: AsyncIterable<Buffer>, bodyBytes: number): AsyncGenerator<Buffer> {
  const contentType = firstHeader(head.headers, 'content-type');
  yield Buffer.from(responseHeadText(head), 'utf8');
  const sniffed = await sniff(body, contentType);
  try {
    if (!sniffed.isText) {
      yield Buffer.from(binaryBodyNote(contentType, bodyBytes), 'utf8');
      return;
    }
    const decoder = new TextStreamDecoder(contentType);
    const first = decoder.write(sniffed.first);
    if (first !== '') yield Buffer.from(first, 'utf8');
    for await (const chunk of sniffed.rest) {
      const text = decoder.write(chunk);
      if (text !== '') yield Buffer.from(text, 'utf8');
    }
    const tail = decoder.end();
    if (tail !== '') yield Buffer.from(tail, 'utf8');
  } finally {
    await sniffed.close();
  }
}

/** A body read for a comparison: its text up to a limit, or, when it is not text, its digest. */
export type ComparedBody =
  | { readonly kind: 'text'; readonly text: string; readonly isCut: boolean }
  | { readonly kind: 'binary'; readonly sha256: string };

/**
 * Reads `body` for a comparison: text bodies decoded up to `limitBytes` (the rest is not read),
 * other bodies hashed whole (SHA-256, streamed), so that a diff still tells two of them apart.
 */
export async function readComparedBody(body: AsyncIterable<Buffer>, contentType: string | undefined, limitBytes: number): Promise<ComparedBody> {
  const sniffed = await sniff(body, contentType);
  try {
    if (!sniffed.isText) {
      const hash = createHash('sha256').update(sniffed.first);
      for await (const chunk of sniffed.rest) hash.update(chunk);
      return { kind: 'binary', sha256: hash.digest('hex') };
    }
    const decoder = new TextStreamDecoder(contentType);
    const pieces: string[] = [];
    let left = limitBytes;
    let isCut = false;
    for await (const chunk of prepend(sniffed.first, sniffed.rest)) {
      if (chunk.length > left) {
        pieces.push(decoder.write(chunk.subarray(0, left)));
        isCut = true;
        break;
      }
      pieces.push(decoder.write(chunk));
      left -= chunk.length;
    }
    // A cut inside a character leaves its first bytes: dropped, not shown as U+FFFD.
    const tail = decoder.end();
    pieces.push(isCut ? tail.replace(/\uFFFD$/, '') : tail);
    return { kind: 'text', text: pieces.join(''), isCut };
  } finally {
    await sniffed.close();
  }
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  yield* rest;
}

/**
 * One side of Compare Responses: status line, headers, a blank line, the body (JSON through
 * `prettify` when it is whole; `prettify` returns undefined for text that is not JSON), and a
 * last line that says what was cut or left out. Lines end in `\n`.
 */
export function comparedText(head: ResponseHead, body: ComparedBody, bodyBytes: number, limitBytes: number, prettify: (text: string) => string | undefined): string {
  const contentType = firstHeader(head.headers, 'content-type');
  const mime = mimeTypeOf(contentType);
  const top = responseHeadText(head, '\n');
  if (body.kind === 'binary') return `${top}[${formatByteSize(bodyBytes)} of ${mime === '' ? 'a body with no type' : mime}, not text: SHA-256 ${body.sha256}]\n`;
  if (body.isCut) return `${top}${body.text}\n\n[Cut: the first ${formatByteSize(limitBytes)} of ${formatByteSize(bodyBytes)} are compared.]\n`;
  const isJson = /[/+]json$/.test(mime);
  const text = (isJson ? prettify(body.text) : undefined) ?? body.text;
  return text === '' ? top : `${top}${text}${text.endsWith('\n') ? '' : '\n'}`;
}
