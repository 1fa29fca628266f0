import { ErrorCodes, HttpWireError } from '../errors';
import type { BodyStore } from '../response/body-store';
import { codingsApplied, decodeBody } from '../response/decode';
import { firstHeader, headerValues } from '../response/model';
import { connect as defaultConnector, type ConnectTimings } from './connect';
import type { Connection } from './connection';
import { DEFAULT_SEND_OPTIONS, type ClientOptions, type SendOptions } from './client-options';
import { runExchange, isIdempotent, type ExchangeResult, type PartialExchange } from './exchange';
import { ConnectionPool, DEFAULT_IDLE_TIMEOUT_MS } from './pool';
import { validateRequest } from './serialize';
import { openTunnel, proxyAuthorization, proxyLabel } from './proxy';
import { isRedirect, redirectRequest } from './redirect';
import { defaultPort, requestForRoute, Routes, type Route } from './route';
import type { ConnectionInfo, RedirectHop, SendResult, SentRequest } from './send-result';
import { TotalDeadline } from './total-deadline';
import { bodyLength, type WireRequest } from './wire-request';

const NO_CONNECT_TIMINGS: ConnectTimings = { dnsMs: 0, connectMs: 0, tlsMs: 0 };

interface Attempt {
  readonly exchange: ExchangeResult;
  readonly connection: ConnectionInfo;
  readonly connectMs: { dnsMs: number; connectMs: number; tlsMs: number; proxyMs: number; acquireMs: number };
  readonly sent: WireRequest;
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
  private readonly routes: Routes;

  constructor(private readonly options: ClientOptions = {}) {
    this.pool = new ConnectionPool({ idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS });
    this.routes = new Routes(options);
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
    const deadline = options.totalTimeoutMs > 0 ? new TotalDeadline(options) : undefined;
    const hops: RedirectHop[] = [];
    try {
      return await this.follow(request, deadline?.options ?? options, hops, started);
    } catch (err) {
      let e = err instanceof HttpWireError ? err : new HttpWireError(ErrorCodes.connect, (err as Error).message, {}, err);
      if (deadline?.isExpired === true && e.code === ErrorCodes.aborted) {
        e = new HttpWireError(ErrorCodes.totalTimeout, `The request took longer than ${options.totalTimeoutMs} ms in all.`, e.detail, e.cause);
      }
      (e.detail as { redirects?: RedirectHop[] }).redirects = hops;
      throw e;
    } finally {
      deadline?.dispose();
    }
  }

  /**
   * The redirect loop, one exchange per hop. Each sends on a pooled or new connection; a reused
   * connection that proves stale is retried once (see retryIfStale). This is the only async
   * function a keep-alive request goes through besides send: each layer of them costs a promise.
   */
  private async follow(first: WireRequest, options: SendOptions, hops: RedirectHop[], started: number): Promise<SendResult> {
    const cookies = options.useCookieJar ? this.options.cookies : undefined;
    let current = first;
    // URL → Cookie header when last requested: a URL seen again with the same cookies is a loop.
    let visited: Map<string, string> | undefined;
    for (;;) {
      const url = current.url;
      const jarCookies = cookies?.cookieHeaderFor(url);
      const route = this.routes.get(url, options.rejectUnauthorized);
      const request = requestForRoute(current, route, jarCookies);
      // Refused before a connection is even opened: nothing to clean up, nothing on the wire.
      validateRequest(request.method, request.target, request.headers);
      // An idle connection is taken without a promise: this is the hot path of a keep-alive session.
      const idle = this.pool.takeIdle(route.key);
      const acquired = idle !== undefined ? { conn: idle, isReused: true, acquireMs: 0 } : await this.connectNew(route, options);
      let attempt: Attempt;
      try {
        attempt = this.attemptDone(acquired, request, await this.exchangeOn(acquired.conn, request, options), false);
      } catch (err) {
        attempt = await this.retryIfStale(err, acquired, route, request, options);
      }
      const { exchange } = attempt;
      if (cookies) cookies.storeFrom(url, headerValues(exchange.head.headers, 'set-cookie'));
      const location = isRedirect(exchange.head.status) ? firstHeader(exchange.head.headers, 'location') : undefined;
      if (!options.followRedirects || location === undefined) {
        // Awaited only when there is decoding to wait for: most bodies have no content coding.
        const decoded = this.decode(exchange, options);
        return this.finish(attempt, hops, started, decoded instanceof Promise ? await decoded : decoded);
      }
      hops.push({ request: summarize(attempt.sent), response: exchange.head, location, connection: attempt.connection });
      exchange.body.dispose();
      // The login pattern (A sets a cookie and sends back to A) is not a loop: the cookies differ.
      visited ??= new Map();
      visited.set(`${current.method} ${url.href}`, jarCookies ?? '');
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

  /**
   * A reused connection that the server had already closed (FIN or RST before any response byte)
   * gets the request again on a fresh one, once, for idempotent methods only: a POST might have
   * been processed. Any other failure is rethrown.
   */
  private async retryIfStale(err: unknown, first: Acquired, route: Route, request: WireRequest, options: SendOptions): Promise<Attempt> {
    if (!(err instanceof HttpWireError)) throw err;
    const partial = (err.detail as { partial?: PartialExchange }).partial;
    const isStale = first.isReused && partial?.isBeforeResponse === true && (err.code === ErrorCodes.incomplete || err.code === ErrorCodes.connectionReset);
    if (!isStale || !isIdempotent(request.method)) throw err;
    const fresh = await this.connectNew(route, options);
    return this.attemptDone(fresh, request, await this.exchangeOn(fresh.conn, request, options), true);
  }

  /** Undoes transfer and content codings; resolves at once (no promise) when there are none. */
  private decode(exchange: ExchangeResult, options: SendOptions): Decoded | Promise<Decoded> {
    const contentEncoding = headerValues(exchange.head.headers, 'content-encoding');
    if (exchange.framing.transferCodings.length === 0 && contentEncoding.length === 0) return { codings: [], body: exchange.body, decodeError: undefined };
    const codings = codingsApplied(contentEncoding, exchange.framing.transferCodings);
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
        dnsMs: connectMs.dnsMs,
        connectMs: connectMs.connectMs,
        tlsMs: connectMs.tlsMs,
        proxyMs: connectMs.proxyMs,
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

  /** Starts the exchange; SendOptions carry every ExchangeOptions field, so they go as they are. */
  private exchangeOn(conn: Connection, request: WireRequest, options: SendOptions): Promise<ExchangeResult> {
    try {
      return runExchange(conn, request, options);
    } catch (err) {
      conn.destroy();
      throw err;
    }
  }

  /** Gives the connection back to the pool (or closes it) and tells which connection served. */
  private attemptDone(acquired: Acquired, request: WireRequest, exchange: ExchangeResult, isRetry: boolean): Attempt {
    const conn = acquired.conn;
    this.pool.release(conn, exchange.isReusable, exchange.serverIdleMs);
    const c = conn.connected;
    // A reused connection cost nothing to open.
    const t = acquired.isReused ? NO_CONNECT_TIMINGS : c.timings;
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
      connectMs: { dnsMs: t.dnsMs, connectMs: t.connectMs, tlsMs: t.tlsMs, proxyMs: acquired.isReused ? 0 : conn.proxyMs, acquireMs: acquired.acquireMs },
    };
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
