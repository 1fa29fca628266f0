import type { HttpWireError } from '../errors';
import type { StoredBody } from '../response/body-sink';
import type { BodyStore } from '../response/body-store';
import type { RawHeader, ResponseHead } from '../response/model';
import type { CaptureSnapshot } from './capture';
import type { ExchangeResult } from './exchange';
import type { AuthChallenge, ConnectionInfo, RedirectHop, SendResult, SentRequest, SinkSendResult, Timings } from './send-result';
import { bodyLength, type WireRequest } from './wire-request';

/** The final exchange of a send, with how its connection was had. */
export interface FinishedAttempt<T> {
  readonly exchange: ExchangeResult<T>;
  readonly connection: ConnectionInfo;
  readonly connectMs: { readonly dnsMs: number; readonly connectMs: number; readonly tlsMs: number; readonly proxyMs: number; readonly acquireMs: number };
  readonly sent: WireRequest;
  /** The Digest challenges answered before this exchange (see AuthChallenge). */
  readonly challenges?: readonly AuthChallenge[];
}

/**
 * The URL a request went to as its bytes name it: the origin, then the request-target as written
 * (`/search?x='y'`), not as a URL object re-serializes it (`x=%27y%27`); an absolute target (to a
 * proxy) as it is; `OPTIONS *`, and a request read back from the history (which keeps this form
 * as its URL), by the URL. What the panel's request line and the history show.
 */
export function sentUrlOf(request: Pick<SentRequest, 'url' | 'target'>): string {
  if (request.target === '' || request.target === '*') return request.url;
  if (!request.target.startsWith('/')) return request.target;
  try {
    return new URL(request.url).origin + request.target;
  } catch {
    return request.url;
  }
}

export function summarize(request: WireRequest): SentRequest {
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
 * A SinkSendResult, made by plain stores in a constructor: every keep-alive request makes one,
 * and copying one object into another with a spread cost ~3 µs each (measured on Node 20).
 */
export class SinkOutcome<T> implements SinkSendResult<T> {
  readonly request: SentRequest;
  readonly informational: readonly ResponseHead[];
  readonly response: ResponseHead;
  readonly trailers: readonly RawHeader[];
  readonly contentCodings: readonly string[];
  readonly decodeError: HttpWireError | undefined;
  readonly url: string;
  readonly connection: ConnectionInfo;
  readonly timings: Timings;
  readonly capture: CaptureSnapshot;
  readonly warnings: readonly string[];
  readonly challenges?: readonly AuthChallenge[];

  constructor(
    attempt: FinishedAttempt<unknown>,
    readonly redirects: readonly RedirectHop[],
    started: number,
    readonly body: T,
  ) {
    const { exchange, connectMs, sent } = attempt;
    const t = exchange.timings;
    this.request = summarize(sent);
    this.informational = exchange.informational;
    this.response = exchange.head;
    this.trailers = exchange.trailers;
    this.contentCodings = exchange.codings;
    this.decodeError = exchange.decodeError;
    this.url = sent.url.href;
    this.connection = attempt.connection;
    this.timings = {
      dnsMs: connectMs.dnsMs,
      connectMs: connectMs.connectMs,
      tlsMs: connectMs.tlsMs,
      proxyMs: connectMs.proxyMs,
      sendMs: Math.max(0, t.requestWrittenMs),
      waitMs: t.firstByteMs >= 0 && t.requestWrittenMs >= 0 ? Math.max(0, t.firstByteMs - t.requestWrittenMs) : 0,
      downloadMs: t.doneMs - Math.max(0, t.firstByteMs),
      firstByteMs: connectMs.acquireMs + Math.max(0, t.firstByteMs),
      totalMs: performance.now() - started,
    };
    this.capture = exchange.capture;
    if (attempt.challenges !== undefined) this.challenges = attempt.challenges;
    const framingWarnings = exchange.framingDoubt === undefined ? exchange.framing.warnings : [...exchange.framing.warnings, exchange.framingDoubt];
    this.warnings = exchange.bodyWarnings.length === 0 ? framingWarnings : [...framingWarnings, ...exchange.bodyWarnings];
  }
}

/** A SendResult: the body stored as received and decoded. */
export class StoredOutcome extends SinkOutcome<BodyStore> implements SendResult {
  readonly rawBody: BodyStore;

  constructor(attempt: FinishedAttempt<StoredBody>, redirects: readonly RedirectHop[], started: number) {
    super(attempt, redirects, started, attempt.exchange.body.body);
    this.rawBody = attempt.exchange.body.rawBody;
  }

  /** An own function, not a method: callers may pass `result.dispose` around. */
  readonly dispose = (): void => {
    this.rawBody.dispose();
    if (this.body !== this.rawBody) this.body.dispose();
  };
}
