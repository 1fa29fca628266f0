/**
 * The curl -i view tells what --json tells: a response whose framing was in doubt, or whose body
 * did not decode, says so on stderr; with --include, the timings start on a line of their own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { onRequests, RawServer } from '../../support/raw-server';
import { runCli } from './run-cli';

describe('cli: notes of the text view', function () {
  this.timeout(30_000);
  let dir: string;
  let server: RawServer;
  let answer = '';
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-text-notes-'));
    server = await RawServer.start((socket) => onRequests(socket, () => socket.write(answer)));
    fs.writeFileSync(path.join(dir, 'one.http'), `GET ${server.url('/x')}\n`);
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a framing warning (Transfer-Encoding and Content-Length) is printed on stderr, as --json has it', async () => {
    answer = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
    const run = await runCli(['send', path.join(dir, 'one.http')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^http-wire: GET http:\/\/127\.0\.0\.1:\d+\/x: warning: The response has both Transfer-Encoding and Content-Length/m);
    assert.match(run.stdout.toString('utf8'), /hello$/);
  });

  it('a body that did not decode: the message names its code', async () => {
    answer = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n\r\nhello world';
    const run = await runCli(['send', path.join(dir, 'one.http')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^http-wire: GET http:\/\/127\.0\.0\.1:\d+\/x: The body is not valid gzip.*\[HW_DECODE\]$/m);
  });

  it('--include: the timings start on their own line after a body without a final newline', async () => {
    answer = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';
    const run = await runCli(['send', path.join(dir, 'one.http'), '--include']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout.toString('utf8'), /\r\n\r\nhello\n\* [\d.]+ ms: dns /);
  });

  it('--include names an IPv6 peer in brackets, as a URL does ([::1]:port)', async function () {
    const v6 = net.createServer((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')));
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!listening) this.skip();
    try {
      const port = (v6.address() as net.AddressInfo).port;
      fs.writeFileSync(path.join(dir, 'v6.http'), `GET http://[::1]:${port}/\n`);
      const run = await runCli(['send', path.join(dir, 'v6.http'), '--include']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout.toString('utf8'), new RegExp(`^\\* connection #1 to \\[::1\\]:${port}, request 1`, 'm'));
    } finally {
      v6.close();
    }
  });
});
