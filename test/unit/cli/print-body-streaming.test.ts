/**
 * `http-wire send` with stdout a pipe or a file writes a body with no Content-Type as it comes,
 * as curl does (wire-hunt t13: a stream of events with no type showed its first event only at
 * the body's end or its 4 KiB, 1.5 s late). Sniffing text from binary matters on a terminal
 * alone, which keeps it. And bodies of many tiny chunks go through a pipe at once (wire-hunt
 * t15: 200,000 1-byte chunks ran for minutes at 1 GB).
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';
import { chunkedBody } from '../../support/chunked';
import { PerTest } from './per-test';
import { runCli, startCliUntil } from './run-cli';
import { sinkFor } from './fake-stdout';


describe('cli: a body printed as it comes (wire-hunt t13, t15)', function () {
  this.timeout(60_000);
  const t = new PerTest('http-wire-streaming-');

  it('to a pipe or a file, a body with no Content-Type is written at once, not held to sniff', () => {
    const { sink, stdout } = sinkFor([], false);
    sink.write(Buffer.from('data: 1\n\n'));
    assert.equal(stdout.text, 'data: 1\n\n');
    sink.write(Buffer.from([0, 1, 2]));
    sink.finish(undefined);
    assert.equal(stdout.text, 'data: 1\n\n\x00\x01\x02', 'bytes as they are, no note');
  });

  it('on a terminal, a body with no Content-Type is still held until its first 4 KiB tell text from binary', () => {
    const { sink, stdout } = sinkFor([], true);
    sink.write(Buffer.from('data: 1\n\n'));
    assert.equal(stdout.text, '');
    sink.finish(undefined);
    assert.equal(stdout.text, 'data: 1\n\n');
    const binary = sinkFor([], true);
    binary.sink.write(Buffer.from([0, 1, 2]));
    binary.sink.finish(undefined);
    assert.match(binary.stdout.text, /^\[3 bytes of binary data/);
  });

  it('on a terminal, the binary note comes after the text the sink held while stdout was full', () => {
    const { sink, stdout } = sinkFor([['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip']], true);
    sink.raw(Buffer.from([0, 1, 2, 3]));
    stdout.isFull = true;
    sink.write(Buffer.from('decoded '));
    sink.write(Buffer.from('part'));
    sink.finish(new HttpWireError(ErrorCodes.decode, 'The body is not valid gzip.'));
    assert.match(stdout.text, /^decoded part\[4 bytes of binary data, not decoded/);
  });

  it('a stream of events with no Content-Type reaches a piped stdout as each event comes', async () => {
    let finish: (() => void) | undefined;
    const server = await RawServer.start((socket) =>
      onRequests(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n');
        finish = () => socket.write('9\r\ndata: 2\n\n\r\n0\r\n\r\n');
      }),
    );
    const file = t.requestFileFor(server, '/events');
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    // Before the fix the first event was held until the body's end, which this test waits on.
    const cli = await startCliUntil(['send', file], {}, 'the first event on stdout', (bytes) => bytes >= head.length + 'data: 1\n\n'.length, 10_000);
    assert.ok(cli.stdout().toString().endsWith('data: 1\n\n'), JSON.stringify(cli.stdout().toString()));
    finish!();
    assert.equal(await cli.exited, 0, cli.stderr());
    assert.equal(cli.stdout().toString(), `${head}data: 1\n\ndata: 2\n\n`);
  });

  it('200,000 1-byte chunks in one burst go through a piped stdout in seconds, whole', async () => {
    const n = 200_000;
    const body = Buffer.alloc(n, 'x');
    const wire = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n'), chunkedBody(body, 1)]);
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write(wire)));
    const file = t.requestFileFor(server, '/tiny');
    // Minutes and 1 GB before the fix; well under a second after it.
    const run = await waitFor<Awaited<ReturnType<typeof runCli>>>('the CLI to print the body', 30_000, (done) => void runCli(['send', file]).then(done));
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /MaxListenersExceededWarning/);
    const printed = run.stdout.subarray(run.stdout.indexOf('\r\n\r\n') + 4);
    assert.deepEqual(printed, body);
  });
});
