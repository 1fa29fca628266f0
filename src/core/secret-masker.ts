import { isSameName } from './ascii';
import { basicToken, percentDecoded, userInfoOf } from './basic-credentials';
import { requestTarget } from './request-target';
/** What a secret shows as in output. */
export const SECRET_MASK = '***';

/** The header whose whole value is a proxy's credentials: the name stays visible, the value never. */
const PROXY_AUTHORIZATION = 'proxy-authorization';
/** The same headers as lines of a raw request (`sent` bytes read as latin1). */
const CREDENTIAL_HEADER_LINE = /^(proxy-authorization[ \t]*:)[^\r\n]*/gim;
/**
 * Known secrets shorter than this are not searched for as substrings: a one-letter password would
 * mask every such letter of the output. They are still masked where their place says what they are
 * (the password of a URL, a credential header).
 */
export const MIN_SEARCHED_SECRET_LENGTH = 4;
/** A Basic token (RFC 7617) in a header value or a raw request line. */
const BASIC_HINT = /basic[ \t]/i;
const BASIC_TOKEN = /(\bbasic[ \t]+)([A-Za-z0-9+/]{4,}={0,2})/gi;

/** Characters that end a URL's authority in running text (RFC 3986 §3.2, plus quotes and spaces). */
function endsAuthority(c: number): boolean {
  // / ? # " ' < > ` \ and whitespace
  return c === 47 || c === 63 || c === 35 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96 || c === 92 || c <= 32;
}

/**
 * Masks the password of every `scheme://user:password@host` in `text`, wherever it stands (a URL,
 * a proxy setting quoted in an error message). Stateless: for text that reaches output before any
 * secret could be registered.
 */
export function maskUrlPasswords(text: string): string {
  // No `@`, no password: most texts (every URL of a --json result) skip the walk below.
  if (!text.includes('@')) return text;
  let out = '';
  let from = 0;
  // One scan of each authority after a `://`, not a regular expression: linear on any input.
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at)) {
    const start = at + 3;
    let colon = -1;
    // The userinfo ends at the authority's last @ (a password may hold a literal @ or :).
    let atSign = -1;
    let end = start;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (endsAuthority(c)) break;
      if (c === 58 /* : */ && colon === -1) colon = end;
      else if (c === 64 /* @ */) atSign = end;
    }
    // The next `://` may begin at the authority's last character (its `:`), not before.
    at = end - 1;
    if (atSign === -1 || colon === -1 || colon > atSign || colon + 1 === atSign) continue;
    out += `${text.slice(from, colon + 1)}${SECRET_MASK}`;
    from = atSign;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Keeps secrets out of what HTTP Wire shows: proxy credentials, the password of a URL's
 * `user:password@`, and a proxy setting that contains one. Everything the CLI prints (stdout,
 * stderr, `--json`, `--include`, error messages), and the editor's panel and logs, goes through one
 * masker; `SecretMasker.revealing()` (`--show-secrets`) shows all for debugging.
 *
 * Secrets are masked where their place says what they are (URL passwords, credential headers) and,
 * once registered, wherever else they appear: a Basic token, a decoded password in a message.
 */
export class SecretMasker {
  private readonly secrets = new Set<string>();
  private searchOrder: string[] | undefined;
  private masked = 0;

  private constructor(private readonly isRevealing: boolean) {}

  /** A masker that masks. */
  static create(): SecretMasker {
    return new SecretMasker(false);
  }

  /** A masker that shows every secret (`--show-secrets`). */
  static revealing(): SecretMasker {
    return new SecretMasker(true);
  }

  /**
   * Registers a secret value to mask wherever it appears: as written, percent-encoded as
   * `{{%name}}` and URLs write it (`abc/def+` is `abc%2Fdef%2B` in a query), and, when it is not
   * ASCII, as its UTF-8 bytes read one per character (maskBytes' view of raw bytes).
   */
  addSecret(value: string): void {
    if (value.length < MIN_SEARCHED_SECRET_LENGTH || this.secrets.has(value)) return;
    for (const form of [value, ...encodedForms(value)]) this.secrets.add(form);
    this.searchOrder = undefined;
  }

  /**
   * Registers the credentials of a URL or of a proxy setting (`user:pass@host:port`, with or
   * without a scheme): the password as written and decoded, and the Basic token they make.
   * Ignores what does not parse.
   */
  addUrlCredentials(url: string | URL): void {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url.includes('://') ? url : `http://${url}`) : url;
    } catch {
      return;
    }
    // Asked for every request a run sends: most URLs have no `@`, and a password needs one.
    if (!parsed.href.includes('@') || parsed.password === '') return;
    this.addSecret(parsed.password);
    this.addSecret(percentDecoded(parsed.password));
    this.addSecret(basicToken(userInfoOf(parsed)));
  }

  /**
   * How many texts, header values and byte captures this masker has given back changed. Read
   * before and after building a view: a difference says the view hides something (the response
   * panel then offers to reveal it).
   */
  get maskCount(): number {
    return this.masked;
  }

  maskText(text: string): string {
    if (this.isRevealing || this.isPlain(text)) return text;
    let out = maskUrlPasswords(text);
    // Without secrets (a run with no private values), a URL's password is all there is to hide.
    if (this.secrets.size > 0) {
      const order = this.order();
      for (let k = 0; k < order.length; k++) if (out.includes(order[k]!)) out = out.split(order[k]!).join(SECRET_MASK);
      // `Basic user:{{password}}` goes out base64-encoded (see encodeBasicCredentials): the token
      // hides the secret from the search above, so it is decoded to look inside.
      if (BASIC_HINT.test(out)) out = out.replace(BASIC_TOKEN, (whole: string, prefix: string, token: string) => (this.holdsSecret(Buffer.from(token, 'base64').toString('utf8')) ? `${prefix}${SECRET_MASK}` : whole));
    }
    if (out !== text) this.masked++;
    return out;
  }

  /**
   * Nothing in `text` can need masking: no secret is known and it holds no `@` (a URL's password
   * needs one). A --json result asks this of each of its dozen header values and URLs: maskText
   * asks it first, and maskHeaders asks its two parts once per list and per value, without a call.
   */
  private isPlain(text: string): boolean {
    return this.secrets.size === 0 && !text.includes('@');
  }

  private holdsSecret(text: string): boolean {
    return this.order().some((secret) => text.includes(secret));
  }

  /**
   * Headers in order and case: a credential header's value (Proxy-Authorization) replaced, and
   * any value that holds a known secret or a URL's password masked (a `Location` back to
   * `user:password@`, a header that echoes a key). The same array when nothing is masked, as for
   * nearly every request and response: a --json result asks this of both, per request.
   */
  maskHeaders<H extends readonly [string, string]>(headers: readonly H[]): ReadonlyArray<H | [string, string]> {
    if (this.isRevealing) return headers;
    let out: Array<H | [string, string]> | undefined;
    // isPlain, asked once for the whole list where it can be: most values have no `@`.
    const hasSecrets = this.secrets.size > 0;
    for (let i = 0; i < headers.length; i++) {
      const name = headers[i]![0];
      const value = headers[i]![1];
      let masked: string;
      if (name.length === PROXY_AUTHORIZATION.length && isSameName(name, PROXY_AUTHORIZATION)) {
        if (value !== SECRET_MASK) this.masked++;
        masked = SECRET_MASK;
      } else if (!hasSecrets && !value.includes('@')) continue;
      else masked = this.maskText(value);
      if (masked !== value) (out ??= headers.slice())[i] = [name, masked];
    }
    return out ?? headers;
  }

  /**
   * Raw request bytes (a capture of what was sent), credential header lines and known secrets
   * masked. Returns `bytes` itself when nothing was masked.
   */
  maskBytes(bytes: Buffer): Buffer {
    if (this.isRevealing) return bytes;
    // latin1 maps each byte to one character and back, so every other byte is kept as it was.
    const text = bytes.toString('latin1');
    const masked = this.maskText(text.replace(CREDENTIAL_HEADER_LINE, `$1 ${SECRET_MASK}`));
    if (masked === text) return bytes;
    this.masked++;
    return Buffer.from(masked, 'latin1');
  }

  /** Whether a secret value is registered to search for (and this masker masks). */
  get hasSecrets(): boolean {
    return !this.isRevealing && this.secrets.size > 0;
  }

  /**
   * A masker of one text that comes in pieces (a body streamed to a panel), or undefined when
   * there is nothing to search for (no secret registered, or this masker reveals).
   */
  streamMasker(): TextStreamMasker | undefined {
    return this.hasSecrets ? new TextStreamMasker(this, this.order()) : undefined;
  }

  /** Longest first, so a secret that contains another is masked whole. */
  private order(): string[] {
    this.searchOrder ??= [...this.secrets].sort((a, b) => b.length - a.length);
    return this.searchOrder;
  }
}

/**
 * The other forms `value` takes in output (see addSecret); those equal to it or too short left
 * out: its UTF-8 bytes read as Latin-1 (raw captures), JSON-escaped, its percent-encodings (`{{%name}}`, and as
 * a URL's path and query serialize it: `'` becomes %27 in a query, which encodeURIComponent
 * keeps), and lower case (a URL's host name, in a DNS error).
 */
function encodedForms(value: string): string[] {
  // JSON-escaped too: error messages quote what they refuse with JSON.stringify (a target with a
  // space: "/t?k=pa\"ss word"), where `"`, `\` and control characters are escaped.
  const forms = [Buffer.from(value).toString('latin1'), value.toLowerCase(), JSON.stringify(value).slice(1, -1)];
  try {
    // As a request-target carries it (a space from a variable goes as %20, a | as %7C; see request-target.ts).
    // A `#` from a variable goes as %23 too (prepare-request's valuesHashesEncoded).
    forms.push(encodeURIComponent(value), encodeURI(value), requestTarget(value), requestTarget(value.replace(/#/g, '%23')));
    const hashless = value.replace(/#/g, '%23');
    forms.push(new URL(`http://h/?${hashless}`).search.slice(1), new URL(`http://h/${hashless.replace(/\?/g, '%3F')}`).pathname.slice(1));
  } catch {
    // A lone surrogate has no UTF-8 form: the value as written is all there is to find.
  }
  return forms.filter((f) => f !== value && f.length >= MIN_SEARCHED_SECRET_LENGTH);
}

/**
 * Masks the registered secrets in a text read piece by piece, also one split between two pieces:
 * the end of each piece that could begin a secret (up to the longest one's length, less a
 * character) waits for the next piece. The pieces it returns join into the whole text masked.
 */
export class TextStreamMasker {
  private carry = '';
  private hasMasked = false;
  private readonly hold: number;

  constructor(
    private readonly masker: SecretMasker,
    private readonly secrets: readonly string[],
  ) {
    this.hold = (secrets[0]?.length ?? 1) - 1;
  }

  /** Whether a secret was found so far. */
  get isMasked(): boolean {
    return this.hasMasked;
  }

  /** The masked text up to where a secret could still be cut off; possibly ''. */
  push(piece: string): string {
    const text = this.carry + piece;
    let cut = Math.max(0, text.length - this.hold);
    // A secret that begins before the cut and ends after it goes out whole, now.
    for (let isMoved = true; isMoved; ) {
      isMoved = false;
      for (const secret of this.secrets) {
        for (let at = text.indexOf(secret, Math.max(0, cut - secret.length + 1)); at !== -1 && at < cut; at = text.indexOf(secret, at + 1)) {
          if (at + secret.length > cut) {
            cut = at + secret.length;
            isMoved = true;
          }
        }
      }
    }
    this.carry = text.slice(cut);
    return this.mask(text.slice(0, cut));
  }

  /** The rest of the text, masked. */
  end(): string {
    const rest = this.mask(this.carry);
    this.carry = '';
    return rest;
  }

  private mask(text: string): string {
    const masked = this.masker.maskText(text);
    if (masked !== text) this.hasMasked = true;
    return masked;
  }
}
