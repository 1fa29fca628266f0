/**
 * Files from public collections (httpYac's own examples, JetBrains and REST Client users) that the
 * parser misread, found by comparing its reading with httpYac 6.16.7's over 271 example files and
 * hand-written cases: a request sent with extra bytes or lost in another's body, names and
 * variables dropped, errors that stopped valid requests. Each row is what the author meant, and
 * what httpYac reads, unless it says otherwise.
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const bodiesEnd: Row[] = [
  {
    name: 'a comment line after a form body leaves no newline in it (the last value would end in \\n)',
    input: lines('POST http://a/login', 'Content-Type: application/x-www-form-urlencoded', '', 'user=a&pw=b', '', '# GET http://a/disabled', '###', 'GET http://a/c'),
    want: { requests: [{ body: 'user=a&pw=b', bodyKind: 'form' }, { url: 'http://a/c' }], diagnostics: [] },
  },
  {
    name: 'a // comment after a JSON body, and comments before it, leave no blank lines in it',
    input: lines('POST http://a/x', 'Content-Type: application/json', '', '// the payload', '', '{"a":1}', '', '// TODO', ''),
    want: { requests: [{ body: '{"a":1}' }], diagnostics: [] },
  },
  {
    name: 'a /* */ comment after a JSON body is a comment; a ### in it separates nothing',
    input: lines('POST http://a/x', 'Content-Type: application/json', '', '{"a":1}', '', '/*', '### Next step', '*/', '', 'GET http://a/b'),
    want: { requests: [{ body: '{"a":1}' }, { line: 9, url: 'http://a/b' }], diagnostics: [] },
  },
  {
    name: 'a /* */ comment straight before the next request: the request is not lost in the body',
    input: lines('POST http://a/x', 'Content-Type: application/json', '', '{"a":1}', '', '/* then */', 'GET http://a/b'),
    want: { requests: [{ body: '{"a":1}' }, { line: 6, url: 'http://a/b' }], diagnostics: [] },
  },
  {
    name: 'a /* */ comment after a GET with a Content-Type is no body',
    input: lines('GET http://a/x', 'Content-Type: application/json', '', '/*', 'notes', '*/'),
    want: { requests: [{ body: null }], diagnostics: [] },
  },
  {
    name: 'in a JavaScript or CSS body, /* */ is the body’s own',
    input: lines('POST http://a/x', 'Content-Type: application/javascript', '', 'let a = 1;', '', '/* keep */', 'a++;'),
    want: { requests: [{ body: 'let a = 1;\n\n/* keep */\na++;' }], diagnostics: [] },
  },
  {
    name: 'a file variable after a body is a variable, and the next request (without ###) uses it',
    input: lines('POST http://a/x', 'Content-Type: application/json', '', '{"a":1}', '', '@v = 2', '', 'GET http://a/b?v={{v}}'),
    want: { requests: [{ body: '{"a":1}' }, { line: 7, url: 'http://a/b?v=2' }], variables: [['v', '2']], diagnostics: [] },
  },
  {
    name: 'a file variable after a GET that declares a Content-Type is no body',
    input: lines('GET http://a/x', 'Content-Type: application/json', '', '@id = 5', '', 'GET http://a/b/{{id}}'),
    want: { requests: [{ body: null }, { url: 'http://a/b/5' }], variables: [['id', '5']], diagnostics: [] },
  },
];

const bodiesKept: Row[] = [
  {
    name: 'a multipart/mixed batch keeps its embedded requests in the body until the closing boundary',
    input: lines(
      'POST http://a/$batch HTTP/1.1',
      'Content-Type: multipart/mixed; boundary=batch_1',
      '',
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "GET /service/Customers('ALFKI') HTTP/1.1",
      'Host: host',
      '',
      '--batch_1--',
      '',
      'GET http://a/after',
    ),
    want: {
      requests: [
        { line: 0, bodyKind: 'multipart', bodyLines: [3, 10], body: "--batch_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET /service/Customers('ALFKI') HTTP/1.1\r\nHost: host\r\n\r\n--batch_1--" },
        { line: 12, url: 'http://a/after' },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'a message/http body is an HTTP message: its request line starts no request',
    input: lines('POST http://a/trace', 'Content-Type: message/http', '', 'GET /inner HTTP/1.1', 'Host: inner'),
    want: { requests: [{ body: 'GET /inner HTTP/1.1\nHost: inner' }], diagnostics: [] },
  },
  {
    name: 'a body that starts with "import" or "run" (no Content-Type) keeps that line: the directives stand between requests',
    input: lines('POST http://a/exec', '', 'import os', 'print(os.getcwd())'),
    want: { requests: [{ body: 'import os\nprint(os.getcwd())' }], diagnostics: [] },
  },
  {
    name: 'kulala’s "run" after a GET is still a directive',
    input: lines('GET http://a/x', '', 'run ./other.http'),
    want: { requests: [{ body: null, unsupported: [['directive', 2, 2]] }] },
  },
];

const indented: Row[] = [
  {
    name: 'two requests indented as blocks are two requests',
    input: lines('  GET http://a/x', '  Accept: */*', '', '  POST http://a/y', '  Content-Type: application/json', '', '  {"a":1}'),
    want: {
      requests: [
        { line: 0, headers: [['Accept', '*/*']], body: null },
        { line: 3, method: 'POST', headers: [['Content-Type', 'application/json']], body: '  {"a":1}' },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'a body indented more than its request line may hold a request line: it stays body',
    input: lines('POST http://a/x', 'Content-Type: text/plain', '', 'see:', '', '  GET http://a/inner'),
    want: { requests: [{ body: 'see:\n\n  GET http://a/inner' }] },
  },
];

const names: Row[] = [
  {
    name: 'JetBrains’ # @name = login names the request login',
    input: lines('# @name = login', 'POST http://a/login', '', '###', 'GET http://a/me', 'Authorization: {{login.response.body.$.token}}'),
    want: { requests: [{ name: 'login', metadata: [['name', 'login']] }, { name: undefined }], diagnostics: [] },
  },
  {
    name: '# @name=login (no spaces) names the request login',
    input: lines('# @name=login', 'GET http://a/login'),
    want: { requests: [{ name: 'login' }], diagnostics: [] },
  },
  {
    name: 'httpYac’s # @import is named as not supported where it stands (a chained name from it fails later with "not in the file")',
    input: lines('# @import ./auth.http', '# @name me', 'GET http://a/me', 'Authorization: Bearer {{login.response.body.$.token}}'),
    want: { requests: [{ name: 'me' }], includes: [{ code: 'not-supported', line: 0, severity: 'warning' }], excludes: [] },
  },
  {
    name: 'httpYac’s # @name under the request line: a comment here, with a warning where it stands (a quick fix moves it up)',
    input: lines('GET http://a/login', 'Accept: x', '  # @name login', '# plain comment', '', '{"a": 1}'),
    want: { requests: [{ name: undefined, metadata: [], headers: [['Accept', 'x']] }], includes: [{ code: 'metadata-below-request-line', line: 2, severity: 'warning' }], excludes: [] },
  },
];

const headersAndVariables: Row[] = [
  {
    name: 'a file variable then a request line, after a request, start a new request, as in httpYac (the request was lost, with a warning only `parse` showed)',
    input: lines('GET http://a/echo?n=1', '', '@x = 1', 'GET http://a/echo?n=2&x={{x}}'),
    want: { requests: [{ url: 'http://a/echo?n=1' }, { url: 'http://a/echo?n=2&x=1' }], variables: [['x', '1']], diagnostics: [] },
  },
  {
    name: 'a space before a header’s colon: a warning, and the name is sent without it (REST Client and httpYac trim it)',
    input: lines('GET http://a/x', 'Accept : application/json'),
    want: { requests: [{ headers: [['Accept', 'application/json']] }], includes: [{ code: 'invalid-header', line: 1, severity: 'warning' }], excludes: [] },
  },
  {
    name: 'httpYac’s lazy variable @name := value, and @global.name = value, define name',
    input: lines('@host := http://a', '@global.token = t1', '@foo:=x{{token}}', 'GET {{host}}/x?f={{foo}}'),
    want: { requests: [{ url: 'http://a/x?f=xt1' }], variables: [['host', 'http://a'], ['token', 't1'], ['foo', 'x{{token}}']], diagnostics: [] },
  },
  {
    name: 'an NDJSON body is lines of JSON, not one JSON document: no JSON warning',
    input: lines('POST http://a/_bulk', 'Content-Type: application/x-ndjson', '', '{"index":{"_id":"1"}}', '{"a":1}'),
    want: { requests: [{ body: '{"index":{"_id":"1"}}\n{"a":1}' }], diagnostics: [] },
  },
  {
    name: 'a {{ script block right under the request line is a script, without a blank-line warning',
    input: lines('GET http://a/x', '{{', '  exports.a = 1;', '}}'),
    want: { requests: [{ body: null, unsupported: [['script', 1, 3]] }], diagnostics: ['not-supported@1'] },
  },
];

const graphql: Row[] = [
  {
    name: 'httpYac’s GraphQL: a JSON request whose body starts with query is sent as GraphQL, its variables after a blank line',
    input: lines('POST http://a/graphql', 'Content-Type: application/json', '', 'query Continents($code: String!) {', '  continents(filter: {code: {eq: $code}}) { code }', '}', '', '{"code": "EU"}'),
    want: {
      requests: [{ bodyKind: 'graphql', graphql: { query: 'query Continents($code: String!) { continents(filter: {code: {eq: $code}}) { code } }', variables: { code: 'EU' } } }],
      diagnostics: [],
    },
  },
  {
    name: 'a mutation without a Content-Type is GraphQL too',
    input: lines('POST http://a/graphql', '', 'mutation { like(id: 1) }'),
    want: { requests: [{ bodyKind: 'graphql', graphql: { query: 'mutation { like(id: 1) }', variables: null } }] },
  },
];

describe('parse: messy public collections (httpYac examples and users’ files)', () => {
  describe('where a body ends', () => {
    runRows(bodiesEnd);
    runRowsWithCrlf(bodiesEnd);
  });
  describe('what a body keeps', () => {
    runRows(bodiesKept);
    runRowsWithCrlf(bodiesKept);
  });
  describe('indented requests', () => runRows(indented));
  describe('request names', () => runRows(names));
  describe('headers, variables, NDJSON, scripts', () => runRows(headersAndVariables));
  describe('httpYac GraphQL bodies', () => runRows(graphql));
});
