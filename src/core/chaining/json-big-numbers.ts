/**
 * JSON integers that a JavaScript number cannot give back as written (ids past 2^53, as many APIs
 * send them: `{"id": 12345678901234567890}`) are kept as written when a response is parsed for a
 * reference, so `{{login.response.body.$.id}}` puts the server's digits in the next request,
 * not `12345678901234567000`. Before JSON.parse, such a number becomes a string carrying a marker;
 * `restoreNumbers` turns it back into the digits, unquoted, when a value is written out.
 */

/**
 * Starts a marked number's string: U+0000 and a name, which no answer holds by chance (a JSON
 * string can carry U+0000 only written as an escape, and then rarely followed by this text).
 */
const MARK = '\u0000http-wire-number:';
/** The same as JSON text writes it (JSON.stringify escapes U+0000), in the text given to JSON.parse and read back. */
const MARK_IN_JSON = '\\u0000http-wire-number:';
const MARKED = /"\\u0000http-wire-number:(-?[0-9]+)"/g;

/** `text` with each number literal that JSON.parse would round replaced by a marked string; the same text when there is none. */
export function protectLossyNumbers(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 /* - */ && (c < 48 || c > 57)) continue;
    let end = i + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    const literal = text.slice(i, end);
    // Only what loses digits: 15 significant digits always survive.
    if (end - i > 15 && isLossy(literal)) {
      out += `${text.slice(from, i)}"${MARK_IN_JSON}${literal}"`;
      from = end;
    }
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

/**
 * An integer whose text JavaScript would not write back as it is: past 2^53 either the value is
 * rounded, or (22698723046382608, exact as a double) it is written shorter (22698723046382610).
 */
function isLossy(literal: string): boolean {
  return /^-?(?:0|[1-9][0-9]*)$/.test(literal) && String(Number(literal)) !== literal;
}

/** A marked number's digits, or undefined for any other value. */
export function markedNumber(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(MARK) ? value.slice(MARK.length) : undefined;
}

/** JSON text with every marked number written back as the number it was. */
export function restoreNumbers(json: string): string {
  return json.includes(MARK_IN_JSON) ? json.replace(MARKED, '$1') : json;
}
