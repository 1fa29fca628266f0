import { createHash } from 'node:crypto';
import { errorClassOf, ErrorCodes, HttpWireError } from '../core/errors';
import { decodeText, isTextType, looksLikeText } from '../core/response/charset';
import { firstHeader, type ResponseHead } from '../core/response/model';
import type { PartialExchange } from '../core/wire/exchange';
import type { RedirectHop, SendResult } from '../core/wire/send-result';
import type { WireRequest } from '../core/wire/wire-request';
import type { SecretMasker } from '../core/secret-masker';

export type BodyMode = 'full' | 'digest';

function headJson(h: ResponseHead): object {
  return { httpVersion: h.httpVersion, status: h.status, reason: h.reason, headers: h.headers };
}

function bodyJson(result: SendResult, mode: BodyMode): object {
  const body = result.body;
  if (mode === 'digest') {
    const hash = createHash('sha256');
    for (const chunk of body.chunksSync()) hash.update(chunk);
    return { sha256: hash.digest('hex'), length: body.length };
  }
  const bytes = body.toBuffer();
  const contentType = firstHeader(result.response.headers, 'content-type');
  const isText = contentType !== undefined ? isTextType(contentType) : looksLikeText(bytes.subarray(0, 4096));
  return { base64: bytes.toString('base64'), length: bytes.length, ...(isText && result.decodeError === undefined ? { text: decodeText(bytes, contentType).text } : {}) };
}

function redirectsJson(hops: readonly RedirectHop[], masker: SecretMasker): object[] {
  return hops.map((h) => ({ status: h.response.status, url: masker.maskText(h.request.url), location: masker.maskText(h.location) }));
}

function errorJson(err: HttpWireError, masker: SecretMasker): object {
  return { class: errorClassOf(err.code), code: err.code, message: masker.maskText(err.message) };
}

/** One entry of `results` for a request that got a response; secrets masked by `masker`. */
export function resultJson(result: SendResult, mode: BodyMode, includeBytes: boolean, masker: SecretMasker): object {
  const first = result.redirects[0]?.request ?? result.request;
  return {
    request: {
      method: first.method,
      url: masker.maskText(first.url),
      headersSent: masker.maskHeaders(first.headers),
      ...(includeBytes ? { bytesSent: masker.maskBytes(result.capture.sent).toString('base64') } : {}),
    },
    response: {
      ...headJson(result.response),
      trailers: result.trailers,
      informational: result.informational.map(headJson),
      body: bodyJson(result, mode),
      redirects: redirectsJson(result.redirects, masker),
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
      id: result.connection.id,
      requestIndex: result.connection.requestIndex,
      reused: result.connection.isReused,
      retried: result.connection.isRetry,
      remoteAddress: result.connection.remoteAddress,
      remotePort: result.connection.remotePort,
      attempts: result.connection.attempts,
      proxy: result.connection.proxy ?? null,
      tls: result.connection.tls ?? null,
    },
    warnings: result.warnings.map((w) => masker.maskText(w)),
    timings: {
      totalMs: result.timings.totalMs,
      firstByteMs: result.timings.firstByteMs,
      connectMs: result.timings.connectMs,
      dnsMs: result.timings.dnsMs,
      tlsMs: result.timings.tlsMs,
      proxyMs: result.timings.proxyMs,
      downloadMs: result.timings.downloadMs,
      reused: result.connection.isReused,
      connectionId: result.connection.id,
      requestIndex: result.connection.requestIndex,
    },
  };
}

/** One entry of `results` for a request that failed; what was received so far is kept. */
export function failureJson(err: HttpWireError, request: WireRequest | undefined, fallback: { method: string; url: string | null }, includeBytes: boolean, masker: SecretMasker): object {
  const partial = (err.detail as { partial?: PartialExchange }).partial;
  const hops = (err.detail as { redirects?: RedirectHop[] }).redirects ?? [];
  return {
    request: {
      method: request?.method ?? fallback.method,
      url: masker.maskText(request?.url.href ?? fallback.url ?? '') || null,
      headersSent: masker.maskHeaders(hops[0]?.request.headers ?? request?.headers ?? []),
      ...(includeBytes && partial ? { bytesSent: masker.maskBytes(partial.capture.sent).toString('base64') } : {}),
    },
    response: partial?.head ? { ...headJson(partial.head), partial: true, redirects: redirectsJson(hops, masker) } : null,
    ...(partial ? { received: { base64: partial.capture.received.toString('base64'), length: partial.capture.receivedBytes } } : {}),
    error: errorJson(err, masker),
    timings: null,
  };
}

export function asWireError(err: unknown): HttpWireError {
  return err instanceof HttpWireError ? err : new HttpWireError(ErrorCodes.connect, (err as Error)?.message ?? String(err), {}, err);
}
