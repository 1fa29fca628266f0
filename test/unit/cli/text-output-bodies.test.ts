/**
 * `http-wire send` without --json (the curl -i view) and the body bytes it owes the user:
 *
 * - bug 05-untyped-partial-body-lost: a body cut short (FIN, a bad chunk, a stall, a reset,
 *   --max-body) showed nothing of the bytes held to sniff an untyped body, nor of a text body's
 *   first bytes held for a BOM, though the head was shown and the capture was therefore not.
 * - bug 06-undecodable-body-not-shown: a body that cannot be decoded (plain bytes labelled gzip,
 *   an unknown coding) printed nothing, while the message said the raw bytes were kept.
 *
 * The CLI runs as a process (out/src/cli/main.js) against raw servers writing hand-made bytes;
 * PrintBodySink's BodySink contract (backpressure, raw vs decoded) is checked in process.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type * as net from 'node:net';
import * as zlib from 'node:zlib';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';
import { PerTest } from './per-test';
import { CLI_MAIN, runCli, startCliUntil, type CliRun } from './run-cli';
import { sinkFor } from './fake-stdout';

const NO_PROXY_ENV = { NO_COLOR: '1', HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' };
const TEXT = 'hello world, the body in full\n'.repeat(4);

/** What the server does once its bytes are written. */
type After = 'end' | 'hang';

/** The body as printed: what follows the head on stdout. */
function bodyOf(run: CliRun): Buffer {
  return run.stdout.subarray(run.stdout.indexOf('\r\n\r\n') + 4);
}

describe('cli: text output shows the body bytes it has (bugs 05 and 06)', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-text-bodies-');

  /** A server writing `bytes` for every request, then ending or holding the connection; returns a .http file for it. */
  async function serve(bytes: Buffer | string, after: After = 'end', onWritten: (socket: net.Socket) => void = () => undefined): Promise<string> {
    const server = await RawServer.start((socket) =>
      onRequests(socket, () => {
        socket.write(bytes);
        if (after === 'end') socket.end();
        onWritten(socket);
      }),
    );
    const file = t.requestFileFor(server, '/body');
    return file;
  }

  const head = (headers: string): string => `HTTP/1.1 200 OK\r\n${headers}\r\n`;

  describe('bug 05-untyped-partial-body-lost: a failure after part of the body', () => {
    const rows: Array<{ name: string; bytes: Buffer | string; after?: After; args?: string[]; want: Buffer | string; code: RegExp }> = [
      { name: 'untyped text, then FIN before Content-Length', bytes: `${head('Content-Length: 10\r\n')}hello`, want: 'hello\n', code: /HW_\w+/ },
      { name: 'untyped text, then a bad chunk size', bytes: `${head('Transfer-Encoding: chunked\r\n')}5\r\nhello\r\nzz\r\n`, want: 'hello\n', code: /HW_PROTOCOL/ },
      { name: 'untyped text, then a stall past --timeout', bytes: `${head('Content-Length: 10\r\n')}hello`, after: 'hang', args: ['--timeout', '500'], want: 'hello\n', code: /HW_\w+/ },
      { name: 'untyped text past --max-body: the bytes up to the limit', bytes: `${head('')}hello world`, args: ['--max-body', '5'], want: 'hello\n', code: /HW_RESPONSE_TOO_LARGE/ },
      { name: 'untyped binary, then FIN: the bytes as they are', bytes: Buffer.concat([Buffer.from(head('Content-Length: 10\r\n')), Buffer.from([0, 1, 2, 0xff])]), want: Buffer.from([0, 1, 2, 0xff, 0x0a]), code: /HW_\w+/ },
      { name: 'a text body shorter than a BOM (held for one), then FIN', bytes: `${head('Content-Type: text/plain\r\nContent-Length: 10\r\n')}hi`, want: 'hi\n', code: /HW_\w+/ },
      { name: 'an unknown coding, then FIN: the raw bytes so far', bytes: `${head('Content-Encoding: zstd\r\nContent-Length: 10\r\n')}hello`, want: 'hello\n', code: /HW_\w+/ },
    ];
    for (const row of rows) {
      it(`bug 05: ${row.name}`, async () => {
        const file = await serve(row.bytes, row.after ?? 'end');
        const run = await runCli(['send', file, ...(row.args ?? [])]);
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, row.code);
        assert.deepEqual(bodyOf(run), Buffer.from(row.want), `stdout: ${JSON.stringify(run.stdout.toString('latin1'))}`);
      });
    }

    it('a response refused before its head was shown: stderr says how many bytes came and that they follow on stdout, where they are', async () => {
      const file = await serve('HTTP/9.9 oops\r\n\r\n');
      const run = await runCli(['send', file]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /HW_PROTOCOL/);
      assert.match(run.stderr, /the 17 bytes received before that follow on stdout\./);
      assert.equal(run.stdout.toString('latin1'), 'HTTP/9.9 oops\r\n\r\n\n');
    });

    it('bug 05: untyped text, then a reset once the head is out', async () => {
      let onHead!: () => void;
      const headPrinted = new Promise<void>((resolve) => (onHead = resolve));
      const file = await serve(`${head('Content-Length: 10\r\n')}hello`, 'hang', (socket) => {
        // Reset once the CLI has printed the head: "hello" came in the same write, so the same read.
        void headPrinted.then(() => socket.resetAndDestroy());
      });
      const child = spawn(process.execPath, [CLI_MAIN, 'send', file], { env: { ...process.env, ...NO_PROXY_ENV } });
      const out: Buffer[] = [];
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out.push(d);
        if (Buffer.concat(out).includes('\r\n\r\n')) onHead();
      });
      const code = await waitFor<number | null>('the CLI to exit', 20_000, (done) => child.on('close', done)).finally(() => child.kill());
      assert.equal(code, 1, stderr);
      assert.match(stderr, /HW_CONNECTION_RESET/);
      assert.equal(bodyOf({ code: 1, stdout: Buffer.concat(out), stderr }).toString('latin1'), 'hello\n');
    });
  });

  describe('bug 06-undecodable-body-not-shown: the raw bytes are the body', () => {
    it('bug 06: a plain text body labelled gzip prints as text, and the run fails', async () => {
      const file = await serve(`${head('Content-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n')}hello world`);
      const run = await runCli(['send', file]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /not valid gzip/);
      assert.equal(bodyOf(run).toString('latin1'), 'hello world');
    });

    it('bug 06: an unknown coding (zstd) prints its bytes as received, sniffed as binary whatever the Content-Type', async () => {
      // A zstd frame's magic number, then bytes with a NUL: not text, though labelled JSON.
      const raw = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05, 0x29, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xc3]);
      const file = await serve(Buffer.concat([Buffer.from(head(`Content-Type: application/json\r\nContent-Encoding: zstd\r\nContent-Length: ${raw.length}\r\n`)), raw]));
      const run = await runCli(['send', file]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /"zstd"/);
      assert.deepEqual(bodyOf(run), raw);
    });

    it('bug 06: gzip that fails its check: the decoded part (if any), then the raw bytes, each once', async () => {
      const text = 'a line of text that gzip will shrink\n'.repeat(20_000);
      const gz = zlib.gzipSync(text);
      gz[gz.length - 8] = gz[gz.length - 8]! ^ 0xff; // the CRC-32 of the trailer (RFC 1952 §2.3)
      const file = await serve(Buffer.concat([Buffer.from(head(`Content-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n`)), gz]));
      const run = await runCli(['send', file]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /not valid gzip/);
      const body = bodyOf(run);
      assert.ok(body.subarray(body.length - gz.length).equals(gz), 'ends with the raw bytes, as they are');
      const decodedPart = body.subarray(0, body.length - gz.length).toString('utf8');
      assert.ok(text.startsWith(decodedPart), 'what comes before them is a part of the decoded text');
    });

    it('bug 06: a body in an unknown coding streams to stdout as it arrives', async () => {
      const raw = randomBytes(2 * 1024 * 1024);
      const half = raw.length / 2;
      let sendRest: (() => void) | undefined;
      const server = await RawServer.start((socket) =>
        onRequests(socket, () => {
          socket.write(head(`Content-Encoding: zstd\r\nContent-Length: ${raw.length}\r\n`));
          socket.write(raw.subarray(0, half), () => (sendRest = () => socket.end(raw.subarray(half))));
        }),
      );
      const file = t.requestFileFor(server, '/body');
      const cli = await startCliUntil(['send', file], {}, 'the first half of the body on stdout before the rest was sent', (bytes) => bytes >= half && sendRest !== undefined);
      sendRest!();
      assert.equal(await cli.exited, 1);
      const stdout = cli.stdout();
      assert.ok(stdout.subarray(stdout.indexOf('\r\n\r\n') + 4).equals(raw), 'the raw body, byte for byte');
    });
  });

  describe('what must not change', () => {
    const gz = zlib.gzipSync(TEXT);
    const rows: Array<{ name: string; bytes: Buffer | string; want: Buffer | string }> = [
      { name: 'a typed text body', bytes: `${head(`Content-Type: text/plain\r\nContent-Length: ${TEXT.length}\r\n`)}${TEXT}`, want: TEXT },
      { name: 'an untyped text body', bytes: `${head(`Content-Length: ${TEXT.length}\r\n`)}${TEXT}`, want: TEXT },
      { name: 'a binary body', bytes: Buffer.concat([Buffer.from(head('Content-Type: application/octet-stream\r\nContent-Length: 5\r\n')), Buffer.from([0, 0xff, 0x80, 1, 0])]), want: Buffer.from([0, 0xff, 0x80, 1, 0]) },
      { name: 'a gzip body that decodes: printed once, decoded', bytes: Buffer.concat([Buffer.from(head(`Content-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n`)), gz]), want: TEXT },
      { name: 'an untyped gzip body that decodes, chunked: printed once, decoded', bytes: Buffer.concat([Buffer.from(head(`Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n`)), Buffer.from(`${gz.length.toString(16)}\r\n`), gz, Buffer.from('\r\n0\r\n\r\n')]), want: TEXT },
    ];
    for (const row of rows) {
      it(row.name, async () => {
        const file = await serve(row.bytes);
        const run = await runCli(['send', file]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(bodyOf(run), Buffer.from(row.want));
      });
    }
  });
});


describe('PrintBodySink: raw and decoded bytes (BodySink contract)', () => {
  const decodeError = new HttpWireError(ErrorCodes.decode, 'The body is not valid gzip.');

  it('a body that decodes: raw bytes are never printed, only the decoded ones', () => {
    const { sink, stdout } = sinkFor([['Content-Encoding', 'gzip']]);
    assert.equal(sink.raw(Buffer.from('RAW')), true);
    assert.equal(sink.write(Buffer.from('decoded')), true);
    assert.deepEqual(sink.finish(undefined), { length: 7 });
    assert.equal(stdout.text, 'decoded');
  });

  it('bug 06: a body that fails to decode: the decoded part, then the raw bytes held until finish', () => {
    const { sink, stdout } = sinkFor([['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip']]);
    sink.raw(Buffer.from('raw one '));
    sink.write(Buffer.from('decoded '));
    sink.raw(Buffer.from('raw two'));
    assert.equal(stdout.text, 'decoded ', 'nothing raw before finish says decoding failed');
    assert.deepEqual(sink.finish(decodeError), { length: 15 });
    assert.equal(stdout.text, 'decoded raw one raw two');
  });

  it('bug 06: an untyped decoded part still held to sniff comes out before the raw bytes', () => {
    const { sink, stdout } = sinkFor([['Content-Encoding', 'gzip']]);
    const raw = Buffer.alloc(5000, 'r');
    sink.raw(raw);
    sink.write(Buffer.from('decoded '));
    sink.finish(decodeError);
    assert.equal(stdout.text, `decoded ${raw.toString('latin1')}`);
  });

  it('bug 06: an unknown coding: raw() prints at once and asks for a pause when stdout is full', () => {
    const { sink, stdout } = sinkFor([['Content-Type', 'text/plain'], ['Content-Encoding', 'zstd']]);
    const big = Buffer.alloc(5000, 'z');
    assert.equal(sink.raw(big), true);
    assert.equal(stdout.text, big.toString('latin1'), 'past the sniff, printed as it comes');
    stdout.isFull = true;
    assert.equal(sink.raw(Buffer.from('more')), false);
    let isResumed = false;
    sink.onDrain(() => (isResumed = true));
    stdout.emit('drain');
    assert.equal(isResumed, true);
    sink.finish(decodeError);
    assert.equal(stdout.text, `${big.toString('latin1')}more`);
  });

  it('bug 05: abort prints what the sniff held, once (on a terminal: to a pipe nothing is held, wire-hunt t13)', () => {
    const { sink, stdout } = sinkFor([], true);
    sink.write(Buffer.from('hel'));
    sink.write(Buffer.from('lo'));
    assert.equal(stdout.text, '', 'held to sniff');
    assert.equal(sink.abort(), undefined);
    assert.equal(stdout.text, 'hello');
    sink.abort();
    assert.equal(stdout.text, 'hello');
  });

  it('a finish that throws (stdout closed), then abort: the terminal note is printed once', () => {
    const { sink, stdout } = sinkFor([['Content-Type', 'application/octet-stream']], true);
    sink.write(Buffer.from([0, 1, 2]));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.throws(() => sink.finish(undefined), { code: 'HW_BODY_OUTPUT' });
    sink.abort();
    assert.equal(stdout.text.match(/bytes of binary data/g)?.length, 1, stdout.text);
  });

  it('abort with a closed stdout prints nothing and does not throw', () => {
    const { sink, stdout } = sinkFor([], true);
    sink.write(Buffer.from('hello'));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.doesNotThrow(() => sink.abort());
    assert.equal(stdout.text, '');
  });
});
