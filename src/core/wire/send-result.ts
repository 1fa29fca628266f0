import type { HttpWireError } from '../errors';
import type { BodySink } from '../response/body-sink';
import type { BodyStore } from '../response/body-store';
import type { RawHeader, ResponseHead } from '../response/model';
import type { CaptureSnapshot } from './capture';
import type { TlsInfo } from './connect';
import type { AddressAttempt } from './happy-eyeballs';
import type { HeaderChange } from './wire-request';

/** Which connection carried a response. */
export interface ConnectionInfo {
  /** Numbered from 1 per client. */
  readonly id: number;
  /** 1 for the first request on this connection. */
  readonly requestIndex: number;
  readonly isReused: boolean;
  /** The address that served: of the host, or of the proxy when there is one. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Every address tried when the connection was opened, and how each fared (Happy Eyeballs). */
  readonly attempts: readonly AddressAttempt[];
  /** The connection's TLS: with the origin, or with an https:// proxy for an http:// URL through it. */
  readonly tls: TlsInfo | undefined;
  /** The proxy it goes through, without credentials. */
  readonly proxy: string | undefined;
  /** True when the first attempt met a closed keep-alive socket and the request was sent again. */
  readonly isRetry: boolean;
}

/** Durations in ms; dns, connect, tls and proxy are 0 on a reused connection. */
export interface Timings {
  readonly dnsMs: number;
  readonly connectMs: number;
  readonly tlsMs: number;
  readonly proxyMs: number;
  /** From the start of the final exchange to its last request byte written. */
  readonly sendMs: number;
  /** From the request written to the first response byte. */
  readonly waitMs: number;
  readonly downloadMs: number;
  /** From the start of the send (connection included) to the first response byte. */
  readonly firstByteMs: number;
  /** The whole send, redirects included. */
  readonly totalMs: number;
}

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  readonly httpVersion: string;
  readonly headers: readonly RawHeader[];
  readonly changes: readonly HeaderChange[];
  readonly bodyBytes: number;
}

/** A response that was a redirect, kept to show the chain hop by hop. */
export interface RedirectHop {
  readonly request: SentRequest;
  readonly response: ResponseHead;
  readonly location: string;
  readonly connection: ConnectionInfo;
}

/**
 * A 401 whose Digest challenge the client answered by sending the request again (RFC 7616): the
 * exchange before the answer, kept to be shown, as a redirect's is.
 */
export interface AuthChallenge {
  readonly request: SentRequest;
  readonly response: ResponseHead;
}

/** What is known when the final response's head arrives, before its body: given to a BodySinkFactory. */
export interface ResponseStart {
  /** The request of the final exchange. */
  readonly request: SentRequest;
  readonly informational: readonly ResponseHead[];
  readonly response: ResponseHead;
  /** Content codings, then transfer codings other than chunked, in the order applied. */
  readonly contentCodings: readonly string[];
  readonly redirects: readonly RedirectHop[];
  readonly connection: ConnectionInfo;
  /** The request bytes as written on the wire (the capture's sent side). */
  requestBytes(): Buffer;
  /** The response bytes arrived so far, head included (a slow body's progress). */
  receivedBytes(): number;
}

/**
 * Chooses where the final response's body goes (see body-sink.ts): a store for display, a
 * digest, a stream. Called once per send, never for the body of a redirect that is followed.
 */
export type BodySinkFactory<T> = (start: ResponseStart) => BodySink<T>;

/** Everything one send produced, its body as the sink finished it. */
export interface SinkSendResult<T> {
  readonly request: SentRequest;
  readonly informational: readonly ResponseHead[];
  readonly response: ResponseHead;
  readonly trailers: readonly RawHeader[];
  /** What the sink finished with. */
  readonly body: T;
  /** Content codings, then transfer codings other than chunked, in the order applied. */
  readonly contentCodings: readonly string[];
  /** Set when the body could not be decoded: the sink then had the raw body in full. */
  readonly decodeError: HttpWireError | undefined;
  readonly redirects: readonly RedirectHop[];
  /** Digest challenges answered on the way, in order (absent where none could be: a result read back from the history). */
  readonly challenges?: readonly AuthChallenge[];
  readonly url: string;
  readonly connection: ConnectionInfo;
  readonly timings: Timings;
  readonly capture: CaptureSnapshot;
  readonly warnings: readonly string[];
}

/**
 * A send whose body was stored (`HttpClient.send`): `body` has the codings undone, and is the
 * same store as rawBody when there were none or when they could not be undone. Call `dispose()`
 * to free both and their temporary files.
 */
export interface SendResult extends SinkSendResult<BodyStore> {
  /** The body as received, chunked framing removed, codings still applied. */
  readonly rawBody: BodyStore;
  dispose(): void;
}
