/**
 * Request chaining through the built CLI, run as a whole process against the demo server's JSON
 * login (src/demo/login-routes.ts): a request that uses another's answer sends it first.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoRequest } from '../../../src/demo/demo-server';
import { onRequests, RawServer } from '../../support/raw-server';
import { ROOT, runCli } from './run-cli';

const EXAMPLE = path.join(ROOT, 'examples', 'chaining-httpyac.http');

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

describe('cli: request chaining (issue 12, item 4)', function () {
  this.timeout(30_000);
  let demo: Server;
  let port: number;
  let seen: DemoRequest[] = [];
  let tmp: string;
  /** The example names the demo server's default port; this test's server listens elsewhere. */
  const connectTo = (): string[] => ['--connect-to', `127.0.0.1:8081:127.0.0.1:${port}`];
  const header = (r: DemoRequest, name: string): string | undefined => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const write = (name: string, text: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text.replace(/PORT/g, String(port)));
    return file;
  };

  before(async () => {
    demo = await startDemoServer(0, '127.0.0.1', (r) => seen.push(r));
    port = (demo.address() as AddressInfo).port;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-chain-'));
  });
  beforeEach(() => (seen = []));
  after(() => {
    demo.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('issue 12, item 4: send --name me sends login first and puts its token in the Authorization header', async () => {
    const run = await runCli(['send', EXAMPLE, '--name', 'me', ...connectTo()]);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.deepEqual(seen.map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
    const token = /"token":"([0-9a-f]+)"/.exec(run.stdout.toString('utf8'))![1]!;
    assert.equal(header(seen[1]!, 'authorization'), `Bearer ${token}`);
    assert.equal(header(seen[1]!, 'x-login-request'), `login-${token.slice(0, 6)}`);
    const out = run.stdout.toString('utf8');
    assert.match(out, /^### login \(sent first: "me" uses its answer\)\n/);
    assert.match(out, /\n### me\nHTTP\/1\.1 200 OK\r\n/);
    assert.match(out, /\{"name":"ada","roles":\["reader"\]\}/);
  });

  it('issue 12, item 4: send --all --json sends each request once in order, and # @forceRef sends login again', async () => {
    const run = await runCli(['send', EXAMPLE, '--all', '--json', ...connectTo()]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(seen.map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me', 'POST /api/login', 'GET /api/me?user=ada']);
    const results: Json[] = JSON.parse(run.stdout.toString('utf8')).results;
    assert.deepEqual(results.map((r) => r.response.status), [200, 200, 200, 200]);
    // Each result names its request, and the line of its request line: a login sent again for
    // `roles` (# @forceRef) is told apart from the first by where it stands in the document.
    assert.deepEqual(results.map((r) => [r.request.name, r.request.line]), [['login', 9], ['me', 17], ['login', 9], ['roles', 25]]);
    // `roles` used the second login's token: the last exchange of a name is the one read.
    const second = JSON.parse(results[2].response.body.text).token as string;
    assert.equal(header(seen[3]!, 'authorization'), `Bearer ${second}`);
  });

  it('issue 12, item 4: a cycle is refused before anything is sent, naming the chain; exit 1', async () => {
    const file = write('cycle.http', ['# @name a', 'GET http://127.0.0.1:PORT/api/me', 'Authorization: {{b.response.headers.X}}', '', '###', '# @name b', '# @ref a', 'GET http://127.0.0.1:PORT/'].join('\n'));
    const run = await runCli(['send', file, '--name', 'b']);
    assert.equal(run.code, 1);
    assert.deepEqual(seen, []);
    assert.match(run.stderr, /HW_REQUEST_CYCLE/);
    assert.match(run.stderr, /Requests b → a → b need each other's answers in a cycle/);
  });

  it('--json: a request not sent (its dependency failed) still names itself, name and line, beside the dependency that failed', async () => {
    const file = write('named.http', ['# @name login', 'POST http://127.0.0.1:1/api/login', '', '###', '# @name me', 'GET http://127.0.0.1:PORT/api/me', 'Authorization: Bearer {{login.response.body.$.token}}'].join('\n'));
    const run = await runCli(['send', file, '--name', 'me', '--json']);
    assert.equal(run.code, 1);
    const results: Json[] = JSON.parse(run.stdout.toString('utf8')).results;
    assert.deepEqual(results.map((r) => [r.request.name, r.request.line, r.error.code]), [['login', 2, 'HW_CONNECT_REFUSED'], ['me', 6, 'HW_DEPENDENCY_FAILED']]);
    // The dependency is told apart from the request asked for.
    assert.deepEqual(results.map((r) => r.request.sentFirstFor), ['me', null]);
  });

  it('issue 12, item 4: when the request used fails, the one using it is not sent and says why', async () => {
    const file = write('dependency.http', ['# @name login', 'POST http://127.0.0.1:1/api/login', '', '###', '# @name me', 'GET http://127.0.0.1:PORT/api/me', 'Authorization: Bearer {{login.response.body.$.token}}'].join('\n'));
    const run = await runCli(['send', file, '--name', 'me']);
    assert.equal(run.code, 1);
    assert.deepEqual(seen, []);
    assert.match(run.stderr, /HW_CONNECT_REFUSED/);
    assert.match(run.stderr, /HW_DEPENDENCY_FAILED/);
    assert.match(run.stderr, /Request "me" was not sent: request "login", whose answer it uses, failed \(HW_CONNECT_REFUSED/);
  });

  it('issue 12, item 4: in one --all run, a request that failed is not sent again for each request using it', async () => {
    const file = write('failed-once.http', ['# @name login', 'POST http://127.0.0.1:1/api/login', '', '###', '# @name me', 'GET http://127.0.0.1:PORT/api/me', 'Authorization: Bearer {{login.response.body.$.token}}', '', '###', '# @name roles', 'GET http://127.0.0.1:PORT/api/me?roles', 'Authorization: Bearer {{login.response.body.$.token}}'].join('\n'));
    const run = await runCli(['send', file, '--all']);
    assert.equal(run.code, 1);
    assert.deepEqual(seen, []);
    assert.equal(run.stderr.match(/HW_CONNECT_REFUSED\]/g)?.length, 1, run.stderr);
    assert.equal(run.stdout.toString('utf8').match(/^### login/gm)?.length, 1, 'login is attempted once');
    assert.match(run.stderr, /Request "me" was not sent: request "login", whose answer it uses, failed \(HW_CONNECT_REFUSED/);
    assert.match(run.stderr, /Request "roles" was not sent: request "login", whose answer it uses, failed \(HW_CONNECT_REFUSED/);
  });

  it('issue 12, item 4: a JSONPath that matches nothing is an error naming the path and the request; nothing is sent with braces', async () => {
    const file = write('path.http', ['# @name login', 'POST http://127.0.0.1:PORT/api/login', 'Content-Type: application/json', '', '{"user": "ada"}', '', '###', '# @name me', 'GET http://127.0.0.1:PORT/api/me', 'Authorization: Bearer {{login.response.body.$.jwt}}'].join('\n'));
    const run = await runCli(['send', file, '--name', 'me']);
    assert.equal(run.code, 1);
    assert.deepEqual(seen.map((r) => r.target), ['/api/login']);
    assert.match(run.stderr, /the JSONPath \$\.jwt matches nothing in the response body of request "login"/);
  });

  it("an environment variable named like a request is read from the environment: that request (a DELETE) is not sent", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'env-'));
    fs.writeFileSync(path.join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: `http://127.0.0.1:${port}`, account: 'acme' } }));
    const file = path.join(dir, 'report.http');
    fs.writeFileSync(file, ['# @name account', 'DELETE {{host}}/api/accounts/current', '', '###', '# @name report', 'GET {{host}}/api/reports?account={{account}}'].join('\n'));
    const run = await runCli(['send', file, '--env', 'dev', '--name', 'report'], {}, dir);
    assert.equal(run.stderr, '');
    assert.deepEqual(seen.map((r) => `${r.method} ${r.target}`), ['GET /api/reports?account=acme']);
  });
});

describe('cli: the @host base taken from another request (httpYac), with --all preparing ahead', function () {
  this.timeout(30_000);
  let server: RawServer;
  let tmp: string;
  const targets: string[] = [];

  before(async () => {
    server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const target = head.split(' ')[1]!;
        targets.push(target);
        const body = target === '/d' ? JSON.stringify({ base: `http://127.0.0.1:${server.port}` }) : 'ok';
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: ${target === '/d' ? 'application/json' : 'text/plain'}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      }),
    );
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-host-'));
  });
  beforeEach(() => (targets.length = 0));
  after(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const file = (): string => {
    const f = path.join(tmp, 'host.http');
    // `users` takes its base from @host, which is discover's answer: it is prepared only once discover answered.
    fs.writeFileSync(f, ['@host = {{discover.response.body.$.base}}', '', '# @name discover', `GET http://127.0.0.1:${server.port}/d`, '', '###', '# @name users', 'GET /users', '', '###', '# @name health', 'GET {{host}}/health'].join('\n'));
    return f;
  };

  it('send --all sends discover, then users and health on its base; exit 0', async () => {
    const run = await runCli(['send', file(), '--all', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(targets, ['/d', '/users', '/health']);
  });

  it('send --name users sends discover first: @host makes it a dependency', async () => {
    const run = await runCli(['send', file(), '--name', 'users']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(targets, ['/d', '/users']);
  });
});
