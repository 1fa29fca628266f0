/**
 * `--json` results are written in the order their sends were given, also when sends given early
 * (SendLine, issue 10 item 6) finish while a large result before them still waits for stdout to
 * drain. On Linux stdout is written synchronously and never waits; on macOS and Windows a pipe
 * does, which this test plays with a target that takes each write only after a turn of the loop.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { sendOutput, type RequestRef } from '../../../src/cli/send-output';
import type { ByteTarget } from '../../../src/core/response/body-sink';
import { SecretMasker } from '../../../src/core/secret-masker';
import { HttpClient } from '../../../src/core/wire/client';
import { SendLine } from '../../../src/core/wire/send-line';
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

  it('with --body full, a send may start early only while no stored body waits to be written (two bodies at most); a digest always', async () => {
    const target = new SlowTarget();
    const printer = { isColor: false, isTty: false, out: (t: string | Buffer) => void target.write(t), stream: target as unknown as ByteTarget };
    const full = sendOutput(printer, true, 'full', false, () => undefined, SecretMasker.create());
    const digest = sendOutput(printer, true, 'digest', false, () => undefined, SecretMasker.create());
    const client = new HttpClient();
    try {
      assert.equal(full.mayStartEarly(), true, 'nothing waits yet');
      await full.send(client, wireRequest(server.url('/big1')), {}, refTo('/big1'), false);
      assert.equal(full.mayStartEarly(), false, 'the first body waits for the slow stdout');
      await full.end();
      assert.equal(full.mayStartEarly(), true, 'written');
      await digest.send(client, wireRequest(server.url('/big2')), {}, refTo('/big2'), false);
      assert.equal(digest.mayStartEarly(), true, 'a digest holds no body');
      await digest.end();
    } finally {
      client.close();
    }
  });

  it('three large bodies and small ones, all given at once: one document, file order, every body whole', async () => {
    const target = new SlowTarget();
    const output = sendOutput({ isColor: false, isTty: false, out: (t) => void target.write(t), stream: target as unknown as ByteTarget }, true, 'full', false, () => undefined, SecretMasker.create());
    const client = new HttpClient();
    const line = new SendLine(client);
    const paths = ['/big1', '/big2', '/big3', '/s1', '/big4', '/s2'];
    try {
      // As the CLI does with sends given early: each is given before the answers before it are written.
      const sends = paths.map((p) => output.send(line, wireRequest(server.url(p)), {}, refTo(p), false));
      await Promise.all(sends);
      await output.end();
    } finally {
      line.close();
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
