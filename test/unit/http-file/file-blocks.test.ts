/**
 * http-file-format.md, "A file": metadata, file variables, and the blocks other tools define
 * (block comments, httpYac script blocks, GraphQL fragments, kulala directives).
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const metadataKeys: Array<[string, Array<[string, string]>]> = [
  ['# @name login', [['name', 'login']]],
  ['// @name login', [['name', 'login']]],
  ['#@name login', [['name', 'login']]],
  ['# @note', [['note', '']]],
  ['# @note Deletes every user', [['note', 'Deletes every user']]],
  ['# @prompt username', [['prompt', 'username']]],
  ['# @prompt password Your password', [['prompt', 'password Your password']]],
  ['# @no-redirect', [['no-redirect', '']]],
  ['# @no-cookie-jar', [['no-cookie-jar', '']]],
  ['# @no-reject-unauthorized', [['no-reject-unauthorized', '']]],
  ['# @timeout 5000', [['timeout', '5000']]],
  ['# @sleep 250', [['sleep', '250']]],
  ['# @verbatim', [['verbatim', '']]],
  ['#   @name   login   ', [['name', 'login']]],
];

const metadata: Row[] = [
  ...metadataKeys.map(
    ([line, want]): Row => ({
      name: `metadata: "${line}"`,
      input: lines(line, 'GET http://a/'),
      want: { requests: [{ metadata: want, url: 'http://a/' }], diagnostics: [] },
    }),
  ),
  {
    name: 'metadata: several keys in order, after a ### line',
    input: lines('### t', '# @name a', '# @no-redirect', '// @timeout 100', 'GET http://a/'),
    want: { requests: [{ name: 'a', metadata: [['name', 'a'], ['no-redirect', ''], ['timeout', '100']] }], diagnostics: [] },
  },
  {
    name: 'metadata: an unknown key is kept, not an error',
    input: lines('# @my-tool-option on', 'GET http://a/'),
    want: { requests: [{ metadata: [['my-tool-option', 'on']] }], diagnostics: [] },
  },
  {
    name: 'metadata: a comment with an @ inside is not metadata',
    input: lines('# mail juan@example.com about this', 'GET http://a/'),
    want: { requests: [{ metadata: [] }], diagnostics: [] },
  },
  ...['# @timeout soon', '# @timeout', '# @sleep 1.5s', '# @name', '# @prompt'].map(
    (line): Row => ({
      name: `metadata: invalid value "${line}" → invalid-metadata, the request still works`,
      input: lines(line, 'GET http://a/'),
      want: { requests: [{ url: 'http://a/' }], diagnostics: ['invalid-metadata@0'] },
    }),
  ),
];

const variables: Row[] = [
  {
    name: 'file variables: at the top, used in the URL',
    input: lines('@host = a.com', '@port = 8080', 'GET http://{{host}}:{{port}}/x'),
    want: { variables: [['host', 'a.com'], ['port', '8080']], requests: [{ url: 'http://a.com:8080/x' }], diagnostics: [] },
  },
  {
    name: 'file variables: the value is trimmed',
    input: lines('@token =   abc def   ', '@t\t=\tx\t', 'GET http://a/'),
    want: { variables: [['token', 'abc def'], ['t', 'x']], diagnostics: [] },
  },
  {
    name: 'file variables: no spaces around =',
    input: lines('@a=b.com', 'GET http://{{a}}/'),
    want: { variables: [['a', 'b.com']], requests: [{ url: 'http://b.com/' }], diagnostics: [] },
  },
  {
    name: 'file variables: between requests',
    input: lines('GET http://a/1', '', '###', '@h = b.com', 'GET http://{{h}}/2'),
    want: { variables: [['h', 'b.com']], requests: [{ url: 'http://a/1' }, { url: 'http://b.com/2' }], diagnostics: [] },
  },
  {
    name: 'file variables: apply to the whole file, also above their line',
    input: lines('GET http://{{h}}/1', '', '###', '@h = c.com'),
    want: { requests: [{ url: 'http://c.com/1' }], diagnostics: [] },
  },
  {
    name: 'file variables: after a request without a body',
    input: lines('GET http://a/1', '', '@h = d.com', '', 'GET http://{{h}}/2'),
    want: { variables: [['h', 'd.com']], requests: [{ body: null }, { url: 'http://d.com/2' }], diagnostics: [] },
  },
  {
    name: 'file variables: where a header was expected',
    input: lines('GET http://a/1', '@h = e.com', 'GET http://{{h}}/2'),
    want: { variables: [['h', 'e.com']], requests: [{ headers: [] }, { url: 'http://e.com/2' }], diagnostics: [] },
  },
  {
    name: 'file variables: may use other variables',
    input: lines('@host = a.com', '@base = https://{{host}}/api', 'GET {{base}}/users'),
    want: { requests: [{ url: 'https://a.com/api/users' }], diagnostics: [] },
  },
  {
    name: 'file variables: redefined, the later value wins',
    input: lines('@h = one.com', '@h = two.com', 'GET http://{{h}}/'),
    want: { variables: [['h', 'one.com'], ['h', 'two.com']], requests: [{ url: 'http://two.com/' }], diagnostics: [], ignoring: ['duplicate-variable'] },
  },
  {
    name: 'file variables: {{ spaced }} names resolve',
    input: lines('@host = a.com', 'GET http://{{ host }}/x'),
    want: { requests: [{ url: 'http://a.com/x' }], diagnostics: [] },
  },
  {
    name: 'file variables: not read inside a body',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', '@x = 1'),
    want: { variables: [], requests: [{ body: '@x = 1' }], diagnostics: [] },
  },
  {
    name: 'file variables: an empty name → invalid-variable',
    input: lines('@ = x', 'GET http://a/'),
    want: { requests: [{ url: 'http://a/' }], includes: [{ code: 'invalid-variable', line: 0 }] },
  },
];

const blockComments: Row[] = [
  {
    name: 'block comment: before the first request, request lines and ### inside are comment',
    input: lines('/*', 'Documentation', 'GET http://a/not-a-request', '### not a separator', '*/', 'GET http://a/real'),
    want: { requests: [{ target: 'http://a/real', line: 5 }], diagnostics: [] },
  },
  {
    name: 'block comment: on one line',
    input: lines('/* note */', 'GET http://a/'),
    want: { requests: [{ line: 1 }], diagnostics: [] },
  },
  {
    name: 'block comment: Markdown documentation between requests',
    input: lines('### one', 'GET http://a/1', '', '/*', '# Markdown docs', 'POST http://a/x', '*/', '', '### two', 'GET http://a/2'),
    want: { requests: [{ target: 'http://a/1' }, { target: 'http://a/2' }], diagnostics: [] },
  },
  {
    name: 'block comment: after a request without body',
    input: lines('GET http://a/1', '', '/*', 'GET http://a/x', '*/', '', 'GET http://a/2'),
    want: { requests: [{ target: 'http://a/1', body: null }, { target: 'http://a/2' }], diagnostics: [] },
  },
  {
    name: 'block comment: never closed → unterminated-block',
    input: lines('/*', 'GET http://a/'),
    want: { includes: [{ code: 'unterminated-block', line: 0 }] },
  },
  {
    name: 'block comment: inside a text body it is content',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', '/* kept */', 'text'),
    want: { requests: [{ body: '/* kept */\ntext' }], diagnostics: [] },
  },
];

const scripts: Row[] = [
  ...['{{', '{{@request', '{{+after'].map(
    (open): Row => ({
      name: `script block: "${open}" before a request line is kept, not run, not-supported`,
      input: lines(open, '  exports.token = "x";', '}}', 'GET http://a/'),
      want: { requests: [{ line: 3, url: 'http://a/', unsupported: [['script', 0, 2]], body: null }], diagnostics: ['not-supported@0'] },
    }),
  ),
  {
    name: 'script block: after a blank line in a body, not part of the body',
    input: lines('POST http://a/', 'Content-Type: application/json', '', '{"a": 1}', '', '{{', '  test("ok", () => {});', '}}'),
    want: { requests: [{ body: '{"a": 1}', unsupported: [['script', 5, 7]] }], diagnostics: ['not-supported@5'] },
  },
  {
    name: 'script block: after the blank line of a request without body',
    input: lines('GET http://a/1', '', '{{', '  x', '}}', '', 'GET http://a/2'),
    want: { requests: [{ body: null, unsupported: [['script', 2, 4]] }, { target: 'http://a/2' }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'script block: {{ right after body content is content',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', 'hello', '{{', '}}'),
    want: { requests: [{ body: 'hello\n{{\n}}', unsupported: [] }], diagnostics: [] },
  },
  {
    name: 'script block: a {{variable}} line is not a script block',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', '{{body}}'),
    want: { requests: [{ body: '{{body}}', unsupported: [] }], diagnostics: [] },
  },
  {
    name: 'script block: never closed → unterminated-block',
    input: lines('{{', 'GET http://a/'),
    want: { includes: [{ code: 'unterminated-block', line: 0 }] },
  },
];

const graphqlQuery = ['POST http://a/graphql', 'X-Request-Type: GraphQL', '', 'query {', '  user(id: 1) {', '    ...UserFields', '  }', '}'];

const fragments: Row[] = [
  {
    name: 'GraphQL fragment: appended to a query that spreads it',
    input: lines('fragment UserFields on User {', '  id', '  name', '}', '', ...graphqlQuery),
    want: {
      fragments: ['UserFields'],
      requests: [{ bodyKind: 'graphql', graphql: { query: 'query { user(id: 1) { ...UserFields } } fragment UserFields on User { id name }', variables: null } }],
      diagnostics: [],
    },
  },
  {
    name: 'GraphQL fragment: with variables, the body is {"query", "variables"}',
    input: lines('fragment F on User { id }', '', 'POST http://a/graphql', 'X-Request-Type: GraphQL', '', 'query Q($id: ID!) { user(id: $id) { ...F } }', '', '{"id": "42"}'),
    want: {
      fragments: ['F'],
      requests: [{ graphql: { query: 'query Q($id: ID!) { user(id: $id) { ...F } } fragment F on User { id }', variables: { id: '42' } } }],
      diagnostics: [],
    },
  },
  {
    name: 'GraphQL fragment: not appended to a query that does not spread it',
    input: lines('fragment Unused on User { id }', '', 'GRAPHQL http://a/graphql', '', 'query { viewer { login } }'),
    want: { requests: [{ graphql: { query: 'query { viewer { login } }', variables: null } }], diagnostics: [] },
  },
  {
    name: 'GraphQL fragment: a fragment spread by an appended fragment is appended too',
    input: lines('fragment A on User { id ...B }', 'fragment B on User { name }', '', 'GRAPHQL http://a/graphql', '', 'query { viewer { ...A } }'),
    want: { fragments: ['A', 'B'], requests: [{ graphql: { query: 'query { viewer { ...A } } fragment A on User { id ...B } fragment B on User { name }', variables: null } }] },
  },
  {
    name: 'GraphQL fragment: between ### requests, used by the GRAPHQL method',
    input: lines('### q', 'fragment F on User {', '  id', '}', 'GRAPHQL http://a/graphql', '', 'query { me { ...F } }'),
    want: { requests: [{ title: 'q', method: 'GRAPHQL', graphql: { query: 'query { me { ...F } } fragment F on User { id }', variables: null } }], diagnostics: [] },
  },
];

const directives: Row[] = [
  {
    name: 'kulala: import and run lines are directives, never requests',
    input: lines('import ./shared.http', '', 'run #login', 'run ./other.http', '', '### me', 'GET http://a/me'),
    want: { requests: [{ target: 'http://a/me', line: 6 }], diagnostics: [], ignoring: ['not-supported'] },
  },
  {
    name: 'kulala: run after a request without body',
    input: lines('GET http://a/1', '', 'run #login', '', '### me', 'GET http://a/me'),
    want: { requests: [{ target: 'http://a/1', body: null }, { target: 'http://a/me' }], diagnostics: [], ignoring: ['not-supported'] },
  },
];

const assertions: Row[] = [
  {
    name: 'httpYac assertion: right under the request line, not a query continuation',
    input: lines('GET http://a/x', '?? status == 200', 'Accept: text/plain'),
    want: { requests: [{ url: 'http://a/x', headers: [['Accept', 'text/plain']], body: null, unsupported: [['assertion', 1, 1]] }], diagnostics: ['not-supported@1'] },
  },
  {
    name: 'httpYac assertion: after the blank line of a GET, never its body',
    input: lines('GET http://a/x', '', '?? status == 200', '?? header content-type includes json', '?? js response.parsedBody.id exists', '?? duration < 500'),
    want: {
      requests: [{ body: null, unsupported: [['assertion', 2, 2], ['assertion', 3, 3], ['assertion', 4, 4], ['assertion', 5, 5]], range: [0, 5] }],
      diagnostics: ['not-supported@2', 'not-supported@3', 'not-supported@4', 'not-supported@5'],
    },
  },
  {
    name: 'httpYac assertion: after a JSON body, not part of it',
    input: lines('POST http://a/x', 'Content-Type: application/json', '', '{"a": 1}', '', '?? status == 201'),
    want: { requests: [{ body: '{"a": 1}', unsupported: [['assertion', 5, 5]] }], diagnostics: ['not-supported@5'] },
  },
  {
    name: 'httpYac assertion: among headers',
    input: lines('GET http://a/x', 'Accept: */*', '?? status == 200', 'X-A: 1'),
    want: { requests: [{ headers: [['Accept', '*/*'], ['X-A', '1']], unsupported: [['assertion', 2, 2]] }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'httpYac assertion: before a request after ###, kept with it',
    input: lines('###', '?? status == 200', 'GET http://a/x'),
    want: { requests: [{ line: 2, unsupported: [['assertion', 1, 1]], range: [0, 2] }], diagnostics: ['not-supported@1'] },
  },
  {
    name: 'httpYac: a ?? line without a predicate is what it would be otherwise (a query continuation)',
    input: lines('GET http://a/x', '??weird'),
    want: { requests: [{ target: 'http://a/x??weird', unsupported: [] }], ignoring: ['invalid-url'] },
  },
  {
    name: 'httpYac: a ?? line without a predicate in a text body stays body text',
    input: lines('POST http://a/x', 'Content-Type: text/plain', '', 'what??', '?? really'),
    want: { requests: [{ body: 'what??\n?? really', unsupported: [] }], diagnostics: [] },
  },
];

const curl: Row[] = [
  {
    name: 'curl: a command after ### is reported once, not read as a request with a bad URL',
    input: lines('###', 'curl -X POST https://a/x -H "Content-Type: application/json" -d \'{"a":1}\'', '', '###', 'GET http://a/y'),
    want: { requests: [{ line: 4, url: 'http://a/y' }], diagnostics: ['not-supported@1'] },
  },
  {
    name: 'curl: continuation lines ending in \\ belong to the command',
    input: lines('curl https://a/x \\', '  -H "Accept: text/plain" \\', "  --data-raw 'b'", '', '###', 'GET http://a/y'),
    want: { requests: [{ line: 5, url: 'http://a/y' }], diagnostics: ['not-supported@0'] },
  },
  {
    name: 'curl: a dangling \\ does not swallow the next ### block',
    input: lines('curl https://a/x \\', '###', 'GET http://a/y'),
    want: { requests: [{ line: 2, url: 'http://a/y' }], diagnostics: ['not-supported@0'] },
  },
];

describe('http-file: a file, metadata, variables and blocks', () => {
  describe('metadata', () => runRows(metadata));
  describe('file variables', () => runRows(variables));
  describe('/* */ block comments', () => runRows(blockComments));
  describe('httpYac script blocks', () => runRows(scripts));
  describe('GraphQL fragments', () => runRows(fragments));
  describe('kulala directives', () => runRows(directives));
  describe('httpYac assertions', () => runRows(assertions));
  describe('REST Client curl commands', () => runRows(curl));
  describe('the same rows with CRLF line ends', () => runRowsWithCrlf([...metadata, ...variables, ...blockComments, ...scripts, ...directives, ...assertions, ...curl]));
});
