/**
 * body-bytes-rewritten: `http-wire send` (text output) decoded a text body in its charset and
 * wrote it as UTF-8 wherever stdout went, so a byte that is not UTF-8 became EF BF BD in a file or
 * a pipe: the saved body was not the server's, nor the one `--body digest` hashed. To a file or a
 * pipe the body now goes as received (its content codings undone), as curl writes it; only a
 * terminal gets text in its charset.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as zlib from 'node:zlib';
import type { ByteTarget } from '../../../src/core/response/body-sink';
import { PrintBodySink } from '../../../src/cli/print-body-sink';
import { onRequests, RawServer } from '../../support/raw-server';
import { PerTest } from './per-test';
import { runCli, type CliRun } from './run-cli';

/** The body as printed: what follows the head on stdout. */
function bodyOf(run: CliRun): Buffer {
  return run.stdout.subarray(run.stdout.indexOf('\r\n\r\n') + 4);
}

const CAFE_LATIN1 = Buffer.from('caf\xe9\n', 'latin1');

describe('cli: a body written to a pipe is the bytes received (body-bytes-rewritten)', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-ci-body-bytes-');

  /** A server answering `headers` and `body` (Content-Length added); returns a .http file for it. */
  async function serve(headers: string, body: Buffer): Promise<string> {
    const server = await RawServer.start((socket) =>
      onRequests(socket, () => socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\n${headers}Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]))),
    );
    return t.requestFileFor(server, '/body');
  }

  const rows: Array<{ name: string; headers: string; body: Buffer; want: Buffer }> = [
    { name: 'text/plain with no charset, a latin1 é (0xE9)', headers: 'Content-Type: text/plain\r\n', body: CAFE_LATIN1, want: CAFE_LATIN1 },
    { name: 'application/json, a latin1 é', headers: 'Content-Type: application/json\r\n', body: Buffer.from('{"name":"caf\xe9"}\n', 'latin1'), want: Buffer.from('{"name":"caf\xe9"}\n', 'latin1') },
    { name: 'text/plain; charset=iso-8859-1: not converted to UTF-8', headers: 'Content-Type: text/plain; charset=iso-8859-1\r\n', body: CAFE_LATIN1, want: CAFE_LATIN1 },
    { name: 'no Content-Type (sniffed as text)', headers: '', body: CAFE_LATIN1, want: CAFE_LATIN1 },
    { name: 'gzip: the coding undone, the bytes kept', headers: 'Content-Type: text/plain\r\nContent-Encoding: gzip\r\n', body: zlib.gzipSync(CAFE_LATIN1), want: CAFE_LATIN1 },
    { name: 'a UTF-8 BOM is kept, as curl keeps it', headers: 'Content-Type: text/plain; charset=utf-8\r\n', body: Buffer.from('\ufeffhi\n'), want: Buffer.from('\ufeffhi\n') },
  ];
  for (const row of rows) {
    it(`body-bytes-rewritten: ${row.name}`, async () => {
      const file = await serve(row.headers, row.body);
      const run = await runCli(['send', file]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(bodyOf(run), row.want, `stdout: ${JSON.stringify(run.stdout.toString('latin1'))}`);
    });
  }

  it('body-bytes-rewritten: the body saved from stdout hashes to the sha256 --body digest reports', async () => {
    const file = await serve('Content-Type: text/plain\r\n', CAFE_LATIN1);
    const saved = bodyOf(await runCli(['send', file]));
    const digest = await runCli(['send', file, '--body', 'digest']);
    assert.match(digest.stdout.toString('utf8'), new RegExp(`\\[${saved.length} bytes, sha256 ${createHash('sha256').update(saved).digest('hex')}\\]`));
  });

  it('on a terminal a text body is still shown in its charset, as UTF-8', () => {
    const chunks: Buffer[] = [];
    const stdout = Object.assign(new EventEmitter(), { write: (b: Buffer) => chunks.push(Buffer.from(b)) > 0 });
    const sink = new PrintBodySink({ isColor: false, isTty: true, out: (s) => stdout.write(Buffer.from(s)), stream: stdout as unknown as ByteTarget }, { httpVersion: 'HTTP/1.1', status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain; charset=iso-8859-1']] });
    sink.write(CAFE_LATIN1);
    sink.finish(undefined);
    assert.equal(Buffer.concat(chunks).toString('utf8'), 'café\n');
  });
});
