/** Bodies up to this length are given to JSON.parse first (see findJsonError). */
const PARSE_FIRST_MAX_CHARS = 64 * 1024;

/**
 * Checks that text is one JSON value (RFC 8259). Returns undefined when valid, else the offset of
 * the first wrong character and what was expected there. A small body goes to JSON.parse first:
 * machine code from the first call, where the scanner runs interpreted in a CLI run's cold parse,
 * and the objects it builds for a request's body are few and short-lived (warm, the 1,200 bodies
 * of a 5,000-request file cost about the same either way). A large one
 * is only scanned (JSON.parse on megabytes builds megabytes of objects to throw away), and so is
 * an invalid one, for the offset JSON.parse does not give on every Node version.
 */
export function findJsonError(text: string): JsonError | undefined {
  if (text.length <= PARSE_FIRST_MAX_CHARS) {
    try {
      JSON.parse(text);
      return undefined;
    } catch {
      // The scanner says where and why.
    }
  }
  return scanJsonError(text);
}

/** findJsonError by the scanner alone: one pass, nothing built. */
export function scanJsonError(text: string): JsonError | undefined {
  return new JsonScanner(text).scan();
}

export interface JsonError {
  readonly offset: number;
  readonly message: string;
}

/** Character codes the scanner compares with. */
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const ONE = 49;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const LOWER_U = 117;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** After a backslash in a string: `"`, `\`, `/`, b, f, n, r, t (and u, handled on its own). */
function isSimpleEscape(c: number): boolean {
  return c === QUOTE || c === BACKSLASH || c === SLASH || c === 98 || c === 102 || c === 110 || c === 114 || c === 116;
}

/**
 * One pass over the text with an explicit stack of open containers, so deeply nested input cannot
 * overflow the call stack; no closures or regular expressions, so a valid body allocates nothing
 * but the scanner.
 */
class JsonScanner {
  private i = 0;
  private readonly n: number;
  private readonly stack: number[] = [];

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  scan(): JsonError | undefined {
    const error = this.value();
    if (error) return error;
    this.skipSpace();
    return this.i < this.n ? this.fail('Unexpected text after the JSON value') : undefined;
  }

  private fail(message: string): JsonError {
    const { i, n } = this;
    return { offset: i, message: i >= n ? `${message}, but the text ends` : `${message} at ${JSON.stringify(this.text[i])}` };
  }

  private skipSpace(): void {
    const text = this.text;
    let i = this.i;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== TAB && c !== LF && c !== CR) break;
      i++;
    }
    this.i = i;
  }

  /** Reads a string from its opening quote; false when it is unterminated or invalid. */
  private string(): boolean {
    const text = this.text;
    const n = this.n;
    let i = this.i + 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.i = i + 1;
        return true;
      }
      if (c < 32) break;
      if (c === BACKSLASH) {
        const e = text.charCodeAt(i + 1);
        if (e === LOWER_U) {
          if (!(i + 5 < n && isHexDigit(text.charCodeAt(i + 2)) && isHexDigit(text.charCodeAt(i + 3)) && isHexDigit(text.charCodeAt(i + 4)) && isHexDigit(text.charCodeAt(i + 5)))) break;
          i += 6;
          continue;
        }
        if (!isSimpleEscape(e)) break;
        i += 2;
        continue;
      }
      i++;
    }
    this.i = i;
    return false;
  }

  /** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, each optional part taken only whole. */
  private number(): boolean {
    const text = this.text;
    let j = this.i;
    if (text.charCodeAt(j) === MINUS) j++;
    const first = text.charCodeAt(j);
    if (first === ZERO) j++;
    else if (first >= ONE && first <= NINE) while (isDigit(text.charCodeAt(++j)));
    else return false;
    if (text.charCodeAt(j) === DOT && isDigit(text.charCodeAt(j + 1))) while (isDigit(text.charCodeAt(++j)));
    const e = text.charCodeAt(j);
    if (e === LOWER_E || e === UPPER_E) {
      let k = j + 1;
      const sign = text.charCodeAt(k);
      if (sign === PLUS || sign === MINUS) k++;
      if (isDigit(text.charCodeAt(k))) {
        while (isDigit(text.charCodeAt(++k)));
        j = k;
      }
    }
    this.i = j;
    return true;
  }

  /** A property name and its colon, at the current position. */
  private propertyName(): JsonError | undefined {
    if (this.text.charCodeAt(this.i) !== QUOTE || !this.string()) return this.fail('Expected a property name in double quotes');
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== COLON) return this.fail('Expected ":"');
    this.i++;
    return undefined;
  }

  private value(): JsonError | undefined {
    const text = this.text;
    const stack = this.stack;
    for (;;) {
      this.skipSpace();
      const c = text.charCodeAt(this.i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.i++;
        this.skipSpace();
        if (text.charCodeAt(this.i) === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          this.i++;
        } else {
          stack.push(c);
          if (c === OPEN_BRACE) {
            const error = this.propertyName();
            if (error) return error;
          }
          continue; // Read the first member's value.
        }
      } else if (c === QUOTE) {
        if (!this.string()) return this.fail('Unterminated or invalid string');
      } else if (text.startsWith('true', this.i) || text.startsWith('null', this.i)) {
        this.i += 4;
      } else if (text.startsWith('false', this.i)) {
        this.i += 5;
      } else if (!this.number()) {
        return this.fail('Expected a value');
      }
      // After a value: close containers, or go on to the next member.
      for (;;) {
        this.skipSpace();
        const open = stack[stack.length - 1];
        if (open === undefined) return undefined;
        const ch = text.charCodeAt(this.i);
        if (ch === COMMA) {
          this.i++;
          if (open === OPEN_BRACE) {
            this.skipSpace();
            const error = this.propertyName();
            if (error) return error;
          }
          break;
        }
        if (ch === (open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          this.i++;
          stack.pop();
          continue;
        }
        return this.fail(open === OPEN_BRACE ? 'Expected "," or "}"' : 'Expected "," or "]"');
      }
    }
  }
}
