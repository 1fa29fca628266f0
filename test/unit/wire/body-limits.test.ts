/**
 * The body on its way from the socket to its sink (issue 10, item 2): the size limit on the bytes
 * received and on the decoded bytes, a real decompression bomb from a 127.0.0.1 server, a store
 * that cannot spill while decoding, and decoding that obeys cancel and the total timeout.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ErrorCodes, errorClassOf, type HttpWireError } from '../../../src/core/errors';
import { StoreSink, type BodySink } from '../../../src/core/response/body-sink';
import type { BodyStore } from '../../../src/core/response/body-store';
import { HttpClient } from '../../../src/core/wire/client';
import type { PartialExchange } from '../../../src/core/wire/exchange';
import { chunkedBody } from '../../support/chunked';
import { onRequests, RawServer } from '../../support/raw-server';
import { rejection } from '../../support/rejection';
import { wireRequest } from '../../support/wire-request';

const KiB = 1024;
const MiB = 1024 * KiB;
/** 10 MB of zeros, gzipped: about 10 KB on the wire. */
const BOMB = zlib.gzipSync(Buffer.alloc(10_000_000));

function partialOf(err: HttpWireError): PartialExchange {
  const partial = (err.detail as { partial?: PartialExchange }).partial;
  assert.ok(partial, 'the error carries what was received');
  return partial;
}

/** A chunked response of `body` in pieces of `piece` bytes. */
function chunked(head: string, body: Buffer, piece: number): Buffer {
  return Buffer.concat([Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\n`, 'latin1'), chunkedBody(body, piece)]);
}

/** The largest file in `dir` now, in bytes (0 when empty). */
function largestFile(dir: string): number {
  return Math.max(0, ...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).size));
}

/** A store sink that looks at the temp folder after every byte it stores: how big did a file get? */
class WatchedStoreSink extends StoreSink {
  largestFileBytes = 0;

  constructor(
    private readonly dir: string,
    hasCodings: boolean,
  ) {
    super({ maxInMemoryBytes: 64 * KiB, tempDir: dir }, hasCodings);
  }

  override raw(chunk: Buffer): boolean {
    const more = super.raw(chunk);
    this.largestFileBytes = Math.max(this.largestFileBytes, largestFile(this.dir));
    return more;
  }

  override write(chunk: Buffer): boolean {
    const more = super.write(chunk);
    this.largestFileBytes = Math.max(this.largestFileBytes, largestFile(this.dir));
    return more;
  }
}

/** A sink that stops taking bytes at the first write and never asks for more: decoding stalls. */
class StalledSink implements BodySink<undefined> {
  writes = 0;
  isAborted = false;
  constructor(private readonly onFirstWrite: () => void = () => undefined) {}
  raw(): boolean {
    return true;
  }
  write(): boolean {
    if (++this.writes === 1) this.onFirstWrite();
    return false;
  }
  onDrain(): void {}
  finish(): undefined {
    return undefined;
  }
  whenStored(): undefined {
    return undefined;
  }

  abort(): undefined {
    this.isAborted = true;
    return undefined;
  }
}

describe('wire: body limits, bombs and decoding (issue 10, item 2)', function () {
  this.timeout(20_000);
  let server: RawServer | undefined;
  let client: HttpClient;
  let dir: string;

  beforeEach(() => {
    client = new HttpClient();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-limits-'));
  });
  afterEach(async () => {
    client.close();
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A server answering every request with `response`. */
  async function serve(response: Buffer | string): Promise<string> {
    server = await RawServer.start((socket) => onRequests(socket, () => socket.write(response)));
    return server.url('/');
  }

  it('issue 10, item 2: a Content-Length over maxBodyBytes fails at the head with HW_RESPONSE_TOO_LARGE (class too-large)', async () => {
    const url = await serve(`HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`);
    const err = await rejection(client.send(wireRequest(url), { maxBodyBytes: 1000 }));
    assert.equal(err.code, 'HW_RESPONSE_TOO_LARGE');
    assert.equal(errorClassOf(err.code), 'too-large');
    assert.match(err.message, /5000 bytes \(Content-Length\), more than the limit of 1000 bytes/);
    assert.equal(partialOf(err).head?.status, 200);
  });

  it('issue 10, item 2: a chunked body past maxBodyBytes stops there; the bytes received so far stay viewable', async () => {
    const body = randomBytes(5000);
    const url = await serve(chunked('HTTP/1.1 200 OK\r\n', body, 500));
    const err = await rejection(client.send(wireRequest(url), { maxBodyBytes: 3000 }));
    assert.equal(err.code, 'HW_RESPONSE_TOO_LARGE');
    const kept = partialOf(err).rawBody;
    assert.ok(kept, 'the store keeps the raw bytes of a failed exchange');
    try {
      assert.equal(kept.length, 3000, 'everything up to the limit, nothing past it');
      assert.ok(kept.toBuffer().equals(body.subarray(0, 3000)));
    } finally {
      kept.dispose();
    }
  });

  it('issue 10, item 2: a body of exactly maxBodyBytes is accepted', async () => {
    const body = randomBytes(3000);
    const url = await serve(chunked('HTTP/1.1 200 OK\r\n', body, 700));
    const result = await client.send(wireRequest(url), { maxBodyBytes: 3000 });
    assert.ok(result.body.toBuffer().equals(body));
    result.dispose();
  });

  it('issue 10, item 2: 10 MB of gzipped zeros with a 1 MiB limit stop decoding with HW_RESPONSE_TOO_LARGE', async () => {
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${BOMB.length}\r\n\r\n`), BOMB]));
    const err = await rejection(client.send(wireRequest(url), { maxBodyBytes: MiB, bodyStore: { maxInMemoryBytes: 64 * KiB, tempDir: dir } }));
    assert.equal(err.code, 'HW_RESPONSE_TOO_LARGE');
    assert.match(err.message, /decoded body exceeds the limit of 1048576 bytes/);
    const kept = partialOf(err).rawBody!;
    try {
      // The gzip bytes that came in are there to look at; the decoded ones are gone.
      assert.ok(BOMB.subarray(0, kept.length).equals(kept.toBuffer()));
      assert.equal(fs.readdirSync(dir).length, kept.spillPath === undefined ? 0 : 1);
    } finally {
      kept.dispose();
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('issue 10, item 2: while a bomb decodes, no temporary file grows past the limit', async () => {
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${BOMB.length}\r\n\r\n`), BOMB]));
    let sink: WatchedStoreSink | undefined;
    const err = await rejection(client.sendTo(wireRequest(url), (start) => (sink = new WatchedStoreSink(dir, start.contentCodings.length > 0)), { maxBodyBytes: MiB }));
    assert.equal(err.code, 'HW_RESPONSE_TOO_LARGE');
    partialOf(err).rawBody?.dispose();
    assert.ok(sink!.largestFileBytes > 64 * KiB, `the decoded body did spill (${sink!.largestFileBytes} bytes)`);
    assert.ok(sink!.largestFileBytes <= MiB, `a temporary file reached ${sink!.largestFileBytes} bytes`);
  });

  it('issue 10, item 2: a decoded body that cannot spill (temp folder missing) fails with HW_FILE, not a crash', async () => {
    const gz = zlib.gzipSync(Buffer.alloc(MiB, 'a'));
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz]));
    // The gzip bytes fit in memory; only the decoded megabyte needs the missing folder.
    const err = await rejection(client.send(wireRequest(url), { bodyStore: { maxInMemoryBytes: 64 * KiB, tempDir: path.join(dir, 'missing') } }));
    assert.equal(err.code, 'HW_FILE');
    assert.match(err.message, /Could not store the response body in a temporary file/);
    partialOf(err).rawBody?.dispose();
  });

  it('issue 10, item 2: decoding obeys cancel once every byte is in (HW_ABORTED, the sink aborted)', async () => {
    const gz = zlib.gzipSync(Buffer.alloc(MiB, 'a'));
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz]));
    const controller = new AbortController();
    const sink = new StalledSink(() => controller.abort());
    const err = await rejection(client.sendTo(wireRequest(url), () => sink, { signal: controller.signal }));
    assert.equal(err.code, 'HW_ABORTED');
    assert.equal(partialOf(err).bodyBytes, gz.length, 'the whole body had arrived: the abort came while decoding');
    assert.equal(sink.isAborted, true);
    assert.equal(sink.writes, 1, 'nothing was decoded into the sink after the abort');
  });

  it('issue 10, item 2: decoding obeys the total timeout (HW_TOTAL_TIMEOUT)', async () => {
    const gz = zlib.gzipSync(Buffer.alloc(MiB, 'a'));
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz]));
    const sink = new StalledSink();
    const err = await rejection(client.sendTo(wireRequest(url), () => sink, { totalTimeoutMs: 200 }));
    assert.equal(err.code, 'HW_TOTAL_TIMEOUT');
    assert.equal(sink.isAborted, true);
  });

  it('a sink that pauses the download for longer than bodyTimeoutMs is no body timeout', async () => {
    const body = randomBytes(256 * KiB);
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    const got: Buffer[] = [];
    let isPaused = false;
    const sink: BodySink<Buffer> = {
      raw: () => true,
      write: (chunk) => {
        got.push(Buffer.from(chunk));
        if (isPaused) return true;
        isPaused = true;
        return false;
      },
      // The pause outlasts the 100 ms body timeout: it is ours, not the server's silence.
      onDrain: (resume) => void setTimeout(resume, 300),
      finish: () => Buffer.concat(got),
      whenStored: () => undefined,
      abort: () => undefined,
    };
    const result = await client.sendTo(wireRequest(url), () => sink, { bodyTimeoutMs: 100 });
    assert.ok(result.body.equals(body));
  });

  it('an undecodable body (unknown coding) pauses the download while its raw side is full', async () => {
    // Such a body comes through raw() alone: when its store cannot keep up (a disk slower than the
    // network), the socket must wait, or the body queues up in memory.
    const body = randomBytes(256 * KiB);
    const url = await serve(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: x-unknown\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    const got: Buffer[] = [];
    let drains = 0;
    const sink: BodySink<Buffer> = {
      raw: (chunk) => {
        got.push(Buffer.from(chunk));
        return got.length > 1;
      },
      write: () => true,
      // The pause outlasts the 100 ms body timeout: it is ours, not the server's silence.
      onDrain: (resume) => {
        drains++;
        setTimeout(resume, 300);
      },
      finish: () => Buffer.concat(got),
      whenStored: () => undefined,
      abort: () => undefined,
    };
    const result = await client.sendTo(wireRequest(url), () => sink, { bodyTimeoutMs: 100 });
    assert.equal(drains, 1, 'the reader waited for the raw side to drain');
    assert.equal(result.decodeError?.code, ErrorCodes.decode);
    assert.ok(result.body.equals(body));
  });

  it('a stored body says it is full on its raw side too, once its file queue is long', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-raw-full-'));
    const sink = new StoreSink({ maxInMemoryBytes: 64 * KiB, tempDir: dir }, true);
    try {
      // Appended in one turn: nothing of the queue can be written meanwhile.
      const chunk = Buffer.alloc(MiB, 1);
      const answers = Array.from({ length: 12 }, () => sink.raw(chunk));
      assert.ok(answers.includes(false), `raw() never asked for a pause: ${answers.join(' ')}`);
      // The drain awaited is the raw store's, not the decoded one's (empty, it would resume at once).
      let isResumed = false;
      sink.onDrain(() => (isResumed = true));
      assert.equal(isResumed, false);
    } finally {
      sink.abort()?.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bytes read into the shared buffer are copied where they are kept: body and capture intact', async () => {
    const body = randomBytes(3 * MiB);
    const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
    const url = await serve(Buffer.concat([head, body]));
    const result = await client.send(wireRequest(url), { captureLimitBytes: 4 * MiB });
    try {
      assert.equal(result.body.spillPath, undefined, 'kept in memory, as chunks');
      assert.ok(result.body.toBuffer().equals(body));
      assert.ok(result.capture.received.equals(Buffer.concat([head, body])));
    } finally {
      result.dispose();
    }
  });

  it('keeps the raw store of a failed exchange readable until its owner disposes it', async () => {
    const body = randomBytes(200 * KiB);
    server = await RawServer.start((socket) =>
      onRequests(socket, () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length * 2}\r\n\r\n`);
        socket.end(body);
      }),
    );
    const err = await rejection(client.send(wireRequest(server.url('/')), { bodyStore: { maxInMemoryBytes: 64 * KiB, tempDir: dir } }));
    assert.equal(err.code, 'HW_INCOMPLETE');
    const kept: BodyStore = partialOf(err).rawBody!;
    assert.ok(kept.spillPath !== undefined && fs.existsSync(kept.spillPath));
    assert.ok(kept.toBuffer().equals(body));
    kept.dispose();
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
