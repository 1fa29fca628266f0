import { ErrorCodes, HttpWireError } from '../errors';
import type { RawHeader, ResponseHead } from '../response/model';
import { decideFraming, type FramingDecision } from './framing';
import { GrowBuffer } from './grow-buffer';
import { parseHead, parseHeadFast, parseHeaderLines, quoteBytes } from './head-parser';

export interface ResponseParserHandler {
  /** A 1xx answer before the final one (100 Continue, 103 Early Hints). */
  onInformational(head: ResponseHead): void;
  onHead(head: ResponseHead, decision: FramingDecision): void;
  /** Body bytes with the framing (chunk sizes) removed; a view into the input, not a copy. */
  onBody(chunk: Buffer): void;
  onComplete(trailers: readonly RawHeader[]): void;
}

export interface ResponseParserOptions {
  readonly isHeadRequest: boolean;
  /** A 2xx to CONNECT has no body (RFC 9112 §6.3 rule 2). */
  readonly isConnectRequest?: boolean;
  /** Limit of one header block (and of the trailers). */
  readonly maxHeaderBytes: number;
}

const MAX_CHUNK_LINE_BYTES = 8 * 1024;
const HTTP_PREFIX = 'HTTP/';
const LF = 10;
/** The blank line that ends a head whose lines end in CRLF. */
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Where the parser is:
 *
 *   head ──1xx──▶ head
 *     │
 *     ├─ none ──────────────────────────────────────▶ done
 *     ├─ length ─────── bytes counted down ─────────▶ done
 *     ├─ close ──────── until finish() (EOF) ───────▶ done
 *     └─ chunk-size ─▶ chunk-data ─▶ chunk-end ─┐
 *            ▲  └── size 0 ─▶ trailers ─────────┼──▶ done
 *            └──────────────────────────────────┘
 */
type State = 'head' | 'length' | 'close' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'done';

/**
 * An incremental HTTP/1.1 response parser: feed it whatever chunks the socket gives, in order.
 * Throws HttpWireError (HW_PROTOCOL, HW_RESPONSE_TOO_LARGE, HW_INCOMPLETE) on the first problem
 * and must not be used after that.
 */
export class ResponseParser {
  private state: State = 'head';
  private readonly lineBuf = new GrowBuffer(256);
  /** Body bytes left in the current Content-Length body or chunk. */
  private remaining = 0;
  /** Bytes consumed so far, for error positions. */
  private offset = 0;
  /** Offset of the first byte of the buffer `execute` is working on. */
  private dataStart = 0;
  /** In 'chunk-end': the CR of the CRLF after a chunk's data has been read. */
  private hasChunkCr = false;
  /** Where the current line or block began, in the response's bytes. */
  private lineStart = 0;
  private bodyBytes = 0;
  private hasFinalHead = false;
  /** 1xx answers read before the final one (100 Continue, 103 Early Hints). */
  private informationalCount = 0;
  /** The head being read has been seen to start with "HTTP/". */
  private hasHttpPrefix = false;
  private decision: FramingDecision | undefined;

  constructor(
    private readonly options: ResponseParserOptions,
    private readonly handler: ResponseParserHandler,
  ) {}

  get isComplete(): boolean {
    return this.state === 'done';
  }

  /** True once the parser has seen any byte of a response. */
  get hasStarted(): boolean {
    return this.offset > 0;
  }

  /**
   * Parses `data` and returns how many of its bytes belong to this response; bytes after a
   * complete response are left unread.
   */
  execute(data: Buffer): number {
    this.dataStart = this.offset;
    let i = 0;
    while (i < data.length && this.state !== 'done') {
      const before = i;
      i = this.step(data, i);
      this.offset += i - before;
    }
    return i;
  }

  /** The connection ended (FIN). Completes a close-delimited body; otherwise throws HW_INCOMPLETE. */
  finish(): void {
    if (this.state === 'done') return;
    if (this.state === 'close') {
      this.complete([]);
      return;
    }
    const where = this.describeProgress();
    throw new HttpWireError(ErrorCodes.incomplete, `The server closed the connection ${where}.`, { offset: this.offset, bytesReceived: this.offset });
  }

  private describeProgress(): string {
    if (this.offset === 0) return 'before sending any response byte';
    if (!this.hasFinalHead && this.informationalCount > 0 && this.lineBuf.length === 0) {
      const n = this.informationalCount;
      return `after ${n === 1 ? 'an informational answer' : `${n} informational answers`} (1xx), before the final answer`;
    }
    if (!this.hasFinalHead) return `in the middle of the headers (${this.offset} bytes received)`;
    const framing = this.decision?.framing;
    if (framing?.kind === 'length') return `after ${this.bodyBytes} of ${framing.length} body bytes`;
    if (this.state === 'trailers') return 'in the middle of the trailers';
    return `in the middle of a chunked body (${this.bodyBytes} body bytes received, no final 0-size chunk)`;
  }

  private step(data: Buffer, i: number): number {
    switch (this.state) {
      case 'head':
        return this.readHead(data, i);
      case 'length': {
        const n = Math.min(this.remaining, data.length - i);
        this.emitBody(data, i, i + n);
        this.remaining -= n;
        if (this.remaining === 0) this.complete([]);
        return i + n;
      }
      case 'close':
        this.emitBody(data, i, data.length);
        return data.length;
      case 'chunk-size':
        return this.readLine(data, i, MAX_CHUNK_LINE_BYTES, 'chunk size line', (line) => this.onChunkSize(line));
      case 'chunk-data': {
        const n = Math.min(this.remaining, data.length - i);
        this.emitBody(data, i, i + n);
        this.remaining -= n;
        if (this.remaining === 0) {
          this.state = 'chunk-end';
          this.hasChunkCr = false;
        }
        return i + n;
      }
      case 'chunk-end':
        return this.readChunkEnd(data, i);
      case 'trailers':
        return this.readTrailers(data, i);
      case 'done':
        return i;
    }
  }

  private emitBody(data: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.bodyBytes += end - start;
    this.handler.onBody(data.subarray(start, end));
  }

  /** Buffers bytes up to the end of a header block (an empty line), then parses it. */
  private readHead(data: Buffer, i: number): number {
    const buf = this.lineBuf;
    if (buf.length === 0) {
      // Tolerate stray line ends before a status line (a server that sends CRLF after a body).
      while (i < data.length && (data[i] === 13 || data[i] === LF)) i++;
      if (i === data.length) return i;
      this.lineStart = this.dataStart + i;
      const end = this.readWholeHead(data, i);
      if (end !== -1) return end;
    }
    const searchFrom = Math.max(0, buf.length - 3);
    buf.append(data, i, data.length);
    if (!this.hasHttpPrefix) this.checkPrefix();
    const end = this.findBlankLine(searchFrom);
    if (end === -1) {
      if (buf.length > this.options.maxHeaderBytes) {
        throw new HttpWireError(ErrorCodes.responseTooLarge, `The response headers exceed ${this.options.maxHeaderBytes} bytes.`, { offset: this.lineStart, limit: this.options.maxHeaderBytes });
      }
      return data.length;
    }
    if (end > this.options.maxHeaderBytes) {
      throw new HttpWireError(ErrorCodes.responseTooLarge, `The response headers exceed ${this.options.maxHeaderBytes} bytes.`, { offset: this.lineStart, limit: this.options.maxHeaderBytes });
    }
    const consumed = end - (buf.length - (data.length - i));
    const head = parseHead(buf.toLatin1(0, end), this.lineStart);
    buf.reset();
    this.hasHttpPrefix = false;
    this.onHead(head);
    return i + consumed;
  }

  /**
   * The usual case: the whole head is in this chunk, well formed with CRLF line ends. It is read
   * straight from the chunk, without buffering, and the index after it is returned. -1 leaves the
   * head to the buffering path, which reads every other form and raises every error.
   */
  private readWholeHead(data: Buffer, i: number): number {
    if (data[i] !== 0x48 || data[i + 1] !== 0x54 || data[i + 2] !== 0x54 || data[i + 3] !== 0x50 || data[i + 4] !== 0x2f) return -1; // "HTTP/"
    const blank = data.indexOf(HEAD_END, i);
    if (blank === -1 || blank + 4 - i > this.options.maxHeaderBytes) return -1;
    // With every line end a CRLF (parseHeadFast checks), no blank line comes before this one.
    const head = parseHeadFast(data.toString('latin1', i, blank + 4));
    if (head === undefined) return -1;
    this.onHead(head);
    return blank + 4;
  }

  /**
   * Every HTTP/1.x answer starts with "HTTP/". Anything else is refused as soon as it is clear,
   * instead of waiting for a header block that will never come: binary bytes (an HTTP/2 SETTINGS
   * frame, a TLS alert) at once, text (an SSH banner, an HTML page) when its first line is in.
   * The messages do not depend on how the bytes were split.
   */
  private checkPrefix(): void {
    const buf = this.lineBuf;
    let isPrefix = true;
    for (let k = 0; k < Math.min(buf.length, HTTP_PREFIX.length); k++) if (buf.byteAt(k) !== HTTP_PREFIX.charCodeAt(k)) isPrefix = false;
    if (isPrefix) {
      this.hasHttpPrefix = buf.length >= HTTP_PREFIX.length;
      return;
    }
    for (let k = 0; k < buf.length; k++) {
      const b = buf.byteAt(k);
      if (b < 9 || (b > 13 && b < 32)) {
        const first = buf.byteAt(0);
        const hint = first === 0x15 || first === 0x16 ? ' that look like TLS (is this an https:// server?)' : first === 0 ? ' that look like an HTTP/2 frame (the server may speak only HTTP/2)' : '';
        throw new HttpWireError(ErrorCodes.protocol, `The server did not answer with HTTP/1.x: the response starts with binary bytes${hint}.`, { offset: this.lineStart });
      }
    }
    // Wait for the whole first line, up to a cap that is within the header limit: the same bytes
    // then give the same error and message however they were split.
    const cap = Math.min(256, this.options.maxHeaderBytes);
    const lf = buf.indexOf(LF, 0);
    if (lf === -1 && buf.length < cap) return;
    const line = buf.toLatin1(0, Math.min(lf === -1 ? buf.length : lf, cap)).replace(/\r$/, '');
    throw new HttpWireError(ErrorCodes.protocol, `Malformed status line ${quoteBytes(line)}; expected "HTTP/1.1 200 OK".`, { offset: this.lineStart });
  }

  /** End (exclusive) of the first empty line in the line buffer, accepting LF or CRLF line ends. */
  private findBlankLine(from: number): number {
    const buf = this.lineBuf;
    for (let at = buf.indexOf(LF, from); at !== -1; at = buf.indexOf(LF, at + 1)) {
      const next = at + 1;
      if (next < buf.length && buf.byteAt(next) === LF) return next + 1;
      if (next + 1 < buf.length && buf.byteAt(next) === 13 && buf.byteAt(next + 1) === LF) return next + 2;
    }
    return -1;
  }

  private onHead(head: ResponseHead): void {
    if (head.status >= 100 && head.status < 200 && head.status !== 101) {
      this.informationalCount++;
      this.handler.onInformational(head);
      return; // Stay in 'head': the final answer follows.
    }
    const decision = decideFraming(head, this.options.isHeadRequest, this.lineStart, this.options.isConnectRequest);
    this.decision = decision;
    this.hasFinalHead = true;
    this.handler.onHead(head, decision);
    const framing = decision.framing;
    if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) {
      this.complete([]);
    } else if (framing.kind === 'length') {
      this.state = 'length';
      this.remaining = framing.length;
    } else if (framing.kind === 'close') {
      this.state = 'close';
    } else {
      this.state = 'chunk-size';
    }
  }

  /**
   * Buffers one line (LF or CRLF ended) and hands it to `onLine` without its line end.
   * Lines over `max` bytes are a protocol error.
   */
  private readLine(data: Buffer, i: number, max: number, what: string, onLine: (line: string) => void): number {
    const buf = this.lineBuf;
    if (buf.length === 0) this.lineStart = this.dataStart + i;
    const lf = data.indexOf(LF, i);
    const end = lf === -1 ? data.length : lf + 1;
    buf.append(data, i, end);
    if (buf.length > max + 2) {
      throw new HttpWireError(ErrorCodes.protocol, `The ${what} is too long or malformed: ${quoteBytes(buf.toLatin1(0, Math.min(buf.length, 80)))}`, { offset: this.lineStart });
    }
    if (lf === -1) return end;
    let line = buf.toLatin1(0, buf.length - 1);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    buf.reset();
    onLine(line);
    return end;
  }

  /** The CRLF (or bare LF) after a chunk's data; any other byte means the size lied. */
  private readChunkEnd(data: Buffer, i: number): number {
    const byte = data[i]!;
    if (byte === 13 && !this.hasChunkCr) {
      this.hasChunkCr = true;
      return i + 1;
    }
    if (byte === LF) {
      this.state = 'chunk-size';
      return i + 1;
    }
    const got = `0x${byte.toString(16).padStart(2, '0')}`;
    throw new HttpWireError(ErrorCodes.protocol, `A chunk has more data than its size said: expected CRLF after the chunk, got byte ${got}.`, { offset: this.dataStart + i });
  }

  /** RFC 9112 §7.1: chunk-size in hex (either case), then optional `;ext=value` extensions. */
  private onChunkSize(line: string): void {
    const m = /^0*([0-9A-Fa-f]+)[ \t]*(?:;.*)?$/.exec(line);
    if (!m) throw new HttpWireError(ErrorCodes.protocol, `Invalid chunk size line ${quoteBytes(line)}.`, { offset: this.lineStart });
    // Leading zeros are allowed (curl reads 0000000000000005); 13 hex digits is past any real body.
    if (m[1]!.length > 13) throw new HttpWireError(ErrorCodes.protocol, `Invalid chunk size line ${quoteBytes(line)}: the size is too large.`, { offset: this.lineStart });
    const size = parseInt(m[1]!, 16);
    if (size === 0) {
      this.state = 'trailers';
      return;
    }
    this.remaining = size;
    this.state = 'chunk-data';
  }

  private readTrailers(data: Buffer, i: number): number {
    const buf = this.lineBuf;
    if (buf.length === 0) {
      this.lineStart = this.dataStart + i;
      // No trailers: the 0-size chunk is followed directly by the final CRLF.
      if (data[i] === LF || (data[i] === 13 && data[i + 1] === LF)) {
        this.complete([]);
        return i + (data[i] === LF ? 1 : 2);
      }
      if (data[i] === 13 && i + 1 === data.length) {
        buf.append(data, i, i + 1);
        return i + 1;
      }
    } else if (buf.length === 1 && buf.byteAt(0) === 13 && data[i] === LF) {
      buf.reset();
      this.complete([]);
      return i + 1;
    }
    const searchFrom = Math.max(0, buf.length - 3);
    buf.append(data, i, data.length);
    const end = this.findBlankLine(searchFrom);
    if ((end === -1 && buf.length > this.options.maxHeaderBytes) || end > this.options.maxHeaderBytes) {
      throw new HttpWireError(ErrorCodes.responseTooLarge, `The response trailers exceed ${this.options.maxHeaderBytes} bytes.`, { offset: this.lineStart });
    }
    if (end === -1) return data.length;
    const consumed = end - (buf.length - (data.length - i));
    const text = buf.toLatin1(0, end);
    buf.reset();
    const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    lines.splice(-2); // The empty line and what follows its LF.
    this.complete(parseHeaderLines(lines, this.lineStart, 'trailer'));
    return i + consumed;
  }

  private complete(trailers: readonly RawHeader[]): void {
    this.state = 'done';
    this.handler.onComplete(trailers);
  }
}
