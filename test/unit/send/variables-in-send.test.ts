/**
 * Resolution on the shared send path (issue 12, items 2 and 3): `sendContextOf`, which the CLI
 * and the editor both use, resolves system and environment variables, prompts, httpYac's `host`
 * and variables in `<@` included files; whatever has no value stops the request before a byte is
 * written, never sent as literal braces.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes } from '../../../src/core/errors';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareSend } from '../../../src/core/send/prepare-send';
import { sendContextOf } from '../../../src/core/send/send-context';
import type { VariableInputs } from '../../../src/core/variables/inputs';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { rejection } from '../../support/rejection';
import { lines } from '../http-file/helpers';
import { FIXED_UUID, fixedInputs } from '../variables/support';

let baseDir: string;

async function send(text: string, variables: Partial<VariableInputs> = {}, index = 0): Promise<WireRequest> {
  const file = parseHttpFile(text);
  const request = file.requests[index];
  assert.ok(request, `no request ${index}`);
  return (await prepareSend(file, request, sendContextOf(file, { baseDir, baseOptions: {}, variables: fixedInputs(variables) }))).wire;
}

function bodyText(req: WireRequest): string {
  return Buffer.concat(req.body.map((p) => (p.type === 'bytes' ? p.bytes : fs.readFileSync(p.path)))).toString('utf8');
}

const header = (req: WireRequest, name: string): string | undefined => req.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
const env = (values: Record<string, string>): ReadonlyMap<string, string> => new Map(Object.entries(values));

describe('send: variables on the shared send path (issue 12, items 2 and 3)', () => {
  before(() => {
    baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-vars-'));
    fs.writeFileSync(path.join(baseDir, 'body.json'), '{"id": "{{id}}", "when": "{{$isoTimestamp}}"}');
    fs.writeFileSync(path.join(baseDir, 'raw.json'), '{"id": "{{id}}"}');
  });
  after(() => fs.rmSync(baseDir, { recursive: true, force: true }));

  it('issue 12, item 2: system variables are resolved in the URL, a header and the body', async () => {
    const req = await send(lines('POST http://api.test/items/{{$randomInt 1 11}}', 'X-Request-Id: {{$guid}}', 'Content-Type: text/plain', '', 'at {{$timestamp}}'));
    assert.equal(req.target, '/items/6');
    assert.equal(header(req, 'X-Request-Id'), FIXED_UUID);
    assert.equal(bodyText(req), 'at 1709214330');
  });

  it('issue 12, item 2: environment variables come from the run, under file variables', async () => {
    const req = await send(lines('@user = file', 'GET {{base}}/u/{{user}}', 'Authorization: Bearer {{token}}'), { environment: env({ base: 'https://api.test', token: 't-1', user: 'env' }) });
    assert.equal(req.url.href, 'https://api.test/u/file');
    assert.equal(header(req, 'Authorization'), 'Bearer t-1');
  });

  it('issue 12, item 2: <@ included files have their variables resolved; < files are sent as they are', async () => {
    const text = (op: string, file: string): string => lines('@id = 42', 'POST http://api.test/x', 'Content-Type: application/json', '', `${op} ./${file}`);
    assert.equal(bodyText(await send(text('<@', 'body.json'))), '{"id": "42", "when": "2024-02-29T13:45:30.123Z"}');
    assert.equal(bodyText(await send(text('<', 'raw.json'))), '{"id": "{{id}}"}');
  });

  it('issue 12, item 2: an unresolved name in an included file is refused, naming the file', async () => {
    const err = await rejection(send(lines('POST http://api.test/x', 'Content-Type: application/json', '', '<@ ./body.json')));
    assert.equal(err.code, ErrorCodes.unresolvedVariable);
    assert.match(err.message, /^\{\{id\}\} in the file \.\/body\.json \(line 4\) has no value/);
  });

  describe("httpYac's host variable", () => {
    const rows: { name: string; text: string; variables?: Partial<VariableInputs>; url: string; target: string; host: string }[] = [
      { name: '@host + GET /users', text: lines('@host = https://api.test', 'GET /users?q=1'), url: 'https://api.test/users?q=1', target: '/users?q=1', host: 'api.test' },
      { name: 'a base with a trailing slash and a path', text: lines('@host = http://api.test:8080/v2/', 'GET /users'), url: 'http://api.test:8080/v2/users', target: '/v2/users', host: 'api.test:8080' },
      { name: 'a base without a scheme, made of variables', text: lines('@domain = api.test', '@host = {{domain}}:8443', 'GET /users'), url: 'http://api.test:8443/users', target: '/users', host: 'api.test:8443' },
      { name: "the environment's host", text: 'GET /users', variables: { environment: env({ host: 'https://env.test' }) }, url: 'https://env.test/users', target: '/users', host: 'env.test' },
      { name: 'a Host header wins over the variable', text: lines('@host = https://api.test', 'GET /users', 'Host: other.test'), url: 'http://other.test/users', target: '/users', host: 'other.test' },
      { name: 'an absolute URL ignores it', text: lines('@host = https://api.test', 'GET https://abs.test/users'), url: 'https://abs.test/users', target: '/users', host: 'abs.test' },
    ];
    for (const row of rows) {
      it(`issue 12, item 2: ${row.name} → ${row.url}`, async () => {
        const req = await send(row.text, row.variables);
        assert.equal(req.url.href, row.url);
        assert.equal(req.target, row.target);
        assert.equal(header(req, 'Host'), row.host);
      });
    }

    it('issue 12, item 2: the parser resolves the URL with @host and reports no missing host', () => {
      const file = parseHttpFile(lines('@host = https://api.test', 'GET /users'));
      assert.equal(file.requests[0]!.requestLine.url, 'https://api.test/users');
      assert.deepEqual(file.diagnostics, []);
    });

    it('issue 12, item 2: without a host anywhere, an origin-form target is still refused (HW_PARSE), nothing sent', async () => {
      const err = await rejection(send('GET /users'));
      assert.equal(err.code, ErrorCodes.parse);
      assert.match(err.message, /has no host: add a Host header, write the full URL, or define @host/);
    });
  });

  it('issue 12, item 2: a prompt is answered through the run', async () => {
    const req = await send(lines('# @prompt token', 'GET http://api.test/', 'Authorization: Bearer {{token}}'), { prompts: { answer: (p) => Promise.resolve(`answer-for-${p.name}`) } });
    assert.equal(header(req, 'Authorization'), 'Bearer answer-for-token');
  });

  const refused: { name: string; text: string; code: string; want: RegExp }[] = [
    { name: 'an unresolved name in a header', text: lines('GET http://api.test/', 'X-Key: {{key}}'), code: ErrorCodes.unresolvedVariable, want: /^\{\{key\}\} in the header X-Key \(line 2\) has no value/ },
    { name: 'a prompt nothing answers', text: lines('# @prompt token', 'GET http://api.test/{{token}}'), code: ErrorCodes.unresolvedVariable, want: /# @prompt token on line 1/ },
    { name: 'a cycle of file variables', text: lines('@a = {{b}}', '@b = {{a}}', 'GET http://api.test/{{a}}'), code: ErrorCodes.variableCycle, want: /@a → @b → @a/ },
    { name: 'a request reference', text: lines('# @name login', 'POST http://api.test/login', '', '###', 'GET http://api.test/', 'X-Token: {{login.response.headers.X-Token}}'), code: ErrorCodes.unresolvedVariable, want: /request "login"/ },
  ];
  for (const row of refused) {
    it(`issue 12, item 2: ${row.name} stops the request before sending (${row.code})`, async () => {
      const err = await rejection(send(row.text, {}, row.text.includes('###') ? 1 : 0));
      assert.equal(err.code, row.code);
      assert.match(err.message, row.want);
      assert.match(err.message, /nothing was sent\.$/);
    });
  }

  it('issue 12, item 3: without injected inputs, the process environment and the .env beside the file are used', async () => {
    fs.writeFileSync(path.join(baseDir, '.env'), 'DOTENV_KEY=from-dotenv\n');
    const file = parseHttpFile(lines('GET http://api.test/{{$dotenv DOTENV_KEY}}/{{$processEnv HTTP_WIRE_TEST_VAR}}'));
    process.env.HTTP_WIRE_TEST_VAR = 'from-process';
    try {
      const { wire } = await prepareSend(file, file.requests[0]!, sendContextOf(file, { baseDir, baseOptions: {} }));
      assert.equal(wire.target, '/from-dotenv/from-process');
    } finally {
      delete process.env.HTTP_WIRE_TEST_VAR;
    }
  });
});
