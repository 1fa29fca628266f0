/**
 * Secrets stay out of the CLI's output (issue 10, item 5): proxy credentials, the password of a
 * URL's `user:password@` and a proxy setting holding one never reach stdout, stderr, `--json`
 * (bytes included, decoded from base64) or `--include`; they show as ***. `--show-secrets` shows them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onRequests, RawServer, startOkServer } from '../../support/raw-server';
import { runCli, type CliRun } from './run-cli';

const URL_PASSWORD = 'hunter22pw';
const PROXY_PASSWORD = 'proxypass99';
const PROXY_TOKEN = Buffer.from(`puser:${PROXY_PASSWORD}`).toString('base64');
const SECRETS = [URL_PASSWORD, PROXY_PASSWORD, PROXY_TOKEN];

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

/** Everything a run showed: stdout, stderr, and any base64 byte fields of its JSON, decoded. */
function everythingShown(run: CliRun): string {
  const out = run.stdout.toString('utf8');
  let decoded = '';
  if (out.startsWith('{')) {
    const json = JSON.parse(out) as { results: Json[] };
    for (const r of json.results) {
      for (const b64 of [r.request?.bytesSent, r.received?.base64]) if (typeof b64 === 'string') decoded += Buffer.from(b64, 'base64').toString('latin1');
    }
  }
  return `${out}\n${run.stderr}\n${decoded}`;
}

function assertNoSecrets(run: CliRun, what: string): void {
  const shown = everythingShown(run);
  for (const secret of SECRETS) assert.ok(!shown.includes(secret), `${what}: "${secret}" was shown:\n${shown.slice(0, 3000)}`);
}

describe('cli: secrets stay out of output (issue 10, item 5)', function () {
  this.timeout(30_000);
  let proxy: RawServer;
  const heads: string[] = [];
  let tmp: string;
  let file: string;
  let proxyEnv: NodeJS.ProcessEnv;

  before(async () => {
    // A forward proxy for http:// URLs that answers itself: what matters is what the CLI shows.
    proxy = await startOkServer(heads);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-secrets-'));
    file = path.join(tmp, 'secret.http');
    fs.writeFileSync(file, `GET http://bob:${URL_PASSWORD}@api.test/report\nAccept: text/plain\n`);
    proxyEnv = { HTTP_PROXY: `http://puser:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}` };
  });
  after(async () => {
    await proxy.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the request reaches the proxy with its credentials (so there is something to hide)', async () => {
    heads.length = 0;
    const run = await runCli(['send', file], proxyEnv);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(heads.length, 1);
    assert.match(heads[0]!, new RegExp(`\\r\\nProxy-Authorization: Basic ${PROXY_TOKEN}(?:\\r\\n|$)`, 'i'));
  });

  const rows: Array<{ name: string; args: string[] }> = [
    { name: 'curl -i style with --include', args: ['--include'] },
    { name: '--json --include', args: ['--json', '--include'] },
    { name: '--json', args: ['--json'] },
  ];
  for (const row of rows) {
    it(`${row.name}: *** instead of the proxy's and the URL's passwords`, async () => {
      const run = await runCli(['send', file, ...row.args], proxyEnv);
      assert.equal(run.code, 0, run.stderr);
      assertNoSecrets(run, row.name);
      assert.ok(everythingShown(run).includes('***'), 'the mask is shown where the secrets were');
    });
  }

  it('--include shows the Proxy-Authorization header by name, its value masked', async () => {
    const run = await runCli(['send', file, '--include'], proxyEnv);
    assert.match(run.stdout.toString('utf8'), /^> Proxy-Authorization: \*\*\*$/m);
  });

  it('--json: headersSent keeps the header name, the URL keeps its user', async () => {
    const run = await runCli(['send', file, '--json'], proxyEnv);
    const [r] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    assert.deepEqual(r.request.headersSent.find(([n]: [string]) => n === 'Proxy-Authorization'), ['Proxy-Authorization', '***']);
    assert.equal(r.request.url, 'http://bob:***@api.test/report');
  });

  it('errors: a proxy that refuses connections, and a proxy setting that is not a URL', async () => {
    const closed = await RawServer.start(() => undefined);
    const closedPort = closed.port;
    await closed.close();
    for (const setting of [`http://puser:${PROXY_PASSWORD}@127.0.0.1:${closedPort}`, `http://puser:${PROXY_PASSWORD}@[not-a-host`]) {
      for (const args of [[], ['--json', '--include']]) {
        const run = await runCli(['send', file, ...args], { HTTP_PROXY: setting });
        assert.equal(run.code, 1, `${setting} ${args.join(' ')} should fail`);
        assertNoSecrets(run, `HTTP_PROXY=${setting} ${args.join(' ')}`);
      }
    }
  });

  it('text headings of a multi-request run: the URL password masked (a label is the request line)', async () => {
    const server = await startOkServer([]);
    try {
      const many = path.join(tmp, 'many.http');
      fs.writeFileSync(many, `GET http://alice:${URL_PASSWORD}@127.0.0.1:${server.port}/one\n\n###\nGET http://bob:${URL_PASSWORD}@127.0.0.1:${server.port}/two\n`);
      const run = await runCli(['send', many, '--all']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout.toString('utf8'), /^### GET http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+\/one$/m);
      assertNoSecrets(run, 'send --all');
    } finally {
      await server.close();
    }
  });

  it('a private value percent-encoded by {{%name}} or not ASCII is masked in every form it is shown', async () => {
    const heads: string[] = [];
    const server = await startOkServer(heads);
    const dir = fs.mkdtempSync(path.join(tmp, 'encoded-'));
    try {
      const apiKey = 'abc/def+ghi=';
      const pw = 'sëcrétpass';
      fs.writeFileSync(path.join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { apiKey, pw } }));
      const req = path.join(dir, 'req.http');
      fs.writeFileSync(req, `POST http://127.0.0.1:${server.port}/items?key={{%apiKey}}\nX-Pw: {{pw}}\nContent-Type: application/json\n\n{"password": "{{pw}}"}\n`);
      const forms = [apiKey, encodeURIComponent(apiKey), pw, Buffer.from(pw).toString('latin1')];
      for (const args of [['--include'], ['--json', '--include']]) {
        const run = await runCli(['send', req, '--env', 'dev', ...args]);
        assert.equal(run.code, 0, run.stderr);
        const shown = everythingShown(run);
        for (const form of forms) assert.ok(!shown.includes(form), `${args.join(' ')}: "${form}" was shown:\n${shown.slice(0, 2000)}`);
      }
      // What went out is the real value: masking is output only.
      assert.ok(heads.at(-1)!.includes(`key=${encodeURIComponent(apiKey)}`), heads.at(-1));
    } finally {
      await server.close();
    }
  });

  it('a --var for a key a private env file defines, and any --private-var, are masked (CI passes secrets so); the real values go out', async () => {
    const heads: string[] = [];
    const server = await startOkServer(heads);
    const dir = fs.mkdtempSync(path.join(tmp, 'var-override-'));
    try {
      fs.writeFileSync(path.join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { key: 'file-value-1' } }));
      const req = path.join(dir, 'req.http');
      fs.writeFileSync(req, `GET http://127.0.0.1:${server.port}/echo?k={{key}}\nAuthorization: Bearer {{bearer}}\nX-Plain: {{plain}}\n`);
      for (const args of [['--include'], ['--json', '--include']]) {
        const run = await runCli(['send', req, '--env', 'dev', '--var', 'key=OverKey999', '--private-var', 'bearer=BBB33333', '--var', 'plain=shown-as-is', ...args]);
        assert.equal(run.code, 0, run.stderr);
        const shown = everythingShown(run);
        for (const secret of ['OverKey999', 'BBB33333']) assert.ok(!shown.includes(secret), `${args.join(' ')}: "${secret}" was shown:\n${shown.slice(0, 2000)}`);
        assert.ok(shown.includes('shown-as-is'), 'a --var of no private key is not a secret');
      }
      assert.match(heads.at(-1)!, /GET \/echo\?k=OverKey999 /);
      assert.match(heads.at(-1)!, /\r\nAuthorization: Bearer BBB33333\r\n/);
    } finally {
      await server.close();
    }
  });

  it('--private-var never quotes its entry in a usage error, and refuses a value too short to mask', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'private-var-'));
    const req = path.join(dir, 'req.http');
    fs.writeFileSync(req, 'GET http://127.0.0.1:9/?t={{tok}}\n');
    for (const entry of ['hunter2secret', '=hunter2secret']) {
      const run = await runCli(['send', req, '--json', '--private-var', entry]);
      assert.equal(run.code, 2);
      assert.ok(!`${run.stdout.toString('utf8')}${run.stderr}`.includes('hunter2secret'), run.stderr);
    }
    const short = await runCli(['send', req, '--private-var', 'tok=k9z']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /--private-var tok: a value under 4 characters cannot be masked/);
    assert.ok(!short.stderr.includes('k9z'));
  });

  it("a secret-named {{$processEnv}} or {{$dotenv}} value (how CI passes secrets) is masked as an environment's secret is", async () => {
    const heads: string[] = [];
    const server = await startOkServer(heads);
    const dir = fs.mkdtempSync(path.join(tmp, 'processenv-'));
    try {
      const fromCi = 'env-SECRET-789';
      const fromDotenv = 'dotenv-SECRET-456';
      fs.writeFileSync(path.join(dir, '.env'), `SERVICE_PASSWORD=${fromDotenv}\n`);
      const req = path.join(dir, 'req.http');
      fs.writeFileSync(req, `GET http://127.0.0.1:${server.port}/items?pw={{$dotenv SERVICE_PASSWORD}}\nAuthorization: Bearer {{$processEnv CI_API_TOKEN}}\nX-Region: {{$processEnv CI_REGION}}\n`);
      for (const args of [['--include'], ['--json', '--include']]) {
        const run = await runCli(['send', req, ...args], { CI_API_TOKEN: fromCi, CI_REGION: 'eu-west-1' });
        assert.equal(run.code, 0, run.stderr);
        const shown = everythingShown(run);
        for (const secret of [fromCi, fromDotenv]) assert.ok(!shown.includes(secret), `${args.join(' ')}: "${secret}" was shown:\n${shown.slice(0, 2000)}`);
        assert.ok(shown.includes('eu-west-1'), 'a value whose name says nothing secret is shown');
      }
      assert.ok(heads.at(-1)!.includes(`Bearer ${fromCi}`), 'the real value went out');
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a private value is masked in the form a URL serializes it ('  as %27) and a host name in lower case", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'normalised-'));
    try {
      fs.writeFileSync(path.join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { password: "it's-Secret", dbHost: 'Billing-DB-Prod.corp.invalid' } }));
      const req = path.join(dir, 'req.http');
      fs.writeFileSync(req, "GET http://127.0.0.1:9/login?password={{password}}\n\n###\nGET http://{{dbHost}}/\n");
      const run = await runCli(['send', req, '--env', 'dev', '--all', '--json']);
      const shown = everythingShown(run);
      for (const form of ["it's-Secret", 'it%27s-Secret', 'billing-db-prod.corp.invalid', 'Billing-DB-Prod']) assert.ok(!shown.includes(form), `"${form}" was shown:\n${shown.slice(0, 2000)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('response headers: a Location back to user:password@ and a header echoing a private value are masked', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'echo-'));
    const key = 'K3yK3yK3y-private';
    const server = await RawServer.start((socket) =>
      onRequests(socket, () => socket.write(`HTTP/1.1 302 Found\r\nLocation: http://alice:${URL_PASSWORD}@127.0.0.1:1/done\r\nX-Echo-Key: ${key}\r\nContent-Length: 0\r\n\r\n`)),
    );
    try {
      fs.writeFileSync(path.join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { key } }));
      const req = path.join(dir, 'req.http');
      fs.writeFileSync(req, `# @no-redirect\nGET http://127.0.0.1:${server.port}/\nX-Key: {{key}}\n`);
      for (const args of [['--include'], ['--json']]) {
        const run = await runCli(['send', req, '--env', 'dev', ...args]);
        assert.equal(run.code, 0, run.stderr);
        const shown = everythingShown(run);
        for (const secret of [URL_PASSWORD, key]) assert.ok(!shown.includes(secret), `${args.join(' ')}: "${secret}" was shown:\n${shown.slice(0, 2000)}`);
        assert.ok(shown.includes(`alice:***@`), shown.slice(0, 2000));
      }
    } finally {
      await server.close();
    }
  });

  it('the raw bytes received before a failure: a Location to user:password@ and an echoed private value are masked', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'partial-'));
    const key = 'K3yK3yK3y-private';
    // Cut short: the head promises 100 bytes, 2 come, then FIN. The failure shows the bytes received.
    const server = await RawServer.start((socket) =>
      onRequests(socket, () => socket.end(`HTTP/1.1 302 Found\r\nLocation: http://alice:${URL_PASSWORD}@127.0.0.1:1/x\r\nX-Echo: ${key}\r\nContent-Length: 100\r\n\r\nhi`)),
    );
    try {
      fs.writeFileSync(path.join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { key } }));
      const req = path.join(dir, 'req.http');
      fs.writeFileSync(req, `GET http://127.0.0.1:${server.port}/\nX-Key: {{key}}\n`);
      for (const args of [[], ['--json']]) {
        const run = await runCli(['send', req, '--env', 'dev', ...args]);
        assert.equal(run.code, 1);
        const shown = everythingShown(run);
        assert.ok(shown.includes('alice:***@'), shown.slice(0, 2000));
        for (const secret of [URL_PASSWORD, key]) assert.ok(!shown.includes(secret), `${args.join(' ')}: "${secret}" was shown:\n${shown.slice(0, 2000)}`);
      }
    } finally {
      await server.close();
    }
  });

  it('a proxy setting whose password holds a / (so it is no URL), or a bad %-escape: a clear HW_PROXY, the password hidden', async () => {
    const slash = 'Pr0xy/Passw0rd';
    for (const setting of [`http://puser:${slash}@127.0.0.1:9`, `puser:${slash}@127.0.0.1:9`]) {
      const run = await runCli(['send', file, '--json'], { HTTP_PROXY: setting });
      assert.equal(run.code, 1);
      const [r] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
      assert.equal(r.error.code, 'HW_PROXY');
      assert.ok(!everythingShown(run).includes('Passw0rd'), everythingShown(run));
      assert.match(r.error.message, /…@127\.0\.0\.1:9/);
    }
    const run = await runCli(['send', file, '--json'], { HTTP_PROXY: 'http://puser:pa%zzss@127.0.0.1:9' });
    const [r] = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    assert.equal(r.error.code, 'HW_PROXY');
    assert.match(r.error.message, /malformed %-escape/);
  });

  it('--show-secrets prints them for debugging', async () => {
    const run = await runCli(['send', file, '--include', '--show-secrets'], proxyEnv);
    assert.equal(run.code, 0, run.stderr);
    const out = `${run.stdout.toString('utf8')}\n${run.stderr}`;
    assert.ok(out.includes(`Proxy-Authorization: Basic ${PROXY_TOKEN}`), out);
    const json = await runCli(['send', file, '--json', '--show-secrets'], proxyEnv);
    const [r] = (JSON.parse(json.stdout.toString('utf8')) as { results: Json[] }).results;
    assert.equal(r.request.url, `http://bob:${URL_PASSWORD}@api.test/report`);
  });
});
