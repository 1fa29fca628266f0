/**
 * Issue 12, "done when": the three example collections (REST Client style with settings
 * environments and request variables, JetBrains style with env files, httpYac style with `@ref`)
 * run unchanged with `http-wire send --all --env dev` against the demo server. They name the demo
 * server's default address (127.0.0.1:8081); `--connect-to` sends to this test's server instead,
 * the URLs and Host headers as written. The run's folder is a copy of examples/, as a user's
 * clone: the JetBrains private file is made from its checked-in example.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoRequest } from '../../../src/demo/demo-server';
import { ROOT, runCli } from './run-cli';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

describe('examples: three collections run unchanged with send --all --env dev (issue 12, done when)', function () {
  this.timeout(30_000);
  let demo: net.Server;
  let port: number;
  let received: DemoRequest[] = [];
  let examples: string;
  const header = (r: DemoRequest, name: string): string | undefined => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];

  async function sendAll(file: string): Promise<Json[]> {
    received = [];
    const run = await runCli(['send', file, '--all', '--env', 'dev', '--connect-to', `127.0.0.1:8081:127.0.0.1:${port}`, '--json'], {}, examples);
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout.toString('utf8')) as Json).results as Json[];
  }

  before(async () => {
    demo = await startDemoServer(0, '127.0.0.1', (r) => received.push(r));
    port = (demo.address() as net.AddressInfo).port;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-examples-'));
    examples = path.join(tmp, 'examples');
    fs.cpSync(path.join(ROOT, 'examples'), examples, { recursive: true });
    const jetbrains = path.join(examples, 'jetbrains-style');
    fs.copyFileSync(path.join(jetbrains, 'http-client.private.env.json.example'), path.join(jetbrains, 'http-client.private.env.json'));
  });
  after(async () => {
    await new Promise((resolve) => demo.close(resolve));
    fs.rmSync(path.dirname(examples), { recursive: true, force: true });
  });

  it("issue 12: REST Client style: rest-client.environmentVariables of .vscode/settings.json ({{$shared name}} inside), file variables, and a request variable read from login's answer", async () => {
    const results = await sendAll('rest-client-style.http');
    assert.deepEqual(results.map((r) => `${r.request.method} ${r.request.url} ${r.response.status}`), ['POST http://127.0.0.1:8081/api/login 200', 'GET http://127.0.0.1:8081/api/me 200']);
    assert.deepEqual(JSON.parse(received[0]!.body.toString('utf8')), { user: 'ada' }, '{{loginUser}} is dev\'s {{$shared demoUser}}');
    const token = (JSON.parse(Buffer.from(results[0].response.body.base64, 'base64').toString('utf8')) as { token: string }).token;
    assert.equal(header(received[1]!, 'authorization'), `Bearer ${token}`);
    assert.equal(header(received[1]!, 'x-login-request'), `login-${token.slice(0, 6)}`);
    assert.equal(header(received[1]!, 'host'), '127.0.0.1:8081');
  });

  it('issue 12: JetBrains style: http-client.env.json with $shared and the private file', async () => {
    const results = await sendAll('jetbrains-style/requests.http');
    assert.deepEqual(results.map((r) => r.response.status), [200, 200, 404]);
    assert.equal(header(received[0]!, 'authorization'), 'Bearer replace-me-dev-token');
    assert.equal(header(received[0]!, 'accept-language'), 'fr');
  });

  it('issue 12: httpYac style: host as the base of origin-form targets, # @ref and {{login.token}}', async () => {
    const results = await sendAll('chaining-httpyac.http');
    assert.ok(results.every((r) => r.response.status === 200), JSON.stringify(results.map((r) => r.response.status)));
    assert.deepEqual(received.slice(0, 2).map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
    assert.match(header(received[1]!, 'authorization') ?? '', /^Bearer [0-9a-f]{24}$/);
  });

  it('json-api.http, graphql.http and upload.http are answered by the demo server too (npm start sends them there)', async () => {
    const api = await sendAll('json-api.http');
    assert.deepEqual(api.map((r) => `${r.request.name} ${r.response.status}`), ['listUsers 200', 'createUser 201', 'renameUser 200', 'deleteUser 204']);
    const created = JSON.parse(Buffer.from(api[1].response.body.base64, 'base64').toString('utf8')) as Json;
    assert.deepEqual(created, { id: 43, name: 'Juan Garcia', email: 'juan@example.com', roles: ['reader'] });
    const graphql = await sendAll('graphql.http');
    assert.deepEqual(graphql.map((r) => JSON.parse(Buffer.from(r.response.body.base64, 'base64').toString('utf8')) as Json), [{ data: { user: { id: '42', name: 'Juan Garcia' } } }, { data: { viewer: { login: 'ada' } } }]);
    const [upload] = await sendAll('upload.http');
    const parts = (JSON.parse(Buffer.from(upload.response.body.base64, 'base64').toString('utf8')) as Json).parts as Json[];
    assert.deepEqual(parts.map((p) => [p.name, p.filename]), [['description', null], ['avatar', 'avatar.txt']]);
    assert.equal(parts[1].bytes, fs.readFileSync(path.join(examples, 'upload', 'avatar.txt')).length);
  });
});
