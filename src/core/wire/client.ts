import { ErrorCodes, HttpWireError } from '../errors';
import { DiscardSink, StoreSink, type BodySink, type StoredBody } from '../response/body-sink';
import { firstHeader, headerValues, type ResponseHead } from '../response/model';
import { connect as defaultConnector, type ConnectTimings } from './connect';
import type { Connection } from './connection';
import { dialRoute } from './dial-route';
import { digestAuthorization, digestChallengeOf, withAuthorization, type DigestChallenge } from './digest-auth';
import { DEFAULT_SEND_OPTIONS, type ClientOptions, type SendOptions } from './client-options';
import { runExchange, isIdempotent, type ExchangeResult, type ExchangeStart, type OpenBody, type PartialExchange } from './exchange';
import { ConnectionPool, DEFAULT_IDLE_TIMEOUT_MS } from './pool';
import { validateRequest } from './serialize';
import { proxyLabel } from './proxy';
import { isRedirect, redirectRequest } from './redirect';
import { requestForRoute, Routes, type Route } from './route';
import { SinkOutcome, StoredOutcome, summarize, type FinishedAttempt as Attempt } from './send-outcome';
import type { AuthChallenge, BodySinkFactory, ConnectionInfo, RedirectHop, ResponseStart, SendResult, SinkSendResult } from './send-result';
import { TotalDeadline } from './total-deadline';
import type { WireRequest } from './wire-request';

const NO_CONNECT_TIMINGS: ConnectTimings = { dnsMs: 0, connectMs: 0, tlsMs: 0 };

/** Makes what a send resolves with, from its final attempt. */
type Finish<T, R> = (attempt: Attempt<T>, hops: readonly RedirectHop[], started: number) => R;

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
   * Sends `request`, follows redirects, and resolves with the final response, its body stored
   * (memory, then a temporary file past `bodyStore.maxInMemoryBytes`). Rejects with an
   * HttpWireError (see errors.ts); `detail.partial` then holds what was received so far (its
   * `rawBody`, the body bytes, is the caller's to dispose) and `detail.redirects` the hops
   * already followed. `onStart` is told when the final response's head has come, before its body
   * (the editor shows the head of a slow body meanwhile).
   */
  send(request: WireRequest, partialOptions?: Partial<SendOptions>, onStart?: (start: ResponseStart) => void): Promise<SendResult> {
    const options = withDefaults(partialOptions);
    return this.run(
      request,
      options,
      (start) => {
        onStart?.(start);
        return new StoreSink(options.bodyStore, start.contentCodings.length > 0);
      },
      finishStored,
    );
  }

  /**
   * Like `send`, with the final response's body going to the sink `openSink` makes as it
   * arrives (a digest, a stream to stdout: nothing stored). Resolves when the sink has finished,
   * with what it finished with as `body`.
   */
  sendTo<T>(request: WireRequest, openSink: BodySinkFactory<T>, partialOptions?: Partial<SendOptions>): Promise<SinkSendResult<T>> {
    const options = withDefaults(partialOptions);
    return this.run(request, options, openSink, (attempt: Attempt<T>, hops, started) => new SinkOutcome(attempt, hops, started, attempt.exchange.body));
  }

  /**
   * The redirect loop, one exchange per hop. Each sends on a pooled or new connection; a reused
   * connection that proves stale is retried once (see retryIfStale). The only async function a
   * keep-alive request goes through (the loop and its catch in one): each layer of them costs a
   * promise and a resumption per request while V8 has not optimized them.
   */
  private async run<T, R>(first: WireRequest, givenOptions: SendOptions, openSink: BodySinkFactory<T>, finish: Finish<T, R>): Promise<R> {
    const started = performance.now();
    const deadline = givenOptions.totalTimeoutMs > 0 ? new TotalDeadline(givenOptions) : undefined;
    const options = deadline?.options ?? givenOptions;
    const hops: RedirectHop[] = [];
    try {
      const cookies = options.useCookieJar ? this.options.cookies : undefined;
      let current = first;
      // URL → Cookie header when last requested: a URL seen again with the same cookies is a loop.
      let visited: Map<string, string> | undefined;
      // A Digest challenge is answered once per hop: a second 401 on the same URL is the answer.
      let isDigestAnswered = false;
      // The 401s answered, shown with the answer (the panel hid a whole round trip).
      let challenges: AuthChallenge[] | undefined;
      for (;;) {
        const url = current.url;
        const jarCookies = cookies?.cookieHeaderFor(url);
        const route = this.routes.get(url, options.rejectUnauthorized);
        const routed = requestForRoute(current, route, jarCookies);
        // Its Digest challenge answered in this hop: a second 401 is the answer, its body kept.
        const request = isDigestAnswered && routed.digest !== undefined ? { ...routed, digest: undefined } : routed;
        // Refused before a connection is even opened: nothing to clean up, nothing on the wire.
        validateRequest(request.method, request.target, request.headers);
        // An idle connection is taken without a promise: this is the hot path of a keep-alive session.
        // One released in this turn comes as a promise for a POST, or for a server not yet known to
        // keep connections open (see ConnectionPool.takeIdle).
        const idle = this.pool.takeIdle(route.key, isIdempotent(request.method));
        const acquired = idle === undefined ? await this.connectNew(route, options) : idle instanceof Promise ? await this.acquireSettled(idle, route, options) : { conn: idle, isReused: true, acquireMs: 0 };
        let attempt: Attempt<T | undefined>;
        try {
          attempt = this.attemptDone(acquired, request, await this.exchangeOn(acquired, request, options, false, hops, openSink), false);
        } catch (err) {
          attempt = await this.retryIfStale(err, acquired, route, request, options, hops, openSink);
        }
        const { exchange } = attempt;
        if (cookies) cookies.storeFrom(url, headerValues(exchange.head.headers, 'set-cookie'));
        // A 401 with a Digest challenge for credentials written as `Digest user password`: the same
        // request again, once, with the answer (RFC 7616), on a connection as any next request.
        const challenge = isDigestAnswered ? undefined : answerableDigest(exchange.head, current);
        if (challenge !== undefined) {
          const answer = digestAuthorization(challenge, current.digest!, request.method, request.target);
          const change = { name: 'Authorization', action: 'added' as const, to: answer, reason: `The answer to the server's Digest challenge (a 401 for realm "${challenge.realm}", RFC 7616).` };
          current = { ...current, headers: withAuthorization(current.headers, answer), changes: [...current.changes, change] };
          isDigestAnswered = true;
          (challenges ??= []).push({ request: summarize(attempt.sent), response: exchange.head });
          continue;
        }
        const location = redirectToFollow(exchange.head, options);
        // Not a redirect that is followed: the body went to the caller's sink.
        if (location === undefined) return finish((challenges === undefined ? attempt : { ...attempt, challenges }) as Attempt<T>, hops, started);
        hops.push({ request: summarize(attempt.sent), response: exchange.head, location, connection: attempt.connection });
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
        isDigestAnswered = false;
      }
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
   * A reused connection that the server had already closed (FIN or RST before any response byte)
   * gets the request again on a fresh one, once, for idempotent methods only: a POST might have
   * been processed. Any other failure is rethrown.
   */
  private async retryIfStale<T>(err: unknown, first: Acquired, route: Route, request: WireRequest, options: SendOptions, hops: readonly RedirectHop[], openSink: BodySinkFactory<T>): Promise<Attempt<T | undefined>> {
    if (!(err instanceof HttpWireError)) throw err;
    const partial = (err.detail as { partial?: PartialExchange }).partial;
    const isStale = first.isReused && partial?.isBeforeResponse === true && (err.code === ErrorCodes.incomplete || err.code === ErrorCodes.connectionReset);
    if (isStale) this.pool.distrust(route.key);
    if (!isStale || !isIdempotent(request.method)) throw err;
    const fresh = await this.connectNew(route, options);
    return this.attemptDone(fresh, request, await this.exchangeOn(fresh, request, options, true, hops, openSink), true);
  }

  /**
   * Starts the exchange; SendOptions carry every ExchangeOptions field, so they go as they are.
   * The body of a redirect that will be followed is dropped; any other goes to the caller's sink.
   */
  private exchangeOn<T>(acquired: Acquired, request: WireRequest, options: SendOptions, isRetry: boolean, hops: readonly RedirectHop[], openSink: BodySinkFactory<T>): Promise<ExchangeResult<T | undefined>> {
    const open: OpenBody<T | undefined> = (start: ExchangeStart): BodySink<T | undefined> => {
      if (redirectToFollow(start.head, options) !== undefined || answerableDigest(start.head, request) !== undefined) return new DiscardSink();
      return openSink({
        request: summarize(request),
        informational: start.informational,
        response: start.head,
        contentCodings: start.codings,
        redirects: hops,
        connection: connectionInfo(acquired, isRetry),
        requestBytes: start.requestBytes,
        receivedBytes: start.receivedBytes,
      });
    };
    try {
      return runExchange(acquired.conn, request, options, open);
    } catch (err) {
      acquired.conn.destroy();
      throw err;
    }
  }

  /** Gives the connection back to the pool (or closes it) and tells which connection served. */
  private attemptDone<T>(acquired: Acquired, request: WireRequest, exchange: ExchangeResult<T>, isRetry: boolean): Attempt<T> {
    const conn = acquired.conn;
    this.pool.release(conn, exchange.isReusable, exchange.serverIdleMs);
    // A reused connection cost nothing to open.
    const t = acquired.isReused ? NO_CONNECT_TIMINGS : conn.connected.timings;
    return {
      exchange,
      sent: request,
      connection: connectionInfo(acquired, isRetry),
      connectMs: { dnsMs: t.dnsMs, connectMs: t.connectMs, tlsMs: t.tlsMs, proxyMs: acquired.isReused ? 0 : conn.proxyMs, acquireMs: acquired.acquireMs },
    };
  }

  /**
   * The connection a send waits on while it settles (see ConnectionPool.takeIdle), else a new one
   * when it proved closed. The wait ends within one turn of the event loop, so it listens for no
   * abort: a send cancelled meanwhile writes nothing, rejects with HW_ABORTED, and gives the
   * connection back to the pool.
   */
  private async acquireSettled(settling: Promise<Connection | undefined>, route: Route, options: SendOptions): Promise<Acquired> {
    const started = performance.now();
    const conn = await settling;
    if (conn === undefined) return this.connectNew(route, options);
    if (options.signal?.aborted === true) {
      this.pool.putBack(conn);
      throw new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.');
    }
    return { conn, isReused: true, acquireMs: performance.now() - started };
  }

  /** Opens a new connection for `route` (directly, or through its proxy). */
  private async connectNew(route: Route, options: SendOptions): Promise<Acquired> {
    const started = performance.now();
    const { connected, proxyMs } = await dialRoute(route, this.options.connector ?? defaultConnector, options);
    const conn = this.pool.adopt(route.key, connected, route.proxy === undefined ? undefined : { label: proxyLabel(route.proxy), ms: proxyMs });
    return { conn, isReused: false, acquireMs: performance.now() - started };
  }
}

/**
 * The defaults filled in. A caller that passes the same options object for many sends (the CLI
 * for every request without metadata) gets the same merged object back, not a new one per send.
 */
const merged = new WeakMap<Partial<SendOptions>, SendOptions>();
function withDefaults(partial: Partial<SendOptions> | undefined): SendOptions {
  if (partial === undefined) return DEFAULT_SEND_OPTIONS;
  let options = merged.get(partial);
  if (options === undefined) merged.set(partial, (options = { ...DEFAULT_SEND_OPTIONS, ...partial }));
  return options;
}

function finishStored(attempt: Attempt<StoredBody>, hops: readonly RedirectHop[], started: number): SendResult {
  return new StoredOutcome(attempt, hops, started);
}

/** The Digest challenge `request` answers with its credentials, when `head` is a 401 with one. */
function answerableDigest(head: ResponseHead, request: WireRequest): DigestChallenge | undefined {
  return request.digest === undefined ? undefined : digestChallengeOf(head);
}

/** The Location of a redirect that these options follow; undefined for any other response. */
function redirectToFollow(head: ResponseHead, options: SendOptions): string | undefined {
  return options.followRedirects && isRedirect(head.status) ? firstHeader(head.headers, 'location') : undefined;
}

function connectionInfo(acquired: Acquired, isRetry: boolean): ConnectionInfo {
  const conn = acquired.conn;
  const c = conn.connected;
  return {
    id: conn.id,
    requestIndex: conn.requestCount,
    isReused: acquired.isReused,
    remoteAddress: c.remoteAddress,
    remotePort: c.remotePort,
    attempts: c.attempts ?? [],
    tls: c.tls,
    proxy: conn.proxy,
    isRetry,
  };
}

interface Acquired {
  readonly conn: Connection;
  readonly isReused: boolean;
  readonly acquireMs: number;
}
