// DOM-free (unit-tested in plain Node; run in the pretty-print worker): JSON re-indented as it
// arrives, piece by piece, without parsing it into values. A 50 MB body is never held as objects,
// its first screen is ready as soon as its first piece is, and numbers and string escapes stay
// exactly as sent (JSON.parse would round 12345678901234567890 and undo "\u00e9").
// The grammar is RFC 8259 (§2 structure, §6 numbers, §7 strings); anything else is "not JSON".

/** What the formatter expects next. */
const enum Expect {
  /** A value: at the top, after ':' or after ',' in an array. */
  Value,
  /** After '[': a value or ']'. */
  ValueOrClose,
  /** After '{': a key or '}'. */
  KeyOrClose,
  /** After ',' in an object. */
  Key,
  Colon,
  /** After a value: ',' or the container's close, or only whitespace at the top. */
  CommaOrClose,
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** RFC 8259 §6 numbers and the three literals (§3), checked once a bare token is whole. */
const BARE_TOKEN = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;
/** Characters a bare token may hold (0-9 a-z A-Z . + -), by char code; anything else ends it. */
const BARE_CHAR = new Uint8Array(128);
for (const ch of '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-') BARE_CHAR[ch.charCodeAt(0)] = 1;
/** The escapes of RFC 8259 §7 besides \u: " \ / b f n r t. */
const ESCAPE_CHAR = new Uint8Array(128);
for (const ch of '"\\/bfnrt') ESCAPE_CHAR[ch.charCodeAt(0)] = 1;

function isBareChar(c: number): boolean {
  return c < 128 && BARE_CHAR[c] === 1;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const UTF16 = new TextDecoder('utf-16le');

/**
 * Re-indents JSON by two spaces, as `JSON.stringify(value, null, 2)` lays it out (`"key": value`,
 * `[]` and `{}` for empty containers), keeping every token as written. Feed it pieces with
 * `write()`, then call `end()`; once the input is seen not to be JSON, `isValid` turns false and
 * both return undefined from then on (the caller shows the text as it came).
 *
 * One pass over char codes into a UTF-16 buffer, decoded once per piece: building the output by
 * string concatenation spent three quarters of its time in the garbage collector (30 MB: 2 s).
 */
export class JsonStreamFormatter {
  isValid = true;
  private expect = Expect.Value;
  /** Open containers, innermost last: OPEN_OBJECT or OPEN_ARRAY. */
  private readonly stack: number[] = [];
  private isTopDone = false;
  /** Just wrote '{' or '[': the next close makes it empty, anything else goes on a new line. */
  private isJustOpened = false;
  private isInString = false;
  private isKeyString = false;
  /** In a string after a backslash: -1 when not, 0 right after it, 1-4 the \u digits to come. */
  private escape = -1;
  /** A number or literal still being read (it may go on in the next piece). */
  private bare = '';
  private buf = new Uint16Array(1 << 16);
  private len = 0;

  /** The pretty text of `piece`, or undefined once the input is not JSON. */
  write(piece: string): string | undefined {
    if (!this.isValid) return undefined;
    this.len = 0;
    this.reserve(piece.length + 64);
    const n = piece.length;
    let bareStart = this.bare === '' ? -1 : 0;
    for (let i = 0; i < n; i++) {
      const c = piece.charCodeAt(i);
      if (this.isInString) {
        if (!this.stringChar(c)) return this.fail();
        continue;
      }
      if (bareStart >= 0) {
        if (isBareChar(c)) continue;
        this.bare += piece.slice(bareStart, i);
        bareStart = -1;
        if (!this.endBare()) return this.fail();
      } else if (isBareChar(c) && this.isValueExpected()) {
        this.beginValue();
        bareStart = i;
        continue;
      }
      if (c === SPACE || c === NEWLINE || c === 0x0d || c === 0x09) continue;
      if (!this.punctuation(c)) return this.fail();
    }
    if (bareStart >= 0) this.bare += piece.slice(bareStart);
    return this.take();
  }

  /** What was held back (a bare token at the very end), or undefined when the whole is not JSON. */
  end(): string | undefined {
    if (!this.isValid) return undefined;
    this.len = 0;
    if (this.bare !== '' && !this.endBare()) return this.fail();
    if (this.isInString || this.stack.length > 0 || !this.isTopDone) return this.fail();
    return this.take();
  }

  private take(): string {
    const text = UTF16.decode(this.buf.subarray(0, this.len));
    this.len = 0;
    return text;
  }

  private fail(): undefined {
    this.isValid = false;
    this.len = 0;
    this.buf = new Uint16Array(0);
    return undefined;
  }

  private reserve(more: number): void {
    if (this.len + more <= this.buf.length) return;
    const grown = new Uint16Array(Math.max(this.buf.length * 2, this.len + more));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  private emit(c: number): void {
    if (this.len === this.buf.length) this.reserve(1);
    this.buf[this.len++] = c;
  }

  private emitText(text: string): void {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.buf[this.len++] = text.charCodeAt(i);
  }

  private newline(): void {
    const depth = this.stack.length;
    this.reserve(1 + 2 * depth);
    this.buf[this.len++] = NEWLINE;
    this.buf.fill(SPACE, this.len, this.len + 2 * depth);
    this.len += 2 * depth;
  }

  private isValueExpected(): boolean {
    return this.expect === Expect.Value || this.expect === Expect.ValueOrClose;
  }

  /** A value or key starts: on a new line when its container was just opened. */
  private beginValue(): void {
    if (this.isJustOpened) {
      this.newline();
      this.isJustOpened = false;
    }
  }

  private valueDone(): void {
    if (this.stack.length === 0) this.isTopDone = true;
    this.expect = Expect.CommaOrClose;
  }

  private endBare(): boolean {
    if (!BARE_TOKEN.test(this.bare)) return false;
    this.emitText(this.bare);
    this.bare = '';
    this.valueDone();
    return true;
  }

  private punctuation(c: number): boolean {
    if (this.isTopDone) return false;
    switch (c) {
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (!this.isValueExpected()) return false;
        this.beginValue();
        this.emit(c);
        this.stack.push(c);
        this.isJustOpened = true;
        this.expect = c === OPEN_OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
        return true;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY: {
        const open = c === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY;
        const isEmptyClose = this.isJustOpened && (this.expect === Expect.KeyOrClose || this.expect === Expect.ValueOrClose);
        if (this.stack.at(-1) !== open || !(isEmptyClose || this.expect === Expect.CommaOrClose)) return false;
        this.stack.pop();
        if (!isEmptyClose) this.newline();
        this.isJustOpened = false;
        this.emit(c);
        this.valueDone();
        return true;
      }
      case 0x2c: // ','
        if (this.expect !== Expect.CommaOrClose || this.stack.length === 0) return false;
        this.emit(c);
        this.newline();
        this.expect = this.stack.at(-1) === OPEN_OBJECT ? Expect.Key : Expect.Value;
        return true;
      case 0x3a: // ':'
        if (this.expect !== Expect.Colon) return false;
        this.emit(c);
        this.emit(SPACE);
        this.expect = Expect.Value;
        return true;
      case QUOTE: {
        const isKey = this.expect === Expect.Key || this.expect === Expect.KeyOrClose;
        if (!isKey && !this.isValueExpected()) return false;
        this.beginValue();
        this.emit(c);
        this.isInString = true;
        this.isKeyString = isKey;
        return true;
      }
      default:
        return false;
    }
  }

  /**
   * One character of a string, copied; false when the string breaks RFC 8259 §7 (a raw control
   * character, an unknown escape, a \u without four hex digits).
   */
  private stringChar(c: number): boolean {
    if (this.escape === 0) {
      if (c === 0x75) this.escape = 4; // 'u'
      else if (c < 128 && ESCAPE_CHAR[c] === 1) this.escape = -1;
      else return false;
    } else if (this.escape > 0) {
      if (!isHexDigit(c)) return false;
      this.escape--;
      if (this.escape === 0) this.escape = -1;
    } else if (c === BACKSLASH) {
      this.escape = 0;
    } else if (c === QUOTE) {
      this.isInString = false;
      this.emit(c);
      if (this.isKeyString) this.expect = Expect.Colon;
      else this.valueDone();
      return true;
    } else if (c < 0x20) {
      return false;
    }
    this.emit(c);
    return true;
  }
}
