/**
 * `http-wire send` on a gzip body followed by bytes that are no gzip (wire-hunt c-decode2: a
 * newline a template added): prints the decoded text and succeeds, as curl does; it failed with
 * HW_DECODE and printed the raw gzip bytes.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { onRequests, RawServer } from '../../support/raw-server';
import { PerTest } from './per-test';
import { runCli } from './run-cli';

describe('cli: gzip with bytes after its data (wire-hunt c-decode2)', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-gzip-trailing-');

  for (const after of ['\n', '\r\n', 'GARBAGE']) {
    it(`gzip + ${JSON.stringify(after)}: the decoded text, exit 0`, async () => {
      const raw = Buffer.concat([zlib.gzipSync('{"ok":true}'), Buffer.from(after)]);
      const server = await RawServer.start((socket) => onRequests(socket, () => socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${raw.length}\r\n\r\n`), raw]))));
      const run = await runCli(['send', t.requestFileFor(server, '/')]);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /HW_DECODE/);
      assert.equal(run.stdout.subarray(run.stdout.indexOf('\r\n\r\n') + 4).toString(), '{"ok":true}');
    });
  }

  it('a gzip body cut short is still HW_DECODE, its decoded part printed before the raw bytes', async () => {
    let x = 7;
    const words: string[] = [];
    for (let i = 0; i < 20_000; i++) words.push((x = (x * 1103515245 + 12345) & 0x7fffffff).toString(36));
    const text = words.join(' ');
    const gz = zlib.gzipSync(text);
    const cut = gz.subarray(0, gz.length - 500);
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: ${cut.length}\r\n\r\n`), cut]))));
    const run = await runCli(['send', t.requestFileFor(server, '/')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not valid gzip: unexpected end of file.*HW_DECODE/);
    const printed = run.stdout.subarray(run.stdout.indexOf('\r\n\r\n') + 4).toString('latin1');
    assert.ok(printed.length > text.length * 0.9 && text.startsWith(printed.slice(0, text.length * 0.9)), 'the decoded part first');
  });
});
