import { createReadStream } from 'node:fs';
import { ErrorCodes, HttpWireError } from '../errors';
import { BodyStore, type BodyStoreOptions } from '../response/body-store';
import { firstHeader, type RawHeader, type ResponseHead } from '../response/model';
import { ByteCapture, type CaptureSnapshot } from './capture';
import type { Connection } from './connection';
import type { FramingDecision } from './framing';
import { ResponseParser } from './response-parser';
import { serializeHead } from './serialize';
import type { WireRequest } from './wire-request';

export interface ExchangeOptions {
  /** From the request fully written to the end of the final header block. */
  readonly headersTimeoutMs: number;
  /** Longest silence between two body chunks. */
  readonly bodyTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly captureLimitBytes: number;
  readonly bodyStore: BodyStoreOptions;
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

/** One request and its final response, with everything seen on the way. */
export interface ExchangeResult {
  readonly informational: readonly ResponseHead[];
  readonly head: ResponseHead;
  readonly trailers: readonly RawHeader[];
  /** The body with chunked framing removed; content codings (gzip...) still applied. */
  readonly body: BodyStore;
  readonly framing: FramingDecision;
  readonly capture: CaptureSnapshot;
  readonly timings: ExchangeTimings;
  /** Could the connection carry another request? */
  readonly isReusable: boolean;
  /** The server's `Keep-Alive: timeout=N`, in ms. */
  readonly serverIdleMs: number | undefined;
}

/** What an exchange that failed had seen, attached to its error as `detail.partial`. */
export interface PartialExchange {
  readonly informational: readonly ResponseHead[];
  readonly head: ResponseHead | undefined;
  readonly capture: CaptureSnapshot;
  readonly bodyBytes: number;
  /** True when no response byte had arrived: a reused connection may be retried. */
  readonly isBeforeResponse: boolean;
}

/** More 1xx answers than this before the final one is a misbehaving server, not a slow one. */
const MAX_INFORMATIONAL = 100;

/**
 * What was thrown while handling response bytes, as one of our errors: the parser throws
 * HttpWireError, but storing the body can fail too (ENOSPC while spilling to its temp file), and
 * that must end this exchange cleanly, not the process.
 */
function asWireError(err: unknown): HttpWireError {
  if (err instanceof HttpWireError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.syscall !== undefined) return new HttpWireError(ErrorCodes.file, `Could not store the response body: ${e.message}`, { sysCode: e.code }, err);
  return new HttpWireError(ErrorCodes.protocol, `Reading the response failed: ${e?.message ?? String(err)}`, {}, err);
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

function keepAliveTimeoutMs(headers: readonly RawHeader[]): number | undefined {
  const m = /(?:^|[,\s])timeout=(\d+)/i.exec(firstHeader(headers, 'keep-alive') ?? '');
  return m ? Number(m[1]) * 1000 : undefined;
}

/**
 * Writes `request` on `conn` and reads its response. Settles exactly once: on the complete
 * response, or with an HttpWireError (the socket destroyed, `detail.partial` holding what was
 * received). Error codes: HW_HEADERS_TIMEOUT, HW_BODY_TIMEOUT, HW_CONNECTION_RESET,
 * HW_INCOMPLETE, HW_PROTOCOL, HW_RESPONSE_TOO_LARGE, HW_ABORTED, HW_FILE, HW_INVALID_REQUEST.
 */
export function runExchange(conn: Connection, request: WireRequest, options: ExchangeOptions): Promise<ExchangeResult> {
  // The client validated the request before opening a connection.
  const head = serializeHead(request, false);
  return new Promise<ExchangeResult>((resolve, reject) => {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    const capture = new ByteCapture(options.captureLimitBytes);
    const informational: ResponseHead[] = [];
    const timings: ExchangeTimings = { requestWrittenMs: -1, firstByteMs: -1, headersMs: -1, doneMs: -1 };
    const isHead = request.method === 'HEAD';
    const expectsContinue = request.body.length > 0 && /^100-continue$/i.test(firstHeader(request.headers, 'expect')?.trim() ?? '');
    let finalHead: ResponseHead | undefined;
    let decision: FramingDecision | undefined;
    let body: BodyStore | undefined;
    let hasExtraBytes = false;
    let isRequestWritten = false;
    let isSettled = false;
    let timer: NodeJS.Timeout | undefined;
    let continueWaiter: (() => void) | undefined;
    let completedTrailers: readonly RawHeader[] = [];

    // One Timeout per exchange, re-aimed rather than re-made when the next phase has the same
    // limit (headers and body both default to 30 s): timers are a real cost at 5,000 requests/s.
    let timerMs = -1;
    let makeTimeoutError: () => HttpWireError = () => new HttpWireError(ErrorCodes.headersTimeout, 'Timed out.');
    const setTimer = (ms: number, make: () => HttpWireError): void => {
      makeTimeoutError = make;
      if (timer !== undefined && timerMs === ms) {
        timer.refresh();
        return;
      }
      if (timer !== undefined) clearTimeout(timer);
      timerMs = ms;
      timer = setTimeout(() => fail(makeTimeoutError()), ms);
    };
    const clear = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      options.signal?.removeEventListener('abort', onAbort);
      // Ends a wait for 100 Continue, and with it that wait's timer.
      continueWaiter?.();
    };
    const fail = (err: HttpWireError): void => {
      if (isSettled) return;
      isSettled = true;
      clear();
      conn.detach();
      conn.destroy();
      body?.dispose();
      const partial: PartialExchange = { informational, head: finalHead, capture: capture.snapshot(), bodyBytes: body?.length ?? 0, isBeforeResponse: capture.receivedBytes === 0 };
      (err.detail as { partial?: PartialExchange }).partial = partial;
      reject(err);
    };
    const succeed = (trailers: readonly RawHeader[]): void => {
      if (isSettled) return;
      isSettled = true;
      clear();
      timings.doneMs = elapsed();
      const connectionHeader = (firstHeader(request.headers, 'connection') ?? '').toLowerCase();
      const asksClose = request.httpVersion === 'HTTP/1.0' ? !/keep-alive/.test(connectionHeader) : /\bclose\b/.test(connectionHeader);
      resolve({
        informational,
        head: finalHead!,
        trailers,
        body: body!,
        framing: decision!,
        capture: capture.snapshot(),
        timings,
        isReusable: decision!.isKeepAlive && isRequestWritten && !hasExtraBytes && !asksClose,
        serverIdleMs: keepAliveTimeoutMs(finalHead!.headers),
      });
    };
    const onAbort = (): void => fail(new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));

    const parser = new ResponseParser(
      { isHeadRequest: isHead, maxHeaderBytes: options.maxHeaderBytes },
      {
        onInformational: (h) => {
          if (informational.length >= MAX_INFORMATIONAL) {
            throw new HttpWireError(ErrorCodes.protocol, `The server sent more than ${MAX_INFORMATIONAL} informational (1xx) responses.`);
          }
          informational.push(h);
          if (h.status === 100) continueWaiter?.();
        },
        onHead: (h, d) => {
          finalHead = h;
          decision = d;
          timings.headersMs = elapsed();
          body = new BodyStore(options.bodyStore);
          // A final answer before we sent the body: the server will not read it (RFC 9110 §10.1.1).
          continueWaiter?.();
          setTimer(options.bodyTimeoutMs, () => new HttpWireError(ErrorCodes.bodyTimeout, `No body data for ${options.bodyTimeoutMs} ms.`));
        },
        onBody: (chunk) => {
          body!.append(chunk);
          timer?.refresh();
        },
        onComplete: (trailers) => {
          // Settled by the caller of execute() or finish(), once it knows about leftover bytes.
          completedTrailers = trailers;
        },
      },
    );

    const describeReset = (): string => (capture.receivedBytes === 0 ? 'before any response byte' : finalHead ? `after ${body?.length ?? 0} body bytes` : 'in the middle of the headers');
    conn.attach({
      onData: (chunk) => {
        if (isSettled) return;
        if (timings.firstByteMs < 0) timings.firstByteMs = elapsed();
        capture.onReceived(chunk);
        try {
          const used = parser.execute(chunk);
          if (parser.isComplete) {
            // Bytes after a complete response (a body after a HEAD answer, a second answer) mean
            // the server and we disagree on framing: the connection must not be reused.
            hasExtraBytes = used < chunk.length;
            succeed(completedTrailers);
          }
        } catch (err) {
          fail(asWireError(err));
        }
      },
      onEnd: () => {
        try {
          parser.finish();
          succeed(completedTrailers);
        } catch (err) {
          fail(asWireError(err));
        }
      },
      onError: (err) => {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== undefined && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
          // TLS 1.3 sends some handshake alerts (a required client certificate) after the client
          // thinks the handshake is done, so they arrive here rather than in connect.
          fail(new HttpWireError(ErrorCodes.tls, `The server ended the TLS session ${describeReset()}: ${err.message}`, { tlsCode: code }, err));
        } else if (code === 'ECONNRESET' || code === 'EPIPE') {
          fail(new HttpWireError(ErrorCodes.connectionReset, `The server reset the connection ${describeReset()}.`, { sysCode: code }, err));
        } else {
          fail(new HttpWireError(ErrorCodes.connectionReset, `The connection failed ${describeReset()}: ${err.message}`, { sysCode: code }, err));
        }
      },
      onClose: () => {
        if (isSettled) return;
        try {
          parser.finish();
          succeed(completedTrailers);
        } catch (err) {
          fail(asWireError(err));
        }
      },
    });

    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const write = (chunk: Buffer): Promise<void> => {
      capture.onSent(chunk);
      // While writing, the same limit guards a server that stops reading the request.
      if (finalHead === undefined) timer?.refresh();
      if (conn.socket.write(chunk)) return Promise.resolve();
      return new Promise<void>((ok) => {
        const done = (): void => {
          conn.socket.removeListener('drain', done);
          conn.socket.removeListener('close', done);
          ok();
        };
        conn.socket.once('drain', done);
        conn.socket.once('close', done);
      });
    };

    const sendBody = async (): Promise<void> => {
      for (const part of request.body) {
        if (isSettled || finalHead) return;
        if (part.type === 'bytes') {
          await write(part.bytes);
          continue;
        }
        // Streamed: a 1 GB upload never sits in memory. Content-Length came from the file's size
        // when the request was prepared, so exactly that many bytes go out, or the send fails.
        if (part.size === 0) continue;
        let sent = 0;
        for await (const chunk of createReadStream(part.path, { end: part.size - 1 })) {
          if (isSettled || finalHead) return;
          sent += (chunk as Buffer).length;
          await write(chunk as Buffer);
        }
        if (sent < part.size) {
          throw new HttpWireError(ErrorCodes.file, `${part.path} shrank while it was being sent (${sent} of ${part.size} bytes); the request was cut off.`, { path: part.path });
        }
      }
    };

    const waitForContinue = (): Promise<void> =>
      new Promise<void>((ok) => {
        const t = setTimeout(() => done(), options.expectContinueTimeoutMs);
        const done = (): void => {
          clearTimeout(t);
          continueWaiter = undefined;
          ok();
        };
        continueWaiter = done;
      });

    conn.requestCount++;
    setTimer(options.headersTimeoutMs, () => new HttpWireError(ErrorCodes.headersTimeout, `The server stopped reading the request for ${options.headersTimeoutMs} ms.`));
    (async () => {
      await write(head);
      if (expectsContinue) await waitForContinue();
      if (finalHead === undefined) await sendBody();
      if (isSettled) return;
      isRequestWritten = finalHead === undefined || request.body.length === 0;
      timings.requestWrittenMs = elapsed();
      if (finalHead === undefined) {
        setTimer(options.headersTimeoutMs, () => new HttpWireError(ErrorCodes.headersTimeout, `No response headers within ${options.headersTimeoutMs} ms of sending the request.`));
      }
    })().catch((err: unknown) => {
      const e = err as NodeJS.ErrnoException;
      fail(e instanceof HttpWireError ? e : new HttpWireError(ErrorCodes.file, `Could not read the body file: ${e.message}`, { sysCode: e.code }, e));
    });
  });
}
