/**
 * `--json` stopped by a signal (a CI job cancelled, Ctrl-C): the document written so far is closed
 * with an `error` beside the `results`, so the results that did complete can still be read. It
 * used to end mid-array (`jq: Unfinished JSON term at EOF`).
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventEmitter } from 'node:events';
import { JsonResultsWriter } from '../../../src/cli/json-output';
import type { ByteTarget } from '../../../src/core/response/body-sink';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';
import { CLI_MAIN } from './run-cli';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

describe('cli: --json closed when stopped by a signal', function () {
  this.timeout(30_000);
  let server: RawServer;
  let dir: string;

  before(async () => {
    // Answers /1 and /2; /3 never gets an answer.
    server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        if (!head.startsWith('GET /3 ')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      }),
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-json-stopped-'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while the third request waits: the two results, then "error" HW_ABORTED, as one JSON document`, async () => {
      const file = path.join(dir, `three-${signal}.http`);
      fs.writeFileSync(file, [1, 2, 3].map((n) => `GET http://127.0.0.1:${server.port}/${n}\n`).join('###\n'));
      const child = spawn(process.execPath, [CLI_MAIN, 'send', file, '--all', '--json', '--body', 'digest'], { env: { ...process.env, HTTP_PROXY: '', http_proxy: '' } });
      let out = '';
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
      // Both finished results are written (they wait at most 50 ms in the writer's buffer).
      await waitFor('two results on stdout', 10_000, (done) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if ((out.match(/"requestIndex":\d+\}\}/g) ?? []).length >= 2) done(undefined);
        });
      });
      child.kill(signal);
      assert.equal(await exited, signal, `the CLI died of ${signal}`);
      const document = JSON.parse(out) as Json;
      assert.deepEqual(document.results.map((r: Json) => r.response.status), [200, 200]);
      assert.equal(document.error.code, 'HW_ABORTED');
      assert.match(document.error.message, new RegExp(`^Stopped by ${signal}`));
    });
  }

  it('SIGINT while a slow reader leaves stdout a full pipe: the document still ends, whole, once read; nothing more is sent; exit by the signal', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 'b');
    const seen: string[] = [];
    let onSecond: (() => void) | undefined;
    const bigServer = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const target = head.split(' ')[1]!;
        seen.push(target);
        if (target === '/2') onSecond?.();
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${big.length}\r\n\r\n`);
        socket.write(big);
      }),
    );
    try {
      const file = path.join(dir, 'big.http');
      fs.writeFileSync(file, [1, 2, 3, 4].map((n) => `GET http://127.0.0.1:${bigServer.port}/${n}\n`).join('###\n'));
      // stdout a real pipe (a FIFO), as a shell's `| slow-reader` makes it; a Node child's own
      // stdio is a socket pair, which blocks the writer instead of queueing in it.
      const fifo = path.join(dir, 'stdout.fifo');
      execFileSync('mkfifo', [fifo]);
      // Each end's open waits for the other (on the thread pool, not this thread).
      const [readEnd, writeEnd] = await Promise.all([fs.promises.open(fifo, 'r'), fs.promises.open(fifo, 'w')]);
      const reader = fs.createReadStream('', { fd: readEnd });
      const chunks: Buffer[] = [];
      // Nothing is read until the CLI has been stopped: the pipe fills up and the CLI's writes queue.
      reader.pause();
      const child = spawn(process.execPath, [CLI_MAIN, 'send', file, '--all', '--json'], { stdio: ['ignore', writeEnd.fd, 'ignore'], env: { ...process.env, HTTP_PROXY: '', http_proxy: '' } });
      await writeEnd.close();
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
      await waitFor('the second request at the server', 10_000, (done) => (onSecond = () => done(undefined)));
      child.kill('SIGINT');
      const ended = new Promise<void>((resolve) => reader.once('end', () => resolve()));
      reader.on('data', (d) => chunks.push(d as Buffer));
      reader.resume();
      await ended;
      assert.equal(await exited, 'SIGINT', 'the CLI died of SIGINT');
      const document = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      assert.equal(document.error.code, 'HW_ABORTED');
      assert.ok(document.results.length >= 1, 'the result that was being written');
      assert.deepEqual(seen, ['/1', '/2'], 'nothing sent after the stop');
    } finally {
      await bigServer.close();
    }
  });

  it('a body string being streamed when stopped is closed where it stands, and its result completed', async () => {
    // A target that takes the writes until the body's first piece, then asks to wait (a slow
    // reader): add() waits there, mid-string, for a drain that never comes.
    let stalled: () => void = () => undefined;
    const isStalled = new Promise<void>((resolve) => (stalled = resolve));
    const target = Object.assign(new EventEmitter(), {
      written: '',
      write(text: string): boolean {
        this.written += text;
        if (text !== 'QUJD') return true;
        stalled();
        return false;
      },
    });
    const writer = new JsonResultsWriter(target as unknown as ByteTarget, false);
    await writer.add({ n: 1 });
    const placeholder = '\u0000http-wire-streamed-0123abcd\u0000';
    const later = '\u0000http-wire-streamed-4567cdef\u0000';
    void writer.add({ n: 2, body: { base64: placeholder, text: later, length: 9 } }, new Map([[placeholder, () => ['QUJD', 'REVG', 'R0hJ']], [later, () => ['never']]]));
    await waitFor('the writer to wait for a drain mid-string', 5_000, (done) => void isStalled.then(done));
    assert.ok(target.written.endsWith('"base64":"QUJD'), target.written);
    writer.closeStopped({ class: 'aborted', code: 'HW_ABORTED', message: 'Stopped by SIGTERM' });
    const document = JSON.parse(target.written) as Json;
    assert.equal(document.results.length, 2);
    assert.equal(document.results[1].body.base64, 'QUJD', 'the string as far as it was written');
    assert.equal(document.results[1].body.text, '', 'a later streamed string is empty');
    assert.equal(document.results[1].body.length, 9, 'the rest of the result follows');
    assert.equal(document.error.code, 'HW_ABORTED');
  });
});
