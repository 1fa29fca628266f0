/**
 * Shared helpers of the wire tests (connections, framing, timeouts, malformed, serialize, fuzz):
 * a harness that tears down every server, client and socket in afterEach, ways for a server to
 * write bytes (whole, one byte per tick, dripped), a connector that lets a test see what the
 * client's socket received, a seeded PRNG, and an instrumented ResponseParser driver.
 */

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type * as net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCodes, HttpWireError, type ErrorCode } from '../../../src/core/errors';
import type { RawHeader, ResponseHead } from '../../../src/core/response/model';
import { HttpClient } from '../../../src/core/wire/client';
import type { ClientOptions } from '../../../src/core/wire/client-options';
import { connect, type Connector } from '../../../src/core/wire/connect';
import type { PartialExchange } from '../../../src/core/wire/exchange';
import type { FramingDecision } from '../../../src/core/wire/framing';
import { ResponseParser } from '../../../src/core/wire/response-parser';
import { RawServer } from '../../support/raw-server';
import { mulberry32 } from '../../support/random';

/** Owns everything a test opens; `cleanup()` (in afterEach) closes it all. */
export class Harness {
  private servers: RawServer[] = [];
  private clients: HttpClient[] = [];
  private sockets: net.Socket[] = [];
  private cleanups: (() => void)[] = [];

  async server(onConnection: (socket: net.Socket, index: number) => void): Promise<RawServer> {
    const server = await RawServer.start((socket, index) => {
      socket.setNoDelay(true);
      onConnection(socket, index);
    });
    this.servers.push(server);
    return server;
  }

  client(options: ClientOptions = {}): HttpClient {
    const client = new HttpClient(options);
    this.clients.push(client);
    return client;
  }

  /** A client-side socket the test holds (from a tap connector): destroyed at cleanup. */
  trackSocket(socket: net.Socket): void {
    this.sockets.push(socket);
  }

  onCleanup(fn: () => void): void {
    this.cleanups.push(fn);
  }

  async cleanup(): Promise<void> {
    for (const fn of this.cleanups) fn();
    for (const c of this.clients) c.close();
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => s.close()));
    this.servers = [];
    this.clients = [];
    this.sockets = [];
    this.cleanups = [];
  }
}

/** Awaits `promise`, which must reject with an HttpWireError of `code` whose message matches. */
export async function expectWireError(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<HttpWireError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (err) {
    assert.ok(err instanceof HttpWireError, `expected an HttpWireError ${code}, got ${String((err as Error)?.stack ?? err)}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return err;
  }
  const status = (outcome as { response?: ResponseHead } | undefined)?.response?.status;
  assert.fail(`expected a rejection with ${code}, but the send resolved${status !== undefined ? ` with status ${status}` : ''}`);
}

/** What the failed exchange had seen (`detail.partial`); fails when the error carries none. */
export function partialOf(err: HttpWireError): PartialExchange {
  const partial = (err.detail as { partial?: PartialExchange }).partial;
  assert.ok(partial, `${err.code} carries no detail.partial`);
  return partial;
}

/** Resolves when `socket` has closed; rejects after `ms` naming `what`. */
export function closed(socket: net.Socket, ms: number, what = 'the socket to close'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (socket.closed) {
      resolve();
      return;
    }
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Polls `condition` every few ms until true; rejects after `ms` naming `what`. */
export async function until(what: string, ms: number, condition: () => boolean): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await delay(5);
  }
}

/** Every byte a server socket received, in order. */
export function record(socket: net.Socket): { readonly bytes: () => Buffer; readonly chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { bytes: () => Buffer.concat(chunks), chunks };
}

export type WriteMode = 'whole' | 'bytewise' | 'drip';
export const WRITE_MODES: readonly WriteMode[] = ['whole', 'bytewise', 'drip'];

/**
 * Writes `bytes` to `socket`: in one write, one byte per write with a turn of the event loop
 * between them, or in 5-byte pieces a millisecond apart (a slow server, not a test wait).
 */
export async function writeIn(socket: net.Socket, bytes: Buffer, mode: WriteMode): Promise<void> {
  if (mode === 'whole') {
    socket.write(bytes);
    return;
  }
  const step = mode === 'bytewise' ? 1 : 5;
  for (let at = 0; at < bytes.length; at += step) {
    if (socket.destroyed) return;
    socket.write(bytes.subarray(at, at + step));
    if (mode === 'bytewise') await new Promise((resolve) => setImmediate(resolve));
    else await delay(1);
  }
}

/**
 * Wraps the real connector to let a test see the client's side of each connection: its socket
 * and how many bytes it has received so far.
 */
export class TapConnector {
  readonly sockets: net.Socket[] = [];
  readonly received: number[] = [];
  calls = 0;
  private readonly events = new EventEmitter();

  constructor(private readonly harness: Harness) {}

  readonly connector: Connector = async (target) => {
    this.calls++;
    const connected = await connect(target);
    const index = this.sockets.length;
    this.sockets.push(connected.socket);
    this.received.push(0);
    this.harness.trackSocket(connected.socket);
    const count = (chunk: Buffer): void => {
      this.received[index] = (this.received[index] ?? 0) + chunk.length;
      this.events.emit('data');
    };
    // A plain HTTP socket reading into the shared buffer emits no 'data': its bytes go to the
    // reader the connection installs, so the tap counts them after that reader has had them.
    const setReader = connected.setReader;
    if (setReader === undefined) {
      connected.socket.on('data', count);
      return connected;
    }
    return {
      ...connected,
      setReader: (reader) =>
        setReader((chunk) => {
          reader(chunk);
          count(chunk);
        }),
    };
  };

  /** Resolves once connection `index` (0-based) has received at least `n` bytes. */
  waitForBytes(index: number, n: number, ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if ((this.received[index] ?? 0) < n) return false;
        clearTimeout(timer);
        this.events.removeListener('data', check);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.events.removeListener('data', check);
        reject(new Error(`timed out after ${ms} ms waiting for client connection ${index} to receive ${n} bytes (has ${this.received[index] ?? 0})`));
      }, ms);
      if (!check()) this.events.on('data', check);
    });
  }
}

/** A seeded PRNG (mulberry32) with helpers, so a failing fuzz case can be replayed from its seed. */
export class Rng {
  private readonly random: () => number;

  constructor(readonly seed: number) {
    this.random = mulberry32(seed);
  }

  next(): number {
    return this.random();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** Sorted, distinct cut positions inside (0, length): where to split a buffer into pieces. */
  cuts(length: number): number[] {
    if (length < 2) return [];
    if (length <= 64 && this.chance(0.15)) return Array.from({ length: length - 1 }, (_, i) => i + 1);
    const count = this.int(Math.min(length - 1, 24)) + 1;
    const set = new Set<number>();
    for (let i = 0; i < count; i++) set.add(1 + this.int(length - 1));
    return [...set].sort((a, b) => a - b);
  }
}

/** Splits `bytes` at `cuts` (sorted positions). */
export function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const at of cuts) {
    pieces.push(bytes.subarray(from, at));
    from = at;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

/** Every cut position: the input split at every byte. */
export function everyByte(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}

/** What a ResponseParser made of some bytes. */
export interface ParseOutcome {
  readonly informational: ResponseHead[];
  readonly head: ResponseHead | undefined;
  readonly framing: FramingDecision['framing'] | undefined;
  readonly isKeepAlive: boolean | undefined;
  readonly body: Buffer;
  readonly trailers: readonly RawHeader[] | undefined;
  readonly isComplete: boolean;
  /** Bytes that belonged to the response (the rest were left unread). */
  readonly used: number;
  readonly error: HttpWireError | undefined;
}

/** A broken parser invariant: a bug, never an expected outcome. */
export class InvariantError extends Error {}

export interface ParseOptions {
  readonly isHeadRequest?: boolean;
  readonly isConnectRequest?: boolean;
  readonly maxHeaderBytes?: number;
  /** Call finish() after the last piece, as a FIN from the server would. */
  readonly isFinished?: boolean;
}

/**
 * Feeds `bytes` to a fresh ResponseParser in pieces split at `cuts`, stopping at the first error or
 * at completion (as the exchange does), and checks the handler contract as it goes. Throws
 * InvariantError on a broken contract and rethrows anything that is not an HttpWireError.
 */
export function parseInPieces(bytes: Buffer, cuts: readonly number[], options: ParseOptions = {}): ParseOutcome {
  const informational: ResponseHead[] = [];
  const body: Buffer[] = [];
  let head: ResponseHead | undefined;
  let decision: FramingDecision | undefined;
  let trailers: readonly RawHeader[] | undefined;
  const broken = (what: string): never => {
    throw new InvariantError(what);
  };
  const parser = new ResponseParser(
    { isHeadRequest: options.isHeadRequest ?? false, isConnectRequest: options.isConnectRequest ?? false, maxHeaderBytes: options.maxHeaderBytes ?? 64 * 1024 },
    {
      onInformational: (h) => {
        if (head) broken('onInformational after onHead');
        if (h.status < 100 || h.status > 199 || h.status === 101) broken(`onInformational with status ${h.status}`);
        informational.push(h);
      },
      onHead: (h, d) => {
        if (head) broken('onHead twice');
        if (h.status >= 100 && h.status < 200 && h.status !== 101) broken(`onHead with informational status ${h.status}`);
        head = h;
        decision = d;
      },
      onBody: (chunk) => {
        if (!head) broken('onBody before onHead');
        if (trailers) broken('onBody after onComplete');
        if (chunk.length === 0) broken('onBody with an empty chunk');
        body.push(Buffer.from(chunk));
      },
      onComplete: (t) => {
        if (!head) broken('onComplete before onHead');
        if (trailers) broken('onComplete twice');
        trailers = t;
      },
    },
  );
  let used = 0;
  let error: HttpWireError | undefined;
  const attempt = (run: () => void): void => {
    try {
      run();
    } catch (err) {
      if (err instanceof HttpWireError) error = err;
      else throw err;
    }
  };
  for (const piece of splitAt(bytes, cuts)) {
    if (parser.isComplete || error) break;
    attempt(() => {
      const n = parser.execute(piece);
      if (!Number.isInteger(n) || n < 0 || n > piece.length) broken(`execute returned ${n} for a piece of ${piece.length}`);
      if (!parser.isComplete && n !== piece.length) broken(`execute left ${piece.length - n} bytes unread without completing`);
      used += n;
    });
  }
  if (options.isFinished && !error) attempt(() => parser.finish());
  if (parser.isComplete !== (trailers !== undefined)) broken(`isComplete=${parser.isComplete} but onComplete ${trailers ? 'was' : 'was not'} called`);
  const bodyBytes = Buffer.concat(body);
  if (bodyBytes.length > bytes.length) broken('more body bytes than input bytes');
  return {
    informational,
    head,
    framing: decision?.framing,
    isKeepAlive: decision?.isKeepAlive,
    body: bodyBytes,
    trailers,
    isComplete: parser.isComplete,
    used,
    error,
  };
}

/** A comparable summary of a ParseOutcome (errors by code, offset and message). */
export function summarize(outcome: ParseOutcome): unknown {
  return {
    informational: outcome.informational,
    head: outcome.head,
    framing: outcome.framing,
    isKeepAlive: outcome.isKeepAlive,
    body: outcome.body.toString('latin1'),
    trailers: outcome.trailers,
    isComplete: outcome.isComplete,
    // How far a failed parse got depends on where the input was split; only a success's count is fixed.
    used: outcome.error ? undefined : outcome.used,
    error: outcome.error ? { code: outcome.error.code, offset: outcome.error.detail.offset, message: outcome.error.message } : undefined,
  };
}

export const KNOWN_CODES = new Set<string>(Object.values(ErrorCodes));

/** Shows bytes in a failure message: printable ASCII as is, the rest escaped. */
export function showBytes(bytes: Buffer, max = 400): string {
  const text = JSON.stringify(bytes.subarray(0, max).toString('latin1'));
  return bytes.length > max ? `${text}… (${bytes.length} bytes)` : text;
}

/** A response to fuzz with: bytes, how to parse them, and the body when they are known valid. */
export interface FuzzCase {
  readonly bytes: Buffer;
  readonly isHeadRequest: boolean;
  readonly maxHeaderBytes: number;
  /** The server ends the connection after the bytes (FIN). */
  readonly isFinished: boolean;
  /** Set when the bytes are a valid response: it must parse to exactly this body. */
  readonly body: Buffer | undefined;
  readonly how: string;
}

interface Base {
  readonly text: string;
  readonly body: string;
  readonly isHeadRequest?: boolean;
  readonly isFinished?: boolean;
}

/** Valid responses the mutations start from. */
const FUZZ_BASES: readonly Base[] = [
  { text: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello, world', body: 'hello, world' },
  { text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Sum: 9\r\n\r\n', body: 'hello, world' },
  { text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n', body: '0123456789' },
  { text: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /x\r\nContent-Length: 3\r\n\r\nnew', body: 'new' },
  { text: 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n', body: '' },
  { text: 'HTTP/1.1 304 Not Modified\r\nETag: "abc"\r\nContent-Length: 99\r\n\r\n', body: '' },
  { text: 'HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the end\r\n', body: 'until the end\r\n', isFinished: true },
  { text: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', body: '', isHeadRequest: true },
  { text: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', body: 'ok' },
  { text: 'HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 4\r\n\r\n\r\n\r\n', body: '\r\n\r\n' },
  { text: 'HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\nConnection: close\r\n\r\n\0\r\n0\r\n\r\n\xff\x80', body: '\0\r\n0\r\n\r\n\xff\x80' },
  { text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', body: 'abc' },
];

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A valid chunked response carrying `body` in random chunk sizes, extensions and trailers. */
function chunkedResponse(rng: Rng, body: Buffer): Buffer {
  const parts: Buffer[] = [latin1(`HTTP/1.1 200 OK\r\n${rng.chance(0.5) ? 'Content-Type: application/octet-stream\r\n' : ''}Transfer-Encoding: chunked\r\n\r\n`)];
  const size = (n: number): string => {
    let hex = n.toString(16);
    if (rng.chance(0.3)) hex = hex.toUpperCase();
    if (rng.chance(0.2)) hex = '0'.repeat(1 + rng.int(3)) + hex;
    const ext = rng.chance(0.3) ? rng.pick([';a', ';a=b', ';a="b c"', ';x=1;y', ' ;z']) : '';
    return `${hex}${ext}\r\n`;
  };
  for (let at = 0; at < body.length; ) {
    const n = 1 + rng.int(Math.min(body.length - at, 40));
    parts.push(latin1(size(n)), body.subarray(at, at + n), latin1('\r\n'));
    at += n;
  }
  parts.push(latin1(size(0)));
  if (rng.chance(0.4)) parts.push(latin1('X-Trailer: 1\r\nx-other: two\r\n'));
  parts.push(latin1('\r\n'));
  return Buffer.concat(parts);
}

function insert(bytes: Buffer, at: number, piece: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
}

/** One mutation of a response; `what` names it for the failure report. */
function mutate(rng: Rng, bytes: Buffer): { bytes: Buffer; what: string } {
  const n = bytes.length;
  const at = rng.int(n + 1);
  switch (rng.int(9)) {
    case 0: {
      if (n === 0) return { bytes, what: 'none' };
      const out = Buffer.from(bytes);
      const i = rng.int(n);
      out[i] = out[i]! ^ (1 + rng.int(255));
      return { bytes: out, what: `flip@${i}` };
    }
    case 1:
      return { bytes: bytes.subarray(0, at), what: `truncate@${at}` };
    case 2: {
      const end = bytes.indexOf('\r\n\r\n');
      const firstLf = bytes.indexOf('\n');
      if (end === -1 || firstLf === -1 || firstLf >= end) return { bytes, what: 'none' };
      const lines = bytes.subarray(firstLf + 1, end + 2).toString('latin1').split(/(?<=\n)/);
      const line = rng.pick(lines);
      return { bytes: insert(bytes, firstLf + 1, latin1(line)), what: `dup-header ${JSON.stringify(line)}` };
    }
    case 3: {
      const piece = rng.pick(['\r', '\n', '\0', '\r\n', ' ', ':', '\t', '\r\n\r\n', ';', '0', '\x7f', '\xff']);
      return { bytes: insert(bytes, at, latin1(piece)), what: `insert ${JSON.stringify(piece)}@${at}` };
    }
    case 4: {
      const len = rng.int(16);
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + len)]), what: `delete ${len}@${at}` };
    }
    case 5: {
      const len = rng.int(24);
      return { bytes: insert(bytes, at, Buffer.from(bytes.subarray(at, at + len))), what: `repeat ${len}@${at}` };
    }
    case 6: {
      const len = 1 + rng.int(8);
      return { bytes: Buffer.concat([bytes.subarray(0, at), rng.bytes(len), bytes.subarray(at + len)]), what: `random ${len}@${at}` };
    }
    case 7: {
      // Another number where a length or chunk size stood.
      const text = bytes.toString('latin1');
      const numbers = [...text.matchAll(/\d+|(?<=\n)[0-9a-fA-F]+(?=[;\r\n])/g)];
      if (numbers.length === 0) return { bytes, what: 'none' };
      const m = rng.pick(numbers);
      const value = rng.pick(['0', '1', '2', '9', '10', '65536', '-1', 'ffffffff', '', '00', '1 2', '18446744073709551616', String(rng.int(200))]);
      return { bytes: latin1(text.slice(0, m.index) + value + text.slice(m.index! + m[0].length)), what: `number ${m[0]}→${JSON.stringify(value)}` };
    }
    default: {
      const header = rng.pick(['Content-Length: 3', 'Content-Length: 0', 'Transfer-Encoding: chunked', 'Transfer-Encoding: identity', 'Connection: close', 'Content-Length: 5, 7', 'Trailer: x']);
      const firstLf = bytes.indexOf('\n');
      if (firstLf === -1) return { bytes, what: 'none' };
      return { bytes: insert(bytes, firstLf + 1, latin1(`${header}\r\n`)), what: `add ${header}` };
    }
  }
}

/** A fuzz case: random bytes, a valid base or chunked response, or 1–3 mutations of one. */
export function makeFuzzCase(rng: Rng): FuzzCase {
  const maxHeaderBytes = rng.chance(0.1) ? 16 + rng.int(200) : 64 * 1024;
  const kind = rng.int(10);
  if (kind === 0) {
    const prefix = rng.chance(0.5) ? 'HTTP/1.1 ' : '';
    return { bytes: Buffer.concat([latin1(prefix), rng.bytes(rng.int(300))]), isHeadRequest: false, maxHeaderBytes, isFinished: rng.chance(0.5), body: undefined, how: 'random' };
  }
  if (kind === 1) {
    const body = rng.chance(0.5) ? rng.bytes(rng.int(120)) : latin1('x'.repeat(rng.int(120)));
    const bytes = chunkedResponse(rng, body);
    return { bytes, isHeadRequest: false, maxHeaderBytes: 64 * 1024, isFinished: rng.chance(0.5), body, how: 'chunked' };
  }
  const base = rng.pick(FUZZ_BASES);
  let bytes = latin1(base.text);
  const isFinished = base.isFinished ?? rng.chance(0.3);
  if (kind === 2) return { bytes, isHeadRequest: base.isHeadRequest ?? false, maxHeaderBytes: 64 * 1024, isFinished, body: latin1(base.body), how: 'base' };
  const hows: string[] = [];
  if (rng.chance(0.3)) bytes = chunkedResponse(rng, latin1(base.body));
  const count = 1 + rng.int(3);
  for (let i = 0; i < count; i++) {
    const m = mutate(rng, bytes);
    bytes = m.bytes;
    hows.push(m.what);
  }
  return { bytes, isHeadRequest: base.isHeadRequest ?? false, maxHeaderBytes, isFinished, body: undefined, how: hows.join(', ') };
}

/** The codes the parser may throw (response-parser.ts). */
const PARSER_CODES = new Set<string>([ErrorCodes.protocol, ErrorCodes.responseTooLarge, ErrorCodes.incomplete]);

export interface FuzzReport {
  readonly cases: number;
  readonly ms: number;
  readonly outcomes: Record<string, number>;
}

/**
 * Runs up to `cases` parser fuzz cases (stopping after `budgetMs`): each is parsed whole and in
 * random pieces, which must agree; only HttpWireError with a parser code may be thrown; valid
 * inputs must give their body. Throws an Error naming the seed, the case and the input on the
 * first failure. Runs in a worker (see test/support/run-in-worker), reporting the case number as progress.
 */
export function runParserFuzz(data: { seed: number; cases: number; budgetMs: number }, progress: (p: unknown) => void = () => undefined): FuzzReport {
  const started = performance.now();
  const outcomes: Record<string, number> = {};
  let i = 0;
  for (; i < data.cases && performance.now() - started < data.budgetMs; i++) {
    const caseSeed = (data.seed + Math.imul(i + 1, 0x9e3779b1)) >>> 0;
    progress({ seed: data.seed, case: i, caseSeed });
    const rng = new Rng(caseSeed);
    const c = makeFuzzCase(rng);
    const cuts = rng.cuts(c.bytes.length);
    try {
      const options = { isHeadRequest: c.isHeadRequest, maxHeaderBytes: c.maxHeaderBytes, isFinished: c.isFinished };
      const whole = parseInPieces(c.bytes, [], options);
      const split = parseInPieces(c.bytes, cuts, options);
      const brief = (o: ParseOutcome): unknown => ({ ...(summarize(o) as object), error: o.error ? { code: o.error.code, offset: o.error.detail.offset } : undefined });
      assert.deepEqual(brief(split), brief(whole), 'split and whole parses differ');
      for (const o of [whole, split]) {
        if (o.error) {
          assert.ok(PARSER_CODES.has(o.error.code), `unexpected code ${o.error.code}`);
          assert.ok(o.error.message.length > 0, 'empty error message');
          const offset = o.error.detail.offset;
          if (offset !== undefined) assert.ok(offset >= 0 && offset <= c.bytes.length, `offset ${offset} outside the input`);
        }
      }
      if (c.body) {
        assert.equal(whole.error, undefined, `a valid response failed: ${whole.error?.message}`);
        assert.ok(whole.isComplete, 'a valid response did not complete');
        assert.equal(whole.body.toString('latin1'), c.body.toString('latin1'), 'wrong body');
      }
      const key = whole.error ? whole.error.code : whole.isComplete ? 'complete' : 'needs-more';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    } catch (err) {
      const e = err as Error;
      throw new Error(
        `response fuzz failed: seed ${data.seed}, case ${i} (case seed ${caseSeed}), ${c.how}\n` +
          `input (${c.bytes.length} bytes, head=${c.isHeadRequest}, max=${c.maxHeaderBytes}, fin=${c.isFinished}): ${showBytes(c.bytes, 600)}\n` +
          `cuts: ${JSON.stringify(cuts)}\n${e instanceof InvariantError ? 'broken invariant: ' : ''}${e.stack ?? e.message}`,
      );
    }
  }
  return { cases: i, ms: performance.now() - started, outcomes };
}
