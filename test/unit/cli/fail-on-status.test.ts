/**
 * The CLI in CI: a run whose answers are errors, or whose checks HTTP Wire does not run, must not
 * pass for green silently. `--fail` makes a 4xx or 5xx answer fail the run (curl's --fail), and
 * the checks kept but not run (`?? status == 200`, `> {% client.assert(...) %}`) are named on
 * stderr, with their lines.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onRequests, RawServer } from '../../support/raw-server';
import { runCli, withoutSummary } from './run-cli';

describe('cli: --fail, and checks that are not run', function () {
  this.timeout(30_000);
  let server: RawServer;
  let dir: string;
  let file: string;

  before(async () => {
    // /ok answers 200, anything else 503.
    server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const isOk = head.startsWith('GET /ok ');
        socket.write(isOk ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' : 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\ndown');
      }),
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-fail-'));
    file = path.join(dir, 'checks.http');
    const base = `http://127.0.0.1:${server.port}`;
    fs.writeFileSync(file, [`GET ${base}/ok`, '', '###', '# @name health', `GET ${base}/health`, '', '?? status == 200', '', '> {%', '  client.assert(response.status === 200);', '%}'].join('\n'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without --fail: a 503 is an answer (exit 0), and the checks not run are named on stderr with their lines', async () => {
    const run = await runCli(['send', file, '--all']);
    assert.equal(run.code, 0, run.stderr);
    // The run ends with how it went: a 503 and checks not run, on a green exit, must not go unseen in a CI log.
    assert.match(run.stderr, /^http-wire: health: not run: \?\? assertion \(line 7\), > \{% %\} response handler \(line 9\); --fail makes a 4xx or 5xx answer fail the run\nhttp-wire: [^:]+\.http: 2 requests in \d+ m?s: 1 answered 2xx\/3xx, 1 answered HTTP 503; 1 with checks HTTP Wire does not run \(named above; --strict fails the run on them\)\.\n$/);
  });

  for (const extra of [[], ['--json']]) {
    it(`--fail${extra.length > 0 ? ' --json' : ''}: the 503 fails the run (exit 1) and says so; the 200 does not`, async () => {
      const run = await runCli(['send', file, '--all', '--fail', ...extra]);
      assert.equal(run.code, 1);
      assert.match(withoutSummary(run.stderr), /^http-wire: health: HTTP 503 Service Unavailable \(--fail\)\nhttp-wire: health: not run: \?\? assertion \(line 7\), > \{% %\} response handler \(line 9\)\n$/);
      if (extra.length > 0) assert.deepEqual((JSON.parse(run.stdout.toString()) as { summary: object }).summary, { done: 2, answered: 2, errorStatus: 1, failed: 0, declined: 0, checksNotRun: 1, fileWarnings: 0, exitCode: 1 });
      if (extra.length > 0) assert.deepEqual((JSON.parse(run.stdout.toString()) as { results: Array<{ response: { status: number } }> }).results.map((r) => r.response.status), [200, 503]);
    });
  }

  it('--json: a request that failed is named on stderr too, with its code (a CI log shows stderr)', async () => {
    const refused = path.join(dir, 'refused.http');
    fs.writeFileSync(refused, 'GET http://127.0.0.1:9/\n');
    const run = await runCli(['send', refused, '--json']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^http-wire: GET http:\/\/127\.0\.0\.1:9\/: Connection refused by 127\.0\.0\.1:9.* \[HW_CONNECT_REFUSED\]\n$/);
    assert.equal((JSON.parse(run.stdout.toString()) as { results: Array<{ error: { code: string } }> }).results[0]!.error.code, 'HW_CONNECT_REFUSED');
  });

  it('--fail with only good answers: exit 0', async () => {
    const ok = path.join(dir, 'ok.http');
    fs.writeFileSync(ok, `GET http://127.0.0.1:${server.port}/ok\n`);
    const good = await runCli(['send', ok, '--fail']);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stderr, '');
  });
});
