/** RFC 9110 §5.6.2 `token`: what methods and header names are made of. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The control characters RFC 9110 §5.5 forbids in a field value (all but HTAB), also refused in a
 * request-target and a reason phrase.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

/** `TOKEN` as a table, for text scanned in place (a test checks that both agree on every char). */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "!#$%&'*+.^_`|~-") TOKEN_CHARS[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TOKEN_CHARS[c] = 1;
for (let c = 65; c <= 90; c++) TOKEN_CHARS[c] = TOKEN_CHARS[c + 32] = 1;

/**
 * The end of the run of the sticky `pattern` from `from` in `text` (the pattern must also match
 * nothing). Text is read in runs this way where a loop over its characters would run in code V8
 * has not optimized yet, as a CLI run's is: a pattern runs as machine code from its first calls.
 */
export function runEnd(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  pattern.test(text);
  return pattern.lastIndex;
}

const TOKEN_RUN = /[!#$%&'*+.^_`|~0-9A-Za-z-]*/y;

/** Offset of the first character at or after `from` in `text` that is not a token's (see runEnd). */
export function tokenEnd(text: string, from: number): number {
  return runEnd(TOKEN_RUN, text, from);
}

/** `TOKEN.test(text.slice(start, end))` without the slice. */
export function isTokenAt(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) if (TOKEN_CHARS[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/** Offset of the first `CONTROL_CHAR` in [start, end) of `text`, or -1; no slice, no match array. */
export function indexOfControlChar(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return i;
  }
  return -1;
}

/**
 * ASCII case-insensitive equality of header names, without allocating lower-case copies: it runs
 * for every header of every request and response.
 */
export function isSameName(a: string, b: string): boolean {
  return a.length === b.length && isSameNameAt(a, 0, a.length, b);
}

/** `isSameName` for the `length` characters of `text` from `start`, without slicing them out. */
export function isSameNameAt(text: string, start: number, length: number, name: string): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) {
    const x = text.charCodeAt(start + i);
    const y = name.charCodeAt(i);
    if (x === y) continue;
    const lx = x | 0x20;
    if (lx !== (y | 0x20) || lx < 97 || lx > 122) return false;
  }
  return true;
}
