import type { HttpWireError } from '../errors';
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

/** Everything one send produced. Call `dispose()` to free the body (and its temporary file). */
export interface SendResult {
  readonly request: SentRequest;
  readonly informational: readonly ResponseHead[];
  readonly response: ResponseHead;
  readonly trailers: readonly RawHeader[];
  /** The body as received, chunked framing removed, content codings still applied. */
  readonly rawBody: BodyStore;
  /** The body with content codings undone; the same store as rawBody when there were none. */
  readonly body: BodyStore;
  readonly contentCodings: readonly string[];
  /** Set when the body could not be decoded: `body` is then the raw body. */
  readonly decodeError: HttpWireError | undefined;
  readonly redirects: readonly RedirectHop[];
  readonly url: string;
  readonly connection: ConnectionInfo;
  readonly timings: Timings;
  readonly capture: CaptureSnapshot;
  readonly warnings: readonly string[];
  dispose(): void;
}
