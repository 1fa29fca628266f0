/**
 * The JetBrains-style example collection (issue 12, item 3): `examples/jetbrains-style/` runs with
 * `http-wire send --all --env dev` against the demo server, the private file's token sent and
 * never shown. The private file is checked in only as `http-client.private.env.json.example`
 * (private files must not be committed): the test copies the folder and makes the real one, as a
 * user would.
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

describe('examples/jetbrains-style (issue 12, item 3)', function () {
  this.timeout(30_000);
  let demo: net.Server;
  const received: DemoRequest[] = [];
  let tmp: string;

  before(async () => {
    demo = await startDemoServer(0, '127.0.0.1', (r) => received.push(r));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-example-jb-'));
    fs.cpSync(path.join(ROOT, 'examples', 'jetbrains-style'), path.join(tmp, 'jetbrains-style'), { recursive: true });
    const folder = path.join(tmp, 'jetbrains-style');
    fs.copyFileSync(path.join(folder, 'http-client.private.env.json.example'), path.join(folder, 'http-client.private.env.json'));
  });
  after(async () => {
    await new Promise((resolve) => demo.close(resolve));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('issue 12, item 3: the checked-in folder has no private file, only its example, and git ignores the real one', () => {
    const folder = path.join(ROOT, 'examples', 'jetbrains-style');
    assert.ok(fs.existsSync(path.join(folder, 'http-client.private.env.json.example')));
    assert.ok(fs.readFileSync(path.join(folder, '.gitignore'), 'utf8').split('\n').includes('http-client.private.env.json'));
  });

  it('issue 12, item 3: send --all --env dev runs it against the demo server; the private token goes on the wire and prints as ***', async () => {
    const port = (demo.address() as net.AddressInfo).port;
    received.length = 0;
    // The demo server listens on a free port here; the environment's host says 8081.
    const run = await runCli(['send', 'jetbrains-style/requests.http', '--all', '--env', 'dev', '--var', `host=http://127.0.0.1:${port}`, '--json', '--include'], {}, tmp);
    assert.equal(run.code, 0, run.stderr);
    const results = (JSON.parse(run.stdout.toString('utf8')) as Json).results as Json[];
    assert.deepEqual(results.map((r) => r.response.status), [200, 200, 404]);
    assert.deepEqual(received.map((r) => `${r.method} ${r.target}`), ['GET /', 'POST /contact_form.php', 'GET /no-such-page']);
    const header = (r: DemoRequest, name: string): string | undefined => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    assert.equal(header(received[0]!, 'authorization'), 'Bearer replace-me-dev-token');
    assert.equal(header(received[0]!, 'accept-language'), 'fr', '$shared applies under dev');
    assert.equal(header(received[0]!, 'x-client'), 'http-wire-example');
    assert.deepEqual(results[0].request.headersSent.find(([n]: [string]) => n === 'Authorization'), ['Authorization', 'Bearer ***']);
    const shown = `${run.stdout.toString('utf8')}${run.stderr}${results.map((r) => Buffer.from(r.request.bytesSent, 'base64').toString('latin1')).join('')}`;
    assert.ok(!shown.includes('replace-me-dev-token'), 'the private token was shown');
  });
});
