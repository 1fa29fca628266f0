/**
 * `http-wire send` end to end: the built CLI (out/src/cli/main.js) run as a child process against
 * the demo server of "A typical HTTP session". The seed's 200, 301 and 404 must come back exactly
 * as the demo server sent them: status line, header order, case and duplicates, body bytes.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoRequest } from '../../../src/demo/demo-server';
import { HOME_BODY, MOVED_301, NOT_FOUND_404, OK_200 } from '../../../src/demo/seed-responses';
import { onRequests, RawServer } from '../../support/raw-server';
import { ROOT, runCli, withoutSummary, type CliRun } from './run-cli';

const SEED_FILE = path.join(ROOT, 'examples', 'a-typical-http-session.http');
type Run = CliRun;

interface SeedResponse {
  readonly httpVersion: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

/** Splits one of the seed's response buffers into status line, headers and body. */
function parseSeed(bytes: Buffer): SeedResponse {
  const end = bytes.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = bytes.toString('latin1', 0, end).split('\r\n');
  const m = /^(HTTP\/\d\.\d) (\d{3}) (.*)$/.exec(statusLine)!;
  return {
    httpVersion: m[1]!,
    status: Number(m[2]),
    reason: m[3]!,
    headers: lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
    body: bytes.subarray(end + 4),
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

describe('cli: send', function () {
  this.timeout(30_000);
  let demo: Server;
  let port: number;
  let connections: number;
  const seen: DemoRequest[] = [];
  let tmp: string;
  const connectTo = (): string[] => ['--connect-to', `developer.mozilla.org:80:127.0.0.1:${port}`];

  before(async () => {
    demo = await startDemoServer(0, '127.0.0.1', (r) => seen.push(r));
    demo.on('connection', () => connections++);
    port = (demo.address() as AddressInfo).port;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-cli-'));
  });
  beforeEach(() => {
    connections = 0;
    seen.length = 0;
  });
  after(async () => {
    await new Promise<void>((resolve) => demo.close(() => resolve()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the seed example holds the GET, the POST, the 301 (# @no-redirect) and a 404', () => {
    const text = fs.readFileSync(SEED_FILE, 'utf8');
    assert.match(text, /^GET \/ HTTP\/1\.1$/m);
    assert.match(text, /^POST \/contact_form\.php HTTP\/1\.1$/m);
    assert.match(text, /# @no-redirect\nGET \/moved HTTP\/1\.1/);
    assert.match(text, /^GET \/no-such-page HTTP\/1\.1$/m);
  });

  describe('--all --json on the seed example', () => {
    let run: Run;
    let results: Json[];
    let connectionsUsed: number;
    let requestsSeen: DemoRequest[];

    before(async () => {
      connections = 0;
      seen.length = 0;
      run = await runCli(['send', SEED_FILE, '--all', '--json', ...connectTo()]);
      connectionsUsed = connections;
      requestsSeen = [...seen];
      results = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    });

    it('exits 0 with one result per request, in file order', () => {
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        results.map((r) => `${r.request.method} ${r.request.url}`),
        ['GET http://developer.mozilla.org/', 'POST http://developer.mozilla.org/contact_form.php', 'GET http://developer.mozilla.org/moved', 'GET http://developer.mozilla.org/no-such-page'],
      );
      assert.ok(results.every((r) => r.error === null));
    });

    const seedRows = [
      { name: '200 OK', index: 0, bytes: OK_200 },
      { name: '301 Moved Permanently (not followed)', index: 2, bytes: MOVED_301 },
      { name: '404 Not Found', index: 3, bytes: NOT_FOUND_404 },
    ];
    for (const row of seedRows) {
      it(`the ${row.name} equals the seed bytes: status line, headers in order and case, body`, () => {
        const want = parseSeed(row.bytes);
        const got = results[row.index].response;
        assert.equal(got.httpVersion, want.httpVersion);
        assert.equal(got.status, want.status);
        assert.equal(got.reason, want.reason);
        assert.deepEqual(got.headers, want.headers);
        assert.equal(got.body.length, want.body.length);
        assert.equal(got.body.base64, want.body.toString('base64'));
        assert.deepEqual(got.redirects, []);
      });
    }

    it('the 301 keeps both X-Cache-Info lines', () => {
      const headers = results[2].response.headers as Array<[string, string]>;
      assert.deepEqual(headers.filter(([n]) => n === 'X-Cache-Info'), [['X-Cache-Info', 'caching'], ['X-Cache-Info', 'caching']]);
    });

    it('the POST goes out with Content-Length 63 and its 63 bytes', () => {
      const post = requestsSeen.find((r) => r.method === 'POST')!;
      assert.equal(post.body.length, 63);
      assert.deepEqual(post.headers.filter(([n]) => n.toLowerCase() === 'content-length'), [['Content-Length', '63']]);
      assert.deepEqual(results[1].request.headersSent.find(([n]: string[]) => n === 'Content-Length'), ['Content-Length', '63']);
      assert.match(results[1].response.body.text, /Recibido: 63 bytes/);
    });

    it('Host stays as written although the connection goes to 127.0.0.1 (--connect-to)', () => {
      assert.ok(requestsSeen.length === 4 && requestsSeen.every((r) => r.headers.some(([n, v]) => n === 'Host' && v === 'developer.mozilla.org')));
    });

    it('one connection carries all four: reused, same connectionId', () => {
      const t = results.map((r) => r.timings);
      assert.equal(t[0].reused, false);
      for (const later of t.slice(1)) {
        assert.equal(later.reused, true);
        assert.equal(later.connectionId, t[0].connectionId);
      }
      assert.deepEqual(t.map((x: Json) => x.requestIndex), [1, 2, 3, 4]);
      assert.equal(connectionsUsed, 1);
    });

    it('timings in ms to the microsecond, not the clock noise of a double (issue 10, item 6)', () => {
      for (const t of results.map((r) => r.timings)) {
        for (const key of ['totalMs', 'firstByteMs', 'connectMs', 'dnsMs', 'tlsMs', 'proxyMs', 'downloadMs']) {
          assert.equal(typeof t[key], 'number', key);
          assert.equal(t[key], Math.round(t[key] * 1000) / 1000, `${key} = ${t[key]}`);
          assert.match(String(t[key]), /^\d+(\.\d{1,3})?$/, `${key} = ${t[key]}`);
        }
      }
      // The address attempts of the connection too (they said 0.11865599999998722).
      const attempts = results.flatMap((r) => r.connection.attempts as Json[]);
      assert.ok(attempts.length > 0);
      for (const a of attempts) assert.match(String(a.startMs), /^\d+(\.\d{1,3})?$/, `startMs = ${a.startMs}`);
    });

    it('no log line per request on stderr (issue 10, item 6): only the file\'s one warning, the seed POST\'s Content-Length 64 for 63 bytes', () => {
      assert.match(withoutSummary(run.stderr), /^http-wire: \S+a-typical-http-session\.http:16:17: warning: Content-Length is 64 but the body is 63 bytes: .* \[content-length-mismatch\]\n$/);
    });

    it('no bytesSent without --include', () => {
      assert.ok(results.every((r) => !('bytesSent' in r.request)));
    });
  });

  it('--body digest gives sha256 and length instead of the bytes', async () => {
    const run = await runCli(['send', SEED_FILE, '--name', 'home', '--json', '--body', 'digest', ...connectTo()]);
    assert.equal(run.code, 0, run.stderr);
    const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    assert.deepEqual(result.response.body, { sha256: createHash('sha256').update(HOME_BODY).digest('hex'), length: HOME_BODY.length });
  });

  it('issue 12, items 2 and 3: the CLI resolves variables on the shared send path (@host, system variables, the process environment); an unresolved name is refused unsent', async () => {
    const file = path.join(tmp, 'variables.http');
    fs.writeFileSync(file, ['@host = http://developer.mozilla.org', 'GET /?from={{$processEnv HTTP_WIRE_CLI_VAR}}', 'X-Id: {{$guid}}', '', '###', 'GET /{{nope}}', ''].join('\n'));
    const run = await runCli(['send', file, '--all', '--json', '--include', ...connectTo()], { HTTP_WIRE_CLI_VAR: 'cli' });
    assert.equal(run.code, 1, run.stderr);
    const [sent, refused] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    const bytes = Buffer.from(sent.request.bytesSent, 'base64').toString('latin1');
    assert.match(bytes, /^GET \/\?from=cli HTTP\/1\.1\r\nHost: developer\.mozilla\.org\r\nX-Id: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\r\n/);
    assert.equal(sent.response.status, 200);
    assert.equal(refused.error.code, 'HW_UNRESOLVED_VARIABLE');
    assert.match(refused.error.message, /\{\{nope\}\} in the URL \(line 6\) has no value/);
  });

  it('--include adds bytesSent: the request exactly as written on the wire', async () => {
    const run = await runCli(['send', SEED_FILE, '--name', 'contactForm', '--json', '--include', ...connectTo()]);
    assert.equal(run.code, 0, run.stderr);
    const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    const sent = Buffer.from(result.request.bytesSent, 'base64').toString('latin1');
    assert.ok(sent.startsWith('POST /contact_form.php HTTP/1.1\r\nHost: developer.mozilla.org\r\nContent-Length: 63\r\nContent-Type: application/x-www-form-urlencoded\r\n'), sent);
    assert.ok(sent.endsWith('\r\n\r\nname=Juan%20Garcia&request=Envieme%20uno%20de%20sus%20catalogos'), sent);
  });

  describe('default output (curl -i)', () => {
    it('starts with the status line and has the headers and body as received', async () => {
      const run = await runCli(['send', SEED_FILE, '--name', 'home', ...connectTo()]);
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout.toString('latin1');
      assert.ok(out.startsWith('HTTP/1.1 200 OK\r\n'), JSON.stringify(out.slice(0, 60)));
      const end = OK_200.indexOf('\r\n\r\n') + 4;
      assert.ok(run.stdout.subarray(0, end).equals(OK_200.subarray(0, end)), 'head byte for byte');
      assert.ok(run.stdout.subarray(end).equals(HOME_BODY), 'body as received (ASCII page)');
      assert.ok(!out.includes('\x1b['), 'no colour when stdout is not a terminal');
    });

    it('the 301 shows both X-Cache-Info lines, and its ISO-8859-1 page as received (stdout a pipe, as curl writes it)', async () => {
      const run = await runCli(['send', SEED_FILE, '--name', 'moved', ...connectTo()]);
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout.toString('latin1');
      assert.ok(out.startsWith('HTTP/1.1 301 Moved Permanently\r\n'));
      assert.equal(out.match(/\r\nX-Cache-Info: caching(?=\r\n)/g)?.length, 2);
      assert.ok(out.includes('<a href="https://developer.mozilla.org/">aquí</a>'), 'the ISO-8859-1 bytes as received');
    });
  });

  it('--json keeps file order when failures and answers alternate (results are written behind the next request)', async () => {
    const closed = await RawServer.start(() => undefined);
    const closedPort = closed.port;
    await closed.close();
    const file = path.join(tmp, 'mixed.http');
    const ok = `GET http://developer.mozilla.org/\nAccept-Language: fr\n`;
    fs.writeFileSync(file, [ok, `GET http://127.0.0.1:${closedPort}/x\n`, ok, `GET http://127.0.0.1:${closedPort}/y\n`, ok].join('###\n'));
    for (const body of ['digest', 'full']) {
      const run = await runCli(['send', file, '--all', '--json', '--body', body, ...connectTo()]);
      assert.equal(run.code, 1, run.stderr);
      const results = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
      assert.deepEqual(
        results.map((r) => r.error?.code ?? r.response.status),
        [200, 'HW_CONNECT_REFUSED', 200, 'HW_CONNECT_REFUSED', 200],
        `--body ${body}`,
      );
      assert.deepEqual(results.map((r) => r.request.url), ['http://developer.mozilla.org/', `http://127.0.0.1:${closedPort}/x`, 'http://developer.mozilla.org/', `http://127.0.0.1:${closedPort}/y`, 'http://developer.mozilla.org/']);
    }
  });

  describe('exit status', () => {
    it('1 when a request fails (closed port), with error.class "connect"', async () => {
      const closed = await RawServer.start(() => undefined);
      const closedPort = closed.port;
      await closed.close();
      const file = path.join(tmp, 'closed.http');
      fs.writeFileSync(file, `GET http://127.0.0.1:${closedPort}/\n`);
      const run = await runCli(['send', file, '--json']);
      assert.equal(run.code, 1);
      const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
      assert.equal(result.error.class, 'connect');
      assert.equal(result.error.code, 'HW_CONNECT_REFUSED');
      assert.equal(result.response, null);
    });

    it('1 for a failed request without --json too, the error on stderr', async () => {
      const closed = await RawServer.start(() => undefined);
      const closedPort = closed.port;
      await closed.close();
      const file = path.join(tmp, 'closed2.http');
      fs.writeFileSync(file, `GET http://127.0.0.1:${closedPort}/\n`);
      const run = await runCli(['send', file]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /HW_CONNECT_REFUSED/);
    });

    it('issue 11, item 0: 1 when a request has an error in the file: it fails HW_PARSE unsent, the others go (one after # @sleep, not redirected by # @no-redirect)', async () => {
      const file = path.join(tmp, 'one-error.http');
      const host = 'Host: developer.mozilla.org';
      fs.writeFileSync(file, ['GET / HTTP/1.1', host, '', '###', 'GET /no-such-page HTTP/2', host, '', '###', '# @sleep 1', '# @no-redirect', 'GET /moved HTTP/1.1', host, ''].join('\n'));
      const run = await runCli(['send', file, '--all', '--json', ...connectTo()]);
      assert.equal(run.code, 1, run.stderr);
      const results = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
      assert.deepEqual(
        results.map((r) => [r.error?.code ?? null, r.response?.status ?? null]),
        [[null, 200], ['HW_PARSE', null], [null, 301]],
      );
      assert.match(results[1].error.message, /^line 5: HTTP\/2 is not supported/);
      assert.deepEqual(seen.map((r) => r.target), ['/', '/moved']);
    });

    const usage = [
      { name: '--line abc', args: ['--line', 'abc'] },
      { name: 'an unknown flag', args: ['--frobnicate'] },
      { name: 'several requests and no selector', args: [] },
      { name: '--body with a bad mode', args: ['--all', '--body', 'half'] },
      { name: '--name and --all together', args: ['--all', '--name', 'home'] },
    ];
    for (const row of usage) {
      it(`2 for bad usage: ${row.name}`, async () => {
        const run = await runCli(['send', SEED_FILE, ...row.args]);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /^http-wire: [^\n]+\nRun "http-wire --help" for the commands and their options\.\n$/);
        assert.equal(run.stdout.length, 0);
      });
    }
  });

  it('--connect-to takes IPv6 addresses in brackets (issue 10, item 4)', async function () {
    const v6 = net.createServer((socket) => onRequests(socket, () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nv6')));
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!listening) this.skip(); // no IPv6 loopback on this machine
    try {
      const file = path.join(tmp, 'v6.http');
      fs.writeFileSync(file, 'GET http://api.test/v6\n');
      const run = await runCli(['send', file, '--json', '--connect-to', `api.test:80:[::1]:${(v6.address() as AddressInfo).port}`]);
      assert.equal(run.code, 0, run.stderr);
      const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
      assert.equal(result.connection.remoteAddress, '::1');
      assert.deepEqual(result.request.headersSent[0], ['Host', 'api.test']);
    } finally {
      await new Promise<void>((resolve) => v6.close(() => resolve()));
    }
  });

  it('the JSON is written in full before exit, even with a large body', async () => {
    const size = 12 * 1024 * 1024;
    const body = Buffer.alloc(size);
    for (let i = 0; i < size; i++) body[i] = (i * 31) & 0xff;
    const big = await RawServer.start((socket) =>
      onRequests(socket, () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`);
        socket.write(body);
      }),
    );
    try {
      const file = path.join(tmp, 'big.http');
      fs.writeFileSync(file, `GET http://127.0.0.1:${big.port}/big\n`);
      const run = await runCli(['send', file, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const [result] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
      assert.equal(result.response.body.length, size);
      assert.ok(Buffer.from(result.response.body.base64, 'base64').equals(body));
    } finally {
      await big.close();
    }
  });
});
