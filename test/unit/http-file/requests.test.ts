/**
 * http-file-format.md, "A request": the request line (method, target, URL, query continuation,
 * HTTP version) and the headers.
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const methods: Row[] = [
  {
    name: 'method: defaults to GET',
    input: 'http://a/x',
    want: { requests: [{ method: 'GET', isMethodExplicit: false, target: 'http://a/x', url: 'http://a/x' }], diagnostics: [] },
  },
  {
    name: 'method: defaults to GET, with a version',
    input: 'http://a/x HTTP/1.1',
    want: { requests: [{ method: 'GET', isMethodExplicit: false, target: 'http://a/x', httpVersion: 'HTTP/1.1' }], diagnostics: [] },
  },
  {
    name: 'method: defaults to GET, scheme-less target',
    input: 'example.com/x',
    want: { requests: [{ method: 'GET', isMethodExplicit: false, url: 'http://example.com/x' }], diagnostics: [] },
  },
  ...['POST', 'PROPFIND', 'MKCOL', 'PURGE', 'M-SEARCH', 'CUSTOM_VERB'].map(
    (method): Row => ({
      name: `method: any token is accepted (${method})`,
      input: `${method} http://a/x`,
      want: { requests: [{ method, isMethodExplicit: true, url: 'http://a/x' }], diagnostics: [] },
    }),
  ),
  ...['get', 'post', 'delete', 'patch'].map(
    (method): Row => ({
      name: `method: lower case kept as written and flagged (${method})`,
      input: `${method} http://a/x`,
      want: { requests: [{ method, url: 'http://a/x' }], diagnostics: ['lowercase-method@0'] },
    }),
  ),
  {
    name: 'method: not a token → invalid-method',
    input: 'GE"T http://a/x',
    want: { requests: [{ method: 'GE"T' }], includes: [{ code: 'invalid-method', line: 0 }] },
  },
];

const targets: Row[] = [
  {
    name: 'target: absolute URL with port and query',
    input: 'GET https://a.com:8443/p/q?x=1&y=2',
    want: { requests: [{ target: 'https://a.com:8443/p/q?x=1&y=2', url: 'https://a.com:8443/p/q?x=1&y=2' }], diagnostics: [] },
  },
  {
    name: 'target: origin form, authority from Host',
    input: lines('GET /search?q=1 HTTP/1.1', 'Host: a.com'),
    want: { requests: [{ target: '/search?q=1', url: 'http://a.com/search?q=1' }], diagnostics: [] },
  },
  {
    name: 'target: origin form, Host with a port',
    input: lines('GET /x', 'Host: a.com:8080'),
    want: { requests: [{ url: 'http://a.com:8080/x' }], diagnostics: [] },
  },
  {
    name: 'target: origin form, Host on port 443 → https',
    input: lines('GET /x', 'Host: a.com:443'),
    want: { requests: [{ url: 'https://a.com/x' }], diagnostics: [] },
  },
  {
    name: 'target: origin form, host header name in any case',
    input: lines('GET /x', 'host: a.com'),
    want: { requests: [{ url: 'http://a.com/x' }], diagnostics: [] },
  },
  {
    name: 'target: origin form, Host after other headers',
    input: lines('GET /x', 'Accept: */*', 'Host: a.com'),
    want: { requests: [{ url: 'http://a.com/x' }], diagnostics: [] },
  },
  {
    name: 'target: origin form without Host → missing-host',
    input: 'GET /x',
    want: { requests: [{ target: '/x', url: null }], diagnostics: ['missing-host@0'] },
  },
  {
    name: 'target: scheme-less host means http',
    input: 'GET example.com/x?y=1',
    want: { requests: [{ target: 'example.com/x?y=1', url: 'http://example.com/x?y=1' }], diagnostics: [] },
  },
  {
    name: 'target: scheme-less host on port 443 → https',
    input: 'GET example.com:443/x',
    want: { requests: [{ url: 'https://example.com/x' }], diagnostics: [] },
  },
  {
    name: 'target: scheme-less localhost with a port',
    input: 'POST localhost:3000/api',
    want: { requests: [{ url: 'http://localhost:3000/api' }], diagnostics: [] },
  },
  {
    name: 'target: an explicit scheme is kept on port 443',
    input: 'GET http://a.com:443/x',
    want: { requests: [{ url: 'http://a.com:443/x' }], diagnostics: [] },
  },
  {
    name: 'target: {{var}} resolved through file variables',
    input: lines('@base = http://a.com/api', 'GET {{base}}/users'),
    want: { requests: [{ target: '{{base}}/users', url: 'http://a.com/api/users' }], diagnostics: [] },
  },
  {
    name: 'target: origin form, {{var}} Host resolved through file variables',
    input: lines('@h = a.com', 'GET /x', 'Host: {{h}}'),
    want: { requests: [{ url: 'http://a.com/x' }], diagnostics: [] },
  },
  {
    name: 'target: a URL repeated by the requests after it: each gets it, a different Host or target its own',
    input: lines('GET /x', 'Host: a.com', '###', 'GET /x', 'Host: a.com', '###', 'GET /x', 'Host: b.com', '###', 'GET /y', 'Host: b.com', '###', 'GET http://c/', '###', 'GET http://c/'),
    want: { requests: [{ url: 'http://a.com/x' }, { url: 'http://a.com/x' }, { url: 'http://b.com/x' }, { url: 'http://b.com/y' }, { url: 'http://c/' }, { url: 'http://c/' }], diagnostics: [] },
  },
  {
    name: 'target: a bad URL repeated is reported at each request, a good one after it still resolved',
    input: lines('GET http://exa mple/', '###', 'GET http://exa mple/', '###', 'GET /x', '###', 'GET /x', '###', 'GET http://a/', '###', 'GET http://a/'),
    want: { requests: [{ url: null }, { url: null }, { url: null }, { url: null }, { url: 'http://a/' }, { url: 'http://a/' }], diagnostics: ['invalid-target@0', 'invalid-url@0', 'invalid-target@2', 'invalid-url@2', 'missing-host@4', 'missing-host@6'] },
  },
  {
    name: 'target: {{var}} that needs an environment → url null, no URL error',
    input: 'GET {{baseUrl}}/x',
    want: { requests: [{ target: '{{baseUrl}}/x', url: null }], excludes: ['missing-host', 'invalid-url', 'invalid-target'] },
  },
  {
    name: 'target: a system variable in the query → url null, no URL error',
    input: 'GET http://a/x?id={{$randomInt 1 10}}',
    want: { requests: [{ target: 'http://a/x?id={{$randomInt 1 10}}', url: null }], excludes: ['missing-host', 'invalid-url', 'invalid-target'] },
  },
  {
    name: 'target: {{ spaced }} braces stay one target',
    input: lines('@base = http://a.com', 'GET {{ base }}/x HTTP/1.1'),
    want: { requests: [{ target: '{{ base }}/x', httpVersion: 'HTTP/1.1', url: 'http://a.com/x' }], diagnostics: [] },
  },
];

const continuation: Row[] = [
  {
    name: 'query continuation: ? and & lines',
    input: lines('GET http://a/x', '?a=1', '&b=2', 'Accept: */*'),
    want: { requests: [{ target: 'http://a/x?a=1&b=2', targetEndLine: 2, url: 'http://a/x?a=1&b=2', headers: [['Accept', '*/*']] }], diagnostics: [] },
  },
  {
    name: 'query continuation: indented ? and & lines',
    input: lines('GET http://a/x', '    ?a=1', '    &b=2'),
    want: { requests: [{ target: 'http://a/x?a=1&b=2', targetEndLine: 2 }], diagnostics: [] },
  },
  {
    name: 'query continuation: indented path lines (JetBrains)',
    input: lines('GET http://a/', '    users/', '    42'),
    want: { requests: [{ target: 'http://a/users/42', url: 'http://a/users/42' }], diagnostics: [] },
  },
  {
    name: 'query continuation: whitespace around the parts is dropped',
    input: lines('GET http://a/x', '  ?a=1  ', '\t&b=2\t'),
    want: { requests: [{ target: 'http://a/x?a=1&b=2' }], diagnostics: [] },
  },
  {
    name: 'query continuation: origin form, then Host',
    input: lines('GET /x', '  ?a=1', 'Host: a.com'),
    want: { requests: [{ url: 'http://a.com/x?a=1', headers: [['Host', 'a.com']] }], diagnostics: [] },
  },
];

const versions: Row[] = [
  {
    name: 'HTTP version: HTTP/1.1 when absent',
    input: 'GET http://a/',
    want: { requests: [{ httpVersion: 'HTTP/1.1' }], diagnostics: [] },
  },
  {
    name: 'HTTP version: HTTP/1.0 is honoured',
    input: 'GET http://a/ HTTP/1.0',
    want: { requests: [{ httpVersion: 'HTTP/1.0', target: 'http://a/' }], diagnostics: [] },
  },
  ...['HTTP/2', 'HTTP/2.0', 'HTTP/3'].map(
    (v): Row => ({
      name: `HTTP version: ${v} → unsupported-http-version, never silently ignored`,
      input: `GET http://a/ ${v}`,
      want: { requests: [{ target: 'http://a/', url: 'http://a/' }], diagnostics: ['unsupported-http-version@0'] },
    }),
  ),
  ...['HTTP/x', 'HTTP/1.1.1', 'HTTP/'].map(
    (v): Row => ({
      name: `HTTP version: garbage "${v}" → invalid-http-version`,
      input: `GET http://a/ ${v}`,
      want: { requests: [{ target: 'http://a/' }], diagnostics: ['invalid-http-version@0'] },
    }),
  ),
];

const headers: Row[] = [
  {
    name: 'headers: order and case as written, duplicates kept',
    input: lines('GET http://a/', 'x-lower: 1', 'X-UPPER: 2', 'Accept: */*', 'x-lower: 3'),
    want: {
      requests: [{ headers: [['x-lower', '1'], ['X-UPPER', '2'], ['Accept', '*/*'], ['x-lower', '3']], headerLines: [1, 2, 3, 4] }],
      diagnostics: [],
    },
  },
  {
    name: 'headers: value trimmed, colons inside the value kept',
    input: lines('GET http://a/', 'Referer:   http://a/b?c=d  '),
    want: { requests: [{ headers: [['Referer', 'http://a/b?c=d']] }], diagnostics: [] },
  },
  {
    name: 'headers: empty value',
    input: lines('GET http://a/', 'X-Empty:'),
    want: { requests: [{ headers: [['X-Empty', '']] }], diagnostics: [] },
  },
  {
    name: 'headers: a tab inside a value is allowed',
    input: lines('GET http://a/', 'X-A: b\tc'),
    want: { requests: [{ headers: [['X-A', 'b\tc']] }], diagnostics: [] },
  },
  {
    name: 'headers: up to the first blank line',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', 'X-Not-A-Header: 1'),
    want: { requests: [{ headers: [['Content-Type', 'text/plain']], body: 'X-Not-A-Header: 1' }], diagnostics: [] },
  },
  {
    name: 'headers: an indented line continues the previous value',
    input: lines('GET http://a/', 'X-Long: one', '  two', '\tthree', 'Accept: x'),
    want: { requests: [{ headers: [['X-Long', 'one two three'], ['Accept', 'x']] }], diagnostics: [] },
  },
  {
    name: 'headers: an indented { starts the body without a blank line',
    input: lines('POST http://a/', 'Content-Type: application/json', '  {"a": 1}'),
    want: { requests: [{ headers: [['Content-Type', 'application/json']], body: '  {"a": 1}', bodyKind: 'json' }], diagnostics: [] },
  },
  {
    name: 'headers: an indented [ starts the body without a blank line',
    input: lines('POST http://a/', 'Content-Type: application/json', '  [1,', '  2]'),
    want: { requests: [{ headers: [['Content-Type', 'application/json']], body: '  [1,\n  2]', bodyKind: 'json' }], diagnostics: [] },
  },
  {
    name: 'headers: an indented < starts the body without a blank line',
    input: lines('POST http://a/', 'Content-Type: application/xml', '  <a>1</a>'),
    want: { requests: [{ headers: [['Content-Type', 'application/xml']], body: '  <a>1</a>', bodyKind: 'xml' }], diagnostics: [] },
  },
  {
    name: 'headers: an indented [ whose line has a colon still starts the body',
    input: lines('POST http://a/', 'Content-Type: application/json', '  [{"a": 1}]'),
    want: { requests: [{ headers: [['Content-Type', 'application/json']], body: '  [{"a": 1}]', bodyKind: 'json' }], diagnostics: [] },
  },
  {
    name: 'headers: an indented < whose line has a colon still starts the body',
    input: lines('POST http://a/', 'Content-Type: application/xml', '  <a href="http://x/">1</a>'),
    want: { requests: [{ headers: [['Content-Type', 'application/xml']], body: '  <a href="http://x/">1</a>', bodyKind: 'xml' }], diagnostics: [] },
  },
  ...[
    ['not a header', 'no colon'],
    [': value', 'no name'],
    ['Bad Name: v', 'a space in the name'],
    ['Name : v', 'a space before the colon'],
    ['X-é: v', 'a name that is not a token'],
    ['Content-Type application/json', 'a header line without colon after the request line'],
  ].map(
    ([line, why]): Row => ({
      name: `headers: ${why} → invalid-header`,
      input: lines('POST http://a/', line!),
      want: { requests: [{ target: 'http://a/' }], includes: [{ code: 'invalid-header', line: 1 }] },
    }),
  ),
  {
    name: 'headers: NUL in a value → control-character',
    input: lines('GET http://a/', 'X-A: b\0c'),
    want: { includes: [{ code: 'control-character', line: 1 }] },
  },
  {
    name: 'headers: NUL in a name → control-character',
    input: lines('GET http://a/', 'X\0A: b'),
    want: { includes: [{ code: 'control-character', line: 1 }] },
  },
  {
    name: 'headers: a lone CR inside a header line ends that line',
    input: lines('GET http://a/', 'X-A: b\rX-B: c'),
    want: { requests: [{ headers: [['X-A', 'b'], ['X-B', 'c']], headerLines: [1, 2] }], diagnostics: [], lineCount: 3 },
  },
];

describe('http-file: a request', () => {
  describe('method', () => runRows(methods));
  describe('request-target and URL', () => runRows(targets));
  describe('query continuation', () => runRows(continuation));
  describe('HTTP version', () => runRows(versions));
  describe('headers', () => runRows(headers));
  describe('the same rows with CRLF line ends', () => runRowsWithCrlf([...methods, ...targets, ...continuation, ...versions, ...headers]));
});
