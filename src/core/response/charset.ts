import { TextDecoder } from 'node:util';

/** Media types shown as text, besides `text/*`. */
const TEXT_TYPES = /^(?:application\/(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|toml|sql|x-ndjson|ld\+json|problem\+json)|image\/svg\+xml)$|[+/](?:json|xml)$/;

export function mimeTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** Is a body of this Content-Type text to show as text? (Undeclared bodies are sniffed instead.) */
export function isTextType(contentType: string | undefined): boolean {
  const mime = mimeTypeOf(contentType);
  return mime.startsWith('text/') || TEXT_TYPES.test(mime);
}

function charsetParam(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * Decodes a text body: a BOM wins (WHATWG "decode"), then the Content-Type charset, then UTF-8.
 * Labels are WHATWG encoding labels, so `iso-8859-1` and `latin1` decode as windows-1252 as
 * browsers do. An unknown label falls back to UTF-8 and says so.
 */
export function decodeText(bytes: Buffer, contentType: string | undefined): { text: string; charset: string; note?: string } {
  const decoder = new TextStreamDecoder(contentType);
  const text = decoder.write(bytes) + decoder.end();
  return { text, charset: decoder.charset, ...(decoder.note !== undefined ? { note: decoder.note } : {}) };
}

/**
 * decodeText for a body that arrives in pieces: the same rules, and a character split between
 * two pieces comes out whole. The charset is chosen once the first three bytes are in (a BOM).
 */
export class TextStreamDecoder {
  charset = 'utf-8';
  note: string | undefined;
  private decoder: TextDecoder | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly contentType: string | undefined) {}

  /** The text of `bytes` and any bytes held back before them; '' while a BOM may still come. */
  write(bytes: Buffer): string {
    if (this.decoder !== undefined) return this.decode(bytes, true);
    // Copied: the caller's buffer may be reused before the BOM is decided.
    this.head.push(Buffer.from(bytes));
    this.headBytes += bytes.length;
    return this.headBytes < 3 ? '' : this.start(true);
  }

  /** What was held back: the start of a short body, or an incomplete last character. */
  end(): string {
    return this.decoder === undefined ? this.start(false) : this.decode(Buffer.alloc(0), false);
  }

  private start(isStreaming: boolean): string {
    const bytes = Buffer.concat(this.head);
    this.head = [];
    let start = 0;
    let charset: string;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      charset = 'utf-8';
      start = 3;
    } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      charset = 'utf-16le';
      start = 2;
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      charset = 'utf-16be';
      start = 2;
    } else {
      charset = charsetParam(this.contentType) ?? 'utf-8';
    }
    try {
      this.decoder = new TextDecoder(charset);
    } catch {
      this.decoder = new TextDecoder('utf-8');
      this.note = `Unknown charset "${charset}"; shown as UTF-8.`;
    }
    this.charset = this.decoder.encoding;
    return this.decode(bytes.subarray(start), isStreaming);
  }

  private decode(bytes: Buffer, isStreaming: boolean): string {
    const text = this.decoder!.decode(bytes, { stream: isStreaming });
    return this.charset === 'windows-1252' ? fixWindows1252(text) : text;
  }
}

/**
 * WHATWG maps the labels latin1, iso-8859-1 and us-ascii to windows-1252, where 0x80-0x9F are
 * printable (€, “, ”...). Node 20's TextDecoder decodes them as C1 controls instead, so put the
 * windows-1252 characters back. The five bytes windows-1252 leaves undefined stay as they are.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

/** How many first bytes of a body with no declared type tell whether it is text. */
export const SNIFF_BYTES = 4096;

/** Is a body text: by its Content-Type, or when it has none by its first SNIFF_BYTES bytes? */
export function isTextBody(contentType: string | undefined, firstBytes: Buffer): boolean {
  return contentType !== undefined ? isTextType(contentType) : looksLikeText(firstBytes.subarray(0, SNIFF_BYTES));
}

/** A body with no declared type is text when its first bytes hold no NUL and decode as UTF-8. */
export function looksLikeText(sample: Buffer): boolean {
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, Math.max(0, sample.length - 3)));
    return true;
  } catch {
    return false;
  }
}
