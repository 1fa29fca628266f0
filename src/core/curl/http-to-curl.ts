import { isSameName } from '../ascii';
import type { RawHeader } from '../response/model';
import { DEFAULT_SEND_OPTIONS, type ClientOptions, type SendOptions } from '../wire/client-options';
import { proxyFor } from '../wire/proxy';
import { defaultPort, withJarCookies } from '../wire/route';
import type { BodyChunkSource, HeaderChange, WireRequest } from '../wire/wire-request';
import { bodyArgument, printfFormat, shellQuote } from './shell-quote';

/** What of the client's options shapes the command: the proxy, TLS per host, cookies, --connect-to. */
export type CurlClientOptions = Pick<ClientOptions, 'proxy' | 'tlsForHost' | 'cookies' | 'connectTo'>;

/** curl sends `Expect: 100-continue` for larger bodies (over 1 KiB before 8.x, 1 MiB since). */
const EXPECT_THRESHOLD_BYTES = 1024;

/**
 * The content codings curl's `--compressed` undoes (lib/content_encoding.c: `br` and `zstd` where
 * it is built with them, as Debian's and Homebrew's are), and `identity`, which needs no undoing.
 */
const CURL_DECODES: ReadonlySet<string> = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd', 'identity']);

/**
 * The curl command that sends what HTTP Wire sends for `wire` with `options`: a POSIX shell
 * command, one option per line. Inputs: the prepared request and its send options
 * (`prepareSend`), and the client's options (`CurlClientOptions`). Returns the command text.
 * Never throws: a proxy setting that does not parse is left out, as the send would fail on it.
 *
 * - The URL is the one connected to with the request-target as sent; `-g` when it holds `[]{}`
 *   (curl would expand them as globs), `--path-as-is` for `.`/`..` segments (curl would remove them).
 * - `-X` only where curl would not infer the method (GET; POST with data; `-I` for HEAD).
 * - Headers as sent, in order and case, duplicates kept; the Host HTTP Wire adds is left to curl,
 *   which adds the same in the same place. curl's own Accept, User-Agent, Content-Type and
 *   Expect, which HTTP Wire does not send, are removed with `-H 'Name:'`; an empty header is
 *   `-H 'Name;'` (curl sends `Name:`, HTTP Wire `Name: `: the same empty value, RFC 9110 §5.5).
 * - The body: `--data-binary '...'` for text, `$'...'` for other bytes, `@path` for one file;
 *   a body with a NUL or text around a file goes through stdin (`printf ... | curl --data-binary @-`).
 * - `--compressed` when the Accept-Encoding sent names only codings curl undoes (see isDecodedByCurl),
 *   so the command prints the body as HTTP Wire shows it, not its gzip bytes.
 * - Options: `-k`, `-x`, `--connect-to`, `-L --max-redirs`, `--connect-timeout` and `--max-time`
 *   where they differ from curl's behaviour; `--http1.1` for https (curl would offer HTTP/2).
 *   HTTP Wire's header and body inactivity timeouts have no curl equivalent.
 * - A body HTTP Wire framed in chunks (a written `Transfer-Encoding: chunked`) is given to curl as
 *   written, and curl frames it (in its own chunk sizes); Digest credentials written as `Digest
 *   user password` become `--digest -u`, as curl answers the challenge itself.
 * - Not exact: a body under another written Transfer-Encoding (sent as written; curl chunks it
 *   once more), and an empty header (see above).
 * The command holds credentials as they are sent: it is for the user's clipboard, never a log.
 */
export function toCurlCommand(wire: WireRequest, sendOptions: Partial<SendOptions>, client: CurlClientOptions = {}): string {
  const options: SendOptions = { ...DEFAULT_SEND_OPTIONS, ...sendOptions };
  const url = wire.url;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const changes: HeaderChange[] = [...wire.changes];
  let headers: readonly RawHeader[] = wire.headers;
  const jarCookies = options.useCookieJar ? client.cookies?.cookieHeaderFor(url) : undefined;
  if (jarCookies !== undefined) headers = withJarCookies(headers, jarCookies, changes);
  const isAdded = (name: string): boolean => changes.some((c) => c.action === 'added' && isSameName(c.name, name));
  const has = (name: string): boolean => headers.some(([n]) => isSameName(n, name));
  const body = wire.unchunkedBody ?? wire.body;
  const bodyBytes = body.reduce((n, c) => n + (c.type === 'bytes' ? c.bytes.length : c.size), 0);
  const hasBody = body.length > 0;

  const origin = `${url.protocol}//${url.host}`;
  const isOriginTarget = wire.target.startsWith('/');
  const fullUrl = isOriginTarget ? origin + wire.target : url.href;
  const args: string[] = [shellQuote(fullUrl)];
  if (!isOriginTarget) args.push(`--request-target ${shellQuote(wire.target)}`);
  if (/[[\]{}]/.test(fullUrl)) args.push('-g');
  if (/(^|\/)\.\.?(\/|$)/.test(wire.target.split('?', 1)[0]!)) args.push('--path-as-is');

  const method = wire.method;
  if (method === 'HEAD' && !hasBody) args.push('-I');
  else if (hasBody ? method !== 'POST' : method !== 'GET') args.push(`-X ${/^[A-Za-z0-9_-]+$/.test(method) ? method : shellQuote(method)}`);
  if (wire.httpVersion === 'HTTP/1.0') args.push('--http1.0');
  else if (url.protocol === 'https:') args.push('--http1.1');

  for (const [name, value] of headers) {
    // curl puts the Host it makes from the URL first, as HTTP Wire does; it would put the
    // Content-Length it makes after the -H headers, so that one is written here, in its place.
    if (isSameName(name, 'host') && isAdded('host')) continue;
    args.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  const removeCurls = (name: string, when: boolean): void => {
    if (when && !has(name)) args.push(`-H ${shellQuote(`${name}:`)}`);
  };
  removeCurls('Host', true);
  removeCurls('User-Agent', true);
  removeCurls('Accept', true);
  removeCurls('Content-Type', hasBody);
  removeCurls('Expect', bodyBytes > EXPECT_THRESHOLD_BYTES);
  // Without it curl prints the body as received, gzip bytes and all; the -H header still replaces
  // the Accept-Encoding --compressed would add, so the bytes sent stay the same.
  if (isDecodedByCurl(headers)) args.push('--compressed');

  const stdin = bodyArgs(body, args);
  if (wire.digest !== undefined) args.push('--digest', `-u ${shellQuote(`${wire.digest.user}:${wire.digest.password}`)}`);
  const insecure = !options.rejectUnauthorized || client.tlsForHost?.(hostname, 'server')?.rejectUnauthorized === false;
  if (insecure && url.protocol === 'https:') args.push('-k');
  const proxy = proxyOrUndefined(url, client);
  if (proxy !== undefined) args.push(`-x ${shellQuote(proxy.href)}`);
  // An https:// proxy the send does not verify (http.proxyStrictSSL off, or its host among the insecure ones).
  if (proxy?.protocol === 'https:' && (client.proxy?.rejectUnauthorized === false || client.tlsForHost?.(proxy.hostname.replace(/^\[|\]$/g, ''), 'proxy')?.rejectUnauthorized === false)) args.push('--proxy-insecure');
  const port = defaultPort(url);
  const connectTo = client.connectTo?.get(`${hostname}:${port}`);
  if (connectTo !== undefined) args.push(`--connect-to ${shellQuote(`${hostname}:${port}:${connectTo.host}:${connectTo.port}`)}`);
  if (options.followRedirects) args.push('-L', `--max-redirs ${options.maxRedirects}`);
  if (options.connectTimeoutMs !== DEFAULT_SEND_OPTIONS.connectTimeoutMs) args.push(`--connect-timeout ${seconds(options.connectTimeoutMs)}`);
  if (options.totalTimeoutMs > 0) args.push(`--max-time ${seconds(options.totalTimeoutMs)}`);

  const [first, ...rest] = args;
  return [`${stdin}curl ${first}`, ...rest.map((a) => `  ${a}`)].join(' \\\n');
}

/**
 * Whether the Accept-Encoding sent (every such header, RFC 9110 §12.5.3) names a coding to undo,
 * and only codings curl undoes: a coding refused with `q=0` does not count, `*` or one curl does
 * not know (`compress`) rules `--compressed` out, as curl would then fail on the answer.
 */
function isDecodedByCurl(headers: readonly RawHeader[]): boolean {
  const codings = headers
    .filter(([name]) => isSameName(name, 'accept-encoding'))
    .flatMap(([, value]) => value.split(','))
    .map((member) => member.trim().toLowerCase())
    .filter((member) => member !== '' && !/;\s*q\s*=\s*0(?:\.0*)?\s*$/.test(member))
    .map((member) => member.split(';', 1)[0]!.trim());
  return codings.some((c) => c !== 'identity') && codings.every((c) => CURL_DECODES.has(c));
}

/**
 * Adds the body's option to `args`; returns what must be piped into curl for it (`... | `), or
 * '' when the body fits in an argument.
 */
function bodyArgs(body: readonly BodyChunkSource[], args: string[]): string {
  if (body.length === 0) return '';
  const only = body.length === 1 ? body[0]! : undefined;
  if (only?.type === 'file') {
    args.push(`--data-binary ${shellQuote(`@${only.path}`)}`);
    return '';
  }
  if (body.every((c) => c.type === 'bytes')) {
    const bytes = Buffer.concat(body.map((c) => (c.type === 'bytes' ? c.bytes : Buffer.alloc(0))));
    const argument = bodyArgument(bytes);
    if (argument !== undefined) {
      args.push(`--data-binary ${argument}`);
      return '';
    }
  }
  args.push('--data-binary @-');
  const pieces = body.map((c) => (c.type === 'bytes' ? `printf ${printfFormat(c.bytes)}` : `cat ${shellQuote(c.path)}`));
  return pieces.length === 1 ? `${pieces[0]} | ` : `{ ${pieces.join('; ')}; } | `;
}

function proxyOrUndefined(url: URL, client: CurlClientOptions): URL | undefined {
  try {
    return proxyFor(url, client.proxy);
  } catch {
    return undefined;
  }
}

/** Milliseconds as curl's seconds (it takes decimals). */
function seconds(ms: number): string {
  return String(ms / 1000);
}
