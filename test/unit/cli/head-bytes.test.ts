/**
 * The head `http-wire send` prints: a reason phrase or header value of UTF-8 bytes is printed as
 * those bytes, as curl prints them (wire-hunt t03: `X-Name: café` came out as `cafÃ©`, the bytes
 * kept as latin1 characters by the parser and written as UTF-8 again).
 */
import * as assert from 'node:assert/strict';
import { onRequests, RawServer } from '../../support/raw-server';
import { PerTest } from './per-test';
import { runCli } from './run-cli';

describe('cli: the head printed as received', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-head-bytes-');

  it('UTF-8 in the reason phrase and a header value comes out as its own bytes', async () => {
    const head = Buffer.from('HTTP/1.1 404 No encontrado: página\r\nX-Name: café\r\nContent-Length: 0\r\n\r\n', 'utf8');
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write(head)));
    const run = await runCli(['send', t.requestFileFor(server, '/')]);
    assert.equal(run.code, 0, run.stderr.toString());
    assert.ok(run.stdout.includes(head), JSON.stringify(run.stdout.toString('latin1')));
  });
});
