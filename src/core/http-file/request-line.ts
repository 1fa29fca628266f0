import { runEnd, TOKEN } from '../ascii';
import { DiagnosticCodes } from './diagnostic-codes';
import type { DiagnosticSink } from './diagnostics';


const STANDARD_METHOD_LIST = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'GRAPHQL'] as const;
const STANDARD_METHODS: ReadonlySet<string> = new Set(STANDARD_METHOD_LIST);

/** The request line as read; the parser completes it into the model's `RequestLine`. */
export interface ParsedRequestLine {
  line: number;
  /** Last line of the target, after query continuation lines (set by the parser). */
  endLine: number;
  /** The resolved URL (set by the parser once the file's variables are known). */
  url: string | null;
  method: string;
  isMethodExplicit: boolean;
  target: string;
  /** Column where the target starts, for diagnostics. */
  targetColumn: number;
  httpVersion: string;
  isHttpVersionExplicit: boolean;
}

interface Token {
  text: string;
  column: number;
}

/**
 * Splits on spaces and tabs, keeping `{{ ... }}` whole so that `{{ host }}/x` is one token.
 */
function splitTokens(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const start = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9) break;
      if (c === 123 && line.charCodeAt(i + 1) === 123) {
        const close = line.indexOf('}}', i + 2);
        i = close === -1 ? n : close + 2;
        continue;
      }
      i++;
    }
    tokens.push({ text: line.slice(start, i), column: start });
  }
  return tokens;
}

function checkVersion(version: string, line: number, column: number, sink: DiagnosticSink): void {
  if (version === 'HTTP/1.1' || version === 'HTTP/1.0') return;
  if (/^HTTP\/(?:2(?:\.0)?|3(?:\.0)?)$/i.test(version)) {
    sink.add('error', DiagnosticCodes.unsupportedHttpVersion, `${version} is not supported yet: HTTP Wire speaks HTTP/1.1 and HTTP/1.0.`, line, column, column + version.length);
  } else {
    sink.add('error', DiagnosticCodes.invalidHttpVersion, `"${version}" is not an HTTP version; write HTTP/1.1 or HTTP/1.0.`, line, column, column + version.length);
  }
}

/** `METHOD target [HTTP/x.y]` with single words: the shape of nearly every request line. */
export const SIMPLE = /^([!#$%&'*+.^_`|~0-9A-Z-]+)[ \t]+([^\s{]*(?:\{\{[^}\s]*\}\}[^\s{]*)*)(?:[ \t]+(HTTP\/1\.[01]))?[ \t]*$/;

/** The standard method written at [start, end) of `text`: a shared string, not a copy. */
function standardMethodAt(text: string, start: number, end: number): string | undefined {
  // An array, not the Set: iterating a Set makes an iterator object per request line.
  for (let k = 0; k < STANDARD_METHOD_LIST.length; k++) {
    const method = STANDARD_METHOD_LIST[k]!;
    if (method.length === end - start && text.charCodeAt(start) === method.charCodeAt(0) && text.startsWith(method, start)) return method;
  }
  return undefined;
}

/**
 * The runs scanSimpleAt reads (see runEnd): SIMPLE's method characters; and the target's: visible
 * ASCII but `{`, and whole `{{name}}` with no space or `}` inside (written unrolled, so the pattern
 * keeps no state per character).
 */
const METHOD_RUN = /[!#$%&'*+.^_`|~0-9A-Z-]*/y;
const TARGET_RUN = /[\x21-\x7a\x7c-\x7e]*(?:\{\{[\x21-\x7c\x7e]*\}\}[\x21-\x7a\x7c-\x7e]*)*/y;

/** SIMPLE's reading of a request line given as a string; see scanSimpleAt. */
export function scanSimple(text: string, line: number): ParsedRequestLine | undefined {
  return scanSimpleAt(text, 0, text.length, line);
}

/**
 * SIMPLE's reading of the all-ASCII line at [start, n) of `text` (line number `line`), where a line
 * break or the end of the text stands at `n`. Read in the file's text itself (a line sliced out of
 * it is read through its parent at every character) and without SIMPLE (its match arrays were a
 * tenth of a big file's allocations). Undefined for anything else, which then goes to SIMPLE. A
 * target it reads holds no control character and closes every `{{` it opens: the checks of the
 * target have nothing to find there (see RequestBuilder.readRequestLine).
 */
export function scanSimpleAt(text: string, start: number, n: number, line: number): ParsedRequestLine | undefined {
  const methodEnd = runEnd(METHOD_RUN, text, start);
  if (methodEnd === start || methodEnd > n) return undefined;
  let i = methodEnd;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === methodEnd) return undefined;
  const targetStart = i;
  i = runEnd(TARGET_RUN, text, i);
  // What stopped the run must end the target: a space, a tab, the line's end.
  if (i > n || (i < n && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9)) return undefined;
  const targetEnd = i;
  if (targetEnd === targetStart) return undefined;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let version: string | undefined;
  if (i < n) {
    if (i === targetEnd || i + 8 > n || !text.startsWith('HTTP/1.', i) || (text.charCodeAt(i + 7) !== 48 && text.charCodeAt(i + 7) !== 49)) return undefined;
    version = text.slice(i, i + 8);
    i += 8;
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i < n) return undefined;
  }
  // `GET POST`: a method where the target should be goes the general way. No method is longer
  // than 7 characters: most targets are not hashed for the lookup.
  if (targetEnd - targetStart <= 7 && STANDARD_METHODS.has(text.slice(targetStart, targetEnd))) return undefined;
  const target = text.slice(targetStart, targetEnd);
  const method = standardMethodAt(text, start, methodEnd) ?? text.slice(start, methodEnd);
  return { line, endLine: line, url: null, method, isMethodExplicit: true, target, targetColumn: targetStart - start, httpVersion: version ?? 'HTTP/1.1', isHttpVersionExplicit: version !== undefined };
}

/**
 * Reads `[METHOD SP] request-target [SP HTTP/x.y]`: the general path, for a line that scanSimple
 * does not read (the parser tries that first, see RequestBuilder.readRequestLine). The method
 * defaults to GET and the version to HTTP/1.1; malformed parts are reported to `sink` and kept as
 * written.
 */
export function parseAnyRequestLine(text: string, line: number, sink: DiagnosticSink): ParsedRequestLine {
  const simple = SIMPLE.exec(text);
  if (simple !== null && simple[2] !== '' && !STANDARD_METHODS.has(simple[2]!)) {
    const method = simple[1]!;
    const target = simple[2]!;
    const version = simple[3];
    return { line, endLine: line, url: null, method, isMethodExplicit: true, target, targetColumn: text.indexOf(target, method.length), httpVersion: version ?? 'HTTP/1.1', isHttpVersionExplicit: version !== undefined };
  }
  const tokens = splitTokens(text);
  let httpVersion = 'HTTP/1.1';
  let isHttpVersionExplicit = false;
  const last = tokens[tokens.length - 1];
  if (tokens.length >= 2 && last !== undefined && /^HTTP\//i.test(last.text)) {
    tokens.pop();
    httpVersion = last.text;
    isHttpVersionExplicit = true;
    checkVersion(httpVersion, line, last.column, sink);
  }

  let method = 'GET';
  let isMethodExplicit = false;
  const first = tokens[0];
  if (tokens.length >= 2 && first !== undefined) {
    tokens.shift();
    method = first.text;
    isMethodExplicit = true;
    const end = first.column + method.length;
    if (!TOKEN.test(method)) {
      sink.add('error', DiagnosticCodes.invalidMethod, `"${method}" is not a valid method: a method is a token without spaces, colons or quotes.`, line, first.column, end);
    } else if (method !== method.toUpperCase() && STANDARD_METHODS.has(method.toUpperCase())) {
      sink.add('warning', DiagnosticCodes.lowercaseMethod, `Methods are case-sensitive: "${method}" is sent as written, and most servers only know "${method.toUpperCase()}".`, line, first.column, end);
    }
  } else if (first !== undefined && STANDARD_METHODS.has(first.text)) {
    sink.add('error', DiagnosticCodes.invalidTarget, `The request line has a method but no URL.`, line, first.column, first.column + first.text.length);
    return { line, endLine: line, url: null, method: first.text, isMethodExplicit: true, target: '', targetColumn: first.column + first.text.length, httpVersion, isHttpVersionExplicit };
  }

  const head = tokens[0];
  const tail = tokens[tokens.length - 1];
  if (head === undefined || tail === undefined) {
    return { line, endLine: line, url: null, method, isMethodExplicit, target: '', targetColumn: text.length, httpVersion, isHttpVersionExplicit };
  }
  const target = text.slice(head.column, tail.column + tail.text.length);
  if (tokens.length > 1) {
    sink.add('error', DiagnosticCodes.invalidTarget, `The URL contains a space; encode it as %20.`, line, head.column, tail.column + tail.text.length);
  }
  return { line, endLine: line, url: null, method, isMethodExplicit, target, targetColumn: head.column, httpVersion, isHttpVersionExplicit };
}
