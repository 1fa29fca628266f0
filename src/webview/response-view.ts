// Host side, no DOM and no `vscode`: a SendResult becomes the plain view model the panel posts to
// the UI (protocol.ts), secrets masked. The body text is not in the model: bodyTextPieces()
// yields it in pieces for `bodyPiece` messages, so no message and no string holds a big body.
import { isTextBody, mimeTypeOf, SNIFF_BYTES, TextStreamDecoder } from '../core/response/charset';
import type { BodyStore } from '../core/response/body-store';
import { firstHeader, statusLineOf, type ResponseHead } from '../core/response/model';
import { SecretMasker } from '../core/secret-masker';
import type { CaptureSnapshot } from '../core/wire/capture';
import { sentUrlOf } from '../core/wire/send-outcome';
import type { ResponseStart, SendResult } from '../core/wire/send-result';
import { clientChanges, connectionText, connectionView, timingPhases } from './connection-view';
import type { BodySyntax, BodyView, HeadView, RawView, ReceivingView, ResultView, StatusClass } from './protocol';
import { formatByteSize as formatBytes } from '../core/response/exchange-summary';
import { formatMs } from './units';

/**
 * The body text shown is cut here. The viewer lays out only the lines in sight, so the bound is
 * the webview's memory: a 50 MB JSON body (issue 11, item 4) is held there twice while it is
 * pretty-printed (as received, and pretty), about 300 MB of UTF-16.
 */
const SHOWN_BODY_LIMIT_BYTES = 64_000_000;
/**
 * Characters per `bodyPiece` message (32 Ki), and bytes per read of the body (64 KiB): every
 * string the stream makes stays under V8's large-object size (128 KiB), so it dies young in a
 * cheap scavenge instead of piling up for the full collections that paused the extension host.
 */
const BODY_PIECE_CHARS = 32 * 1024;
const BODY_READ_BYTES = 64 * 1024;
/** Images up to this size are shown (as a data: URL, whole in one message); larger ones as hex. */
const IMAGE_LIMIT_BYTES = 4_000_000;
/** A binary body shows this many first bytes as a hex dump. */
const HEX_HEAD_BYTES = 4096;
/** Each direction of Raw shows at most this many bytes (the client's capture keeps 1 MiB). */
export const RAW_LIMIT_BYTES = 1024 * 1024;

/** Image types a webview's <img> shows. SVG is text (charset.ts) and is shown as its source. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/x-icon', 'image/vnd.microsoft.icon', 'image/avif']);

/** RFC 9110 §15: the first digit is the class. */
export function statusClassOf(status: number): StatusClass {
  if (status >= 100 && status < 200) return 'info';
  if (status >= 200 && status < 300) return 'success';
  if (status >= 300 && status < 400) return 'redirect';
  if (status >= 400 && status < 500) return 'client-error';
  if (status >= 500 && status < 600) return 'server-error';
  return 'other';
}

function headView(head: ResponseHead, masker: SecretMasker): HeadView {
  return { statusLine: statusLineOf(head), statusClass: statusClassOf(head.status), headers: masker.maskHeaders(head.headers) };
}

/** `GET http://host/path` as the request's bytes name it (no user:password), secrets masked: every view's request line. */
export function maskedRequestLine(request: { readonly method: string; readonly url: string; readonly target: string }, masker: SecretMasker): string {
  return masker.maskText(`${request.method} ${sentUrlOf(request)}`);
}

/** What has arrived of a response whose body is still coming (see ReceivingView). */
export function receivingView(start: ResponseStart, masker: SecretMasker): ReceivingView {
  masker.addUrlCredentials(start.request.url);
  return {
    requestLine: maskedRequestLine(start.request, masker),
    statusLine: statusLineOf(start.response),
    statusClass: statusClassOf(start.response.status),
    headers: masker.maskHeaders(start.response.headers),
  };
}

/**
 * The view of a finished send. Registers the credentials of every URL of the send with `masker`
 * first, so that they are masked wherever else they appear (a Basic token in the raw bytes).
 */
export function resultView(result: SendResult, masker: SecretMasker): ResultView {
  masker.addUrlCredentials(result.request.url);
  for (const hop of result.redirects) masker.addUrlCredentials(hop.request.url);
  const maskedBefore = masker.maskCount;
  const view = unmarkedView(result, masker);
  return masker.maskCount !== maskedBefore ? { ...view, secrets: 'masked' } : view;
}

/**
 * The view of a finished send with nothing masked, on the user's request (the panel's Show
 * Secrets): posted to that panel's page alone, never kept in the history or the page's state.
 */
export function revealedView(result: SendResult): ResultView {
  return { ...unmarkedView(result, SecretMasker.revealing()), secrets: 'revealed' };
}

function unmarkedView(result: SendResult, masker: SecretMasker): ResultView {
  const body = bodyView(result);
  const bodySize = result.contentCodings.length === 0 ? formatBytes(result.body.length) : `${formatBytes(result.body.length)} (${formatBytes(result.rawBody.length)} ${result.contentCodings.join(', ')})`;
  return {
    statusLine: statusLineOf(result.response),
    statusClass: statusClassOf(result.response.status),
    requestLine: maskedRequestLine(result.request, masker),
    summary: [formatMs(result.timings.totalMs), bodySize, connectionText(result.connection)],
    headers: masker.maskHeaders(result.response.headers),
    trailers: masker.maskHeaders(result.trailers),
    informational: result.informational.map((h) => headView(h, masker)),
    redirects: result.redirects.map((hop) => ({
      requestLine: masker.maskText(`${hop.request.method} ${hop.request.url}`),
      response: headView(hop.response, masker),
      location: masker.maskText(hop.location),
    })),
    challenges: (result.challenges ?? []).map((c) => ({ requestLine: masker.maskText(`${c.request.method} ${c.request.url}`), response: headView(c.response, masker) })),
    requestHeaders: masker.maskHeaders(result.request.headers),
    body,
    raw: { ...rawView(result.capture, masker, { redirects: result.redirects.length, ...(isBodyText(result, body) ? {} : { omitted: { heads: result.informational.length + 1, bodyBytes: result.rawBody.length } }) }), changes: clientChanges(result.request.changes, masker) },
    timing: { phases: timingPhases(result.timings, result.connection, result.redirects.length > 0), totalMs: result.timings.totalMs },
    connection: connectionView(result, masker),
    warnings: [...result.warnings, ...(result.decodeError ? [result.decodeError.message] : [])].map((w) => masker.maskText(w)),
  };
}

function bodyView(result: SendResult): BodyView {
  const body = result.body;
  if (body.length === 0) return { kind: 'empty' };
  const contentType = firstHeader(result.response.headers, 'content-type');
  const mimeType = mimeTypeOf(contentType);
  const head = body.toBuffer(SNIFF_BYTES);
  if (isTextBody(contentType, head)) {
    const decoder = new TextStreamDecoder(contentType);
    decoder.write(head.subarray(0, 3));
    decoder.end();
    const notes = [
      ...(decoder.note !== undefined ? [decoder.note] : []),
      ...(result.decodeError ? [`The ${result.contentCodings.join(', ')} coding could not be undone: the body is shown as received.`] : []),
      ...(body.length > SHOWN_BODY_LIMIT_BYTES ? [`Showing the first ${formatBytes(SHOWN_BODY_LIMIT_BYTES)} of ${formatBytes(body.length)}.`] : []),
    ];
    const syntax = syntaxOf(mimeType);
    return {
      kind: 'text',
      mimeType,
      charset: decoder.charset,
      // A cut JSON body is not JSON: shown as received (highlighted still), under the cut note.
      isJson: syntax === 'json' && body.length <= SHOWN_BODY_LIMIT_BYTES,
      syntax,
      note: notes.length > 0 ? notes.join(' ') : undefined,
    };
  }
  if (IMAGE_TYPES.has(mimeType) && body.length <= IMAGE_LIMIT_BYTES) {
    return { kind: 'image', mimeType, dataUrl: `data:${mimeType};base64,${body.toBuffer().toString('base64')}` };
  }
  const shown = Math.min(body.length, HEX_HEAD_BYTES);
  return {
    kind: 'binary',
    mimeType,
    headBase64: body.toBuffer(shown).toString('base64'),
    note: `${mimeType === '' ? 'A body with no type' : mimeType}, ${formatBytes(body.length)}: ${shown === body.length ? 'all its bytes' : `its first ${shown} bytes`} in hex.`,
  };
}

/** By the media type: `application/json` and `+json`, XML likewise, HTML; the rest is plain. */
function syntaxOf(mimeType: string): BodySyntax {
  if (/[/+]json$/.test(mimeType)) return 'json';
  if (mimeType === 'text/html' || mimeType === 'application/xhtml+xml') return 'html';
  if (/[/+]xml$/.test(mimeType)) return 'xml';
  return 'plain';
}

/**
 * The body as text in its charset, at most `limitBytes` of it, in pieces of about `pieceChars`
 * characters (a character split between two stored chunks comes out whole). Lazy and
 * asynchronous: a body in a temporary file is read on the thread pool 64 KiB at a time, and the
 * caller posts one piece before it asks for the next, so the host never blocks on a big body.
 */
export async function* bodyTextPieces(body: BodyStore, contentType: string | undefined, limitBytes = SHOWN_BODY_LIMIT_BYTES, pieceChars = BODY_PIECE_CHARS): AsyncGenerator<string> {
  const decoder = new TextStreamDecoder(contentType);
  let pending = '';
  let left = limitBytes;
  let isCut = false;
  // One read buffer: the decoder copies each chunk into a string before the next read.
  for await (const chunk of body.readChunks(BODY_READ_BYTES, true)) {
    if (left <= 0) {
      isCut = true;
      break;
    }
    isCut = chunk.length > left;
    pending += decoder.write(isCut ? chunk.subarray(0, left) : chunk);
    left -= chunk.length;
    while (pending.length >= pieceChars) {
      yield pending.slice(0, pieceChars);
      pending = pending.slice(pieceChars);
    }
  }
  // A cut may fall inside a character: its first bytes are dropped, not shown as U+FFFD.
  const tail = decoder.end();
  pending += isCut ? tail.replace(/\uFFFD$/, '') : tail;
  if (pending !== '') yield pending;
}

/**
 * Whether the body's bytes on the wire read as text: a text body with no content coding. Else
 * (an image, a binary, a gzip-coded JSON) the Raw view shows the head alone: a megabyte of
 * one-character-per-byte noise told nothing the Body tab's hex does not, and cost a long layout.
 */
function isBodyText(result: SendResult, body: BodyView): boolean {
  return body.kind === 'empty' || (body.kind === 'text' && result.contentCodings.length === 0);
}

/**
 * The bytes sent and received of the final exchange, as latin1 text; the note says what is not
 * here (the `redirects` before it, what a limit cut). With `omitted` (the number of heads, the
 * informational ones and the final one, and the body's size as received, codings applied), what
 * follows the final head is left out and `bodyNote` says so.
 */
function rawView(capture: CaptureSnapshot, masker: SecretMasker, { redirects, omitted }: { readonly redirects: number; readonly omitted?: { readonly heads: number; readonly bodyBytes: number } }): Omit<RawView, 'changes'> {
  const sent = masker.maskBytes(capture.sent.subarray(0, RAW_LIMIT_BYTES));
  const bodyAt = omitted === undefined ? undefined : endOfHeads(capture.received, omitted.heads);
  const omitsBody = bodyAt !== undefined && bodyAt < capture.received.length;
  // The head may carry a secret back (a Location to user:password@, an echoed key), as the head views do.
  const shown = capture.received.subarray(0, omitsBody ? bodyAt : RAW_LIMIT_BYTES);
  const received = masker.maskBytes(shown);
  const isCut = capture.sent.length > RAW_LIMIT_BYTES || (!omitsBody && (capture.isTruncated || capture.received.length > RAW_LIMIT_BYTES));
  return {
    sent: sent.toString('latin1'),
    received: received.toString('latin1'),
    note: joinedNotes([
      redirects > 0 ? `The bytes of the final exchange: the ${redirects === 1 ? 'redirect' : `${redirects} redirects`} before it ${redirects === 1 ? 'is' : 'are'} on the Headers tab.` : undefined,
      isCut ? `Cut: showing ${formatBytes(sent.length)} of the ${formatBytes(capture.sentBytes)} sent and ${formatBytes(shown.length)} of the ${formatBytes(capture.receivedBytes)} received.` : undefined,
    ]),
    // The size the summary gives as received (`50 B (70 B gzip)`), not the bytes after the head, chunk framing included.
    ...(omitsBody ? { bodyNote: `The body (${formatBytes(omitted!.bodyBytes)} as received) is not text (binary, or coded), so it is left out here: the Body tab shows it, and Save Body saves it to a file.` } : {}),
  };
}

function joinedNotes(notes: readonly (string | undefined)[]): string | undefined {
  const given = notes.filter((n): n is string => n !== undefined);
  return given.length === 0 ? undefined : given.join(' ');
}

/**
 * The offset just past the blank line that ends the `heads`-th head in `received`, or undefined
 * when the capture holds fewer (cut short). A line ends in CRLF or a bare LF, and blank lines
 * before a status line are skipped, as the parser reads them.
 */
function endOfHeads(received: Buffer, heads: number): number | undefined {
  let at = 0;
  for (let found = 0; found < heads; found++) {
    while (received[at] === 0x0d || received[at] === 0x0a) at++;
    const end = endOfHead(received, at);
    if (end === undefined) return undefined;
    at = end;
  }
  return at;
}

/** Just past the blank line that ends the head starting at `from`; undefined when it is not in `received`. */
function endOfHead(received: Buffer, from: number): number | undefined {
  for (let lf = received.indexOf(0x0a, from); lf !== -1; lf = received.indexOf(0x0a, lf + 1)) {
    const next = received[lf + 1];
    if (next === 0x0a) return lf + 2;
    if (next === 0x0d && received[lf + 2] === 0x0a) return lf + 3;
  }
  return undefined;
}
