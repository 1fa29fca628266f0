import { CONTROL_CHAR, TOKEN } from '../ascii';
import { ErrorCodes, HttpWireError } from '../errors';
import type { RawHeader, ResponseHead } from '../response/model';

const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/;
/** Control characters but HTAB, CR and LF: a head with one goes to parseHead, which refuses it. */
// eslint-disable-next-line no-control-regex
const ODD_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
/** STATUS_LINE for parseHeadFast: HTTP/1.x, a code from 100 to 599 (RFC 9110 §15), CRLF. */
const FAST_STATUS_LINE = /^HTTP\/1\.(\d) ([1-5]\d\d)(?: ([^\r\n]*))?\r\n/;
/** One `Name: value` line ending in CRLF, OWS around the value left out (RFC 9112 §5.1). */
const FAST_HEADER_LINE = new RegExp(`(${TOKEN.source.slice(1, -1)}):[\\t ]*([^\\r\\n]*?)[\\t ]*\\r\\n`, 'y');
const CR = 13;
const LF = 10;

/** Shows a protocol line in an error message: escaped, and cut to a readable length. */
export function quoteBytes(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(cut);
}

function protocolError(message: string, offset: number): HttpWireError {
  return new HttpWireError(ErrorCodes.protocol, message, { offset });
}

/**
 * Splits a header block (latin1 text up to and including its blank line) into lines: LF ends a
 * line, a CR before it is dropped (RFC 9112 §2.2 lets a recipient accept a bare LF). A bare CR
 * anywhere else is refused: it is how response splitting hides a header.
 */
function splitHeadLines(text: string, offset: number): string[] {
  const lines = text.split('\n');
  lines.pop(); // After the final LF.
  let at = offset;
  return lines.map((line) => {
    const stripped = line.endsWith('\r') ? line.slice(0, -1) : line;
    const cr = stripped.indexOf('\r');
    if (cr !== -1) throw protocolError(`Bare CR inside a header line: ${quoteBytes(stripped)}`, at + cr);
    at += line.length + 1;
    return stripped;
  });
}

/**
 * Reads header lines (RFC 9112 §5): `name: value`, names as tokens, values trimmed of OWS,
 * obs-fold continuation lines joined to the previous value with one space (§5.2).
 */
export function parseHeaderLines(lines: readonly string[], offset: number, what: 'header' | 'trailer'): RawHeader[] {
  const headers: [string, string][] = [];
  let at = offset;
  for (const line of lines) {
    const c = line.charCodeAt(0);
    if (c === 32 || c === 9) {
      const last = headers[headers.length - 1];
      if (last === undefined) throw protocolError(`The first ${what} line starts with whitespace: ${quoteBytes(line)}`, at);
      last[1] = `${last[1]} ${line.trim()}`.trim();
    } else {
      const colon = line.indexOf(':');
      const name = colon === -1 ? line : line.slice(0, colon);
      if (colon === -1) throw protocolError(`Expected "Name: value" in the ${what}s, got ${quoteBytes(line)}`, at);
      if (!TOKEN.test(name)) throw protocolError(`Invalid ${what} name ${quoteBytes(name)}`, at);
      let start = colon + 1;
      let end = line.length;
      while (start < end && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
      while (end > start && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
      headers.push([name, line.slice(start, end)]);
    }
    const bad = CONTROL_CHAR.exec(line);
    if (bad) throw protocolError(`Control character 0x${bad[0].charCodeAt(0).toString(16).padStart(2, '0')} in a ${what}: ${quoteBytes(line)}`, at + bad.index);
    at += line.length + 2;
  }
  return headers;
}

/**
 * Parses a complete head: status line and headers. `offset` is where the head starts in the
 * response's bytes, for error positions.
 */
export function parseHead(text: string, offset: number): ResponseHead {
  const lines = splitHeadLines(text, offset);
  // The block ends with an empty line; drop it.
  lines.pop();
  const statusLine = lines.shift() ?? '';
  const m = STATUS_LINE.exec(statusLine);
  if (!m) {
    const hint = /^HTTP\/2|^PRI \*/.test(statusLine) ? ' (an HTTP/2 answer on an HTTP/1.1 connection?)' : '';
    throw protocolError(`Malformed status line ${quoteBytes(statusLine)}${hint}; expected "HTTP/1.1 200 OK".`, offset);
  }
  if (m[1] !== '1') throw protocolError(`Unsupported HTTP version in status line ${quoteBytes(statusLine)}.`, offset);
  const status = Number(m[3]);
  // RFC 9110 §15: status codes are 100 to 599; anything else cannot be read.
  if (status < 100 || status > 599) throw protocolError(`Invalid status code ${m[3]} in ${quoteBytes(statusLine)}: codes run from 100 to 599.`, offset);
  const reason = m[4] ?? '';
  const bad = CONTROL_CHAR.exec(reason);
  if (bad) throw protocolError(`Control character in the reason phrase: ${quoteBytes(statusLine)}`, offset);
  const headers = parseHeaderLines(lines, offset + statusLine.length + 2, 'header');
  return { httpVersion: `HTTP/${m[1]}.${m[2]}`, status, reason, headers };
}

/**
 * The usual head in one pass over its text, for the hot path of a keep-alive session: CRLF line
 * ends, `HTTP/1.x NNN reason`, and `Name: value` lines, the text ending with the blank line.
 * Returns undefined for anything else (a bare LF or CR, obs-fold, a control character, any error);
 * parseHead then reads or refuses it with its precise message. Where both read a head, they give
 * the same result (test/unit/wire/head-parser.test.ts holds them to it). The matching is left to
 * regular expressions, which run as native code from the first request on.
 */
export function parseHeadFast(text: string): ResponseHead | undefined {
  if (ODD_CONTROL.test(text)) return undefined;
  const status = FAST_STATUS_LINE.exec(text);
  if (status === null) return undefined;
  const headers: [string, string][] = [];
  let at = status[0].length;
  while (text.charCodeAt(at) !== CR) {
    FAST_HEADER_LINE.lastIndex = at;
    const line = FAST_HEADER_LINE.exec(text);
    if (line === null) return undefined;
    headers.push([line[1]!, line[2]!]);
    at = FAST_HEADER_LINE.lastIndex;
  }
  // The blank line must end the text.
  if (at + 2 !== text.length || text.charCodeAt(at + 1) !== LF) return undefined;
  const minor = status[1]!;
  return { httpVersion: minor === '1' ? 'HTTP/1.1' : `HTTP/1.${minor}`, status: Number(status[2]), reason: status[3] ?? '', headers };
}
