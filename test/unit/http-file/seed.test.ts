/**
 * The seed ("A typical HTTP session", MDN) must parse to exactly what was written; the examples and
 * the messy real-world fixtures parse without errors.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEED_FORM_BODY, SEED_GET_LINES, SEED_POST_LINES } from '../../support/seed-requests';
import { checkFile, lines, parse, projectRequest, repoRoot, type FileWant, type RequestWant } from './helpers';

const FORM_BODY = SEED_FORM_BODY;
const SEED_GET = [...SEED_GET_LINES];
const SEED_POST = [...SEED_POST_LINES];

const seedGet = (line: number): RequestWant => ({
  method: 'GET',
  isMethodExplicit: true,
  target: '/',
  url: 'http://developer.mozilla.org/',
  httpVersion: 'HTTP/1.1',
  line,
  headers: [
    ['Host', 'developer.mozilla.org'],
    ['Accept-Language', 'fr'],
  ],
  headerLines: [line + 1, line + 2],
  body: null,
});

const seedPost = (line: number): RequestWant => ({
  method: 'POST',
  isMethodExplicit: true,
  target: '/contact_form.php',
  url: 'http://developer.mozilla.org/contact_form.php',
  httpVersion: 'HTTP/1.1',
  line,
  headers: [
    ['Host', 'developer.mozilla.org'],
    ['Content-Length', '64'],
    ['Content-Type', 'application/x-www-form-urlencoded'],
  ],
  headerLines: [line + 1, line + 2, line + 3],
  bodyKind: 'form',
  body: FORM_BODY,
  bodyLines: [line + 5, line + 5],
});

const seedWant = (getLine: number, postLine: number): FileWant => ({
  requests: [seedGet(getLine), seedPost(postLine)],
  diagnostics: [`content-length-mismatch@${postLine + 2}`],
  includes: [{ code: 'content-length-mismatch', line: postLine + 2, severity: 'warning', data: { written: 64, actual: 63 } }],
});

describe('http-file: the seed requests', () => {
  it('the form body is 63 bytes (the page says 64)', () => {
    assert.equal(Buffer.byteLength(FORM_BODY, 'utf8'), 63);
  });

  it('the GET alone, as the page prints it', () => {
    const input = lines(...SEED_GET, '');
    checkFile(parse(input), { requests: [seedGet(0)], diagnostics: [] }, input);
  });

  it('the POST alone, as the page prints it', () => {
    const input = lines(...SEED_POST, '');
    checkFile(parse(input), { requests: [seedPost(0)], diagnostics: ['content-length-mismatch@2'], includes: seedWant(0, 0).includes!.map((d) => ({ ...d, line: 2 })) }, input);
  });

  it('both blocks in one file, LF, separated by the blank line (implicit separation)', () => {
    const input = lines(...SEED_GET, '', ...SEED_POST, '');
    checkFile(parse(input), seedWant(0, 4), input);
  });

  it('both blocks in one file, CRLF as on the wire', () => {
    const input = lines(...SEED_GET, '', ...SEED_POST, '').replace(/\n/g, '\r\n');
    checkFile(parse(input), seedWant(0, 4), input);
  });

  it('examples/a-typical-http-session.http: the requests named home and contactForm', () => {
    // The example file grows (more requests, longer comments): find the seed requests by name and
    // check them relative to their request lines.
    const input = fs.readFileSync(path.join(repoRoot, 'examples', 'a-typical-http-session.http'), 'utf8');
    const file = parse(input);
    const home = file.requests.find((r) => r.name === 'home');
    const form = file.requests.find((r) => r.name === 'contactForm');
    assert.ok(home && form, 'home and contactForm exist');
    const get = seedGet(home.requestLine.line);
    const postLine = form.requestLine.line;
    const postWant = seedPost(postLine);
    assert.deepStrictEqual(projectRequest(file, home, get), get);
    assert.deepStrictEqual(projectRequest(file, form, postWant), postWant);
    const mismatches = file.diagnostics.filter((d) => d.code === 'content-length-mismatch');
    assert.deepStrictEqual(
      mismatches.map((d) => ({ line: d.line, severity: d.severity, data: d.data })),
      [{ line: postLine + 2, severity: 'warning', data: { written: 64, actual: 63 } }],
    );
  });
});

/** Requests an example must hold, by name; the examples may gain requests and variables. */
const examples: Array<{ file: string; requests: Record<string, RequestWant>; fragments?: string[] }> = [
  {
    file: 'graphql.http',
    fragments: ['UserFields'],
    requests: {
      getUser: {
        method: 'POST',
        url: 'http://127.0.0.1:8081/graphql',
        bodyKind: 'graphql',
        graphql: { query: 'query GetUser($id: ID!) { user(id: $id) { ...UserFields } } fragment UserFields on User { id name }', variables: { id: '42' } },
      },
    },
  },
  {
    file: 'json-api.http',
    requests: {
      listUsers: { method: 'GET', url: 'http://127.0.0.1:8081/api/users?page=1&per_page=20', headers: [['Accept', '{{contentType}}']], body: null },
      createUser: {
        method: 'POST',
        url: 'http://127.0.0.1:8081/api/users',
        bodyKind: 'json',
        body: '{\n  "name": "Juan Garcia",\n  "email": "juan@example.com",\n  "roles": ["reader"]\n}',
      },
      renameUser: { method: 'PATCH', url: 'http://127.0.0.1:8081/api/users/42', body: '{ "name": "Juan García" }' },
      deleteUser: { method: 'DELETE', metadata: [['name', 'deleteUser'], ['no-redirect', '']], body: null },
    },
  },
  {
    file: 'upload.http',
    requests: { uploadAvatar: { method: 'POST', url: 'http://127.0.0.1:8081/upload', bodyKind: 'multipart' } },
  },
];

describe('http-file: examples/*.http', () => {
  const dir = path.join(repoRoot, 'examples');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.http'))) {
    it(`${file} parses without errors`, () => {
      const parsed = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      assert.deepStrictEqual(errors, [], `${file} has errors`);
      assert.ok(parsed.requests.length > 0, `${file} has requests`);
    });
  }
  for (const { file, requests, fragments } of examples) {
    it(`${file} parses to what it says`, () => {
      const parsed = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const [name, want] of Object.entries(requests)) {
        const r = parsed.requests.find((x) => x.name === name);
        assert.ok(r, `${file} has a request named ${name}`);
        assert.deepStrictEqual(projectRequest(parsed, r, want), want, `${file}: ${name}`);
      }
      if (fragments) assert.deepStrictEqual(parsed.fragments.map((f) => f.name), fragments);
    });
  }
});

const fixtures: Array<{ file: string; want: FileWant }> = [
  {
    file: 'crlf-bom-no-separators.http',
    want: {
      variables: [['base', 'https://petstore.example.com/v2'], ['token', 'abc123']],
      requests: [
        { name: 'listPets', method: 'GET', url: 'https://petstore.example.com/v2/pets?limit=10', headers: [['Accept', 'application/json'], ['Authorization', 'Bearer {{token}}']], body: null },
        { name: 'addPet', method: 'POST', url: 'https://petstore.example.com/v2/pets', body: '{\r\n  "name": "Rex",\r\n  "tag": "dog"\r\n}' },
        { name: undefined, method: 'GET', url: 'https://petstore.example.com/v2/pets/1', body: null },
        { name: undefined, method: 'GET', url: 'https://petstore.example.com/v2/pets/2', body: null },
        { name: undefined, method: 'DELETE', url: 'https://petstore.example.com/v2/pets/2', headers: [['Authorization', 'Bearer {{token}}']], body: null },
      ],
      diagnostics: [],
      lineCount: 25,
    },
  },
  {
    file: 'httpyac.http',
    want: {
      variables: [['host', 'localhost:3000']],
      requests: [
        { name: 'login', method: 'POST', url: 'http://localhost:3000/login', body: '{"user": "juan", "password": "{{password}}"}' },
        { name: 'me', method: 'GET', url: 'http://localhost:3000/me', body: null, unsupported: [['assertion', 29, 29], ['assertion', 30, 30]] },
        { name: 'update', method: 'PATCH', bodyKind: 'text', body: '# YAML comments are content\nname: Juan\ncity: Madrid' },
      ],
      diagnostics: ['not-supported@10', 'not-supported@21', 'not-supported@29', 'not-supported@30'],
    },
  },
  {
    file: 'jetbrains.http',
    want: {
      requests: [
        { name: 'Login', method: 'POST', body: '{\n  "user": "{{user}}"\n}', unsupported: [['pre-request-script', 1, 3], ['response-handler', 11, 13]] },
        { name: 'Profile', method: 'GET', body: null, unsupported: [['output-redirect', 19, 19], ['response-reference', 21, 21]] },
        { name: 'Search', url: 'https://api.example.com/search?q=http&page=2', headers: [['Accept', 'application/json']], body: null },
        { name: 'GraphQL', method: 'GRAPHQL', graphql: { query: 'query { viewer { login } }', variables: null } },
        { name: 'Long header', headers: [['X-Long-Header', 'part one part two']], body: null },
      ],
      diagnostics: ['not-supported@1', 'not-supported@11', 'not-supported@19', 'not-supported@21'],
    },
  },
  {
    file: 'kulala.http',
    want: {
      requests: [
        { name: 'login', method: 'POST', bodyKind: 'form', body: 'user=juan&password=secret' },
        { name: 'me', method: 'GET', url: 'https://api.example.com/me', body: null },
      ],
      diagnostics: [],
      ignoring: ['not-supported'],
    },
  },
  {
    file: 'banners-pasted-responses.http',
    want: {
      requests: [
        { name: 'List orders', url: 'http://localhost:8080/orders', body: null, pastedResponse: [10, 14] },
        { name: 'Create an order', url: 'http://localhost:8080/orders', body: '{"item": "x"}', pastedResponse: [24, 25] },
      ],
      diagnostics: [],
    },
  },
];

describe('http-file: test/fixtures/http (messy real-world collections)', () => {
  for (const { file, want } of fixtures) {
    it(file, () => {
      const input = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'http', file), 'utf8');
      checkFile(parse(input), want, input);
    });
  }
});
