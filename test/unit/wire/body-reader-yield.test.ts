/**
 * A server that sends 1-byte chunks faster than they can be parsed (wire-hunt t15, the stop
 * path: SIGTERM was not served for 10 s and more). libuv hands over up to 32 socket reads of up
 * to 4 MiB in a row, and the body reader now gives the event loop a turn after a read of many
 * chunks: timers, other sockets, signals and a cancel are served while the body streams.
 *
 * The server runs in a child process: in this one it could not write while the client parses.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { DigestSink } from '../../../src/core/response/body-sink';
import { HttpClient } from '../../../src/core/wire/client';
import { waitFor } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

/** Answers every connection with a chunked body of 1-byte chunks that never ends, as fast as the socket takes it. */
const ENDLESS_SERVER = `
const net = require('node:net');
const server = net.createServer((s) => {
  s.on('error', () => undefined);
  s.once('data', () => {
    s.write('HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n');
    const b = Buffer.from('1\\r\\nx\\r\\n'.repeat(20000));
    const pump = () => { while (s.write(b)); s.once('drain', pump); };
    pump();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

describe('wire: a fast stream of 1-byte chunks leaves the event loop free (wire-hunt t15, stop path)', function () {
  this.timeout(60_000);
  let server: ChildProcess | undefined;
  let client: HttpClient | undefined;
  afterEach(() => {
    client?.close();
    server?.kill();
    server = undefined;
  });

  it('while 8 MB of 1-byte chunks stream in, a 20 ms timer is never held for seconds, and a cancel then stops the download', async () => {
    server = spawn(process.execPath, ['-e', ENDLESS_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await waitFor<number>('the server to listen', 10_000, (done) => server!.stdout!.once('data', (d: Buffer) => done(Number(d.toString().trim()))));
    client = new HttpClient();
    const abort = new AbortController();
    let received = 0;
    const sent = client.sendTo(
      wireRequest(`http://127.0.0.1:${port}/`),
      () => {
        const digest = new DigestSink(false);
        const write = digest.write.bind(digest);
        digest.write = (chunk: Buffer): boolean => ((received += chunk.length), write(chunk));
        return digest;
      },
      { signal: abort.signal, bodyTimeoutMs: 60_000 },
    );
    const failed = sent.then(
      () => assert.fail('an endless body cannot end'),
      (err: unknown) => err,
    );
    // The longest wait between ticks of a 20 ms interval, until 8 MB (8 million chunks) are in.
    const longestGapMs = await waitFor<number>('8 MB of the body', 50_000, (done) => {
      let last = performance.now();
      let longest = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        if (received >= 8_000_000) {
          clearInterval(tick);
          done(longest);
        }
      }, 20);
    });
    assert.ok(longestGapMs < 3000, `a 20 ms interval was held for ${Math.round(longestGapMs)} ms by the body`);
    const cancelledAt = performance.now();
    abort.abort();
    const err = (await waitFor<unknown>('the send to end once cancelled', 30_000, (done) => void failed.then(done))) as { code?: string };
    assert.equal(err.code, 'HW_ABORTED');
    assert.ok(performance.now() - cancelledAt < 3000, 'the cancel was served within seconds');
  });
});
