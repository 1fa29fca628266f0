/**
 * minor-ci-plumbing b) and c): with --json a run that stops before it has anything to report
 * still writes one document for jq. A usage error (a file with two requests and no selector, an
 * unknown option) wrote nothing on stdout, and `parse --json` of a file it could not read wrote
 * no document; `send --json` already wrote `{"results": [], "error": {...}}` for the other errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorClassOf, ErrorCodes } from '../../../src/core/errors';
import { PerTest } from './per-test';
import { onRequests, RawServer } from '../../support/raw-server';
import { runCli } from './run-cli';

interface ErrorJson {
  readonly class: string;
  readonly code: string | null;
  readonly message: string;
}

describe('cli: --json writes a document when the run stops early (minor-ci-plumbing b, c)', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-ci-json-errors-');

  function twoRequests(): string {
    const file = path.join(t.dir, 'two.http');
    fs.writeFileSync(file, 'GET http://127.0.0.1:9/a\n\n###\nGET http://127.0.0.1:9/b\n');
    return file;
  }

  const usageRows: Array<{ name: string; args: (file: string) => string[]; message: RegExp }> = [
    { name: 'two requests and no selector', args: (file) => ['send', file, '--json'], message: /has 2 requests: choose one with --name or --line/ },
    { name: 'an unknown option', args: (file) => ['send', file, '--json', '--nope'], message: /^unknown option --nope$/ },
    { name: 'two selectors', args: (file) => ['send', '--json', file, '--all', '--name', 'a'], message: /use only one of --name, --line and --all/ },
  ];
  for (const row of usageRows) {
    it(`minor-ci-plumbing b: send --json, ${row.name}: {"results": [], "error"} of class usage, exit 2, the usage on stderr`, async () => {
      const run = await runCli(row.args(twoRequests()));
      assert.equal(run.code, 2, run.stderr);
      const doc = JSON.parse(run.stdout.toString('utf8')) as { results: unknown[]; error: ErrorJson };
      assert.deepEqual(doc.results, []);
      assert.equal(doc.error.class, 'usage');
      assert.equal(doc.error.code, null);
      assert.match(doc.error.message, row.message);
      assert.match(run.stderr, /^http-wire: .*\nRun "http-wire --help" for the commands and their options\.\n$/);
    });
  }

  it('a usage error without --json writes nothing on stdout, as before', async () => {
    const run = await runCli(['send', twoRequests()]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout.length, 0);
  });

  it('minor-ci-plumbing c: parse --json of a missing file: its document, empty, with the error (HW_FILE), exit 1', async () => {
    const missing = path.join(t.dir, 'nope.http');
    const run = await runCli(['parse', missing, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout.toString('utf8')) as { requests: unknown[]; variables: unknown[]; diagnostics: unknown[]; error: ErrorJson };
    assert.deepEqual({ requests: doc.requests, variables: doc.variables, diagnostics: doc.diagnostics }, { requests: [], variables: [], diagnostics: [] });
    assert.deepEqual(doc.error, { class: 'other', code: 'HW_FILE', message: `no such file: ${missing}` });
    assert.equal(run.stderr, `http-wire: no such file: ${missing}\n`);
  });

  it('minor-ci-plumbing c: parse --json of a folder (not readable as a file): a document too', async () => {
    const run = await runCli(['parse', t.dir, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout.toString('utf8')) as { requests: unknown[]; error: ErrorJson };
    assert.deepEqual(doc.requests, []);
    assert.deepEqual(doc.error, { class: errorClassOf(ErrorCodes.file), code: 'HW_FILE', message: `${t.dir} is a folder, not a file` });
  });

  it('minor-ci-plumbing c: parse --json with two files: a document of class usage, exit 2', async () => {
    const run = await runCli(['parse', 'a.http', 'b.http', '--json']);
    assert.equal(run.code, 2, run.stderr);
    const doc = JSON.parse(run.stdout.toString('utf8')) as { requests: unknown[]; error: ErrorJson };
    assert.deepEqual(doc.requests, []);
    assert.deepEqual(doc.error, { class: 'usage', code: null, message: 'parse takes exactly one file' });
  });
});

describe('cli: --json of a redirect loop names the hops it followed', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-ci-json-loop-');

  it('a loop /a → /b → /a: HW_REDIRECT_LOOP, no response, and the two redirects under "redirects"', async () => {
    const server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const to = head.startsWith('GET /a ') ? '/b' : '/a';
        socket.write(`HTTP/1.1 302 Found\r\nLocation: ${to}\r\nContent-Length: 0\r\n\r\n`);
      }),
    );
    try {
      const file = path.join(t.dir, 'loop.http');
      fs.writeFileSync(file, `GET ${server.url('/a')}\n`);
      const run = await runCli(['send', file, '--json']);
      assert.equal(run.code, 1);
      const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Array<{ response: unknown; redirects?: Array<{ status: number; location: string }>; error: { code: string } }> }).results;
      assert.equal(result!.error.code, 'HW_REDIRECT_LOOP');
      assert.equal(result!.response, null);
      assert.deepEqual(result!.redirects?.map((r) => [r.status, r.location]), [[302, '/b'], [302, '/a']]);
    } finally {
      await server.close();
    }
  });
});

describe('cli: --json of a Digest-guarded request shows the challenge it answered', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-ci-json-digest-');

  it('response.challenges holds the 401 before the answer, its WWW-Authenticate included', async () => {
    const server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        if (/\r\nAuthorization: Digest /i.test(head)) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else socket.write('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="vault", nonce="n0nce", qop="auth"\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    try {
      const file = path.join(t.dir, 'digest.http');
      fs.writeFileSync(file, `GET ${server.url('/vault')}\nAuthorization: Digest ada s3cret\n`);
      const run = await runCli(['send', file, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Array<{ response: { status: number; challenges: Array<{ status: number; headers: string[][] }> } }> }).results;
      assert.equal(result!.response.status, 200);
      assert.deepEqual(result!.response.challenges.map((c) => [c.status, c.headers[0]![0]]), [[401, 'WWW-Authenticate']]);
      assert.ok(!run.stdout.toString('utf8').includes('s3cret'));
    } finally {
      await server.close();
    }
  });
});
