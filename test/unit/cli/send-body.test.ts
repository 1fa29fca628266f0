/**
 * `http-wire send` and response bodies (issue 10, items 2 and 6): `--max-body` and `# @max-body`,
 * a gzip bomb, `--body digest` hashing as the bytes stream (no temporary file), `--body full`
 * printing the body as it arrives, and no temporary file left behind by Ctrl-C or `kill`.
 */
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';
import { PerTest } from './per-test';
import { startCliUntil } from './run-cli';

const ROOT = path.resolve(__dirname, '../../../..');
const MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const BUILT = path.join(ROOT, 'dist', 'cli.js');
const MiB = 1024 * 1024;
/** Past the 16 MiB a stored body keeps in memory: storing it would need the temp folder. */
const BIG = 20 * MiB;
const NO_PROXY_ENV = { NO_COLOR: '1', HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' };

interface Run {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [MAIN, ...args], { encoding: 'buffer', maxBuffer: 256 * MiB, env: { ...process.env, ...NO_PROXY_ENV, ...env } }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') {
        reject(err);
        return;
      }
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
function firstResult(run: Run): any {
  return (JSON.parse(run.stdout.toString('utf8')) as { results: any[] }).results[0];
}

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
  const t = new PerTest('http-wire-cli-body-');

  /** A server answering every request with `head` and `body`; returns a .http file for it. */
  async function serveFile(head: string, body: Buffer, extra = ''): Promise<string> {
    const server = await RawServer.start((socket) => onRequests(socket, () => pump(socket, Buffer.concat([Buffer.from(head, 'latin1'), body]))));
    t.server = server;
    const file = path.join(t.dir, 'request.http');
    fs.writeFileSync(file, `${extra}GET http://127.0.0.1:${server.port}/body\n`);
    return file;
  }

  describe('limits (issue 10, item 2)', () => {
    it('issue 10, item 2: --max-body stops a larger body: exit 1, error class too-large', async () => {
      const file = await serveFile('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n', Buffer.alloc(5000, 'x'));
      const run = await runCli(['send', file, '--json', '--max-body', '1000']);
      assert.equal(run.code, 1, run.stderr);
      const result = firstResult(run);
      assert.deepEqual([result.error.class, result.error.code], ['too-large', 'HW_RESPONSE_TOO_LARGE']);
      assert.equal(result.response.status, 200, 'the head that arrived is shown');
    });

    it('issue 10, item 2: # @max-body in the file does the same for its request', async () => {
      const file = await serveFile('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n', Buffer.alloc(5000, 'x'), '# @max-body 1000\n');
      const run = await runCli(['send', file, '--json']);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(firstResult(run).error.class, 'too-large');
    });

    it('--max-body takes a whole number of bytes', async () => {
      const file = await serveFile('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', Buffer.alloc(0));
      const run = await runCli(['send', file, '--max-body', 'lots']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--max-body takes a whole number/);
    });

    it('issue 10, item 2: 10 MB of gzipped zeros with --max-body 1 MiB: too-large, and the temp folder is left empty', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(10_000_000));
      const file = await serveFile(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`, bomb);
      const run = await runCli(['send', file, '--json', '--max-body', String(MiB)], { TMPDIR: t.dir });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(firstResult(run).error.code, 'HW_RESPONSE_TOO_LARGE');
      assert.deepEqual(fs.readdirSync(t.dir).filter((f) => f.startsWith('http-wire-body-')), []);
    });
  });

  describe('--body digest hashes as the body streams (issue 10, item 6)', () => {
    const body = randomBytes(BIG);
    const sha256 = createHash('sha256').update(body).digest('hex');

    it('issue 10, item 6: a 20 MiB body is hashed without a temporary file (the temp folder does not even exist)', async () => {
      const file = await serveFile(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${BIG}\r\n\r\n`, body);
      const run = await runCli(['send', file, '--json', '--body', 'digest'], { TMPDIR: path.join(t.dir, 'missing') });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(firstResult(run).response.body, { sha256, length: BIG });
    });

    it('issue 10, item 6: without --json the digest stands where the body would be', async () => {
      const file = await serveFile(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${BIG}\r\n\r\n`, body);
      const run = await runCli(['send', file, '--body', 'digest'], { TMPDIR: path.join(t.dir, 'missing') });
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout.toString('latin1');
      assert.ok(out.startsWith('HTTP/1.1 200 OK\r\n'));
      assert.ok(out.endsWith(`\r\n\r\n[${BIG} bytes, sha256 ${sha256}]\n`), JSON.stringify(out.slice(-120)));
    });

    it('a body that will not decode is hashed as received, and the run fails', async () => {
      const bad = Buffer.from('this is not gzip');
      const file = await serveFile(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bad.length}\r\n\r\n`, bad);
      const run = await runCli(['send', file, '--json', '--body', 'digest']);
      assert.equal(run.code, 1);
      const result = firstResult(run);
      assert.equal(result.error.code, 'HW_DECODE');
      assert.deepEqual(result.response.body, { sha256: createHash('sha256').update(bad).digest('hex'), length: bad.length });
    });
  });

  describe('--body full (issue 10, item 6)', () => {
    it('issue 10, item 6: the body reaches stdout while it is still arriving, never stored', async () => {
      const body = randomBytes(BIG);
      const half = MiB;
      let sendRest: (() => void) | undefined;
      const server = await RawServer.start((socket) =>
        onRequests(socket, () => {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${BIG}\r\n\r\n`);
          // The rest only once the first part is out on the CLI's stdout.
          pump(socket, body.subarray(0, half), () => (sendRest = () => pump(socket, body.subarray(half))));
        }),
      );
      const file = t.requestFileFor(server, '/body');
      const cli = await startCliUntil(['send', file], { TMPDIR: path.join(t.dir, 'missing') }, 'the first MiB of the body on stdout before the rest was sent', (bytes) => bytes >= half && sendRest !== undefined);
      sendRest!();
      assert.equal(await cli.exited, 0, cli.stderr());
      const stdout = cli.stdout();
      const start = stdout.indexOf('\r\n\r\n') + 4;
      assert.ok(stdout.subarray(start).equals(body), 'the body, byte for byte');
    });

    it('with --json, a body past the memory bound is written into the JSON from its store, in pieces', async () => {
      const body = randomBytes(BIG);
      const file = await serveFile(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${BIG}\r\n\r\n`, body);
      const run = await runCli(['send', file, '--json'], { TMPDIR: t.dir });
      assert.equal(run.code, 0, run.stderr);
      const result = firstResult(run);
      assert.equal(result.response.body.length, BIG);
      assert.ok(Buffer.from(result.response.body.base64, 'base64').equals(body));
      assert.deepEqual(fs.readdirSync(t.dir).filter((f) => f.startsWith('http-wire-body-')), [], 'the store was disposed');
    });

    it('a text body is decoded in its charset as it streams, a character split between reads included', async () => {
      const text = 'Una típica sesión de HTTP: añadir €\n'.repeat(50_000);
      const file = await serveFile(`HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n`, Buffer.from(text));
      const run = await runCli(['send', file]);
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout.toString('utf8');
      assert.equal(out.slice(out.indexOf('\r\n\r\n') + 4), text);
    });
  });

  describe('temporary files are removed however the CLI ends (issue 10, item 2)', () => {
    before(async function () {
      // The built CLI (npm run build), made fresh so that it is this code that is killed.
      this.timeout(60_000);
      await new Promise<void>((resolve, reject) => execFile(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT }, (err) => (err ? reject(err) : resolve())));
    });

    // SIGHUP: a closed terminal or SSH session, and some CI runners' cancel.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      it(`issue 10, item 2: ${signal} during a download deletes the body's temporary file`, async () => {
        // 20 MiB of a 64 MiB body, then silence: the body has spilled to its file and waits.
        const server = await RawServer.start((socket) =>
          onRequests(socket, () => {
            socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${64 * MiB}\r\n\r\n`);
            pump(socket, Buffer.alloc(BIG, 7));
          }),
        );
        const file = t.requestFileFor(server, '/slow');
        const tmp = path.join(t.dir, 'tmp');
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
        // Only the compile cache of the installed command (launch.ts) may stay: it is no temporary file.
        assert.deepEqual(fs.readdirSync(tmp).filter((f) => !f.startsWith('http-wire-compile-cache')), []);
      });
    }
  });
});
