/**
 * A body store given a body of many small chunks (wire-hunt t16b/t17: a chunked body of 200,000
 * 100-byte chunks blocked the event loop for 12-18 s once it spilled: every written chunk was
 * shifted off the front of a 160,000-piece queue). Small chunks are coalesced into slabs and the
 * queue is dropped from a head index, so the work is linear in the bytes.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BodyStore, DEFAULT_MAX_IN_MEMORY_BODY_BYTES } from '../../../src/core/response/body-store';
import { chunkedBody } from '../../support/chunked';
import { waitFor } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { answeringPerTest } from '../../support/answering-server';

/** `n` chunks of `size` bytes, each different, as one buffer. */
function body(n: number, size: number): Buffer {
  const b = Buffer.alloc(n * size);
  for (let i = 0; i < n; i++) b.fill(i % 251, i * size, (i + 1) * size);
  return b;
}

const sha = (b: Buffer | Iterable<Buffer>): string => {
  const h = createHash('sha256');
  for (const c of Buffer.isBuffer(b) ? [b] : b) h.update(c);
  return h.digest('hex');
};

describe('response: body store with many small chunks (wire-hunt t16b)', () => {
  let tempDir: string;
  const stores: BodyStore[] = [];
  beforeEach(() => (tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-small-chunks-'))));
  afterEach(() => {
    for (const s of stores.splice(0)) s.dispose();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('200,000 100-byte chunks past the in-memory bound are written in a few seconds, not 12-18 s, and read back whole', async () => {
    const bytes = body(200_000, 100);
    const store = new BodyStore({ maxInMemoryBytes: DEFAULT_MAX_IN_MEMORY_BODY_BYTES, tempDir });
    stores.push(store);
    const done = (async () => {
      for (let at = 0; at < bytes.length; at += 100) {
        if (!store.append(bytes.subarray(at, at + 100))) await new Promise<void>((resolve) => store.onDrain(resolve));
      }
      await store.whenWritten();
    })();
    await waitFor('the store to write 20 MB of 100-byte chunks', 10_000, (resolve) => void done.then(resolve));
    assert.ok(store.spillPath !== undefined, 'spilled');
    assert.equal(store.length, bytes.length);
    assert.equal(sha(store.chunksSync()), sha(bytes));
  });

  it('small chunks are kept in few pieces: 100,000 1-byte chunks in memory are under 100 pieces', () => {
    const store = new BodyStore({ maxInMemoryBytes: 1024 * 1024, tempDir });
    stores.push(store);
    const bytes = body(100_000, 1);
    for (let i = 0; i < bytes.length; i++) store.append(bytes.subarray(i, i + 1));
    const pieces = [...store.chunksSync()];
    assert.ok(pieces.length < 100, `${pieces.length} pieces`);
    assert.deepEqual(Buffer.concat(pieces), bytes);
    assert.deepEqual(store.toBuffer(), bytes);
  });

  it('a small body keeps its pieces as they came (no slab behind a 2-piece body)', () => {
    const store = new BodyStore({ maxInMemoryBytes: 1024, tempDir });
    stores.push(store);
    store.append(Buffer.from('hello '));
    store.append(Buffer.from('world'));
    assert.deepEqual([...store.chunksSync()].map((c) => c.toString()), ['hello ', 'world']);
  });

  it('bytes appended while a write is under way, and read while queued, come back in order', async () => {
    const store = new BodyStore({ maxInMemoryBytes: 4096, tempDir });
    stores.push(store);
    const bytes = body(50_000, 7);
    for (let at = 0; at < bytes.length; at += 7) {
      store.append(bytes.subarray(at, at + 7));
      // Read back now and then while pieces are queued and partly written.
      if (at % 70_000 === 0) assert.equal(sha(store.chunksSync()), sha(bytes.subarray(0, at + 7)));
      if (at % 35_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await store.whenWritten();
    assert.deepEqual(store.toBuffer(), bytes);
    const read: Buffer[] = [];
    for await (const c of store.readChunks(4096)) read.push(Buffer.from(c));
    assert.deepEqual(Buffer.concat(read), bytes);
  });

  describe('through the client (the editor path)', () => {
    const answer = answeringPerTest();

    it('a 20 MB chunked body of 100-byte chunks in one burst: stored in seconds, spilled, whole', async () => {
      const bytes = body(200_000, 100);
      const wire = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n'), chunkedBody(bytes, 100)]);
      const { server, client } = await answer(wire);
      const sent = client.send(wireRequest(server.url('/export.csv')), { bodyStore: { maxInMemoryBytes: DEFAULT_MAX_IN_MEMORY_BODY_BYTES, tempDir } });
      const result = await waitFor<Awaited<typeof sent>>('the body stored', 10_000, (resolve) => void sent.then(resolve));
      try {
        assert.ok(result.body.spillPath !== undefined);
        assert.equal(result.body.length, bytes.length);
        assert.equal(sha(result.body.chunksSync()), sha(bytes));
      } finally {
        result.dispose();
      }
    });
  });
});
