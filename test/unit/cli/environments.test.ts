/**
 * `http-wire send` with environments (issue 12, items 3, 6 and 7), the real process in a temporary
 * workspace: `--env` picks from `http-client.env.json` and its private file (found from the file's
 * folder up to the current folder) and from `.vscode/settings.json`; `--var` sets variables and
 * answers prompts; `--env-file`/`--private-env-file` read other files; private values never reach
 * the output unless `--show-secrets`; `--untrusted` refuses `$processEnv`, `$dotenv` and files
 * outside the folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startOkServer, type RawServer } from '../../support/raw-server';
import { runCli, type CliRun } from './run-cli';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

const PRIVATE_TOKEN = 'pr1vate-t0ken-XYZ';
const PRIVATE_PASSWORD = 'hunter2-private';

describe('cli: environments, --env, --var, --env-file, --untrusted (issue 12, items 3, 6 and 7)', function () {
  this.timeout(30_000);
  let server: RawServer;
  const heads: string[] = [];
  let tmp: string;
  let file: string;

  const write = (rel: string, content: unknown): string => {
    const full = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return full;
  };
  const send = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> => runCli(['send', ...args], env, tmp);
  const json = (run: CliRun): Json => JSON.parse(run.stdout.toString('utf8'));
  const lastHead = (): string => heads[heads.length - 1]!;

  before(async () => {
    server = await startOkServer(heads);
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-envs-')));
    const origin = server.url('/').replace(/\/$/, '');
    write('http-client.env.json', { $shared: { version: 'v1' }, dev: { host: origin, user: 'juan' }, prod: { host: 'http://prod.invalid' } });
    write('api/http-client.private.env.json', { dev: { token: PRIVATE_TOKEN, password: PRIVATE_PASSWORD } });
    file = write('api/users/users.http', ['GET {{host}}/{{version}}/users?user={{user}}&pw={{password}}', 'Authorization: Bearer {{token}}', ''].join('\n'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('issue 12, item 6: --env dev sends with the merged environment; --json holds the resolved URL and headers, private values masked', async () => {
    const run = await send([file, '--env', 'dev', '--json', '--include']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), new RegExp(`^GET /v1/users\\?user=juan&pw=${PRIVATE_PASSWORD} HTTP/1\\.1\\r\\n`));
    assert.match(lastHead(), new RegExp(`\\r\\nAuthorization: Bearer ${PRIVATE_TOKEN}`));
    const request = json(run).results[0].request;
    assert.equal(request.url, `${server.url('/v1/users')}?user=juan&pw=***`);
    assert.deepEqual(request.headersSent.find(([n]: [string]) => n === 'Authorization'), ['Authorization', 'Bearer ***']);
    const shown = `${run.stdout.toString('utf8')}${run.stderr}${Buffer.from(request.bytesSent, 'base64').toString('latin1')}`;
    for (const secret of [PRIVATE_TOKEN, PRIVATE_PASSWORD]) assert.ok(!shown.includes(secret), `${secret} shown`);
  });

  it('issue 12, item 3: the private values are masked in the curl -i view too, and shown with --show-secrets', async () => {
    const masked = await send([file, '--env', 'dev', '--include']);
    assert.equal(masked.code, 0, masked.stderr);
    const text = masked.stdout.toString('latin1');
    assert.match(text, /Authorization: Bearer \*\*\*/);
    assert.ok(!text.includes(PRIVATE_TOKEN) && !text.includes(PRIVATE_PASSWORD));
    const shown = await send([file, '--env', 'dev', '--include', '--show-secrets']);
    assert.match(shown.stdout.toString('latin1'), new RegExp(`Authorization: Bearer ${PRIVATE_TOKEN}`));
  });

  it('issue 12, item 6: --var overrides the environment; a secret-named --var is masked', async () => {
    const run = await send([file, '--env', 'dev', '--var', 'user=ana', '--var', 'token=cli-token-123', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), /user=ana&/);
    assert.match(lastHead(), /Authorization: Bearer cli-token-123/);
    assert.ok(!run.stdout.toString('utf8').includes('cli-token-123'));
  });

  it('a --var that a file variable shadows is named on stderr (the file variable wins, as in REST Client)', async () => {
    const shadowing = write('shadow/a.http', `@host = ${server.url('/').replace(/\/$/, '')}\n\nGET {{host}}/x?u={{user}}\n`);
    const run = await runCli(['send', shadowing, '--var', 'host=http://staging.invalid', '--var', 'user=ana'], {}, tmp);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), /^GET \/x\?u=ana /);
    assert.equal(run.stderr, `http-wire: --var host is not used: ${shadowing} defines @host (line 1), and a file variable wins\n`);
  });

  it('issue 12, item 6: --var answers a # @prompt; without it the error says to give --var', async () => {
    const prompted = write('api/prompt.http', ['# @prompt otp One-time code', 'GET {{host}}/login?otp={{otp}}', ''].join('\n'));
    const answered = await send([prompted, '--env', 'dev', '--var', 'otp=424242']);
    assert.equal(answered.code, 0, answered.stderr);
    assert.match(lastHead(), /^GET \/login\?otp=424242 /);
    const unanswered = await send([prompted, '--env', 'dev', '--json']);
    assert.equal(unanswered.code, 1);
    assert.match(json(unanswered).results[0].error.message, /\{\{otp\}\} in the URL \(line 2\) is a prompt of GET \{\{host\}\}\/login\?otp=\{\{otp\}\} \(One-time code\): give its value with --var otp=value; nothing was sent\./);
  });

  it('issue 12, item 6: --env-file and --private-env-file read those files instead of the ones found', async () => {
    const envFile = write('ci/env.json', { ci: { host: server.url('/').replace(/\/$/, ''), user: 'ci-user', version: 'v9' } });
    const privateFile = write('ci/private.json', { ci: { token: 'ci-private-token', password: 'ci-private-pw' } });
    const run = await send([file, '--env', 'ci', '--env-file', envFile, '--private-env-file', privateFile, '--include']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), /^GET \/v9\/users\?user=ci-user&pw=ci-private-pw /);
    assert.ok(!run.stdout.toString('latin1').includes('ci-private-token'));
    // The http-client.env.json found is not read; the private file found still is.
    const prod = await send([file, '--env', 'prod', '--env-file', envFile]);
    assert.equal(prod.code, 1);
    assert.match(prod.stderr, /There is no environment "prod": the environments are "dev", "ci" \(from .*api\/http-client\.private\.env\.json, .*ci\/env\.json\)/);
  });

  it('--environment-file is --env-file under a name Node leaves alone (Node reads a --env-file itself: a missing one stopped it with exit 9)', async () => {
    const envFile = write('ci2/env.json', { ci: { host: server.url('/').replace(/\/$/, ''), user: 'ci-user', version: 'v7' } });
    const privateFile = write('ci2/private.json', { ci: { token: 'ci-token', password: 'ci-private-pw' } });
    const run = await send([file, '--env', 'ci', '--environment-file', envFile, '--private-env-file', privateFile, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), /^GET \/v7\/users\?user=ci-user/);
    const missing = await send([file, '--environment-file', path.join(tmp, 'ci2', 'missing.json'), '--json']);
    assert.equal(missing.code, 1);
    assert.equal(json(missing).error.code, 'HW_ENVIRONMENT');
    const both = await send([file, '--environment-file', envFile, '--env-file', envFile]);
    assert.equal(both.code, 2);
  });

  it("issue 12, item 6: the workspace's .vscode/settings.json environments (REST Client's, with {{$shared}}), as in the editor", async () => {
    const sub = path.join(tmp, 'rest');
    write('rest/.vscode/settings.json', `{\n  // REST Client's environments\n  "rest-client.environmentVariables": {\n    "$shared": { "api": "/api/v2" },\n    "local": { "host": "${server.url('/').replace(/\/$/, '')}", "path": "{{$shared api}}/items", },\n  },\n}\n`);
    const restFile = write('rest/items.http', 'GET {{host}}{{path}}\n');
    const run = await runCli(['send', restFile, '--env', 'local'], {}, sub);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), /^GET \/api\/v2\/items /);
  });

  it("--environment-file reads a settings file in REST Client's shape too (its rest-client.environmentVariables, {{$shared}} substituted)", async () => {
    const settings = write('settings-shape/settings.json', `{\n  "editor.fontSize": 14,\n  "rest-client.environmentVariables": {\n    "$shared": { "api": "/api/v3" },\n    "ci": { "host": "${server.url('/').replace(/\/$/, '')}", "path": "{{$shared api}}/ping" }\n  }\n}\n`);
    const restFile = write('settings-shape/a.http', 'GET {{host}}{{path}}\n');
    const run = await runCli(['send', restFile, '--env', 'ci', '--environment-file', settings], {}, tmp);
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastHead(), /^GET \/api\/v3\/ping /);
    const unknown = await runCli(['send', restFile, '--env', 'stage', '--environment-file', settings], {}, tmp);
    assert.match(unknown.stderr, /the environments are "ci" \(from rest-client\.environmentVariables in .*settings\.json\)/);
  });

  it('an environment asked for where no env file is found says where it looked and what to do', async () => {
    const deeper = write('found-above/sub/deeper/a.http', 'GET {{host}}/\n');
    write('found-above/http-client.env.json', { dev: { host: server.url('/') } });
    const run = await runCli(['send', deeper, '--env', 'dev'], {}, path.join(tmp, 'found-above', 'sub', 'deeper'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^http-wire: There is no environment "dev": no http-client\.env\.json, http-client\.private\.env\.json or \.vscode\/settings\.json in .*deeper\. Run from the folder that holds them .*--environment-file\.\n$/);
    const fromRoot = await runCli(['send', deeper, '--env', 'dev'], {}, path.join(tmp, 'found-above'));
    assert.equal(fromRoot.code, 0, fromRoot.stderr);
  });

  it('{{name}} whose value in the environment is a JSON object says so, not only that it has none', async () => {
    write('objects/http-client.env.json', { dev: { ssl: { cert: 'c.pem' } } });
    const objFile = write('objects/a.http', 'GET http://127.0.0.1:9/?s={{ssl}}\n');
    const run = await runCli(['send', objFile, '--env', 'dev'], {}, tmp);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /"ssl" is a JSON object in .*http-client\.env\.json \(environment "dev"\), not a value: only strings, numbers and booleans are variables; nothing was sent\. \[HW_UNRESOLVED_VARIABLE\]/);
  });

  it('issue 12, item 3: an unknown environment and a malformed env file are one clear line each, exit 1', async () => {
    const unknown = await send([file, '--env', 'stage']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^http-wire: There is no environment "stage": the environments are "dev", "prod" \(from .*http-client\.env\.json, .*http-client\.private\.env\.json\)\.\n$/);
    const bad = write('bad/http-client.env.json', '{ "dev": { "host": "x" }');
    const badFile = write('bad/a.http', 'GET {{host}}/\n');
    const run = await send([badFile, '--env', 'dev']);
    assert.equal(run.code, 1);
    // The reason after the place is V8's own words, which change between Node versions.
    assert.ok(run.stderr.startsWith(`http-wire: ${bad} is not valid JSON at line 1, column 25: `), run.stderr);
    assert.equal(run.stderr.split('\n').length, 2, 'one line');
  });

  it('issue 12, item 7: --untrusted refuses $processEnv, $dotenv and files outside the folder, saying why; the rest works', async () => {
    write('api/.env', 'DB_USER=admin\n');
    const outsideFile = path.join(os.tmpdir(), `http-wire-outside-${process.pid}.txt`);
    fs.writeFileSync(outsideFile, 'outside');
    try {
      const cases: Array<{ text: string; want: RegExp }> = [
        { text: 'GET {{host}}/?h={{$processEnv HOME}}\n', want: /\{\{\$processEnv HOME\}\} in the URL \(line 1\) is refused in Restricted Mode: the workspace is not trusted/ },
        { text: 'GET {{host}}/?u={{$dotenv DB_USER}}\n', want: /\{\{\$dotenv DB_USER\}\} in the URL \(line 1\) is refused in Restricted Mode/ },
        { text: `POST {{host}}/\n\n< ${outsideFile}\n`, want: /which is outside the workspace: Restricted Mode refuses files outside an untrusted workspace/ },
      ];
      for (const [i, c] of cases.entries()) {
        const f = write(`api/untrusted-${i}.http`, c.text);
        const trusted = await send([f, '--env', 'dev']);
        assert.equal(trusted.code, 0, `trusted: ${trusted.stderr}`);
        const run = await send([f, '--env', 'dev', '--untrusted', '--json']);
        assert.equal(run.code, 1);
        const error = json(run).results[0].error;
        assert.equal(error.code, 'HW_RESTRICTED');
        assert.match(error.message, c.want);
      }
      const ok = await send([file, '--env', 'dev', '--untrusted']);
      assert.equal(ok.code, 0, ok.stderr);
    } finally {
      fs.rmSync(outsideFile, { force: true });
    }
  });
});
