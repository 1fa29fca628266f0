import type { HttpWireError } from '../errors';
import type { BodySink } from '../response/body-sink';
import type { BodyStore } from '../response/body-store';
import type { RawHeader, ResponseHead } from '../response/model';
import type { CaptureSnapshot } from './capture';
import type { FramingDecision } from './framing';

// The shapes that go in and out of an exchange (exchange.ts), apart from its machinery.

export interface ExchangeOptions {
  /** From the request fully written to the end of the final header block. */
  readonly headersTimeoutMs: number;
  /** Longest silence between two body chunks. */
  readonly bodyTimeoutMs: number;
  readonly maxHeaderBytes: number;
  /** Limit of the body, on the bytes received and again on the decoded bytes. */
  readonly maxBodyBytes: number;
  readonly captureLimitBytes: number;
  /** How long to wait for 100 Continue before sending the body anyway (RFC 9110 §10.1.1). */
  readonly expectContinueTimeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Milliseconds from the start of the exchange. */
export interface ExchangeTimings {
  requestWrittenMs: number;
  firstByteMs: number;
  headersMs: number;
  doneMs: number;
}

/** What is known when the final head arrives: enough to choose where its body goes. */
export interface ExchangeStart {
  readonly informational: readonly ResponseHead[];
  readonly head: ResponseHead;
  /** Content codings, then transfer codings other than chunked, in the order applied. */
  readonly codings: readonly string[];
  /** The request bytes written so far (all of them, unless the server answered early). */
  requestBytes(): Buffer;
  /** How many bytes of the response have arrived so far, head included: a slow body's progress. */
  receivedBytes(): number;
}

/** Makes the sink of the final response's body. */
export type OpenBody<T> = (start: ExchangeStart) => BodySink<T>;

/** One request and its final response, with everything seen on the way. */
export interface ExchangeResult<T> {
  readonly informational: readonly ResponseHead[];
  readonly head: ResponseHead;
  readonly trailers: readonly RawHeader[];
  /** What the sink finished with. */
  readonly body: T;
  readonly codings: readonly string[];
  /** The codings could not be undone; the sink saw the raw body in full. */
  readonly decodeError: HttpWireError | undefined;
  readonly framing: FramingDecision;
  readonly capture: CaptureSnapshot;
  readonly timings: ExchangeTimings;
  /** Could the connection carry another request? */
  readonly isReusable: boolean;
  /** The server's `Keep-Alive: timeout=N`, in ms. */
  readonly serverIdleMs: number | undefined;
  /** Set when the request's framing was in doubt (see request-framing.ts): never reusable then. */
  readonly framingDoubt: string | undefined;
  /** What reading the body noted that is no error: bytes ignored after its gzip data. */
  readonly bodyWarnings: readonly string[];
}

/** What an exchange that failed had seen, attached to its error as `detail.partial`. */
export interface PartialExchange {
  readonly informational: readonly ResponseHead[];
  readonly head: ResponseHead | undefined;
  readonly capture: CaptureSnapshot;
  readonly bodyBytes: number;
  /**
   * The body bytes received before the failure, when the sink kept them (the store sink does).
   * Whoever handles the error owns this store: dispose it when done (at the latest, the exit
   * hooks of live-temp-files.ts delete its file).
   */
  readonly rawBody?: BodyStore;
  /** True when no response byte had arrived: a reused connection may be retried. */
  readonly isBeforeResponse: boolean;
}
