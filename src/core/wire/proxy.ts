import * as net from 'node:net';
import { basicToken } from '../basic-credentials';
import { ErrorCodes, HttpWireError } from '../errors';
import { GrowBuffer } from './grow-buffer';
import { parseHead } from './head-parser';

export interface ProxySettings {
  /** Proxy for http:// URLs (`HTTP_PROXY`). */
  readonly http?: string;
  /** Proxy for https:// URLs (`HTTPS_PROXY`). */
  readonly https?: string;
  /** Hosts that bypass the proxy (`NO_PROXY`): names, `.suffix`, `host:port`, IP addresses (IPv6 bare or in brackets), `10.0.0.0/8` ranges, or `*`. */
  readonly noProxy?: string;
  /**
   * Verify an https:// proxy's own certificate (default true; VS Code's `http.proxyStrictSSL`).
   * The servers reached through the proxy are verified as ever: this is curl's --proxy-insecure.
   */
  readonly rejectUnauthorized?: boolean;
}

/** Proxy settings from the environment, upper or lower case as curl reads them. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  return {
    http: env.HTTP_PROXY || env.http_proxy || undefined,
    https: env.HTTPS_PROXY || env.https_proxy || undefined,
    noProxy: env.NO_PROXY || env.no_proxy || undefined,
  };
}

function isBypassed(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).filter(Boolean).some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    // As curl and Go read them: a CIDR range, and a bare IPv6 address (`::1`, no port then).
    if (entry.includes('/')) return isInRange(host, entry);
    // Compared as addresses, not text: `0:0:0:0:0:0:0:1` is `::1`.
    if (net.isIPv6(entry)) return isInRange(host, `${entry}/128`);
    const [name, entryPort] = entry.startsWith('[') ? [entry.slice(1, entry.indexOf(']')), entry.split(']:')[1]] : (entry.split(':') as [string, string | undefined]);
    if (entryPort !== undefined && entryPort !== port) return false;
    const bare = name.replace(/^\*?\./, '');
    return host === bare || host.endsWith(`.${bare}`);
  });
}

/** Whether the IP address `host` lies in `cidr` (`127.0.0.0/8`, `fd00::/8`); false for a host name or a malformed range. */
function isInRange(host: string, cidr: string): boolean {
  const [base = '', bits = ''] = cidr.split('/');
  const family = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : undefined;
  const prefix = Number(bits);
  if (family === undefined || bits === '' || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 'ipv4' ? 32 : 128)) return false;
  const hostFamily = net.isIPv4(host) ? 'ipv4' : net.isIPv6(host) ? 'ipv6' : undefined;
  if (hostFamily === undefined) return false;
  const range = new net.BlockList();
  range.addSubnet(base, prefix, family);
  return range.check(host, hostFamily);
}

/**
 * The proxy to use for `url`, or undefined to connect directly. A proxy without a scheme is an
 * http:// one, as curl reads it. Throws HW_PROXY for a setting that is not a URL, or whose scheme
 * is not http or https (socks5://...): such a proxy is never used as a plain HTTP one.
 */
export function proxyFor(url: URL, settings: ProxySettings | undefined): URL | undefined {
  if (!settings) return undefined;
  const raw = url.protocol === 'https:' ? settings.https : settings.http;
  if (!raw || isBypassed(url, settings.noProxy)) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new HttpWireError(ErrorCodes.proxy, `The proxy setting "${withoutCredentials(raw)}" is not a valid URL.`);
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    const scheme = proxy.protocol.slice(0, -1);
    throw new HttpWireError(ErrorCodes.proxy, `The proxy ${proxyLabel(proxy)} uses the ${scheme} scheme, which HTTP Wire does not support: use an http:// or https:// proxy.`, { scheme });
  }
  return proxy;
}

/**
 * A proxy setting that did not parse, shown without what could be a password: everything between
 * the scheme (or the start) and the last `@`, since a password that broke the URL may hold a `/`.
 */
export function withoutCredentials(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at === -1) return raw;
  const scheme = raw.indexOf('://');
  const start = scheme !== -1 && scheme < at ? scheme + 3 : 0;
  return `${raw.slice(0, start)}…${raw.slice(at)}`;
}

/** `Proxy-Authorization` for credentials in the proxy URL (`http://user:pass@proxy:3128`). */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '') return undefined;
  try {
    const user = decodeURIComponent(proxy.username);
    const pass = decodeURIComponent(proxy.password);
    return `Basic ${basicToken(`${user}:${pass}`)}`;
  } catch {
    // A URIError of decodeURIComponent: it would name neither the proxy nor the fault.
    throw new HttpWireError(ErrorCodes.proxy, `The user name or password of the proxy ${proxyLabel(proxy)} has a malformed %-escape (write % as %25).`);
  }
}

/** What not to show of a proxy URL: its password. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * Opens a CONNECT tunnel (RFC 9110 §9.3.6) to `authority` through a connected proxy socket.
 * Resolves when the proxy answers 2xx; the socket then carries bytes to the origin. Rejects with
 * HW_PROXY naming the proxy's status line otherwise.
 */
export function openTunnel(socket: net.Socket, authority: string, authorization: string | undefined, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const buf = new GrowBuffer(512);
    const done = (err?: HttpWireError): void => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        resolve();
      }
    };
    const onData = (chunk: Buffer): void => {
      buf.append(chunk, 0, chunk.length);
      const text = buf.toLatin1();
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buf.length > 16 * 1024) done(new HttpWireError(ErrorCodes.proxy, 'The proxy sent an over-long answer to CONNECT.'));
        return;
      }
      try {
        const head = parseHead(text.slice(0, end + 4), 0);
        if (head.status < 200 || head.status >= 300) {
          // A refusal may carry a page (squid's 407 does); the status line is what matters.
          done(new HttpWireError(ErrorCodes.proxy, `The proxy refused the tunnel to ${authority}: ${head.httpVersion} ${head.status} ${head.reason}`.trim(), { status: head.status }));
          return;
        }
        if (end + 4 !== buf.length) {
          done(new HttpWireError(ErrorCodes.proxy, 'The proxy sent bytes after its 2xx answer to CONNECT, before the tunnel was used.'));
          return;
        }
        done();
      } catch (err) {
        done(new HttpWireError(ErrorCodes.proxy, `The proxy's answer to CONNECT is malformed: ${(err as Error).message}`, {}, err));
      }
    };
    const onError = (err: Error): void => done(new HttpWireError(ErrorCodes.proxy, `The proxy connection failed during CONNECT: ${err.message}`, {}, err));
    const onClose = (): void => done(new HttpWireError(ErrorCodes.proxy, 'The proxy closed the connection during CONNECT.'));
    const onAbort = (): void => done(new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));
    const timer = setTimeout(() => done(new HttpWireError(ErrorCodes.connectTimeout, `The proxy did not answer CONNECT within ${timeoutMs} ms.`)), timeoutMs);
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    const auth = authorization ? `Proxy-Authorization: ${authorization}\r\n` : '';
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  });
}
