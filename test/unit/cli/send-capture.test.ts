import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { AddressInfo, Server } from 'node:net';
import * as path from 'node:path';
import { startDemoServer } from '../../../src/demo/demo-server';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'out/src/cli/main.js');
const seed = path.join(root, 'examples/a-typical-http-session.http');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('cli: send shows the capture limit and the connection', function () {
  this.timeout(20_000);
  let server: Server;
  let connectTo: string;

  before(async () => {
    server = await startDemoServer(0);
    connectTo = `--connect-to=developer.mozilla.org:80:127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('--capture-limit cuts the raw bytes and says so, in JSON and in the curl -i view', async () => {
    const json = await run(['send', seed, '--name', 'home', '--json', '--capture-limit', '100', connectTo]);
    assert.equal(json.code, 0, json.stderr);
    const result = (JSON.parse(json.stdout) as { results: { capture: { limitBytes: number; receivedBytes: number; isTruncated: boolean }; response: { body: { length: number } } }[] }).results[0]!;
    assert.equal(result.capture.limitBytes, 100);
    assert.equal(result.capture.isTruncated, true);
    assert.ok(result.capture.receivedBytes > 29769);
    // The body itself is never cut: only the raw capture is.
    assert.equal(result.response.body.length, 29769);
    const text = await run(['send', seed, '--name', 'home', '--include', '--capture-limit', '100', connectTo]);
    assert.match(text.stdout, /\* raw capture cut at 100 bytes per direction \(\d+ sent, \d+ received\)/);
  });

  it('JSON names the connection of each answer: the second request reuses the first one', async () => {
    const json = await run(['send', seed, '--all', '--json', '--body', 'digest', connectTo]);
    assert.equal(json.code, 0, json.stderr);
    const results = (JSON.parse(json.stdout) as { results: { connection: { id: number; requestIndex: number; reused: boolean } }[] }).results;
    assert.deepEqual(results.map((r) => [r.connection.id, r.connection.requestIndex, r.connection.reused]), [[1, 1, false], [1, 2, true], [1, 3, true], [1, 4, true]]);
  });
});
