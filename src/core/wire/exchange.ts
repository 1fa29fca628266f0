import { createReadStream } from 'node:fs';
import { ErrorCodes, HttpWireError } from '../errors';
import { codingsApplied } from '../response/decode';
import { firstHeader, headerValues, type RawHeader, type ResponseHead } from '../response/model';
import { BodyReader, type BodyReaderHost } from './body-reader';
import { ByteCapture } from './capture';
import type { Connection, SocketListener } from './connection';
import type { ExchangeOptions, ExchangeResult, ExchangeTimings, OpenBody, PartialExchange } from './exchange-types';
import type { FramingDecision } from './framing';
import { requestFramingDoubt } from './request-framing';
import { ResponseParser, type ResponseParserHandler } from './response-parser';
import { serializeHead } from './serialize';
import type { WireRequest } from './wire-request';

export type { ExchangeOptions, ExchangeResult, ExchangeStart, ExchangeTimings, OpenBody, PartialExchange } from './exchange-types';

/** More 1xx answers than this before the final one is a misbehaving server, not a slow one. */
const MAX_INFORMATIONAL = 100;

/**
 * What was thrown while handling response bytes, as one of our errors: the parser, the body
 * limit and the sinks throw HttpWireError (a store that cannot spill: HW_FILE); anything else
 * must end this exchange cleanly too, not the process.
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
 * Writes `request` on `conn` and reads its response, its body going to the sink `openBody`
 * makes when the final head arrives. Settles exactly once: when the body is through the sink
 * (decoded, if it had codings), or with an HttpWireError (the socket destroyed, `detail.partial`
 * holding what was received). Error codes: HW_HEADERS_TIMEOUT, HW_BODY_TIMEOUT,
 * HW_CONNECTION_RESET, HW_INCOMPLETE, HW_PROTOCOL, HW_RESPONSE_TOO_LARGE, HW_ABORTED, HW_FILE,
 * HW_BODY_OUTPUT, HW_INVALID_REQUEST. A body that will not decode is no error here: the result
 * carries `decodeError`.
 */
export function runExchange<T>(conn: Connection, request: WireRequest, options: ExchangeOptions, openBody: OpenBody<T>): Promise<ExchangeResult<T>> {
  // The client validated the request before opening a connection.
  const head = serializeHead(request, false);
  return new Promise<ExchangeResult<T>>((resolve, reject) => new Exchange(conn, request, options, openBody, resolve, reject).start(head));
}

/** Which limit the connection's deadline enforces now: all three are the headers or body timeout. */
type Phase = 'writing' | 'headers' | 'body';

/**
 * One request and its response: the socket's listener, the parser's handler and the body
 * reader's host in one object, so that a keep-alive request makes one object where closures
 * would be a dozen.
 */
class Exchange<T> implements SocketListener, ResponseParserHandler, BodyReaderHost {
  private readonly started = performance.now();
  private readonly capture: ByteCapture;
  private readonly parser: ResponseParser;
  private readonly informational: ResponseHead[] = [];
  private readonly timings: ExchangeTimings = { requestWrittenMs: -1, firstByteMs: -1, headersMs: -1, doneMs: -1 };
  private finalHead: ResponseHead | undefined;
  private decision: FramingDecision | undefined;
  private codings: readonly string[] = [];
  private body: BodyReader<T> | undefined;
  private completedTrailers: readonly RawHeader[] = [];
  private hasExtraBytes = false;
  private isRequestWritten = false;
  /** The parser has the whole response; the body may still be decoding. */
  private isParsed = false;
  /** The peer closed or broke the connection after the response was read. */
  private isPeerGone = false;
  private isReadingPaused = false;
  private isSettled = false;
  private phase: Phase = 'writing';
  /** Ends a wait for 100 Continue, and with it that wait's timer; set only while waiting. */
  private continueWaiter: (() => void) | undefined;
  private abortListener: (() => void) | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly request: WireRequest,
    private readonly options: ExchangeOptions,
    private readonly openBody: OpenBody<T>,
    private readonly resolve: (result: ExchangeResult<T>) => void,
    private readonly reject: (err: HttpWireError) => void,
  ) {
    this.capture = new ByteCapture(options.captureLimitBytes);
    this.parser = new ResponseParser({ isHeadRequest: request.method === 'HEAD', isConnectRequest: request.method === 'CONNECT', maxHeaderBytes: options.maxHeaderBytes }, this);
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
    // Bytes after a complete response (a body after a HEAD answer, a second answer) mean the
    // server and we disagree on framing: the connection must not be reused.
    if (this.isParsed) {
      this.hasExtraBytes = true;
      return;
    }
    if (this.timings.firstByteMs < 0) this.timings.firstByteMs = this.elapsed();
    this.capture.onReceived(chunk, this.conn.isReadBufferShared);
    const isInBody = this.finalHead !== undefined;
    try {
      const used = this.parser.execute(chunk);
      if (this.parser.isComplete) {
        this.hasExtraBytes = used < chunk.length;
        this.onParsed();
        return;
      }
      // What the read brought of the body goes to the sink now, gathered (see BodyReader.write).
      this.body?.endOfRead();
      if (isInBody && !this.isReadingPaused && !this.isSettled) {
        // The body deadline restarts with every chunk (onHead started it for the first one).
        this.conn.startDeadline(this.options.bodyTimeoutMs);
      }
    } catch (err) {
      this.fail(asWireError(err));
    }
  }

  onEnd(): void {
    if (this.isParsed) this.isPeerGone = true;
    else this.finishAtEof();
  }

  onClose(): void {
    if (this.isParsed) this.isPeerGone = true;
    else if (!this.isSettled) this.finishAtEof();
  }

  onError(err: Error): void {
    // The response is all in and only decoding is left: the connection is merely not reusable.
    if (this.isParsed) {
      this.isPeerGone = true;
      return;
    }
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
    // A final answer before we sent the body: the server will not read it (RFC 9110 §10.1.1).
    this.continueWaiter?.();
    // RFC 9110 §15.2.2: a server must not switch to a protocol the request did not offer in Upgrade.
    if (head.status === 101 && firstHeader(this.request.headers, 'upgrade') === undefined) {
      throw new HttpWireError(ErrorCodes.protocol, 'The server switched protocols (101 Switching Protocols) although the request offered no Upgrade (RFC 9110 §15.2.2).');
    }
    const { maxBodyBytes } = this.options;
    if (decision.framing.kind === 'length' && decision.framing.length > maxBodyBytes) {
      throw new HttpWireError(ErrorCodes.responseTooLarge, `The response body is ${decision.framing.length} bytes (Content-Length), more than the limit of ${maxBodyBytes} bytes.`, { limit: maxBodyBytes, contentLength: decision.framing.length });
    }
    const contentEncoding = headerValues(head.headers, 'content-encoding');
    const codings = contentEncoding.length === 0 && decision.transferCodings.length === 0 ? [] : codingsApplied(contentEncoding, decision.transferCodings);
    this.codings = codings;
    const sink = this.openBody({ informational: this.informational, head, codings, requestBytes: () => this.capture.snapshot().sent, receivedBytes: () => this.capture.receivedBytes });
    this.body = new BodyReader(sink, codings, maxBodyBytes, this);
    this.startDeadline('body', this.options.bodyTimeoutMs);
  }

  onBody(chunk: Buffer): void {
    this.body!.write(chunk);
  }

  onComplete(trailers: readonly RawHeader[]): void {
    // Settled by onData or finishAtEof, once they know about leftover bytes.
    this.completedTrailers = trailers;
  }

  // BodyReaderHost

  pauseReading(): void {
    if (this.isReadingPaused || this.isSettled) return;
    this.isReadingPaused = true;
    // Waiting on our own decoder or sink is no silence of the server's: no body deadline meanwhile.
    this.conn.stopDeadline();
    this.conn.socket.pause();
  }

  resumeReading(): void {
    if (!this.isReadingPaused) return;
    this.isReadingPaused = false;
    this.conn.socket.resume();
    if (!this.isParsed && !this.isSettled) this.conn.startDeadline(this.options.bodyTimeoutMs);
  }

  onBodyDone(): void {
    this.succeed();
  }

  onBodyFailure(err: HttpWireError): void {
    this.fail(err);
  }

  // Settling

  /** The parser has the whole response: the body reader finishes (at once without codings). */
  private onParsed(): void {
    this.isParsed = true;
    this.conn.stopDeadline();
    // Read on: a close or stray bytes during decoding must be seen to decide on reuse.
    this.resumeReading();
    this.body!.end();
  }

  private finishAtEof(): void {
    try {
      this.parser.finish();
      this.onParsed();
    } catch (err) {
      this.fail(asWireError(err));
    }
  }

  private describeReset(): string {
    if (this.capture.receivedBytes === 0) return 'before any response byte';
    return this.finalHead ? `after ${this.body?.rawBytes ?? 0} body bytes` : 'in the middle of the headers';
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
    const body = this.body!;
    this.resolve({
      informational: this.informational,
      head,
      trailers: this.completedTrailers,
      body: body.value as T,
      codings: this.codings,
      decodeError: body.decodeError,
      framing: decision,
      capture: this.capture.snapshot(),
      timings: this.timings,
      isReusable: decision.isKeepAlive && this.isRequestWritten && !this.hasExtraBytes && !this.isPeerGone && !asksToClose(this.request) && framingDoubt === undefined,
      serverIdleMs: keepAliveTimeoutMs(head.headers),
      framingDoubt,
      bodyWarnings: body.warnings,
    });
  }

  private fail(err: HttpWireError): void {
    if (this.isSettled) return;
    this.settle();
    this.conn.detach();
    this.conn.destroy();
    const rawBody = this.body?.abort();
    const capture = this.capture;
    const partial: PartialExchange = { informational: this.informational, head: this.finalHead, capture: capture.snapshot(), bodyBytes: this.body?.rawBytes ?? 0, rawBody, isBeforeResponse: capture.receivedBytes === 0 };
    (err.detail as { partial?: PartialExchange }).partial = partial;
    this.reject(err);
  }
}
