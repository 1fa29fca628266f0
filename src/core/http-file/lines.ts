import { runEnd } from '../ascii';

/** How a line ended. */
export const Eol = { none: 0, lf: 1, crlf: 2, cr: 3 } as const;
export type EolCode = (typeof Eol)[keyof typeof Eol];

const EOL_TEXT = ['', '\n', '\r\n', '\r'] as const;

export function eolText(code: number): string {
  return EOL_TEXT[code] ?? '';
}

/**
 * The lines of a document as offsets into its text: no string per line. A 50,000-line file would
 * otherwise hold 50,000 strings for the whole parse, and on a machine slow at allocation that
 * array alone costs more than classifying every line; the parser slices a line only when it keeps
 * something of it (a header, a request line) or needs a regular expression on it.
 */
export interface SplitLines {
  /** The text without its BOM: offsets point into it. */
  readonly text: string;
  readonly count: number;
  /** Offset of each line's first character. */
  readonly starts: Uint32Array;
  /** Offset just past each line's last character (its line end excluded). */
  readonly ends: Uint32Array;
  /** `eols[i]` is the EolCode that ended line `i` (none for the last line). */
  readonly eols: Uint8Array;
}

const LONE_CR = /\r(?!\n)/;
const LINE_FEEDS = /\n*/y;

/**
 * Splits text into lines the way the editor counts them: LF, CRLF and a lone CR each end one line.
 * A UTF-8 BOM at the very start is dropped (it is not part of line 0's text). Files with lone CRs
 * (old Mac) are rare, so the general path runs only when needed.
 */
export function splitLines(text: string): SplitLines {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A file without any CR (most) needs no search for lone ones, nor for CRLF.
  const hasCr = text.indexOf('\r') !== -1;
  return hasCr && LONE_CR.test(text) ? splitAnyEol(text) : splitLf(text, hasCr);
}

/**
 * One pass finds where the lines start (the array starts at a guess from the text's length and
 * doubles); each line then ends one character before the next starts, two after a CRLF.
 */
function splitLf(text: string, hasCr: boolean): SplitLines {
  // A region parsed again alone stands below as many line breaks as lines above it (see
  // parseRegion): each is a line of its own, found without a search.
  const padding = runEnd(LINE_FEEDS, text, 0);
  let capacity = (text.length >>> 4) + padding + 16;
  let starts = new Uint32Array(capacity);
  let count = 0;
  for (; count < padding; count++) starts[count] = count;
  let start = padding;
  for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
    if (count === capacity) starts = grown(starts, new Uint32Array((capacity *= 2)));
    starts[count++] = start;
    start = nl + 1;
  }
  if (count === capacity) starts = grown(starts, new Uint32Array(count + 1));
  starts[count++] = start;
  const ends = new Uint32Array(count);
  const eols = new Uint8Array(count).fill(Eol.lf);
  const last = count - 1;
  if (hasCr) {
    for (let k = 0; k < last; k++) {
      const nl = starts[k + 1]! - 1;
      const isCrlf = nl > starts[k]! && text.charCodeAt(nl - 1) === 13;
      ends[k] = isCrlf ? nl - 1 : nl;
      if (isCrlf) eols[k] = Eol.crlf;
    }
  } else {
    for (let k = 0; k < last; k++) ends[k] = starts[k + 1]! - 1;
  }
  ends[last] = text.length;
  eols[last] = Eol.none;
  // An exact copy of the filled part: the arrays live as long as the parsed file, and a file
  // re-parsed region by region may hold several.
  return { text, count, starts: starts.slice(0, count), ends, eols };
}

function grown<T extends Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function splitAnyEol(text: string): SplitLines {
  const starts: number[] = [0];
  const ends: number[] = [];
  const codes: number[] = [];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    ends.push(m.index);
    codes.push(m[0] === '\r\n' ? Eol.crlf : m[0] === '\r' ? Eol.cr : Eol.lf);
    starts.push(m.index + m[0].length);
  }
  ends.push(text.length);
  codes.push(Eol.none);
  return { text, count: starts.length, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), eols: Uint8Array.from(codes) };
}

/** Line `i`'s text, without its line end. */
export function lineText(split: SplitLines, i: number): string {
  return split.text.slice(split.starts[i], split.ends[i]);
}

/*
 * Scanning within one line of a larger text: `from` and `end` are offsets into `text`, `end` just
 * past the line. Single-character tests may look at `text[end]` (a line end or the end of the
 * text), which never equals the characters they look for.
 */

/** Offset of the first character in [from, end) that is not a space or tab, or `end`. */
export function skipSpacesIn(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/** `###` at `first` (the line's first non-space offset). */
export function isSeparatorAt(text: string, first: number, end: number): boolean {
  return first + 3 <= end && text.charCodeAt(first) === 35 && text.charCodeAt(first + 1) === 35 && text.charCodeAt(first + 2) === 35;
}

/** `#` (but not `###`) or `//` at `first`. */
export function isCommentAt(text: string, first: number, end: number): boolean {
  if (first >= end) return false;
  const c = text.charCodeAt(first);
  if (c === 35 /* # */) return !isSeparatorAt(text, first, end);
  return c === 47 /* / */ && text.charCodeAt(first + 1) === 47;
}

/** Up to an `@` or a line break; read as a run (see runEnd), not by a loop. */
const UP_TO_AT_SIGN = /[^@\n\r]*/y;

/** Whether the line part [first, end) of `text` holds an `@` (a line break or the text's end follows `end`). */
export function hasAtSign(text: string, first: number, end: number): boolean {
  const at = runEnd(UP_TO_AT_SIGN, text, first);
  return at < end && text.charCodeAt(at) === 64;
}

/** True when the line [start, end) holds `code` (a bounded search: no scan past the line). */
export function lineHas(text: string, start: number, end: number, code: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

/** How many `\n` stand in `text` from `from` up to (not including) `to`: the line a position of a multi-line text is on. */
export function newlinesBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < to; nl = text.indexOf('\n', nl + 1)) n++;
  return n;
}
