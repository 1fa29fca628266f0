/**
 * The body store: bytes in memory up to a bound, then a private temporary file; the same bytes
 * back either way; the file gone after dispose. And a 50 MB download that stays out of memory.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { HttpWireError } from '../../../src/core/errors';
import { BodyStore } from '../../../src/core/response/body-store';
import { HttpClient } from '../../../src/core/wire/client';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

function concat(store: BodyStore): Buffer {
  return Buffer.concat([...store.chunksSync()]);
}

/** A deterministic pattern of `n` bytes that is not all one value. */
function pattern(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

describe('response: body store', () => {
  const stores: BodyStore[] = [];
  let tempDir: string;
  const make = (maxInMemoryBytes: number): BodyStore => {
    const s = new BodyStore({ maxInMemoryBytes, tempDir });
    stores.push(s);
    return s;
  };

  beforeEach(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-body-test-'));
  });
  afterEach(() => {
    for (const s of stores.splice(0)) s.dispose();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('a small body stays in memory', () => {
    const s = make(1024);
    s.append(Buffer.from('hello '));
    s.append(Buffer.from('world'));
    assert.equal(s.length, 11);
    assert.equal(s.spillPath, undefined);
    assert.equal(s.toBuffer().toString(), 'hello world');
    assert.equal(concat(s).toString(), 'hello world');
    assert.deepEqual(fs.readdirSync(tempDir), []);
  });

  it('a body of exactly maxInMemoryBytes stays in memory', () => {
    const s = make(100);
    s.append(pattern(60));
    s.append(pattern(40, 9));
    assert.equal(s.spillPath, undefined);
    assert.equal(s.length, 100);
  });

  it('a body over maxInMemoryBytes spills to a temporary file with mode 0600, written in the background', async () => {
    const bytes = pattern(10_000);
    const s = make(4096);
    for (let at = 0; at < bytes.length; at += 1000) s.append(bytes.subarray(at, at + 1000));
    assert.equal(s.length, bytes.length);
    const file = s.spillPath;
    assert.ok(file !== undefined, 'spillPath is set');
    // The write runs on the thread pool; its end is seen on a later turn of the event loop.
    const written = s.whenWritten();
    assert.ok(written !== undefined, 'still queued on the caller\'s turn');
    assert.ok(concat(s).equals(bytes), 'every byte readable meanwhile');
    await written;
    assert.equal(s.whenWritten(), undefined, 'nothing left to write');
    assert.equal(path.dirname(file), tempDir);
    const stat = fs.statSync(file);
    assert.equal(stat.size, bytes.length);
    if (process.platform !== 'win32') assert.equal(stat.mode & 0o777, 0o600);
  });

  it('chunksSync and toBuffer give back the exact bytes, in memory and spilled', () => {
    const bytes = pattern(3 * 1024 * 1024 + 17);
    for (const max of [64 * 1024 * 1024, 1024, 0]) {
      const s = make(max);
      for (let at = 0; at < bytes.length; at += 65_536) s.append(bytes.subarray(at, at + 65_536));
      assert.ok(concat(s).equals(bytes), `chunksSync, maxInMemoryBytes ${max}`);
      assert.ok(s.toBuffer().equals(bytes), `toBuffer, maxInMemoryBytes ${max}`);
      assert.ok(s.toBuffer(10).equals(bytes.subarray(0, 10)), `toBuffer(10), maxInMemoryBytes ${max}`);
      assert.ok(s.toBuffer(bytes.length * 2).equals(bytes), 'asking for more gives all');
      for (const c of s.chunksSync()) assert.ok(c.length <= 1024 * 1024, 'pieces of at most 1 MiB');
    }
  });

  it('chunks read from the file are independent buffers (safe to keep)', () => {
    const s = make(10);
    s.append(pattern(3 * 1024 * 1024));
    const kept = [...s.chunksSync()];
    assert.ok(Buffer.concat(kept).equals(pattern(3 * 1024 * 1024)));
  });

  it('empty chunks are ignored; an empty body is empty', () => {
    const s = make(10);
    s.append(Buffer.alloc(0));
    assert.equal(s.length, 0);
    assert.equal(s.toBuffer().length, 0);
    assert.deepEqual([...s.chunksSync()], []);
  });

  it('dispose() deletes the file, and is idempotent', () => {
    const s = make(10);
    s.append(pattern(100));
    const file = s.spillPath!;
    assert.ok(fs.existsSync(file));
    s.dispose();
    assert.equal(fs.existsSync(file), false);
    s.dispose();
    s.append(Buffer.from('after'));
    assert.deepEqual(fs.readdirSync(tempDir), []);
  });

  it('two stores never share a file', () => {
    const a = make(1);
    const b = make(1);
    a.append(Buffer.from('aaaa'));
    b.append(Buffer.from('bbbb'));
    assert.notEqual(a.spillPath, b.spillPath);
    assert.equal(a.toBuffer().toString(), 'aaaa');
    assert.equal(b.toBuffer().toString(), 'bbbb');
  });

  it('readChunks gives back the exact bytes without blocking, in memory and spilled (issue 11, item 4)', async () => {
    const bytes = pattern(5 * 1024 * 1024 + 17);
    for (const max of [10, 64 * 1024 * 1024]) {
      const s = make(max);
      for (let at = 0; at < bytes.length; at += 64 * 1024) s.append(bytes.subarray(at, at + 64 * 1024));
      await s.whenWritten();
      // The file is read on the pool: the loop turns (and runs setImmediate callbacks) while each
      // read waits. A timer would be racy here: six cached 1 MiB reads can finish within its 1 ms.
      let turns = 0;
      let counting = true;
      const turn = (): void => {
        if (!counting) return;
        turns++;
        setImmediate(turn);
      };
      setImmediate(turn);
      const got: Buffer[] = [];
      try {
        for await (const c of s.readChunks(1024 * 1024)) got.push(c);
      } finally {
        counting = false;
      }
      assert.ok(Buffer.concat(got).equals(bytes), `readChunks, maxInMemoryBytes ${max}`);
      if (s.spillPath !== undefined) {
        assert.ok(got.every((c) => c.length <= 1024 * 1024) && got.length === 6);
        assert.ok(turns > 0, 'the event loop ran while the file was read');
      }
    }
  });

  it('readChunks with reuse reads every piece of a spilled body into one buffer, and the bytes stay exact (CI: host blocks)', async () => {
    const bytes = pattern(3 * 1024 * 1024 + 5);
    const s = make(10);
    s.append(bytes);
    const copies: Buffer[] = [];
    const backing = new Set<ArrayBufferLike>();
    for await (const c of s.readChunks(64 * 1024, true)) {
      copies.push(Buffer.from(c));
      backing.add(c.buffer);
    }
    s.dispose();
    assert.ok(Buffer.concat(copies).equals(bytes));
    assert.equal(copies.length, Math.ceil(bytes.length / (64 * 1024)));
    assert.equal(backing.size, 1, 'one buffer for all the reads');
  });

  it('past 8 MiB queued for the file, append asks for a pause, and onDrain resumes once it is written (host blocks)', async () => {
    const s = make(0);
    const piece = pattern(1024 * 1024);
    let asked = 0;
    while (s.append(piece)) asked++;
    assert.equal(asked, 7, 'the eighth MiB fills the queue');
    await new Promise<void>((resolve) => s.onDrain(resolve));
    await s.whenWritten();
    assert.equal(fs.statSync(s.spillPath!).size, 8 * 1024 * 1024);
    assert.ok(s.append(piece), 'room again');
  });

  it('a write that fails keeps the bytes readable, rejects whenWritten and the next append with HW_FILE (host blocks)', async () => {
    const s = make(10);
    const bytes = pattern(256 * 1024);
    s.append(bytes.subarray(0, 1024));
    await s.whenWritten();
    // The store's file swapped behind its back for a read-only descriptor of it: reads work, the
    // next write fails (EBADF), as a full disk would fail it.
    const inner = s as unknown as { fd: number };
    const readOnly = fs.openSync(s.spillPath!, 'r');
    fs.closeSync(inner.fd);
    inner.fd = readOnly;
    s.append(bytes.subarray(1024));
    await assert.rejects(s.whenWritten()!, (err: unknown) => err instanceof HttpWireError && err.code === 'HW_FILE' && /temporary file/.test(err.message));
    assert.throws(() => s.append(Buffer.from('more')), { code: 'HW_FILE' });
    assert.ok(concat(s).equals(bytes), 'what arrived is still there: the file\'s part, and the rest from memory');
  });

  it('the client ends a send once its spilled body is all in the file (host blocks)', async () => {
    const body = pattern(3 * 1024 * 1024 + 3);
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]))));
    const client = new HttpClient();
    try {
      const result = await client.send(wireRequest(server.url('/')), { bodyStore: { maxInMemoryBytes: 64 * 1024, tempDir } });
      assert.equal(fs.statSync(result.body.spillPath!).size, body.length);
      assert.equal(result.body.whenWritten(), undefined);
      assert.ok(result.body.toBuffer().equals(body));
      result.dispose();
    } finally {
      client.close();
      await server.close();
    }
  });

  it('readChunks ends quietly when the store is disposed meanwhile, and the file still goes (issue 11, item 4)', async () => {
    const s = make(10);
    s.append(pattern(3 * 1024 * 1024));
    const file = s.spillPath!;
    const got: Buffer[] = [];
    for await (const c of s.readChunks(1024 * 1024)) {
      got.push(c);
      s.dispose();
    }
    assert.equal(got.length, 1);
    assert.equal(fs.existsSync(file), false);
  });

  it('dispose() during a read closes the file only once the read is done (issue 11, item 4)', async () => {
    const s = make(10);
    s.append(pattern(2 * 1024 * 1024));
    const file = s.spillPath!;
    await s.whenWritten();
    const reading = s.readChunks(1024 * 1024);
    const first = reading.next();
    s.dispose();
    assert.equal(fs.existsSync(file), false, 'removed at once; its fd stays open until the read is done');
    // The read in flight resolves to the end, not to bytes of whatever file got its fd number.
    assert.deepEqual(await first, { done: true, value: undefined });
    assert.equal(fs.existsSync(file), false);
  });

  describe('a 50 MB body through the client with a 1 MB memory bound', function () {
    this.timeout(30_000);
    const TOTAL = 50 * 1024 * 1024;
    const BLOCK = randomBytes(64 * 1024);
    let server: RawServer | undefined;
    let client: HttpClient | undefined;

    afterEach(async () => {
      client?.close();
      await server?.close();
    });

    it('keeps arrayBuffers growth well under 50 MB and the bytes intact', async () => {
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const expected = createHash('sha256');
      for (let sent = 0; sent < TOTAL; sent += BLOCK.length) expected.update(BLOCK);
      server = await RawServer.start((socket) =>
        onRequests(socket, () => {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${TOTAL}\r\n\r\n`);
          let sent = 0;
          // One 64 KiB block written again and again, with backpressure: the server holds no copy.
          const pump = (): void => {
            while (sent < TOTAL) {
              sent += BLOCK.length;
              if (!socket.write(BLOCK)) {
                socket.once('drain', pump);
                return;
              }
            }
          };
          pump();
        }),
      );
      client = new HttpClient();
      gc();
      const before = process.memoryUsage().arrayBuffers;
      const result = await client.send(wireRequest(server.url('/big')), { bodyStore: { maxInMemoryBytes: 1024 * 1024 } });
      try {
        // Twice: V8 frees ArrayBuffer memory concurrently, so one collection can leave socket
        // read buffers counted for a moment (seen once: 21 MB right after a single gc()).
        gc();
        gc();
        const growth = process.memoryUsage().arrayBuffers - before;
        assert.equal(result.body.length, TOTAL);
        assert.ok(result.body.spillPath !== undefined, 'the body went to a file');
        // Holding the body would be 50 MB or more; the bound leaves room for that measuring noise.
        assert.ok(growth < 32 * 1024 * 1024, `arrayBuffers grew by ${(growth / 1024 / 1024).toFixed(1)} MB`);
        const got = createHash('sha256');
        for (const chunk of result.body.chunksSync()) got.update(chunk);
        assert.equal(got.digest('hex'), expected.digest('hex'));
      } finally {
        const file = result.body.spillPath;
        result.dispose();
        if (file !== undefined) assert.equal(fs.existsSync(file), false, 'dispose removes the temporary file');
      }
    });
  });
});
