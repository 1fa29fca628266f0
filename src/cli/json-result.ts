import { errorClassOf, HttpWireError } from '../core/errors';
import type { BodyDigest } from '../core/response/body-sink';
import type { BodyStore } from '../core/response/body-store';
import { isTextBody, SNIFF_BYTES, TextStreamDecoder } from '../core/response/charset';
import { firstHeader, type ResponseHead } from '../core/response/model';
import type { PartialExchange } from '../core/wire/exchange';
import type { RedirectHop, SendResult, SinkSendResult } from '../core/wire/send-result';
import type { AddressAttempt } from '../core/wire/happy-eyeballs';
import type { WireRequest } from '../core/wire/wire-request';
import type { SecretMasker } from '../core/secret-masker';
import { newPlaceholder, type StreamedStrings } from './json-output';

export type BodyMode = 'full' | 'digest';

function headJson(h: ResponseHead, masker: SecretMasker): object {
  return { httpVersion: h.httpVersion, status: h.status, reason: h.reason, headers: masker.maskHeaders(h.headers) };
}

/** `--body digest`: the hash and length, nothing of the bytes. */
export function digestBodyJson(digest: BodyDigest): object {
  return { sha256: digest.sha256, length: digest.length };
}

/**
 * 48 KiB of bytes, 64 KiB of base64: strings this small die young in V8's new space, where
 * 1 MiB ones would pile up in the old space until a full collection (measured: 183 MB peak RSS
 * for a 256 MiB body in 1 MiB pieces).
 */
const BASE64_PIECE_BYTES = 48 * 1024;

/** Base64 of a stored body, in pieces of whole 3-byte groups (so they join into one string). */
function* base64Pieces(store: BodyStore): Generator<string> {
  let rest = Buffer.alloc(0);
  for (const chunk of store.chunksSync()) {
    const bytes = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    const whole = bytes.length - (bytes.length % 3);
    for (let at = 0; at < whole; at += BASE64_PIECE_BYTES) yield bytes.toString('base64', at, Math.min(whole, at + BASE64_PIECE_BYTES));
    rest = Buffer.from(bytes.subarray(whole));
  }
  if (rest.length > 0) yield rest.toString('base64');
}

function* textPieces(store: BodyStore, contentType: string | undefined): Generator<string> {
  const decoder = new TextStreamDecoder(contentType);
  for (const chunk of store.chunksSync()) yield decoder.write(chunk);
  yield decoder.end();
}

/**
 * `--body full`: base64 of the body, and its text when it is text, both streamed from the store
 * by JsonResultsWriter (a 1 GB body is never one string).
 */
export function storedBodyJson(result: SendResult): { body: object; streamed: StreamedStrings } {
  const body = result.body;
  const contentType = firstHeader(result.response.headers, 'content-type');
  const isText = isTextBody(contentType, body.toBuffer(SNIFF_BYTES));
  const base64 = newPlaceholder();
  const streamed = new Map<string, () => Iterable<string>>([[base64, () => base64Pieces(body)]]);
  if (!isText || result.decodeError !== undefined) return { body: { base64, length: body.length }, streamed };
  const text = newPlaceholder();
  streamed.set(text, () => textPieces(body, contentType));
  return { body: { base64, length: body.length, text }, streamed };
}

function redirectsJson(hops: readonly RedirectHop[], masker: SecretMasker): object[] {
  return hops.map((h) => ({ status: h.response.status, url: masker.maskText(h.request.url), location: masker.maskText(h.location) }));
}

function errorJson(err: HttpWireError, masker: SecretMasker): object {
  return { class: errorClassOf(err.code), code: err.code, message: masker.maskText(err.message) };
}

/**
 * Which request of the file a result is: its `# @name` (null without one) and the 1-based line of
 * its request line in the JSON; `method` and `url` (as parsed) stand in for a failure with
 * nothing prepared.
 */
export interface RequestOfFile {
  readonly name: string | undefined;
  /** 0-based, as in the model. */
  readonly line: number;
  readonly method: string;
  readonly url: string | null;
  /** A dependency: the request (its name or request line) it was sent first for; `--name me` gives login's result too. */
  readonly sentFirstFor?: string;
}

/**
 * One entry of `results` for a request that got a response; `body` from digestBodyJson or
 * storedBodyJson. Secrets masked by `masker`.
 */
export function resultJson(of: RequestOfFile, result: SinkSendResult<unknown>, body: object, includeBytes: boolean, masker: SecretMasker): object {
  const first = result.redirects[0]?.request ?? result.request;
  const response = result.response;
  const connection = result.connection;
  const timings = result.timings;
  // Written out property by property, without spreads: one of these per request of a --json run,
  // where spreading cost as much as JSON.stringify of the whole (4 µs of a send's ~130).
  const request: Record<string, unknown> = { name: of.name ?? null, line: of.line + 1, sentFirstFor: of.sentFirstFor === undefined ? null : masker.maskText(of.sentFirstFor), method: first.method, url: masker.maskText(first.url), headersSent: masker.maskHeaders(first.headers) };
  if (includeBytes) request.bytesSent = masker.maskBytes(result.capture.sent).toString('base64');
  return {
    request,
    response: {
      httpVersion: response.httpVersion,
      status: response.status,
      reason: response.reason,
      headers: masker.maskHeaders(response.headers),
      trailers: masker.maskHeaders(result.trailers),
      informational: result.informational.length === 0 ? [] : result.informational.map((h) => headJson(h, masker)),
      body,
      redirects: result.redirects.length === 0 ? [] : redirectsJson(result.redirects, masker),
      // The 401s whose Digest challenge was answered before this response.
      challenges: result.challenges === undefined ? [] : result.challenges.map((c) => ({ url: masker.maskText(c.request.url), ...headJson(c.response, masker) })),
      url: masker.maskText(result.url),
    },
    error: result.decodeError ? errorJson(result.decodeError, masker) : null,
    capture: {
      limitBytes: result.capture.limitBytes,
      sentBytes: result.capture.sentBytes,
      receivedBytes: result.capture.receivedBytes,
      isTruncated: result.capture.isTruncated,
    },
    connection: {
      id: connection.id,
      requestIndex: connection.requestIndex,
      reused: connection.isReused,
      retried: connection.isRetry,
      remoteAddress: connection.remoteAddress,
      remotePort: connection.remotePort,
      attempts: attemptsJson(connection.attempts),
      proxy: connection.proxy ?? null,
      tls: connection.tls ?? null,
    },
    warnings: result.warnings.length === 0 ? [] : result.warnings.map((w) => masker.maskText(w)),
    timings: {
      totalMs: toMicroseconds(timings.totalMs),
      firstByteMs: toMicroseconds(timings.firstByteMs),
      connectMs: toMicroseconds(timings.connectMs),
      dnsMs: toMicroseconds(timings.dnsMs),
      tlsMs: toMicroseconds(timings.tlsMs),
      proxyMs: toMicroseconds(timings.proxyMs),
      downloadMs: toMicroseconds(timings.downloadMs),
      reused: connection.isReused,
      connectionId: connection.id,
      requestIndex: connection.requestIndex,
    },
  };
}

/** A connection's address attempts, their times to the microsecond: made once per connection, not per request on it. */
const roundedAttempts = new WeakMap<readonly AddressAttempt[], readonly AddressAttempt[]>();
function attemptsJson(attempts: readonly AddressAttempt[]): readonly AddressAttempt[] {
  let rounded = roundedAttempts.get(attempts);
  if (rounded === undefined) roundedAttempts.set(attempts, (rounded = attempts.map((a) => ({ ...a, startMs: toMicroseconds(a.startMs) }))));
  return rounded;
}

/**
 * Milliseconds to the microsecond: the clock says no more (performance.now() on a loopback send
 * gave `0.07383000000000095`), and shorter numbers are quicker to write and to read.
 */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** One entry of `results` for a request that failed; what was received so far is kept. */
export function failureJson(err: HttpWireError, request: WireRequest | undefined, fallback: RequestOfFile, includeBytes: boolean, masker: SecretMasker): object {
  const partial = (err.detail as { partial?: PartialExchange }).partial;
  const hops = (err.detail as { redirects?: RedirectHop[] }).redirects ?? [];
  return {
    request: {
      name: fallback.name ?? null,
      line: fallback.line + 1,
      sentFirstFor: fallback.sentFirstFor === undefined ? null : masker.maskText(fallback.sentFirstFor),
      method: request?.method ?? fallback.method,
      url: masker.maskText(request?.url.href ?? fallback.url ?? '') || null,
      headersSent: masker.maskHeaders(hops[0]?.request.headers ?? request?.headers ?? []),
      ...(includeBytes && partial ? { bytesSent: masker.maskBytes(partial.capture.sent).toString('base64') } : {}),
    },
    response: partial?.head ? { ...headJson(partial.head, masker), partial: true, redirects: redirectsJson(hops, masker) } : null,
    // A loop or too many redirects: no response to hold them, the hops followed are still told.
    ...(partial?.head === undefined && hops.length > 0 ? { redirects: redirectsJson(hops, masker) } : {}),
    ...(partial ? { received: { base64: masker.maskBytes(partial.capture.received).toString('base64'), length: partial.capture.receivedBytes } } : {}),
    error: errorJson(err, masker),
    timings: null,
  };
}
