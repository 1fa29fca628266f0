/**
 * `http-wire send … | head`: when the reader of stdout goes away, the CLI stops quietly with the
 * status of a tool killed by SIGPIPE (141). Before, an unhandled EPIPE crashed it with a stack trace.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';

const MAIN = path.resolve(__dirname, '../../../..', 'out', 'src', 'cli', 'main.js');
const REQUESTS = 200;

describe('http-wire send: a reader of its output that goes away', () => {
  let server: RawServer | undefined;
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-epipe-'))));
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of [[], ['--json']]) {
    it(`stops sending and exits 141 without a stack trace${mode.length ? ' (--json)' : ''}`, async () => {
      let answered = 0;
      const body = 'x'.repeat(64 * 1024);
      server = await RawServer.start((socket) =>
        onRequests(socket, () => {
          answered++;
          socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        }),
      );
      const file = path.join(dir, 'many.http');
      fs.writeFileSync(file, Array.from({ length: REQUESTS }, (_, i) => `GET http://127.0.0.1:${server!.port}/${i}\n`).join('###\n'));
      const child = spawn(process.execPath, [MAIN, 'send', file, '--all', ...mode], { env: { ...process.env, NO_COLOR: '1', HTTP_PROXY: '', http_proxy: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // Read the first bytes, then close our end, as `head -c` does.
      await waitFor('the first output', 10_000, (done) => child.stdout.once('data', done));
      child.stdout.destroy();
      const code = await waitFor<number | null>('the CLI to exit', 10_000, (done) => void exited.then(done));
      assert.equal(code, 141, `stderr: ${stderr}`);
      assert.equal(stderr, '');
      assert.ok(answered < REQUESTS, `it went on sending: ${answered} of ${REQUESTS} requests were answered`);
    });
  }
});
