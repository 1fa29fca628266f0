import { createReadStream } from 'node:fs';
import { ErrorCodes, HttpWireError } from '../errors';
import { BodyStore, type BodyStoreOptions } from '../response/body-store';
import { firstHeader, type RawHeader, type ResponseHead } from '../response/model';
import { ByteCapture, type CaptureSnapshot } from './capture';
import type { Connection, SocketListener } from './connection';
import type { FramingDecision } from './framing';
import { requestFramingDoubt } from './request-framing';
import { ResponseParser, type ResponseParserHandler } from './response-parser';
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
  /** Set when the request's framing was in doubt (see request-framing.ts): never reusable then. */
  readonly framingDoubt: string | undefined;
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
  const value = firstHeader(headers, 'keep-alive');
  if (value === undefined) return undefined;
  const m = /(?:^|[,\s])timeout=(\d+)/i.exec(value);
  return m ? Number(m[1]) * 1000 : undefined;
}

/** Did the request itself ask to close the connection after its response? */
function asksToClose(request: WireRequest): boolean {
  const connection = firstHeader(request.headers, 'connection')?.toLowerCase();
  if (request.httpVersion === 'HTTP/1.0') return connection === undefined || !/keep-alive/.test(connection);
  return connection !== undefined && /\bclose\b/.test(connection);
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
  return new Promise<ExchangeResult>((resolve, reject) => new Exchange(conn, request, options, resolve, reject).start(head));
}

/** Which limit the connection's deadline enforces now: all three are the headers or body timeout. */
type Phase = 'writing' | 'headers' | 'body';

/**
 * One request and its response: the socket's listener and the parser's handler in one object, so
 * that a keep-alive request makes one object where closures would be a dozen.
 */
class Exchange implements SocketListener, ResponseParserHandler {
  private readonly started = performance.now();
  private readonly capture: ByteCapture;
  private readonly parser: ResponseParser;
  private readonly informational: ResponseHead[] = [];
  private readonly timings: ExchangeTimings = { requestWrittenMs: -1, firstByteMs: -1, headersMs: -1, doneMs: -1 };
  private finalHead: ResponseHead | undefined;
  private decision: FramingDecision | undefined;
  private body: BodyStore | undefined;
  private completedTrailers: readonly RawHeader[] = [];
  private hasExtraBytes = false;
  private isRequestWritten = false;
  private isSettled = false;
  private phase: Phase = 'writing';
  /** Ends a wait for 100 Continue, and with it that wait's timer; set only while waiting. */
  private continueWaiter: (() => void) | undefined;
  private abortListener: (() => void) | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly request: WireRequest,
    private readonly options: ExchangeOptions,
    private readonly resolve: (result: ExchangeResult) => void,
    private readonly reject: (err: HttpWireError) => void,
  ) {
    this.capture = new ByteCapture(options.captureLimitBytes);
    this.parser = new ResponseParser({ isHeadRequest: request.method === 'HEAD', maxHeaderBytes: options.maxHeaderBytes }, this);
  }

  start(head: Buffer): void {
    this.conn.attach(this);
    const signal = this.options.signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        this.onAbort();
        return;
      }
      this.abortListener = () => this.onAbort();
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
    this.conn.requestCount++;
    const writing = this.write(head, true);
    // The usual request, a head without a body, is written at once: no promise in the way.
    if (writing === undefined && this.request.body.length === 0) this.onRequestWritten();
    else this.writeRest(writing).catch((err: unknown) => this.failWrite(err));
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }

  private startDeadline(phase: Phase, ms: number): void {
    this.phase = phase;
    this.conn.startDeadline(ms);
  }

  /** Resolves at once (undefined) when the socket took the bytes, else on 'drain' or 'close'. */
  private write(chunk: Buffer, isOwned = false): Promise<void> | undefined {
    this.capture.onSent(chunk, isOwned);
    // While writing, the same limit guards a server that stops reading the request.
    if (this.finalHead === undefined) this.startDeadline('writing', this.options.headersTimeoutMs);
    const socket = this.conn.socket;
    if (socket.write(chunk)) return undefined;
    return new Promise<void>((ok) => {
      const done = (): void => {
        socket.removeListener('drain', done);
        socket.removeListener('close', done);
        ok();
      };
      socket.once('drain', done);
      socket.once('close', done);
    });
  }

  /** After the head: the wait for 100 Continue, then the body. */
  private async writeRest(writing: Promise<void> | undefined): Promise<void> {
    await writing;
    if (this.isSettled) return;
    const expect = this.request.body.length > 0 ? firstHeader(this.request.headers, 'expect') : undefined;
    if (expect !== undefined && /^100-continue$/i.test(expect.trim())) await this.waitForContinue();
    if (this.finalHead === undefined) await this.sendBody();
    if (this.isSettled) return;
    this.onRequestWritten();
  }

  private onRequestWritten(): void {
    this.isRequestWritten = this.finalHead === undefined || this.request.body.length === 0;
    this.timings.requestWrittenMs = this.elapsed();
    if (this.finalHead === undefined) this.startDeadline('headers', this.options.headersTimeoutMs);
  }

  private async sendBody(): Promise<void> {
    for (const part of this.request.body) {
      if (this.isSettled || this.finalHead) return;
      if (part.type === 'bytes') {
        await this.write(part.bytes);
        continue;
      }
      // Streamed: a 1 GB upload never sits in memory. Content-Length came from the file's size
      // when the request was prepared, so exactly that many bytes go out, or the send fails.
      if (part.size === 0) continue;
      let sent = 0;
      for await (const chunk of createReadStream(part.path, { end: part.size - 1 })) {
        if (this.isSettled || this.finalHead) return;
        sent += (chunk as Buffer).length;
        await this.write(chunk as Buffer);
      }
      if (sent < part.size) {
        throw new HttpWireError(ErrorCodes.file, `${part.path} shrank while it was being sent (${sent} of ${part.size} bytes); the request was cut off.`, { path: part.path });
      }
    }
  }

  private waitForContinue(): Promise<void> {
    return new Promise<void>((ok) => {
      const timer = setTimeout(() => done(), this.options.expectContinueTimeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.continueWaiter = undefined;
        ok();
      };
      this.continueWaiter = done;
    });
  }

  private failWrite(err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    this.fail(e instanceof HttpWireError ? e : new HttpWireError(ErrorCodes.file, `Could not read the body file: ${e.message}`, { sysCode: e.code }, e));
  }

  // SocketListener

  onData(chunk: Buffer): void {
    if (this.isSettled) return;
    if (this.timings.firstByteMs < 0) this.timings.firstByteMs = this.elapsed();
    this.capture.onReceived(chunk);
    const isInBody = this.finalHead !== undefined;
    try {
      const used = this.parser.execute(chunk);
      if (this.parser.isComplete) {
        // Bytes after a complete response (a body after a HEAD answer, a second answer) mean
        // the server and we disagree on framing: the connection must not be reused.
        this.hasExtraBytes = used < chunk.length;
        this.succeed();
      } else if (isInBody) {
        // The body deadline restarts with every chunk (onHead started it for the first one).
        this.conn.startDeadline(this.options.bodyTimeoutMs);
      }
    } catch (err) {
      this.fail(asWireError(err));
    }
  }

  onEnd(): void {
    this.finishAtEof();
  }

  onClose(): void {
    if (!this.isSettled) this.finishAtEof();
  }

  onError(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
      // TLS 1.3 sends some handshake alerts (a required client certificate) after the client
      // thinks the handshake is done, so they arrive here rather than in connect.
      this.fail(new HttpWireError(ErrorCodes.tls, `The server ended the TLS session ${this.describeReset()}: ${err.message}`, { tlsCode: code }, err));
    } else if (code === 'ECONNRESET' || code === 'EPIPE') {
      this.fail(new HttpWireError(ErrorCodes.connectionReset, `The server reset the connection ${this.describeReset()}.`, { sysCode: code }, err));
    } else {
      this.fail(new HttpWireError(ErrorCodes.connectionReset, `The connection failed ${this.describeReset()}: ${err.message}`, { sysCode: code }, err));
    }
  }

  onDeadline(): void {
    const { headersTimeoutMs, bodyTimeoutMs } = this.options;
    if (this.phase === 'writing') this.fail(new HttpWireError(ErrorCodes.headersTimeout, `The server stopped reading the request for ${headersTimeoutMs} ms.`));
    else if (this.phase === 'headers') this.fail(new HttpWireError(ErrorCodes.headersTimeout, `No response headers within ${headersTimeoutMs} ms of sending the request.`));
    else this.fail(new HttpWireError(ErrorCodes.bodyTimeout, `No body data for ${bodyTimeoutMs} ms.`));
  }

  // ResponseParserHandler

  onInformational(head: ResponseHead): void {
    if (this.informational.length >= MAX_INFORMATIONAL) {
      throw new HttpWireError(ErrorCodes.protocol, `The server sent more than ${MAX_INFORMATIONAL} informational (1xx) responses.`);
    }
    this.informational.push(head);
    if (head.status === 100) this.continueWaiter?.();
  }

  onHead(head: ResponseHead, decision: FramingDecision): void {
    this.finalHead = head;
    this.decision = decision;
    this.timings.headersMs = this.elapsed();
    this.body = new BodyStore(this.options.bodyStore);
    // A final answer before we sent the body: the server will not read it (RFC 9110 §10.1.1).
    this.continueWaiter?.();
    this.startDeadline('body', this.options.bodyTimeoutMs);
  }

  onBody(chunk: Buffer): void {
    this.body!.append(chunk);
  }

  onComplete(trailers: readonly RawHeader[]): void {
    // Settled by onData or finishAtEof, once they know about leftover bytes.
    this.completedTrailers = trailers;
  }

  // Settling

  private finishAtEof(): void {
    try {
      this.parser.finish();
      this.succeed();
    } catch (err) {
      this.fail(asWireError(err));
    }
  }

  private describeReset(): string {
    if (this.capture.receivedBytes === 0) return 'before any response byte';
    return this.finalHead ? `after ${this.body?.length ?? 0} body bytes` : 'in the middle of the headers';
  }

  private onAbort(): void {
    this.fail(new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));
  }

  /** Stops what this exchange started: its deadline, its abort listener, a wait for 100 Continue. */
  private settle(): void {
    this.isSettled = true;
    this.conn.stopDeadline();
    if (this.abortListener !== undefined) this.options.signal?.removeEventListener('abort', this.abortListener);
    this.continueWaiter?.();
  }

  private succeed(): void {
    if (this.isSettled) return;
    this.settle();
    this.timings.doneMs = this.elapsed();
    const head = this.finalHead!;
    const decision = this.decision!;
    const framingDoubt = requestFramingDoubt(this.request);
    this.resolve({
      informational: this.informational,
      head,
      trailers: this.completedTrailers,
      body: this.body!,
      framing: decision,
      capture: this.capture.snapshot(),
      timings: this.timings,
      isReusable: decision.isKeepAlive && this.isRequestWritten && !this.hasExtraBytes && !asksToClose(this.request) && framingDoubt === undefined,
      serverIdleMs: keepAliveTimeoutMs(head.headers),
      framingDoubt,
    });
  }

  private fail(err: HttpWireError): void {
    if (this.isSettled) return;
    this.settle();
    this.conn.detach();
    this.conn.destroy();
    this.body?.dispose();
    const capture = this.capture;
    const partial: PartialExchange = { informational: this.informational, head: this.finalHead, capture: capture.snapshot(), bodyBytes: this.body?.length ?? 0, isBeforeResponse: capture.receivedBytes === 0 };
    (err.detail as { partial?: PartialExchange }).partial = partial;
    this.reject(err);
  }
}
