import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { ErrorCodes, HttpWireError } from '../errors';
import type { BodyStore } from '../response/body-store';
import { decodeBody, parseCodings } from '../response/decode';
import { firstHeader, headerValues } from '../response/model';
import { connect as defaultConnector, type TlsOptions } from './connect';
import type { Connection } from './connection';
import { DEFAULT_SEND_OPTIONS, type ClientOptions, type SendOptions } from './client-options';
import { runExchange, isIdempotent, type ExchangeResult, type PartialExchange } from './exchange';
import { ConnectionPool, DEFAULT_IDLE_TIMEOUT_MS } from './pool';
import { validateRequest } from './serialize';
import { openTunnel, proxyAuthorization, proxyFor, proxyLabel } from './proxy';
import { isRedirect, redirectRequest } from './redirect';
import type { ConnectionInfo, RedirectHop, SendResult, SentRequest } from './send-result';
import { bodyLength, type HeaderChange, type WireRequest } from './wire-request';

interface Route {
  readonly key: string;
  readonly host: string;
  readonly port: number;
  readonly tls: TlsOptions | undefined;
  readonly proxy: URL | undefined;
}

interface Attempt {
  readonly exchange: ExchangeResult;
  readonly connection: ConnectionInfo;
  readonly connectMs: { dnsMs: number; connectMs: number; tlsMs: number; proxyMs: number; acquireMs: number };
  readonly sent: WireRequest;
}

/**
 * A digest of the TLS material (CA, client certificate, key, passphrase): a connection verified
 * with other material is never reused for it.
 */
function tlsMaterialKey(tls: Partial<TlsOptions> | undefined): string {
  if (tls === undefined) return '';
  const hash = createHash('sha256');
  for (const name of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const) {
    const value = tls[name];
    hash.update(`${name}=`);
    if (value !== undefined) hash.update(typeof value === 'boolean' ? String(value) : value);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function defaultPort(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function summarize(request: WireRequest): SentRequest {
  return {
    method: request.method,
    url: request.url.href,
    target: request.target,
    httpVersion: request.httpVersion,
    headers: request.headers,
    changes: request.changes,
    bodyBytes: bodyLength(request.body),
  };
}

/**
 * The HTTP/1.1 client: a keep-alive pool, TLS, proxies, redirects and cookies over our own
 * connection and parser. One instance per editor session or CLI run; `close()` ends it.
 */
export class HttpClient {
  private readonly pool: ConnectionPool;
  private readonly routes = new WeakMap<URL, { route: Route; rejectUnauthorized: boolean; href: string }>();

  constructor(private readonly options: ClientOptions = {}) {
    this.pool = new ConnectionPool({ idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS });
  }

  get idleConnections(): number {
    return this.pool.idleCount;
  }

  close(): void {
    this.pool.close();
  }

  /**
   * Sends `request`, follows redirects, and resolves with the final response. Rejects with an
   * HttpWireError (see errors.ts); `detail.partial` then holds what was received so far and
   * `detail.redirects` the hops already followed.
   */
  async send(request: WireRequest, partialOptions?: Partial<SendOptions>): Promise<SendResult> {
    const options: SendOptions = partialOptions === undefined ? DEFAULT_SEND_OPTIONS : { ...DEFAULT_SEND_OPTIONS, ...partialOptions };
    const started = performance.now();
    // A signal of our own only when a total timeout must be combined with the caller's.
    const controller = options.totalTimeoutMs > 0 ? new AbortController() : undefined;
    const onOuterAbort = (): void => controller?.abort();
    if (controller) {
      options.signal?.addEventListener('abort', onOuterAbort, { once: true });
      if (options.signal?.aborted) controller.abort();
    }
    let isTotalTimeout = false;
    const totalTimer = controller
      ? setTimeout(() => {
          isTotalTimeout = true;
          controller.abort();
        }, options.totalTimeoutMs)
      : undefined;
    const hops: RedirectHop[] = [];
    try {
      return await this.follow(request, controller ? { ...options, signal: controller.signal } : options, hops, started);
    } catch (err) {
      let e = err instanceof HttpWireError ? err : new HttpWireError(ErrorCodes.connect, (err as Error).message, {}, err);
      if (isTotalTimeout && e.code === ErrorCodes.aborted) {
        e = new HttpWireError(ErrorCodes.totalTimeout, `The request took longer than ${options.totalTimeoutMs} ms in all.`, e.detail, e.cause);
      }
      (e.detail as { redirects?: RedirectHop[] }).redirects = hops;
      throw e;
    } finally {
      if (totalTimer !== undefined) clearTimeout(totalTimer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  private async follow(first: WireRequest, options: SendOptions, hops: RedirectHop[], started: number): Promise<SendResult> {
    const cookies = options.useCookieJar ? this.options.cookies : undefined;
    let current = first;
    // URL → Cookie header when last requested: a URL seen again with the same cookies is a loop.
    let visited: Map<string, string> | undefined;
    for (;;) {
      const sentCookies = cookies?.cookieHeaderFor(current.url) ?? '';
      const attempt = await this.attempt(current, options);
      const { exchange } = attempt;
      const url = current.url;
      if (cookies) cookies.storeFrom(url, headerValues(exchange.head.headers, 'set-cookie'));
      const location = isRedirect(exchange.head.status) ? firstHeader(exchange.head.headers, 'location') : undefined;
      if (!options.followRedirects || !isRedirect(exchange.head.status) || location === undefined) {
        return this.finish(attempt, hops, started, await this.decode(attempt.exchange, options));
      }
      hops.push({ request: summarize(attempt.sent), response: exchange.head, location, connection: attempt.connection });
      exchange.body.dispose();
      // The login pattern (A sets a cookie and sends back to A) is not a loop: the cookies differ.
      visited ??= new Map();
      visited.set(`${current.method} ${url.href}`, sentCookies);
      if (hops.length > options.maxRedirects) {
        throw new HttpWireError(ErrorCodes.tooManyRedirects, `Stopped after ${options.maxRedirects} redirects (the last one to ${location}).`, { maxRedirects: options.maxRedirects });
      }
      const next = redirectRequest(current, exchange.head.status, location);
      const seen = visited.get(`${next.method} ${next.url.href}`);
      if (seen !== undefined && seen === (cookies?.cookieHeaderFor(next.url) ?? '')) {
        throw new HttpWireError(ErrorCodes.redirectLoop, `Redirect loop: ${next.url.href} redirects back to itself through ${hops.length} hop(s).`, { url: next.url.href });
      }
      current = next;
    }
  }

  /** Undoes transfer and content codings; resolves at once (no promise) when there are none. */
  private decode(exchange: ExchangeResult, options: SendOptions): Decoded | Promise<Decoded> {
    const contentEncoding = headerValues(exchange.head.headers, 'content-encoding');
    if (exchange.framing.transferCodings.length === 0 && contentEncoding.length === 0) return { codings: [], body: exchange.body, decodeError: undefined };
    const codings = [...exchange.framing.transferCodings, ...parseCodings(contentEncoding)];
    if (exchange.body.length === 0) return { codings, body: exchange.body, decodeError: undefined };
    return decodeBody(exchange.body, codings, options.bodyStore).then(
      (body) => ({ codings, body, decodeError: undefined }),
      (err: unknown) => ({ codings, body: exchange.body, decodeError: err as HttpWireError }),
    );
  }

  private finish(attempt: Attempt, hops: RedirectHop[], started: number, decoded: Decoded): SendResult {
    const { exchange, connection, connectMs, sent } = attempt;
    const { codings, body, decodeError } = decoded;
    const t = exchange.timings;
    const rawBody = exchange.body;
    return {
      request: summarize(sent),
      informational: exchange.informational,
      response: exchange.head,
      trailers: exchange.trailers,
      rawBody,
      body,
      contentCodings: codings,
      decodeError,
      redirects: hops,
      url: sent.url.href,
      connection,
      timings: {
        ...connectMs,
        sendMs: Math.max(0, t.requestWrittenMs),
        waitMs: t.firstByteMs >= 0 && t.requestWrittenMs >= 0 ? Math.max(0, t.firstByteMs - t.requestWrittenMs) : 0,
        downloadMs: t.doneMs - Math.max(0, t.firstByteMs),
        firstByteMs: connectMs.acquireMs + Math.max(0, t.firstByteMs),
        totalMs: performance.now() - started,
      },
      capture: exchange.capture,
      warnings: exchange.framing.warnings,
      dispose: () => {
        rawBody.dispose();
        if (body !== rawBody) body.dispose();
      },
    };
  }

  /**
   * Sends once on a pooled or new connection. A reused connection that the server had already
   * closed (FIN or RST before any response byte) is retried once on a fresh one, for idempotent
   * methods only: a POST might have been processed.
   */
  private async attempt(base: WireRequest, options: SendOptions): Promise<Attempt> {
    const route = this.cachedRoute(base.url, options);
    const request = this.decorate(base, route, options);
    // Refused before a connection is even opened: nothing to clean up, nothing on the wire.
    validateRequest(request.method, request.target, request.headers);
    // An idle connection is taken without a promise: this is the hot path of a keep-alive session.
    const idle = this.pool.takeIdle(route.key);
    const first = idle !== undefined ? { conn: idle, isReused: true, acquireMs: 0 } : await this.connectNew(route, options);
    try {
      return await this.exchangeOn(first, request, options, false);
    } catch (err) {
      const e = err as HttpWireError;
      const partial = (e.detail as { partial?: PartialExchange }).partial;
      const isStale = first.isReused && partial?.isBeforeResponse === true && (e.code === ErrorCodes.incomplete || e.code === ErrorCodes.connectionReset);
      if (!isStale || !isIdempotent(request.method)) throw e;
      const fresh = await this.connectNew(route, options);
      return this.exchangeOn(fresh, request, options, true);
    }
  }

  private async exchangeOn(acquired: Acquired, request: WireRequest, options: SendOptions, isRetry: boolean): Promise<Attempt> {
    const conn = acquired.conn;
    let running: Promise<ExchangeResult>;
    try {
      running = runExchange(conn, request, {
      headersTimeoutMs: options.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs,
      maxHeaderBytes: options.maxHeaderBytes,
      captureLimitBytes: options.captureLimitBytes,
      bodyStore: options.bodyStore,
        expectContinueTimeoutMs: options.expectContinueTimeoutMs,
        signal: options.signal,
      });
    } catch (err) {
      conn.destroy();
      throw err;
    }
    const exchange = await running;
    this.pool.release(conn, exchange.isReusable, exchange.serverIdleMs);
    const c = conn.connected;
    const timings = acquired.isReused ? { dnsMs: 0, connectMs: 0, tlsMs: 0, proxyMs: 0 } : { ...c.timings, proxyMs: conn.proxyMs };
    return {
      exchange,
      sent: request,
      connection: {
        id: conn.id,
        requestIndex: conn.requestCount,
        isReused: acquired.isReused,
        remoteAddress: c.remoteAddress,
        remotePort: c.remotePort,
        tls: c.tls,
        proxy: conn.proxy,
        isRetry,
      },
      connectMs: { ...timings, acquireMs: acquired.acquireMs },
    };
  }

  /**
   * The route for an http: URL object, remembered while the options that shape it stay the same:
   * a keep-alive session sends request after request to one URL, and the key is a string to build.
   */
  private cachedRoute(url: URL, options: SendOptions): Route {
    // https routes carry TLS material from tlsForHost, which may change between sends: not cached.
    if (url.protocol !== 'http:') return this.routeFor(url, options);
    const known = this.routes.get(url);
    if (known !== undefined && known.rejectUnauthorized === options.rejectUnauthorized && known.href === url.href) return known.route;
    const route = this.routeFor(url, options);
    this.routes.set(url, { route, rejectUnauthorized: options.rejectUnauthorized, href: url.href });
    return route;
  }

  private routeFor(url: URL, options: SendOptions): Route {
    const hostname = url.hostname.charCodeAt(0) === 91 /* [ */ ? url.hostname.slice(1, -1) : url.hostname;
    const port = defaultPort(url);
    const override = this.options.connectTo?.get(`${hostname}:${port}`);
    const perHost = this.options.tlsForHost?.(hostname);
    // RFC 6066 §3: SNI carries host names only, never an IP address.
    const servername = isIP(hostname) ? undefined : hostname;
    const tls: TlsOptions | undefined = url.protocol === 'https:' ? { rejectUnauthorized: options.rejectUnauthorized, servername, ...perHost } : undefined;
    const proxy = proxyFor(url, this.options.proxy);
    const tlsKey = tls ? `tls:${tls.rejectUnauthorized}:${tls.servername ?? ''}:${tlsMaterialKey(perHost)}` : 'plain';
    return {
      key: `${url.protocol}//${hostname}:${port}|${override ? `${override.host}:${override.port}` : ''}|${tlsKey}|${proxy?.href ?? ''}`,
      host: override?.host ?? hostname,
      port: override?.port ?? port,
      tls,
      proxy,
    };
  }

  /** Adds what depends on where the request goes: jar cookies, proxy target and credentials. */
  private decorate(base: WireRequest, route: Route, options: SendOptions): WireRequest {
    let headers = base.headers;
    let changes = base.changes as HeaderChange[];
    const change = (c: HeaderChange): void => {
      if (changes === base.changes) changes = [...base.changes];
      changes.push(c);
    };
    let target = base.target;
    const jarCookies = options.useCookieJar ? this.options.cookies?.cookieHeaderFor(base.url) : undefined;
    if (jarCookies !== undefined) {
      const at = headers.findIndex(([n]) => n.toLowerCase() === 'cookie');
      if (at === -1) {
        headers = [...headers, ['Cookie', jarCookies]];
        change({ name: 'Cookie', action: 'added', to: jarCookies, reason: 'Cookies from the cookie jar for this URL.' });
      } else {
        const [name, written] = headers[at]!;
        const merged = `${written}; ${jarCookies}`;
        headers = headers.map((h, i) => (i === at ? [name, merged] : h));
        change({ name, action: 'changed', from: written, to: merged, reason: 'Cookies from the cookie jar for this URL were appended.' });
      }
    }
    if (route.proxy && route.tls === undefined) {
      // An HTTP proxy takes the absolute form (RFC 9112 §3.2.2) and its own credentials.
      if (target.startsWith('/')) target = `${base.url.protocol}//${base.url.host}${target}`;
      const auth = proxyAuthorization(route.proxy);
      if (auth !== undefined && !headers.some(([n]) => n.toLowerCase() === 'proxy-authorization')) {
        headers = [...headers, ['Proxy-Authorization', auth]];
        change({ name: 'Proxy-Authorization', action: 'added', to: 'Basic …', reason: 'Credentials of the proxy setting.' });
      }
    }
    return headers === base.headers && target === base.target ? base : { ...base, headers, target, changes };
  }

  /** Opens a new connection for `route` (directly, or through its proxy). */
  private async connectNew(route: Route, options: SendOptions): Promise<Acquired> {
    const started = performance.now();
    const connector = this.options.connector ?? defaultConnector;
    const signal = options.signal;
    let conn: Connection;
    if (route.proxy === undefined) {
      const connected = await connector({ host: route.host, port: route.port, tls: route.tls, timeoutMs: options.connectTimeoutMs, signal });
      conn = this.pool.adopt(route.key, connected);
    } else {
      const proxyPort = defaultPort(route.proxy);
      const proxyHost = route.proxy.hostname.replace(/^\[|\]$/g, '');
      const toProxy = await connector({ host: proxyHost, port: proxyPort, tls: undefined, timeoutMs: options.connectTimeoutMs, signal });
      if (route.tls === undefined) {
        conn = this.pool.adopt(route.key, toProxy, { label: proxyLabel(route.proxy), ms: 0 });
      } else {
        const tunnelStart = performance.now();
        await openTunnel(toProxy.socket, `${route.host}:${route.port}`, proxyAuthorization(route.proxy), options.connectTimeoutMs, signal);
        const proxyMs = performance.now() - tunnelStart;
        try {
          const secure = await connector({ host: route.host, port: route.port, tls: route.tls, timeoutMs: options.connectTimeoutMs, signal, through: toProxy.socket });
          conn = this.pool.adopt(route.key, { ...secure, timings: { ...toProxy.timings, tlsMs: secure.timings.tlsMs } }, { label: proxyLabel(route.proxy), ms: proxyMs });
        } catch (err) {
          toProxy.socket.destroy();
          throw err;
        }
      }
    }
    return { conn, isReused: false, acquireMs: performance.now() - started };
  }
}

interface Decoded {
  readonly codings: readonly string[];
  readonly body: BodyStore;
  readonly decodeError: HttpWireError | undefined;
}

interface Acquired {
  readonly conn: Connection;
  readonly isReused: boolean;
  readonly acquireMs: number;
}
