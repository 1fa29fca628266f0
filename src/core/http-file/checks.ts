import { indexOfControlChar, isSameName, isTokenAt, runEnd } from '../ascii';
import { headerValue, isNewlineDelimitedJson } from './body';
import { DiagnosticCodes } from './diagnostic-codes';
import type { DiagnosticSink } from './diagnostics';
import { splitGraphql } from './graphql';
import { headerColonAt } from './header-line';
import { findJsonError } from './json-syntax';
import type { SplitLines } from './lines';
import type { Body, FileVariable, GraphqlFragment, Header, HttpRequest, Metadata, RequestLine } from './model';
import { suggestMetadataKey } from './metadata-keys';
import { inlineText, renderInlineBody } from './render-body';

const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;
const REQUEST_NAME = /^[\w-]+$/;

/** Names must be usable in `{{name}}`; a later definition of a name overrides an earlier one. */
export function checkVariables(variables: readonly FileVariable[], sink: DiagnosticSink): void {
  const seen = new Set<string>();
  for (const v of variables) {
    if (!VARIABLE_NAME.test(v.name)) {
      sink.add('error', DiagnosticCodes.invalidVariable, `"@${v.name}" is not a valid variable name: use letters, digits, _ . and -, starting with a letter or _.`, v.line, 0, v.name.length + 1);
    } else if (seen.has(v.name)) {
      sink.add('warning', DiagnosticCodes.duplicateVariable, `"@${v.name}" is defined again; this later value wins.`, v.line, 0, v.name.length + 1);
    }
    seen.add(v.name);
  }
}

/**
 * A metadata line's key and value. `split`, the file's lines, places a warning on the key; without
 * it the warning stands at the start of the line, as the value checks' do.
 */
function checkMetadata(m: Metadata, sink: DiagnosticSink, split: SplitLines | undefined): void {
  switch (m.key) {
    case 'name':
      if (!REQUEST_NAME.test(m.value)) invalidMetadata(m, `"# @name" needs a name made of letters, digits, _ and -${m.value ? `, not "${m.value}"` : ''}.`, sink);
      break;
    case 'timeout':
    case 'sleep':
      if (!/^\d+$/.test(m.value)) invalidMetadata(m, `"# @${m.key}" needs a whole number of milliseconds${m.value ? `, not "${m.value}"` : ''}.`, sink);
      break;
    case 'prompt':
      if (!/^[A-Za-z_][\w.-]*(?:\s|$)/.test(m.value)) invalidMetadata(m, '"# @prompt" needs a variable name, then an optional description.', sink);
      break;
    case 'import':
      // httpYac's: its file's requests and variables become this one's. Not read here, so a
      // reference to them fails later with "not in the file"; say why where it is written.
      sink.add('warning', DiagnosticCodes.notSupported, `"# @import" (httpYac) is not supported yet: the requests and variables of ${m.value || 'the file named'} are not read here; copy those this file uses into it.`, m.line, 0, 0);
      break;
    default:
      checkMetadataKey(m, sink, split);
  }
}

function invalidMetadata(m: Metadata, message: string, sink: DiagnosticSink): void {
  sink.add('warning', DiagnosticCodes.invalidMetadata, message, m.line, 0, 0);
}

/**
 * Unknown keys are kept without a word (other tools' keys must not become warnings), so a
 * misspelt key of ours (`# @no-redirct`) would silently do nothing: a redirect followed, exit 0.
 * A key close to one of ours is most likely such a typo (see suggestMetadataKey).
 */
function checkMetadataKey(m: Metadata, sink: DiagnosticSink, split: SplitLines | undefined): void {
  const meant = suggestMetadataKey(m.key);
  if (meant === undefined) return;
  // The line's first `@` is the key's: only `#`, `//` and spaces may stand before it.
  const start = split === undefined ? 0 : split.text.indexOf('@', split.starts[m.line]!) - split.starts[m.line]! + 1;
  const end = split === undefined ? 0 : start + m.key.length;
  sink.add('warning', DiagnosticCodes.metadataKeyTypo, `"@${m.key}" is not a key HTTP Wire knows: did you mean "@${meant}"? It is ignored as written.`, m.line, start, end, { key: m.key, meant });
}

/** Up to the first control character (tab aside) or `{`: line breaks end it. */
// eslint-disable-next-line no-control-regex -- the class is exactly the characters the checks look for.
const PLAIN_TEXT_RUN = /[^\x00-\x08\x0a-\x1f\x7f{]*/y;

/**
 * Offset of the first control character (tab aside) or `{` in `text[start, end)`, or -1: all that
 * the checks of a value or a URL look for (control characters, unclosed `{{`) starts at such a
 * character, so one pass clears most texts, and the checks of the others begin there. `end` is
 * a string's end or within a line: the pass may read on to the line's break.
 */
export function indexOfTextCheck(text: string, start: number, end: number): number {
  const at = runEnd(PLAIN_TEXT_RUN, text, start);
  return at < end ? at : -1;
}

/** What `scanText` found; one scratch object, read at once after each scan. */
const found = { control: -1, unclosed: -1 };

/**
 * One pass over `text[start, end)` for what its checks report: the first control character (tab
 * aside) and a `{{` that no `}}` after it closes (findVariable reads it as text), each -1 when
 * there is none. URLs and header values, which nearly all hold `{{variables}}` and nothing wrong,
 * are scanned once instead of once per check.
 */
function scanText(text: string, start: number, end: number): typeof found {
  let control = -1;
  let open = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      if (i + 1 >= end || text.charCodeAt(i + 1) !== 123) continue;
      if (open === -1) open = i;
      i++;
    } else if (c === 125 /* } */) {
      if (i + 1 >= end || text.charCodeAt(i + 1) !== 125 || open === -1) continue;
      open = -1;
      i++;
    } else if (((c < 32 && c !== 9) || c === 127) && control === -1) {
      control = i;
    }
  }
  found.control = control;
  found.unclosed = open;
  return found;
}

/**
 * The parser checks each header line where it stands in the file's text, as it reads it: the name
 * `text[nameStart, nameEnd)` must be a token (or hold a `{{variable}}`, checked once resolved).
 * The parser calls this only for a name its colon scan found not to be a token (see
 * HeaderSpan.isTokenName); the token test here keeps the check whole for any caller.
 */
export function checkHeaderName(text: string, nameStart: number, nameEnd: number, line: number, column: number, sink: DiagnosticSink): void {
  if (isTokenAt(text, nameStart, nameEnd) || hasVariable(text, nameStart, nameEnd)) return;
  const bad = indexOfControlChar(text, nameStart, nameEnd) !== -1 ? DiagnosticCodes.controlCharacter : DiagnosticCodes.invalidHeader;
  sink.add('error', bad, `"${text.slice(nameStart, nameEnd)}" is not a valid header name: names are tokens, without spaces or quotes.`, line, column, column + nameEnd - nameStart);
}

/**
 * A header value, or the part of it on an obs-fold line, `text[valueStart, valueEnd)` at `column`
 * of `line`: no control character but tab (RFC 9110 §5.5). `name` says whose value it is.
 */
export function checkHeaderValue(name: string, text: string, valueStart: number, valueEnd: number, line: number, column: number, sink: DiagnosticSink): void {
  const at = indexOfControlChar(text, valueStart, valueEnd);
  if (at !== -1) controlCharacter(`The value of "${name}"`, text.charCodeAt(at), line, column + at - valueStart, sink);
}

/** `what` (a URL, a header's value) holds the control character `c` at `column` of `line`. */
function controlCharacter(what: string, c: number, line: number, column: number, sink: DiagnosticSink): void {
  const code = c.toString(16).padStart(2, '0');
  sink.add('error', DiagnosticCodes.controlCharacter, `${what} contains a control character (0x${code}); it would be refused before sending.`, line, column, column + 1);
}

/**
 * The value `text[valueStart, valueEnd)` (at `column` of `line`) of the header named
 * `text[nameStart, nameEnd)`: no control character but tab (as checkHeaderValue), and no `{{`
 * that nothing closes, found in one pass from `scanFrom` (see indexOfTextCheck: nothing before it
 * needs a look).
 */
export function checkHeaderValueText(text: string, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, line: number, column: number, sink: DiagnosticSink, scanFrom = valueStart): void {
  const { control, unclosed } = scanText(text, scanFrom, valueEnd);
  if (control !== -1) controlCharacter(`The value of "${text.slice(nameStart, nameEnd)}"`, text.charCodeAt(control), line, column + control - valueStart, sink);
  if (unclosed !== -1) unclosedVariable(`the value of "${text.slice(nameStart, nameEnd)}"`, text.slice(unclosed, valueEnd), line, column + unclosed - valueStart, column + valueEnd - valueStart, sink);
}

/** A `{{` that nothing closes, in `where`: most likely a typo, sent as written. */
function unclosedVariable(where: string, written: string, line: number, from: number, to: number, sink: DiagnosticSink): void {
  const shown = written.length > 40 ? `${written.slice(0, 40)}…` : written;
  sink.add('warning', DiagnosticCodes.unclosedVariable, `"${shown}" in ${where} has no closing }}: it is sent as written, braces included.`, line, from, to);
}

/**
 * A request with no headers whose body starts, on line `i`, with what reads as a header: the author
 * most likely left a blank line between the request line and the headers (REST Client and
 * JetBrains send such lines as the body too). Sent as written; the warning says so.
 */
export function checkHeaderInBody(split: SplitLines, i: number, sink: DiagnosticSink): void {
  const start = split.starts[i]!;
  const colon = headerColonAt(split.text, start, split.ends[i]!) - start;
  if (colon < 0) return;
  const name = split.text.slice(start, start + colon);
  sink.add('warning', DiagnosticCodes.headerInBody, `"${name}" looks like a header, but it follows the blank line that ends the headers, so it is sent as the body. Remove the blank line above it to send it as a header.`, i, 0, colon);
}

/** `{{` within [start, end): a name made of a variable is checked once it is resolved. */
function hasVariable(text: string, start: number, end: number): boolean {
  for (let i = start; i + 1 < end; i++) if (text.charCodeAt(i) === 123 && text.charCodeAt(i + 1) === 123) return true;
  return false;
}

/**
 * RFC 9112 §6.3: a Content-Length must be one decimal number and agree with the body. When it
 * disagrees, the request is corrected on the wire unless marked `# @verbatim`.
 */
function checkContentLength(
  headers: readonly Header[],
  body: Body | undefined,
  metadata: readonly Metadata[],
  fragments: readonly GraphqlFragment[],
  sink: DiagnosticSink,
): void {
  if (headers.length === 0) return;
  const first = headers.find((h) => isSameName(h.name, 'Content-Length'));
  if (first === undefined || first.value.includes('{{')) return;
  // The value's span: what a quick fix replaces.
  const at = (h: Header): [number, number, number] => [h.line, h.valueColumn, h.valueColumn + h.value.length];
  if (!/^\d+$/.test(first.value)) {
    sink.add('error', DiagnosticCodes.invalidHeader, `Content-Length must be a number of bytes, not "${first.value}".`, ...at(first));
    return;
  }
  const conflicting = headers.find((h) => h !== first && isSameName(h.name, 'Content-Length') && h.value !== first.value);
  if (conflicting !== undefined) {
    sink.add('error', DiagnosticCodes.invalidHeader, 'The request has Content-Length headers that disagree.', ...at(conflicting));
    return;
  }
  if (headerValue(headers, 'Transfer-Encoding') !== undefined) {
    sink.add('warning', DiagnosticCodes.invalidHeader, 'A request with Transfer-Encoding must not also have Content-Length (RFC 9112 §6.2).', ...at(first));
    return;
  }
  let actual = 0;
  if (body !== undefined) {
    let rendered: string | undefined;
    try {
      rendered = renderInlineBody(body, fragments);
    } catch {
      return; // Reported by checkBody.
    }
    if (rendered === undefined || rendered.includes('{{')) return;
    actual = Buffer.byteLength(rendered, 'utf8');
    // The newline the send adds to an NDJSON body (see isNewlineDelimitedJson); a Content-Type
    // from a variable may be NDJSON too: the length is then not known here.
    if (!isVerbatimRequest(metadata) && rendered !== '' && !rendered.endsWith('\n')) {
      const type = headerValue(headers, 'Content-Type');
      if (type?.includes('{{') === true) return;
      if (isNewlineDelimitedJson(type)) actual++;
    }
  }
  const written = Number(first.value);
  if (written === actual) return;
  const isVerbatim = isVerbatimRequest(metadata);
  const then = isVerbatim
    ? 'it is sent as written because of # @verbatim, and the server will read the wrong number of bytes.'
    : `HTTP Wire sends ${actual} instead (mark the request # @verbatim to send it as written).`;
  sink.add('warning', DiagnosticCodes.contentLengthMismatch, `Content-Length is ${written} but the body is ${actual} bytes: ${then}`, ...at(first), { written, actual });
}

function isVerbatimRequest(metadata: readonly Metadata[]): boolean {
  return metadata.some((m) => m.key === 'verbatim');
}

function checkBody(body: Body | undefined, sink: DiagnosticSink): void {
  if (body === undefined || (body.kind !== 'json' && body.kind !== 'graphql')) return;
  const text = inlineText(body);
  if (text === undefined || text.includes('{{')) return;
  const json = body.kind === 'graphql' ? splitGraphql(text).variables : text;
  const error = json === undefined ? undefined : findJsonError(json);
  if (json === undefined || error === undefined) return;
  const what = body.kind === 'graphql' ? 'The GraphQL variables are' : 'The body is';
  // The variables are the end of the text, trimmed: their last occurrence is where they are.
  const at = positionInBody(body, text, (json === text ? 0 : text.lastIndexOf(json)) + error.offset);
  sink.add(body.kind === 'graphql' ? 'error' : 'warning', DiagnosticCodes.invalidJson, `${what} not valid JSON: ${error.message}.`, at.line, at.column, at.column + 1);
}

/**
 * Line and column of `offset` in `text`, the body's one inline text part, when its lines are the
 * file's lines as written; the body's first line otherwise (a comment line dropped from within it
 * would shift every line after it).
 */
function positionInBody(body: Body, text: string, offset: number): { line: number; column: number } {
  const part = body.parts[0];
  const fallback = { line: body.startLine, column: 0 };
  if (body.parts.length !== 1 || part?.type !== 'text') return fallback;
  let breaks = 0;
  let line = part.startLine;
  let lineStart = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && text.charCodeAt(k + 1) === 10) k++;
    breaks++;
    if (k < offset) {
      line++;
      lineStart = k + 1;
    }
  }
  if (breaks !== part.endLine - part.startLine) return fallback;
  return { line, column: Math.max(0, offset - lineStart) };
}

/** Request kinds of other tools that are not HTTP/1.1 requests: refused rather than sent as one. */
const OTHER_PROTOCOLS: Readonly<Record<string, string>> = {
  GRPC: 'gRPC',
  WEBSOCKET: 'WebSocket',
  WS: 'WebSocket',
  WSS: 'WebSocket',
  MQTT: 'MQTT',
  AMQP: 'AMQP',
  SSE: 'Server-sent events',
};

/** Reports a request of another protocol (gRPC, WebSocket...); true when it is one. */
export function isOtherProtocol(method: string, line: number, sink: DiagnosticSink): boolean {
  const protocol = OTHER_PROTOCOLS[method.toUpperCase()];
  if (protocol === undefined) return false;
  sink.add('error', DiagnosticCodes.notSupported, `${protocol} requests are not supported yet; HTTP Wire sends HTTP/1.1 requests.`, line, 0, method.length);
  return true;
}

/**
 * Checks one request on its own: target, metadata, Content-Length, body (its header lines are
 * checked one by one as the parser reads them). Takes the parts rather than the request: the
 * parser checks headers and a body it has made only for the checks. `headers` may be empty when
 * none is a Content-Length; `fragments` are those a GraphQL body may spread. `split`, the file's
 * lines, places a misspelt metadata key's warning on the key. `isTargetChecked`: the parser's
 * reading of the target already rules out what checkTarget looks for.
 */
export function checkRequest(
  rl: RequestLine,
  isTargetChecked: boolean,
  metadata: readonly Metadata[],
  headers: readonly Header[],
  body: Body | undefined,
  fragments: readonly GraphqlFragment[],
  sink: DiagnosticSink,
  split?: SplitLines,
): void {
  if (!isTargetChecked) checkTarget(rl, sink);
  for (let k = 0; k < metadata.length; k++) checkMetadata(metadata[k]!, sink, split);
  checkContentLength(headers, body, metadata, fragments, sink);
  checkBody(body, sink);
}

/** A request-target's control characters (a space is reported by `parseAnyRequestLine`) and a `{{` that nothing closes. */
function checkTarget(rl: RequestLine, sink: DiagnosticSink): void {
  const { target, line, targetColumn: column } = rl;
  const { control, unclosed: open } = scanText(target, 0, target.length);
  if (control !== -1) controlCharacter('The URL', target.charCodeAt(control), line, column + control, sink);
  if (open !== -1) unclosedVariable('the URL', target.slice(open), line, column + open, column + target.length, sink);
}

/** Across the file: a name used by an earlier request makes chaining by that name ambiguous. */
export function checkDuplicateNames(requests: readonly HttpRequest[], sink: DiagnosticSink): void {
  const names = new Set<string>();
  for (let k = 0; k < requests.length; k++) checkDuplicateName(names, requests[k]!, sink);
}

/** `request`'s name against the `names` of the requests above it, which it joins. */
export function checkDuplicateName(names: Set<string>, request: HttpRequest, sink: DiagnosticSink): void {
  const name = request.name;
  if (name === undefined) return;
  const size = names.size;
  names.add(name);
  if (names.size === size) {
    sink.add('warning', DiagnosticCodes.duplicateRequestName, `Another request above is also named "${name}"; chained variables will use the first.`, request.range.startLine, 0, 0);
  }
}
