import { tokenEnd } from '../ascii';
import { DiagnosticCodes } from './diagnostic-codes';
import type { DiagnosticSink } from './diagnostics';
import type { LineNumbers } from './request-source';
import { skipSpacesIn, type SplitLines } from './lines';
import type { Header } from './model';

/**
 * Header lines, read where they stand in the file's text. The parser scans every header line once
 * for its diagnostics, without making strings; a request's `Header` objects are made from the same
 * scan when they are first asked for (`readHeaders`), so both readings agree by construction.
 */

/** Where the parts of one header line are: offsets into the file's text. */
export interface HeaderSpan {
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  /** The name is a token: told by the same pass that finds the colon, so most names are not scanned twice. */
  isTokenName: boolean;
}

/** `end` moved back over spaces and tabs, not past `floor`. */
function trimEndAt(text: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i;
}

/**
 * Scans line `i` (its first character that is not a space or tab at `first`) as `Name: value`
 * into `span`. Returns false when the line is not a header (no colon, or nothing before it);
 * with a `sink`, reports that, and warns of a space before the colon (RFC 9112 §5.1 allows none).
 */
export function scanHeaderLine(split: SplitLines, i: number, first: number, span: HeaderSpan, sink?: DiagnosticSink): boolean {
  const text = split.text;
  const lineStart = split.starts[i]!;
  const end = split.ends[i]!;
  // Most lines are `Token: value`: the run of token characters ends at the colon.
  let colon = tokenEnd(text, first);
  let firstNonToken = -1;
  if (colon < end && text.charCodeAt(colon) !== 58 /* : */) {
    // A space before the colon, or a name that is no token: the colon is further on, if anywhere.
    firstNonToken = colon;
    while (colon < end && text.charCodeAt(colon) !== 58) colon++;
  }
  if (colon === end || colon === first) {
    const message = colon === end ? 'Expected a header "Name: value" (or a blank line before the body).' : 'The header has no name before the colon.';
    sink?.add('error', DiagnosticCodes.invalidHeader, message, i, first - lineStart, end - lineStart);
    return false;
  }
  span.nameStart = first;
  span.nameEnd = trimEndAt(text, colon, first);
  // Spaces before the colon are not the name's (warned about below).
  span.isTokenName = firstNonToken === -1 || firstNonToken >= span.nameEnd;
  if (span.nameEnd !== colon && sink !== undefined) {
    // Servers must refuse the space (RFC 9112 §5.1); REST Client and httpYac send the name without it, and so do we.
    sink.add('warning', DiagnosticCodes.invalidHeader, `No space is allowed between the header name "${text.slice(first, span.nameEnd)}" and the colon; it is sent without the space.`, i, span.nameEnd - lineStart, colon - lineStart);
  }
  span.valueStart = skipSpacesIn(text, colon + 1, end);
  span.valueEnd = trimEndAt(text, end, span.valueStart);
  return true;
}

/**
 * Offset of the colon when the line part [first, end) of `text` reads `Name: value`: a token right
 * before the first colon, which is not the `://` of a URL. Such a line is a header however it is
 * indented (never a query or header continuation), and a body that starts with one most likely
 * lost its headers to a blank line. Else -1.
 */
export function headerColonAt(text: string, first: number, end: number): number {
  // The name is a token: its run ends at the colon, if the line has one right after it.
  const colon = tokenEnd(text, first);
  if (colon === first || colon >= end || text.charCodeAt(colon) !== 58 /* : */) return -1;
  return colon + 2 < end && text.charCodeAt(colon + 1) === 47 /* / */ && text.charCodeAt(colon + 2) === 47 ? -1 : colon;
}

/**
 * The `Header` objects of a request's header lines, in file order: `entries` holds a line number
 * for a header line, and its bitwise NOT (negative) for an obs-fold line, which joins the value of
 * the header before it with one space (RFC 9112 §5.2, as JetBrains writes long values).
 */
export function readHeaders(split: SplitLines, entries: LineNumbers): Header[] {
  const { text, starts, ends } = split;
  const headers: Header[] = [];
  const span: HeaderSpan = { nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0, isTokenName: false };
  for (let k = 0; k < entries.length; k++) {
    const i = entries.at(k);
    if (i < 0) {
      const last = headers.pop()!;
      headers.push({ ...last, value: `${last.value} ${text.slice(starts[~i], ends[~i]).trim()}` });
      continue;
    }
    const lineStart = starts[i]!;
    if (!scanHeaderLine(split, i, skipSpacesIn(text, lineStart, ends[i]!), span)) continue;
    headers.push({
      name: text.slice(span.nameStart, span.nameEnd),
      value: text.slice(span.valueStart, span.valueEnd),
      line: i,
      nameColumn: span.nameStart - lineStart,
      valueColumn: span.valueStart - lineStart,
    });
  }
  return headers;
}
