/**
 * From a parsed `.http` request to the bytes' plan: what is added (Host, Content-Length,
 * defaults), what is corrected (the seed's Content-Length 64), `# @verbatim`, variables, file
 * includes, GraphQL and multipart bodies. Each row parses real `.http` text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareRequest, type PrepareOptions } from '../../../src/core/send/prepare-request';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { rejection } from '../../support/rejection';
import { SEED_POST_LINES } from '../../support/seed-requests';

const SEED_POST = [...SEED_POST_LINES, ''].join('\n');

let baseDir: string;

async function prepare(text: string, options: Partial<PrepareOptions> = {}, index = 0): Promise<WireRequest> {
  const file = parseHttpFile(text);
  const request = file.requests[index];
  assert.ok(request, `no request ${index} in ${JSON.stringify(text)}`);
  return prepareRequest(file, request, {
    variables: new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value]))),
    baseDir,
    userAgent: 'http-wire-test/1',
    acceptEncoding: 'gzip, deflate, br',
    ...options,
  });
}

/** The body with file parts read, as it will go on the wire. */
function bodyBytes(req: WireRequest): Buffer {
  return Buffer.concat(req.body.map((p) => (p.type === 'bytes' ? p.bytes : fs.readFileSync(p.path))));
}

const names = (req: WireRequest): string[] => req.headers.map(([n]) => n);

describe('send: prepareRequest', () => {
  beforeEach(() => {
    baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-prepare-'));
  });
  afterEach(() => {
    fs.rmSync(baseDir, { recursive: true, force: true });
  });

  describe('Host', () => {
    it('is added first, from the URL, when absent, and recorded', async () => {
      const req = await prepare('GET http://example.com:8080/a?b=1\nAccept: */*\n');
      assert.deepEqual(req.headers[0], ['Host', 'example.com:8080']);
      assert.deepEqual(names(req), ['Host', 'Accept', 'User-Agent', 'Accept-Encoding']);
      const change = req.changes.find((c) => c.name === 'Host');
      assert.equal(change?.action, 'added');
      assert.equal(change?.to, 'example.com:8080');
    });

    it('issue 10, item 4: an IPv6 literal keeps its brackets', async () => {
      const req = await prepare('GET http://[::1]:8080/v6\n');
      assert.deepEqual(req.headers[0], ['Host', '[::1]:8080']);
      assert.equal(req.url.hostname, '[::1]');
    });

    it('CONNECT names the host and port as its target (authority-form, RFC 9112 §3.2.3), the port always written', async () => {
      assert.equal((await prepare('CONNECT 127.0.0.1:8443\n')).target, '127.0.0.1:8443');
      assert.equal((await prepare('CONNECT http://example.com/\n')).target, 'example.com:80');
      assert.equal((await prepare('CONNECT http://[::1]:3128/\n')).target, '[::1]:3128');
    });

    it('omits the default port', async () => {
      const http = await prepare('GET http://example.com:80/\n');
      assert.deepEqual(http.headers[0], ['Host', 'example.com']);
      const https = await prepare('GET https://example.com:443/\n');
      assert.deepEqual(https.headers[0], ['Host', 'example.com']);
    });

    it('a written Host is kept where it is, and the URL comes from it', async () => {
      const req = await prepare('GET / HTTP/1.1\nAccept-Language: fr\nHost: developer.mozilla.org\n');
      assert.deepEqual(names(req).slice(0, 2), ['Accept-Language', 'Host']);
      assert.equal(req.url.href, 'http://developer.mozilla.org/');
      assert.equal(req.changes.find((c) => c.name === 'Host'), undefined);
    });
  });

  describe('Content-Length', () => {
    it("the seed POST's 64 is corrected to 63, the change recorded with from and to", async () => {
      const req = await prepare(SEED_POST);
      assert.deepEqual(req.headers, [
        ['Host', 'developer.mozilla.org'],
        ['Content-Length', '63'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['User-Agent', 'http-wire-test/1'],
        ['Accept-Encoding', 'gzip, deflate, br'],
      ]);
      assert.equal(bodyBytes(req).length, 63);
      const change = req.changes.find((c) => c.name === 'Content-Length');
      assert.equal(change?.action, 'changed');
      assert.equal(change?.from, '64');
      assert.equal(change?.to, '63');
      assert.equal(req.target, '/contact_form.php');
    });

    it('# @verbatim sends the seed POST as written: 64, nothing added or changed', async () => {
      const req = await prepare(`# @verbatim\n${SEED_POST}`);
      assert.deepEqual(req.headers, [
        ['Host', 'developer.mozilla.org'],
        ['Content-Length', '64'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ]);
      assert.deepEqual(req.changes, []);
      assert.equal(bodyBytes(req).length, 63);
    });

    it('# @verbatim adds no Host either', async () => {
      const req = await prepare('# @verbatim\nGET http://example.com/\n');
      assert.deepEqual(req.headers, []);
      assert.equal(req.target, '/');
    });

    it('is added for a body, in UTF-8 bytes', async () => {
      const req = await prepare('POST http://example.com/\nContent-Type: text/plain\n\nniño ☃\n');
      assert.equal(bodyBytes(req).toString('utf8'), 'niño ☃');
      assert.deepEqual(req.headers.find(([n]) => n === 'Content-Length'), ['Content-Length', String(Buffer.byteLength('niño ☃'))]);
      assert.equal(req.changes.find((c) => c.name === 'Content-Length')?.action, 'added');
    });

    it('a correct Content-Length is left alone', async () => {
      const req = await prepare('POST http://example.com/\nContent-Length: 5\n\nhello\n');
      assert.deepEqual(req.headers.filter(([n]) => n.toLowerCase() === 'content-length'), [['Content-Length', '5']]);
      assert.equal(req.changes.find((c) => c.name === 'Content-Length'), undefined);
    });

    it('is not added without a body', async () => {
      const req = await prepare('GET http://example.com/\n');
      assert.equal(req.headers.find(([n]) => n.toLowerCase() === 'content-length'), undefined);
      assert.deepEqual(req.body, []);
    });

    it('is not added next to a written Transfer-Encoding', async () => {
      const req = await prepare('POST http://example.com/\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n');
      assert.equal(req.headers.find(([n]) => n.toLowerCase() === 'content-length'), undefined);
    });

    const contentLengths = (req: WireRequest): string[] => req.headers.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v);

    it('issue 10, item 3: a written Transfer-Encoding removes every written Content-Length, each removal recorded', async () => {
      const req = await prepare('POST http://example.com/\nContent-Length: 3\nTransfer-Encoding: chunked\ncontent-length: 12\n\n3\nabc\n0\n\n');
      assert.deepEqual(contentLengths(req), []);
      assert.deepEqual(req.headers.filter(([n]) => n === 'Transfer-Encoding'), [['Transfer-Encoding', 'chunked']]);
      const removed = req.changes.filter((c) => c.action === 'removed');
      assert.deepEqual(removed.map((c) => [c.name, c.from]), [['Content-Length', '3'], ['content-length', '12']]);
      assert.match(removed[0]!.reason, /Transfer-Encoding/);
    });

    const duplicates = [
      { name: 'two wrong: the first corrected, the second removed', lengths: ['7', '9'], want: [['changed', 'Content-Length', '7'], ['removed', 'Content-Length', '9']] },
      { name: 'first right, second wrong: the second removed', lengths: ['5', '9'], want: [['removed', 'Content-Length', '9']] },
      { name: 'first wrong, second right: the first corrected, the second removed', lengths: ['9', '5'], want: [['changed', 'Content-Length', '9'], ['removed', 'Content-Length', '5']] },
      { name: 'two equal and right: one is sent', lengths: ['5', '5'], want: [['removed', 'Content-Length', '5']] },
      { name: 'three: only the first stays', lengths: ['1', '2', '3'], want: [['changed', 'Content-Length', '1'], ['removed', 'Content-Length', '2'], ['removed', 'Content-Length', '3']] },
    ];
    for (const row of duplicates) {
      it(`issue 10, item 3: every Content-Length is fixed, not only the first (${row.name})`, async () => {
        const req = await prepare(`POST http://example.com/\n${row.lengths.map((l) => `Content-Length: ${l}\n`).join('')}\nhello\n`);
        assert.deepEqual(contentLengths(req), ['5']);
        assert.deepEqual(req.changes.filter((c) => c.name === 'Content-Length').map((c) => [c.action, c.name, c.from]), row.want);
      });
    }

    it('issue 10, item 3: # @verbatim sends Transfer-Encoding with Content-Length, and two Content-Lengths, as written', async () => {
      const both = await prepare('# @verbatim\nPOST http://example.com/\nTransfer-Encoding: chunked\nContent-Length: 3\n\n3\nabc\n0\n\n');
      assert.deepEqual(both.headers, [['Transfer-Encoding', 'chunked'], ['Content-Length', '3']]);
      const twice = await prepare('# @verbatim\nPOST http://example.com/\nContent-Length: 5\nContent-Length: 2\n\nhello\n');
      assert.deepEqual(contentLengths(twice), ['5', '2']);
      assert.deepEqual([...both.changes, ...twice.changes], []);
    });
  });

  describe('defaults', () => {
    it('User-Agent and Accept-Encoding are added after the written headers', async () => {
      const req = await prepare('GET http://example.com/\nAccept: text/html\n');
      assert.deepEqual(req.headers.slice(-2), [['User-Agent', 'http-wire-test/1'], ['Accept-Encoding', 'gzip, deflate, br']]);
      assert.deepEqual(req.changes.map((c) => `${c.action} ${c.name}`), ['added Host', 'added User-Agent', 'added Accept-Encoding']);
    });

    it('null leaves them out', async () => {
      const req = await prepare('GET http://example.com/\n', { userAgent: null, acceptEncoding: null });
      assert.deepEqual(names(req), ['Host']);
    });

    it('written ones win, whatever their case', async () => {
      const req = await prepare('GET http://example.com/\nuser-agent: mine\naccept-encoding: identity\n');
      assert.deepEqual(req.headers, [['Host', 'example.com'], ['user-agent', 'mine'], ['accept-encoding', 'identity']]);
    });
  });

  describe('variables', () => {
    it('file variables are substituted in the URL, headers and body', async () => {
      const text = ['@host = api.example.com', '@base = http://{{host}}/v1', '@id = 42', '', 'POST {{base}}/items/{{id}}?q={{id}}', 'X-Item: item-{{id}}', 'Content-Type: application/json', '', '{"id": {{id}}}', ''].join('\n');
      const req = await prepare(text);
      assert.equal(req.url.href, 'http://api.example.com/v1/items/42?q=42');
      assert.equal(req.target, '/v1/items/42?q=42');
      assert.deepEqual(req.headers[0], ['Host', 'api.example.com']);
      assert.deepEqual(req.headers.find(([n]) => n === 'X-Item'), ['X-Item', 'item-42']);
      assert.equal(bodyBytes(req).toString(), '{"id": 42}');
    });

    it('options.variables are used as given', async () => {
      const req = await prepare('GET http://example.com/{{path}}\n', { variables: new VariableExpander(new Map([['path', 'from-env']])) });
      assert.equal(req.target, '/from-env');
    });

    const unresolved = [
      { where: 'URL', text: 'GET http://example.com/{{token}}\n' },
      { where: 'header', text: 'GET http://example.com/\nAuthorization: Bearer {{token}}\n' },
      { where: 'body', text: 'POST http://example.com/\nContent-Type: text/plain\n\n{{token}}\n' },
    ];
    for (const row of unresolved) {
      it(`an unresolved {{token}} in the ${row.where} → HW_UNRESOLVED_VARIABLE naming it`, async () => {
        const err = await rejection(prepare(row.text));
        assert.equal(err.code, 'HW_UNRESOLVED_VARIABLE');
        assert.ok(err.message.includes('token'), err.message);
        assert.equal((err.detail as { variable?: string }).variable, 'token');
      });
    }
  });

  describe('a variable a script would set', () => {
    it("JetBrains' client.global.set in a response handler, httpYac's exports.x: the error names the script and how to give the value", async () => {
      const jetbrains = ['POST http://a.test/login', '', '> {%', '  client.global.set("auth_token", response.body.token);', '%}', '', '###', 'GET http://a.test/me', 'Authorization: Bearer {{auth_token}}', ''].join('\n');
      const err = await rejection(prepare(jetbrains, {}, 1));
      assert.equal(err.code, 'HW_UNRESOLVED_VARIABLE');
      assert.match(err.message, /^\{\{auth_token\}\} in the header Authorization \(line 9\) has no value; nothing was sent\. The response handler at line 3 sets it, and HTTP Wire does not run scripts yet: give \{\{auth_token\}\} a value another way/);
      const httpyac = ['{{', '  exports.sessionId = "s-1";', '}}', 'GET http://a.test/?s={{sessionId}}', ''].join('\n');
      assert.match((await rejection(prepare(httpyac))).message, /The script at line 1 sets it/);
      // A name no script sets: the message as ever.
      assert.match((await rejection(prepare('GET http://a.test/?x={{other}}\n'))).message, /has no value; nothing was sent\.$/);
    });
  });

  describe('file includes', () => {
    it('< ./file is a streamed file part with its size; Content-Length counts it', async () => {
      const data = Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.alloc(5000, 'x')]);
      fs.writeFileSync(path.join(baseDir, 'data.bin'), data);
      const req = await prepare('POST http://example.com/upload\nContent-Type: application/octet-stream\n\n< ./data.bin\n');
      assert.deepEqual(req.body, [{ type: 'file', path: path.join(baseDir, 'data.bin'), size: data.length }]);
      assert.deepEqual(req.headers.find(([n]) => n === 'Content-Length'), ['Content-Length', String(data.length)]);
      assert.ok(bodyBytes(req).equals(data));
    });

    it('text around an include keeps its order', async () => {
      fs.writeFileSync(path.join(baseDir, 'part.txt'), 'MIDDLE');
      const req = await prepare('POST http://example.com/\nContent-Type: text/plain\n\nbefore\n< ./part.txt\nafter\n');
      assert.equal(req.body.length, 3);
      assert.equal(req.body[1]?.type, 'file');
      assert.equal(bodyBytes(req).toString(), 'before\nMIDDLE\nafter');
    });

    it('<@ ./tpl substitutes variables in the file', async () => {
      fs.writeFileSync(path.join(baseDir, 'tpl.json'), '{"user": "{{user}}", "n": {{n}}}');
      const req = await prepare('@user = juan\n@n = 3\n\nPOST http://example.com/\nContent-Type: application/json\n\n<@ ./tpl.json\n');
      assert.equal(bodyBytes(req).toString(), '{"user": "juan", "n": 3}');
      assert.ok(req.body.every((p) => p.type === 'bytes'));
    });

    it('an include is found relative to the workspace when not next to the file', async () => {
      const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-ws-'));
      try {
        fs.writeFileSync(path.join(workspaceDir, 'ws.txt'), 'from workspace');
        const req = await prepare('POST http://example.com/\nContent-Type: text/plain\n\n< ws.txt\n', { workspaceDir });
        assert.equal(bodyBytes(req).toString(), 'from workspace');
      } finally {
        fs.rmSync(workspaceDir, { recursive: true, force: true });
      }
    });

    it('a missing file → HW_FILE naming it', async () => {
      const err = await rejection(prepare('POST http://example.com/\nContent-Type: text/plain\n\n< ./missing.txt\n'));
      assert.equal(err.code, 'HW_FILE');
      assert.ok(err.message.includes('missing.txt'), err.message);
    });

    it('a Windows path (< .\\payloads\\user.json) is found on Linux and macOS too; the name as written first, and the places looked at are named when missing', async function () {
      if (path.sep !== '/') this.skip();
      fs.mkdirSync(path.join(baseDir, 'payloads'));
      fs.writeFileSync(path.join(baseDir, 'payloads', 'user.json'), '{"u": 1}');
      const req = await prepare('POST http://example.com/\nContent-Type: application/json\n\n< .\\payloads\\user.json\n');
      assert.equal(bodyBytes(req).toString(), '{"u": 1}');
      // A backslash is a file name's character on POSIX: a file of that very name wins.
      fs.writeFileSync(path.join(baseDir, 'odd\\name.txt'), 'as named');
      fs.mkdirSync(path.join(baseDir, 'odd'));
      fs.writeFileSync(path.join(baseDir, 'odd', 'name.txt'), 'through a folder');
      assert.equal(bodyBytes(await prepare('POST http://example.com/\nContent-Type: text/plain\n\n< ./odd\\name.txt\n')).toString(), 'as named');
      const err = await rejection(prepare('POST http://example.com/\nContent-Type: text/plain\n\n< .\\nowhere\\x.txt\n'));
      assert.equal(err.code, 'HW_FILE');
      assert.ok(err.message.includes(path.join(baseDir, 'nowhere', 'x.txt')), err.message);
    });

    it('a folder is not a file → HW_FILE', async () => {
      fs.mkdirSync(path.join(baseDir, 'dir'));
      const err = await rejection(prepare('POST http://example.com/\nContent-Type: text/plain\n\n< ./dir\n'));
      assert.equal(err.code, 'HW_FILE');
    });
  });

  describe('request-target', () => {
    const rows = [
      { url: 'http://example.com/a%20b/c?x=1&y=%2F', want: '/a%20b/c?x=1&y=%2F' },
      { url: 'http://example.com/a/./b/../c', want: '/a/./b/../c' },
      { url: 'http://example.com/search?q=a|b&r="c"', want: '/search?q=a%7Cb&r=%22c%22' },
      { url: 'http://example.com?x=1', want: '/?x=1' },
      { url: 'http://example.com', want: '/' },
      { url: 'http://example.com/p#fragment', want: '/p' },
      { url: 'https://user:pw@example.com:8443/p?q', want: '/p?q' },
    ];
    for (const row of rows) {
      it(`absolute URL ${row.url} is sent as ${row.want}`, async () => {
        const req = await prepare(`GET ${row.url}\n`);
        assert.equal(req.target, row.want);
      });
    }

    it('origin form is sent as written', async () => {
      const req = await prepare('GET /a%2Fb?x=%20 HTTP/1.1\nHost: example.com\n');
      assert.equal(req.target, '/a%2Fb?x=%20');
    });

    it('HTTP/1.0 is kept', async () => {
      const req = await prepare('GET http://example.com/ HTTP/1.0\n');
      assert.equal(req.httpVersion, 'HTTP/1.0');
    });

    it('credentials in the URL never become a Host header', async () => {
      const req = await prepare('GET https://user:pw@example.com:8443/p\n');
      assert.deepEqual(req.headers[0], ['Host', 'example.com:8443']);
    });
  });

  describe('bodies', () => {
    it('GraphQL is sent as {"query": ..., "variables": ...}', async () => {
      const text = ['POST http://example.com/graphql', 'Content-Type: application/json', 'X-Request-Type: GraphQL', '', 'query User($id: ID!) {', '  user(id: $id) { name }', '}', '', '{ "id": "42" }', ''].join('\n');
      const req = await prepare(text);
      const sent = JSON.parse(bodyBytes(req).toString()) as { query: string; variables: unknown };
      assert.deepEqual(Object.keys(sent), ['query', 'variables']);
      assert.equal(sent.query, 'query User($id: ID!) {\n  user(id: $id) { name }\n}');
      assert.deepEqual(sent.variables, { id: '42' });
      assert.deepEqual(req.headers.find(([n]) => n === 'Content-Length'), ['Content-Length', String(bodyBytes(req).length)]);
      // REST Client's marker is for the tool, not the server: it removes it, and so do we.
      assert.equal(req.headers.find(([n]) => n === 'X-Request-Type'), undefined);
      const verbatim = await prepare(`# @verbatim\n${text.replace('Content-Type', 'Host: example.com\nContent-Type')}`);
      assert.deepEqual(verbatim.headers.find(([n]) => n === 'X-Request-Type'), ['X-Request-Type', 'GraphQL'], '# @verbatim sends it as written');
      assert.deepEqual(
        req.changes.find((c) => c.name === 'X-Request-Type'),
        { name: 'X-Request-Type', action: 'removed', from: 'GraphQL', reason: "REST Client's marker of a GraphQL request: the body is sent as GraphQL JSON, the marker not at all." },
      );
    });

    it('GraphQL without variables sends only the query', async () => {
      const req = await prepare('GRAPHQL http://example.com/graphql\n\nquery { viewer { login } }\n');
      assert.deepEqual(JSON.parse(bodyBytes(req).toString()), { query: 'query { viewer { login } }' });
    });

    it("JetBrains' GRAPHQL keyword goes out as a POST of JSON, with the Content-Type it needs", async () => {
      const req = await prepare('GRAPHQL http://example.com/graphql\n\nquery { viewer { login } }\n');
      assert.equal(req.method, 'POST');
      assert.deepEqual(
        req.headers.find(([n]) => n === 'Content-Type'),
        ['Content-Type', 'application/json'],
      );
      assert.ok(req.changes.some((c) => c.name === 'Content-Type' && c.action === 'added'));
      const written = await prepare('GRAPHQL http://example.com/graphql\nContent-Type: application/graphql+json\n\nquery { a }\n');
      assert.deepEqual(written.headers.filter(([n]) => n === 'Content-Type'), [['Content-Type', 'application/graphql+json']]);
    });

    it('GraphQL variables that are not JSON → HW_INVALID_REQUEST', async () => {
      const err = await rejection(prepare('GRAPHQL http://example.com/graphql\n\nquery { a }\n\n{ not json\n'));
      assert.equal(err.code, 'HW_INVALID_REQUEST');
    });

    it('multipart lines end in CRLF on the wire, file parts included', async () => {
      fs.writeFileSync(path.join(baseDir, 'avatar.txt'), 'AVATAR\n');
      const text = [
        'POST http://example.com/upload',
        'Content-Type: multipart/form-data; boundary=----B',
        '',
        '------B',
        'Content-Disposition: form-data; name="description"',
        '',
        'My new avatar',
        '------B',
        'Content-Disposition: form-data; name="avatar"; filename="avatar.txt"',
        'Content-Type: text/plain',
        '',
        '< ./avatar.txt',
        '------B--',
        '',
      ].join('\n');
      const req = await prepare(text);
      const want = [
        '------B\r\nContent-Disposition: form-data; name="description"\r\n\r\nMy new avatar\r\n',
        '------B\r\nContent-Disposition: form-data; name="avatar"; filename="avatar.txt"\r\nContent-Type: text/plain\r\n\r\n',
        'AVATAR\n',
        '\r\n------B--',
      ].join('');
      assert.equal(bodyBytes(req).toString(), want);
      assert.deepEqual(req.headers.find(([n]) => n === 'Content-Length'), ['Content-Length', String(Buffer.byteLength(want))]);
    });
  });

  describe('a request-target holds only what RFC 3986 allows', () => {
    it('non-ASCII and the characters RFC 3986 leaves out, written or from a variable, go as UTF-8 percent-escapes; the rest as typed', async () => {
      const req = await prepare('@city = München\nGET http://api.test/café/%41?city={{city}}&q=a|b&f={"x":1}&ok=$!*\'()[]:@,;\n');
      assert.equal(req.target, '/caf%C3%A9/%41?city=M%C3%BCnchen&q=a%7Cb&f=%7B%22x%22:1%7D&ok=$!*\'()[]:@,;');
      assert.equal(req.url.href, 'http://api.test/caf%C3%A9/%41?city=M%C3%BCnchen&q=a|b&f={%22x%22:1}&ok=$!*%27()[]:@,;');
      const origin = await prepare('GET /naïve\nHost: api.test\n');
      assert.equal(origin.target, '/na%C3%AFve');
    });

    it('a variable whose value holds spaces (a prompt answered "New York") is sent percent-encoded, not refused', async () => {
      const req = await prepare('@city = New York <NY>\nGET http://api.test/weather/{{city}}?q={{city}}\n');
      assert.equal(req.target, '/weather/New%20York%20%3CNY%3E?q=New%20York%20%3CNY%3E');
      assert.equal(req.url.href, 'http://api.test/weather/New%20York%20%3CNY%3E?q=New%20York%20%3CNY%3E');
    });

    it('a # from a variable\'s value is data, percent-encoded; a # written in the URL is still its fragment', async () => {
      const req = await prepare('@term = C# tips\nGET http://api.test/search?q={{term}}\n');
      assert.equal(req.target, '/search?q=C%23%20tips');
      assert.equal(req.url.href, 'http://api.test/search?q=C%23%20tips');
      const written = await prepare('@term = rust\nGET http://api.test/search?q={{term}}#results\n');
      assert.equal(written.target, '/search?q=rust');
    });

    it('# @verbatim sends the bytes as written', async () => {
      const req = await prepare('# @verbatim\nGET http://api.test/café\nHost: api.test\n');
      assert.equal(req.target, '/café');
    });
  });

  describe('newline-delimited JSON', () => {
    const bulk = '{"index": {"_id": "1"}}\n{"field1": "value1"}';
    it('application/x-ndjson: the last line ends with a newline too, counted in Content-Length', async () => {
      const req = await prepare(`POST http://es.test/_bulk\nContent-Type: application/x-ndjson\n\n${bulk}\n\n\n`);
      assert.equal(bodyBytes(req).toString(), `${bulk}\n`);
      assert.deepEqual(req.headers.find(([n]) => n === 'Content-Length'), ['Content-Length', String(Buffer.byteLength(bulk) + 1)]);
    });

    it('other types, and # @verbatim, keep the body as written', async () => {
      const json = await prepare(`POST http://es.test/_bulk\nContent-Type: application/json\n\n${bulk}\n`);
      assert.equal(bodyBytes(json).toString(), bulk);
      const verbatim = await prepare(`# @verbatim\nPOST http://es.test/_bulk\nHost: es.test\nContent-Type: application/x-ndjson\n\n${bulk}\n`);
      assert.equal(bodyBytes(verbatim).toString(), bulk);
    });
  });

  it('an unresolved variable in a body is reported at its own line, not the body\'s first', async () => {
    const err = await rejection(prepare('POST http://api.test/\nContent-Type: text/plain\n\nline 4\nline 5\nline 6 {{missing}}\n'));
    assert.match(err.message, /^\{\{missing\}\} in the body \(line 6\) has no value/);
    assert.equal(err.detail.line, 5);
  });

  describe('a written Transfer-Encoding: chunked frames the body exactly', () => {
    const sent = (req: WireRequest): string => bodyBytes(req).toString('latin1');
    it('a plain body goes as one chunk and the last chunk, the framing marked as the client\'s', async () => {
      const req = await prepare('POST http://api.test/stream\nContent-Type: text/plain\nTransfer-Encoding: chunked\n\nhello chunk\n');
      assert.equal(sent(req), 'b\r\nhello chunk\r\n0\r\n\r\n');
      assert.equal(Buffer.concat(req.unchunkedBody!.map((p) => (p.type === 'bytes' ? p.bytes : Buffer.alloc(0)))).toString(), 'hello chunk', 'the body as written is kept (Copy as cURL)');
    });

    it('a body written as chunks (LF lines, no final blank line) keeps its chunks and trailers', async () => {
      const req = await prepare('POST http://api.test/stream\nTransfer-Encoding: chunked\n\n5\nhello\n6;ext=1\n world\n0\nX-Sum: 11\n');
      assert.equal(sent(req), '5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 11\r\n\r\n');
      assert.equal(Buffer.concat(req.unchunkedBody!.map((p) => (p.type === 'bytes' ? p.bytes : Buffer.alloc(0)))).toString(), 'hello world', 'what the chunks carry');
    });

    it('a file body streams as one chunk of its size', async () => {
      fs.writeFileSync(path.join(baseDir, 'chunk.txt'), 'file bytes');
      const req = await prepare('POST http://api.test/upload\nTransfer-Encoding: chunked\n\n< ./chunk.txt\n');
      assert.equal(sent(req), 'a\r\nfile bytes\r\n0\r\n\r\n');
      assert.equal(req.body.find((p) => p.type === 'file')?.type, 'file', 'the file is streamed, not read into memory');
    });

    it('a body of a lone 0 is data, sent as one chunk', async () => {
      assert.equal(sent(await prepare('POST http://api.test/\nTransfer-Encoding: chunked\n\n0\n')), '1\r\n0\r\n0\r\n\r\n');
    });

    it('other codings (gzip, chunked), and # @verbatim, leave the body as written', async () => {
      const gzip = await prepare('POST http://api.test/\nTransfer-Encoding: gzip, chunked\n\nhello\n');
      assert.equal(sent(gzip), 'hello');
      assert.equal(gzip.unchunkedBody, undefined);
      const verbatim = await prepare('# @verbatim\nPOST http://api.test/\nHost: api.test\nTransfer-Encoding: chunked\n\nhello\n');
      assert.equal(sent(verbatim), 'hello');
    });
  });
});
