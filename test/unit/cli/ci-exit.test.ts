/**
 * When `http-wire send` ends, and what it leaves behind:
 *
 * - dns-timeout-linger: a lookup that never returns failed the request at --timeout, but the
 *   process lived on until getaddrinfo gave up (30 s), the pending lookup keeping the event loop
 *   alive; and four of them in an `--all` run filled libuv's 4 pool threads, so that a later
 *   request to `localhost` timed out too. A hung resolver is simulated by ci-hung-dns.ts (see
 *   there how, and why not getaddrinfo itself). The CLI now exits once its output is out, so it
 *   must still wait for a slow reader of it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onRequests, RawServer, startOkServer, waitFor } from '../../support/raw-server';
import { PerTest } from './per-test';
import { CLI_MAIN } from './run-cli';

const NO_PROXY_ENV = { NO_COLOR: '1', HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' };
const HUNG_DNS = { NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'ci-hung-dns.js'))}` };

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stderr(): string;
}

/** How `run` ended, failing naming `what` if it has not within `ms`. */
function exitOf(run: Running, what: string, ms: number): Promise<Exit> {
  return waitFor<Exit>(what, ms, (done) => void run.exited.then(done));
}

describe('cli: the process ends with its work (dns-timeout-linger)', function () {
  this.timeout(30_000);
  const children: ChildProcess[] = [];
  // Before PerTest's: a CLI still running is killed before its folder and server go.
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const t = new PerTest('http-wire-ci-exit-');

  /** Starts `http-wire ...args`, its stdout left to the test; `UV_THREADPOOL_SIZE` unset unless `env` sets it. */
  function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { ...process.env, ...NO_PROXY_ENV, UV_THREADPOOL_SIZE: undefined, ...env } });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    return { child, exited, stderr: () => stderr };
  }

  describe('dns-timeout-linger', () => {
    it('dns-timeout-linger: a lookup that never returns fails at --timeout, and the process exits then, not when the lookup would end', async () => {
      const file = path.join(t.dir, 'one.http');
      fs.writeFileSync(file, 'GET http://api.hang.test/x\n');
      const run = start(['send', file, '--timeout', '500'], HUNG_DNS);
      run.child.stdout!.resume();
      // The lookup keeps the event loop alive for 10 minutes: the old CLI waited for it.
      const { code } = await exitOf(run, 'the CLI to exit after its request timed out', 10_000);
      assert.equal(code, 1, run.stderr());
      assert.match(run.stderr(), /api\.hang\.test\/x: .*\[HW_(TOTAL_TIMEOUT|DNS)\]/);
    });

    /**
     * The results of four requests whose lookups hang, each holding a pool thread, then one to
     * `localhost`, with --all --json. The process cannot exit while those threads hang, whatever
     * it does: the results are read as they come, one a line, and the process is killed.
     */
    async function fourHungThenLocalhost(env: NodeJS.ProcessEnv = {}): Promise<Array<{ response?: { status: number }; error?: { code: string } }>> {
      const fifo = path.join(t.dir, 'never-written');
      execFileSync('mkfifo', [fifo]);
      const server = await startOkServer([]);
      t.server = server;
      const file = path.join(t.dir, 'many.http');
      fs.writeFileSync(file, ['a1', 'a2', 'a3', 'a4'].map((name) => `GET http://${name}.hang.test/x\n`).concat(`GET http://localhost:${server.port}/\n`).join('\n###\n'));
      const run = start(['send', file, '--all', '--json', '--timeout', '500'], { ...HUNG_DNS, HTTP_WIRE_TEST_HUNG_FIFO: fifo, ...env });
      let stdout = '';
      // Whole lines only: the last piece may be part of one.
      const lines = (): string[] => stdout.split('\n').slice(0, -1).filter((line) => line.startsWith('{"request"'));
      await waitFor('five results', 15_000, (done) =>
        run.child.stdout!.on('data', (d: Buffer) => {
          stdout += d.toString('utf8');
          if (lines().length === 5) done(undefined);
        }),
      );
      return lines().map((line) => JSON.parse(line.replace(/,$/, '')) as { response?: { status: number }; error?: { code: string } });
    }

    it('dns-timeout-linger: four hung lookups leave libuv threads for the next request (localhost answers 200)', async function () {
      if (process.platform === 'win32') this.skip(); // No FIFOs.
      const results = await fourHungThenLocalhost();
      for (const r of results.slice(0, 4)) assert.match(r.error?.code ?? '', /^HW_(TOTAL_TIMEOUT|DNS)$/, JSON.stringify(r));
      assert.equal(results[4]!.response?.status, 200, JSON.stringify(results[4]));
    });

    it('a UV_THREADPOOL_SIZE the user set is kept (4: the four hung lookups hold every thread)', async function () {
      if (process.platform === 'win32') this.skip();
      const results = await fourHungThenLocalhost({ UV_THREADPOOL_SIZE: '4' });
      assert.match(results[4]!.error?.code ?? '', /^HW_(TOTAL_TIMEOUT|DNS)$/, JSON.stringify(results[4]));
    });
  });

  it('the exit waits for a slow reader: what stdout still holds is read before the process ends', async () => {
    // The request's 800 KiB, echoed by --include, are more than the pipe and our reader hold while
    // the test reads nothing: the CLI ends its run with most of them still queued in its stdout.
    const body = `${'0123456789abcdef'.repeat(4).concat('\n').repeat(800 * 16)}the end\n`;
    t.server = await RawServer.start((socket) =>
      // Plain bytes labelled gzip: the run fails to decode them and says so on stderr, its last word.
      onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello')),
    );
    const file = path.join(t.dir, 'big.http');
    fs.writeFileSync(file, `POST http://127.0.0.1:${t.server.port}/\nContent-Type: text/plain\n\n${body}`);
    const run = start(['send', file, '--include']);
    await waitFor('the run to end (HW_DECODE on stderr)', 10_000, (done) =>
      run.child.stderr!.on('data', () => {
        if (run.stderr().includes('[HW_DECODE]')) done(undefined);
      }),
    );
    const out: Buffer[] = [];
    run.child.stdout!.on('data', (d: Buffer) => out.push(d));
    const { code } = await exitOf(run, 'the CLI to exit', 10_000);
    assert.equal(code, 1, run.stderr());
    const stdout = Buffer.concat(out).toString('latin1');
    assert.ok(stdout.includes('> the end\n'), 'the request echoed in full');
    assert.match(stdout, /\r\n\r\nhello\n\* [\d.]+ ms: dns .*\n$/, `the response in full, then the timings: ...${JSON.stringify(stdout.slice(-200))}`);
  });
});
