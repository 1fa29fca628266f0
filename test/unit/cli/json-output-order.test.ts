/**
 * `--json` results are written in the order of their sends, also when a send finishes while the
 * large result before it still waits for stdout to drain. On Linux stdout is written
 * synchronously and never waits; on macOS and Windows a pipe does, which this test plays with a
 * target that takes each write only after a turn of the loop.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { sendOutput, type RequestRef } from '../../../src/cli/send-output';
import type { ByteTarget } from '../../../src/core/response/body-sink';
import { SecretMasker } from '../../../src/core/secret-masker';
import { HttpClient } from '../../../src/core/wire/client';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

/* eslint-disable @typescript-eslint/no-explicit-any -- the JSON is read as data. */
type Json = any;

/** A request of no file, as the output names it. */
const refTo = (p: string): RequestRef => ({ label: p, name: undefined, line: 0, method: 'GET', url: null });

/** A stdout that is full after every write: `drain` comes after the next turn of the event loop. */
class SlowTarget extends EventEmitter {
  readonly chunks: string[] = [];
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    setImmediate(() => this.emit('drain'));
    return false;
  }
}

describe('cli: --json results in the order given, stdout slow (issue 10, item 6)', () => {
  let server: RawServer;
  const big = Buffer.alloc(512 * 1024, 'b');

  before(async () => {
    server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const body = head.startsWith('GET /big') ? big : Buffer.from(head.split(' ')[1]!);
        socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
      }),
    );
  });
  after(() => server.close());

  it('three large bodies and small ones sent one after another, as the CLI sends: one document, file order, every body whole', async () => {
    const target = new SlowTarget();
    const output = sendOutput({ isColor: false, isTty: false, out: (t) => void target.write(t), stream: target as unknown as ByteTarget }, true, 'full', false, () => undefined, SecretMasker.create());
    const client = new HttpClient();
    const paths = ['/big1', '/big2', '/big3', '/s1', '/big4', '/s2'];
    try {
      // A send returns once the result before it is written, while its own result may still wait for stdout.
      for (const p of paths) await output.send(client, wireRequest(server.url(p)), {}, refTo(p), false);
      await output.end();
    } finally {
      client.close();
    }
    const results = (JSON.parse(target.chunks.join('')) as { results: Json[] }).results;
    assert.deepEqual(
      results.map((r) => new URL(r.request.url).pathname),
      paths,
    );
    for (const [i, r] of results.entries()) {
      const body = Buffer.from(r.response.body.base64, 'base64');
      assert.ok(paths[i]!.startsWith('/big') ? body.equals(big) : body.toString() === paths[i], `body of ${paths[i]}`);
    }
  });
});
