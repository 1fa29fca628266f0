/**
 * `http-wire send` and response bodies (issue 10, item 2): no temporary file left behind by
 * Ctrl-C or `kill`.
 */
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';

const ROOT = path.resolve(__dirname, '../../../..');
const BUILT = path.join(ROOT, 'dist', 'cli.js');
const MiB = 1024 * 1024;
/** Past the 16 MiB a stored body keeps in memory: storing it would need the temp folder. */
const BIG = 20 * MiB;
const NO_PROXY_ENV = { NO_COLOR: '1', HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' };

/** Writes `bytes` with backpressure, then calls `done`. */
function pump(socket: net.Socket, bytes: Buffer, done: () => void = () => undefined): void {
  let at = 0;
  const next = (): void => {
    while (at < bytes.length) {
      const piece = bytes.subarray(at, at + 256 * 1024);
      at += piece.length;
      if (!socket.write(piece)) {
        socket.once('drain', next);
        return;
      }
    }
    done();
  };
  next();
}

describe('cli: send and response bodies (issue 10)', function () {
  this.timeout(30_000);
  let server: RawServer | undefined;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-cli-body-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('temporary files are removed however the CLI ends (issue 10, item 2)', () => {
    before(async function () {
      // The built CLI (npm run build), made fresh so that it is this code that is killed.
      this.timeout(60_000);
      await new Promise<void>((resolve, reject) => execFile(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT }, (err) => (err ? reject(err) : resolve())));
    });

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`issue 10, item 2: ${signal} during a download deletes the body's temporary file`, async () => {
        // 20 MiB of a 64 MiB body, then silence: the body has spilled to its file and waits.
        server = await RawServer.start((socket) =>
          onRequests(socket, () => {
            socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${64 * MiB}\r\n\r\n`);
            pump(socket, Buffer.alloc(BIG, 7));
          }),
        );
        const file = path.join(dir, 'request.http');
        fs.writeFileSync(file, `GET http://127.0.0.1:${server.port}/slow\n`);
        const tmp = path.join(dir, 'tmp');
        fs.mkdirSync(tmp);
        const watcher = fs.watch(tmp);
        const child = spawn(process.execPath, [BUILT, 'send', file, '--json'], { env: { ...process.env, ...NO_PROXY_ENV, TMPDIR: tmp }, stdio: 'ignore' });
        const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, sig) => resolve([code, sig])));
        try {
          await waitFor('the body to spill to a temporary file', 10_000, (done) => {
            const check = (): void => {
              if (fs.readdirSync(tmp).some((f) => f.startsWith('http-wire-body-'))) done(undefined);
            };
            watcher.on('change', check);
            check();
          });
        } finally {
          watcher.close();
        }
        child.kill(signal);
        const [code, sig] = await exited;
        assert.equal(sig, signal, `the CLI died of ${signal} (exit code ${code})`);
        assert.deepEqual(fs.readdirSync(tmp), []);
      });
    }
  });
});
