/**
 * http-file-format.md, "Bodies": extent, line ends, file includes, comment lines, form joining,
 * GraphQL, pasted responses, JetBrains handlers, and the body kind.
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const post = (contentType: string, ...body: string[]): string => lines('POST http://a/', `Content-Type: ${contentType}`, '', ...body);

const extent: Row[] = [
  {
    name: 'body: after the blank line, up to the next ###',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', 'hello', 'world', '###', 'GET http://a/2'),
    want: { requests: [{ body: 'hello\nworld', bodyLines: [3, 4] }, { body: null }], diagnostics: [] },
  },
  {
    name: 'body: up to the end of the file',
    input: post('text/plain', 'hello'),
    want: { requests: [{ body: 'hello', bodyKind: 'text', bodyLines: [3, 3] }], diagnostics: [] },
  },
  {
    name: 'body: trailing blank lines are dropped',
    input: post('text/plain', 'hello', '', '', '  ', '\t', ''),
    want: { requests: [{ body: 'hello', bodyLines: [3, 3] }], diagnostics: [] },
  },
  {
    name: 'body: trailing blank lines before ### are dropped',
    input: lines('POST http://a/', 'Content-Type: text/plain', '', 'hello', '', '', '### next', 'GET http://a/2'),
    want: { requests: [{ body: 'hello', range: [0, 3] }, { title: 'next' }], diagnostics: [] },
  },
  {
    name: 'body: blank lines inside are kept',
    input: post('text/plain', 'a', '', 'b'),
    want: { requests: [{ body: 'a\n\nb' }], diagnostics: [] },
  },
  {
    name: 'body: a request without body',
    input: lines('GET http://a/', 'Accept: */*', '', ''),
    want: { requests: [{ body: null, bodyKind: null }], diagnostics: [] },
  },
];

const lineEnds: Row[] = [
  {
    name: 'body line ends: LF kept',
    input: post('text/plain', 'a', 'b'),
    want: { requests: [{ body: 'a\nb' }], diagnostics: [] },
  },
  {
    name: 'body line ends: CRLF kept',
    input: 'POST http://a/\r\nContent-Type: text/plain\r\n\r\na\r\nb\r\n',
    want: { requests: [{ body: 'a\r\nb' }], diagnostics: [] },
  },
  {
    name: 'body line ends: mixed, kept as written',
    input: 'POST http://a/\r\nContent-Type: text/plain\r\n\r\na\r\nb\nc\r\n',
    want: { requests: [{ body: 'a\r\nb\nc' }], diagnostics: [] },
  },
  {
    name: 'body line ends: a lone CR kept',
    input: 'POST http://a/\nContent-Type: text/plain\n\na\rb',
    want: { requests: [{ body: 'a\rb' }], diagnostics: [] },
  },
  {
    name: 'body line ends: multipart/form-data in an LF file → CRLF',
    input: post('multipart/form-data; boundary=X', '--X', 'Content-Disposition: form-data; name="a"', '', '1', '--X--'),
    want: { requests: [{ bodyKind: 'multipart', body: '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--X--' }], diagnostics: [] },
  },
  {
    name: 'body line ends: multipart/form-data in a CRLF file stays CRLF',
    input: 'POST http://a/\r\nContent-Type: multipart/form-data; boundary=X\r\n\r\n--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--X--\r\n',
    want: { requests: [{ bodyKind: 'multipart', body: '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--X--' }], diagnostics: [] },
  },
  {
    name: 'body line ends: multipart with a file part',
    input: post('multipart/form-data; boundary=X', '--X', 'Content-Disposition: form-data; name="f"; filename="a.png"', '', '< ./a.png', '--X--'),
    want: {
      requests: [
        {
          bodyKind: 'multipart',
          parts: [
            { type: 'text', text: '--X\r\nContent-Disposition: form-data; name="f"; filename="a.png"\r\n\r\n' },
            { type: 'file', path: './a.png', substituteVariables: false, encoding: undefined, line: 6 },
            { type: 'text', text: '\r\n--X--' },
          ],
        },
      ],
      diagnostics: [],
    },
  },
];

const includes: Row[] = [
  {
    name: 'file include: < path',
    input: post('application/json', '< ./body.json'),
    want: { requests: [{ parts: [{ type: 'file', path: './body.json', substituteVariables: false, encoding: undefined, line: 3 }] }], diagnostics: [] },
  },
  {
    name: 'file include: <@ path substitutes variables',
    input: post('application/json', '<@ ./body.json'),
    want: { requests: [{ parts: [{ type: 'file', path: './body.json', substituteVariables: true, encoding: undefined, line: 3 }] }], diagnostics: [] },
  },
  {
    name: 'file include: <@latin1 path names the encoding',
    input: post('text/plain', '<@latin1 ./body.txt'),
    want: { requests: [{ parts: [{ type: 'file', path: './body.txt', substituteVariables: true, encoding: 'latin1', line: 3 }] }], diagnostics: [] },
  },
  {
    name: 'file include: absolute path, path with a space',
    input: post('application/octet-stream', '< /tmp/my file.bin'),
    want: { requests: [{ parts: [{ type: 'file', path: '/tmp/my file.bin', substituteVariables: false, encoding: undefined, line: 3 }] }], diagnostics: [] },
  },
  {
    name: 'file include: between text lines, the line ends around it stay',
    input: post('text/plain', 'before', '< ./middle.txt', 'after'),
    want: {
      requests: [
        {
          parts: [
            { type: 'text', text: 'before\n' },
            { type: 'file', path: './middle.txt', substituteVariables: false, encoding: undefined, line: 4 },
            { type: 'text', text: '\nafter' },
          ],
        },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'file include: an XML body starting with < is not a file include',
    input: lines('POST http://a/', '', '<root>', '  <a>1</a>', '</root>'),
    want: { requests: [{ bodyKind: 'xml', body: '<root>\n  <a>1</a>\n</root>' }], diagnostics: [] },
  },
];

const commentLines: Row[] = [
  {
    name: 'comment lines: dropped in a JSON body, # and //, indented or not',
    input: post('application/json', '{', '  // the id', '  "id": 1,', '# top level', '  "url": "http://x/#frag" // kept', '}'),
    want: { requests: [{ bodyKind: 'json', body: '{\n  "id": 1,\n  "url": "http://x/#frag" // kept\n}' }], ignoring: ['invalid-json'], diagnostics: [] },
  },
  {
    name: 'comment lines: dropped in a JSON body found by its first character',
    input: lines('POST http://a/', '', '// c', '{"a": 1}'),
    want: { requests: [{ bodyKind: 'json', body: '{"a": 1}' }], diagnostics: [] },
  },
  {
    name: 'comment lines: dropped in a form body',
    input: post('application/x-www-form-urlencoded', 'a=1', '# note', '&b=2', '// x', '&c=3'),
    want: { requests: [{ bodyKind: 'form', body: 'a=1&b=2&c=3' }], diagnostics: [] },
  },
  {
    name: 'comment lines: kept in a YAML body',
    input: post('application/yaml', '# config', 'name: x', 'list:', '  - a # inline', '# between', '  - b'),
    want: { requests: [{ bodyKind: 'text', body: '# config\nname: x\nlist:\n  - a # inline\n# between\n  - b' }], diagnostics: [] },
  },
  {
    name: 'comment lines: kept in a CSV body',
    input: post('text/csv', '#id,name', '1,a', '//2,b'),
    want: { requests: [{ body: '#id,name\n1,a\n//2,b' }], diagnostics: [] },
  },
  {
    name: 'comment lines: a text body made only of a # line is still a body',
    input: post('text/plain', '# just a hash line'),
    want: { requests: [{ body: '# just a hash line', bodyKind: 'text' }], diagnostics: [] },
  },
  {
    name: 'comment lines: a CSV body made only of # and // lines is still a body',
    input: post('text/csv', '#id', '//2,b'),
    want: { requests: [{ body: '#id\n//2,b' }], diagnostics: [] },
  },
  {
    name: 'comment lines: kept in a text body',
    input: post('text/plain', 'hello', '# not a comment', '// nor this', 'world'),
    want: { requests: [{ body: 'hello\n# not a comment\n// nor this\nworld' }], diagnostics: [] },
  },
  {
    name: 'comment lines: kept in a GraphQL query',
    input: lines('POST http://a/graphql', 'X-Request-Type: GraphQL', '', 'query {', '  # the viewer', '  viewer { login }', '}'),
    want: { requests: [{ bodyKind: 'graphql', graphql: { query: 'query { # the viewer viewer { login } }', variables: null } }], diagnostics: [] },
  },
];

const forms: Row[] = [
  {
    name: 'form: lines starting with & are joined',
    input: post('application/x-www-form-urlencoded', 'name=a', '&age=2', '&city=x'),
    want: { requests: [{ bodyKind: 'form', body: 'name=a&age=2&city=x' }], diagnostics: [] },
  },
  {
    name: 'form: indented & lines are joined',
    input: post('application/x-www-form-urlencoded', 'name=a', '    &age=2'),
    want: { requests: [{ body: 'name=a&age=2' }], diagnostics: [] },
  },
  {
    name: 'form: with a charset parameter',
    input: post('application/x-www-form-urlencoded; charset=UTF-8', 'a=1', '&b=2'),
    want: { requests: [{ bodyKind: 'form', body: 'a=1&b=2' }], diagnostics: [] },
  },
];

const graphql: Row[] = [
  {
    name: 'GraphQL: X-Request-Type: GraphQL, query then variables → {"query", "variables"}',
    input: lines(
      'POST http://a/graphql',
      'Content-Type: application/json',
      'X-Request-Type: GraphQL',
      '',
      'query Q($id: ID!) {',
      '  user(id: $id) { name }',
      '}',
      '',
      '{',
      '  "id": "42"',
      '}',
    ),
    want: { requests: [{ bodyKind: 'graphql', graphql: { query: 'query Q($id: ID!) { user(id: $id) { name } }', variables: { id: '42' } } }], diagnostics: [] },
  },
  {
    name: 'GraphQL: method GRAPHQL, no variables',
    input: lines('GRAPHQL http://a/graphql', '', 'query { viewer { login } }'),
    want: { requests: [{ method: 'GRAPHQL', bodyKind: 'graphql', graphql: { query: 'query { viewer { login } }', variables: null } }], diagnostics: [] },
  },
  {
    name: 'GraphQL: method GRAPHQL with variables',
    input: lines('GRAPHQL http://a/graphql', '', 'query ($n: Int) { items(first: $n) { id } }', '', '{"n": 10}'),
    want: { requests: [{ graphql: { query: 'query ($n: Int) { items(first: $n) { id } }', variables: { n: 10 } } }], diagnostics: [] },
  },
  {
    name: 'GraphQL: the header name and value in any case',
    input: lines('POST http://a/graphql', 'x-request-type: graphql', '', '{ a }'),
    want: { requests: [{ bodyKind: 'graphql', graphql: { query: '{ a }', variables: null } }], diagnostics: [] },
  },
  {
    name: 'GraphQL: variables that are not JSON → invalid-json',
    input: lines('GRAPHQL http://a/graphql', '', 'query { a }', '', '{ id: 42 }'),
    want: { requests: [{ bodyKind: 'graphql' }], includes: [{ code: 'invalid-json' }] },
  },
];

const pasted: Row[] = [
  {
    name: 'pasted response: after a request without body, never in a body',
    input: lines('GET http://a/', '', 'HTTP/1.1 200 OK', 'Content-Type: application/json', '', '{"a": 1}'),
    want: { requests: [{ body: null, pastedResponse: [2, 5] }], diagnostics: [] },
  },
  {
    name: 'pasted response: after a body and a blank line',
    input: post('text/plain', 'hello', '', 'HTTP/1.1 201 Created', 'Location: /x'),
    want: { requests: [{ body: 'hello', pastedResponse: [5, 6] }], diagnostics: [] },
  },
  {
    name: 'pasted response: right after the body content',
    input: post('application/json', '{"a": 1}', 'HTTP/1.1 400 Bad Request'),
    want: { requests: [{ body: '{"a": 1}', pastedResponse: [4, 4] }], diagnostics: [] },
  },
  {
    name: 'pasted response: HTTP/1.0 status line',
    input: lines('GET http://a/', '', 'HTTP/1.0 404 Not Found'),
    want: { requests: [{ body: null, pastedResponse: [2, 2] }], diagnostics: [] },
  },
  {
    name: 'pasted response: the next ### request still parses',
    input: lines('GET http://a/1', '', 'HTTP/1.1 200 OK', 'Server: x', '', 'body', '###', 'GET http://a/2'),
    want: { requests: [{ pastedResponse: [2, 5], body: null }, { target: 'http://a/2', pastedResponse: null }], diagnostics: [] },
  },
  {
    name: 'pasted response: its Content-Length is not checked against the request',
    input: lines('POST http://a/', 'Content-Type: text/plain', 'Content-Length: 5', '', 'hello', '', 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'),
    want: { requests: [{ body: 'hello', pastedResponse: [6, 9] }], diagnostics: [] },
  },
];

const handlers: Row[] = [
  {
    name: 'JetBrains: > {% %} response handler after a request without body',
    input: lines('GET http://a/', '', '> {%', '  client.global.set("t", response.body.token);', '%}'),
    want: { requests: [{ body: null, unsupported: [['response-handler', 2, 4]] }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'JetBrains: one-line > {% %} after a JSON body and a blank line',
    input: post('application/json', '{"a": 1}', '', '> {% client.test("ok", () => {}); %}'),
    want: { requests: [{ body: '{"a": 1}', unsupported: [['response-handler', 5, 5]] }], diagnostics: ['not-supported@5'] },
  },
  {
    name: 'JetBrains: > {% right after the body content does not enter the body',
    input: post('application/json', '{"a": 1}', '> {%', '  client.log("x");', '%}'),
    want: { requests: [{ body: '{"a": 1}', unsupported: [['response-handler', 4, 6]] }], diagnostics: ['not-supported@4'] },
  },
  {
    name: 'JetBrains: > handler.js after a text body',
    input: post('text/plain', 'hello', '> ./check.js'),
    want: { requests: [{ body: 'hello', unsupported: [['response-handler', 4, 4]] }], diagnostics: ['not-supported@4'] },
  },
  {
    name: 'JetBrains: >> file output redirect',
    input: lines('GET http://a/', '', '>> ./out.json'),
    want: { requests: [{ body: null, unsupported: [['output-redirect', 2, 2]] }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'JetBrains: >>! file output redirect',
    input: post('application/json', '{}', '', '>>! ./out.json'),
    want: { requests: [{ body: '{}', unsupported: [['output-redirect', 5, 5]] }], diagnostics: ['not-supported@5'] },
  },
  {
    name: 'JetBrains: <> response reference',
    input: lines('GET http://a/', '', '<> ./2024-01-01T120000.200.json'),
    want: { requests: [{ body: null, unsupported: [['response-reference', 2, 2]] }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'JetBrains: handler, redirect and reference together',
    input: lines('GET http://a/', '', '> {% client.test(); %}', '>> ./out.json', '<> ./prev.json'),
    want: {
      requests: [{ body: null, unsupported: [['response-handler', 2, 2], ['output-redirect', 3, 3], ['response-reference', 4, 4]] }],
      diagnostics: ['not-supported@2', 'not-supported@3', 'not-supported@4'],
    },
  },
  {
    name: 'JetBrains: < {% %} pre-request script before the request line',
    input: lines('###', '< {%', '  request.variables.set("id", "1");', '%}', 'GET http://a/x'),
    want: { requests: [{ line: 4, url: 'http://a/x', body: null, unsupported: [['pre-request-script', 1, 3]] }], diagnostics: ['not-supported@1'] },
  },
  {
    name: 'JetBrains: one-line < {% %} before the request line',
    input: lines('< {% request.variables.set("a", "1"); %}', 'GET http://a/x'),
    want: { requests: [{ line: 1, body: null, unsupported: [['pre-request-script', 0, 0]] }], diagnostics: ['not-supported@0'] },
  },
  {
    name: 'JetBrains: the request after a handler parses',
    input: lines('GET http://a/1', '', '> {%', '  x', '%}', '', 'GET http://a/2'),
    want: { requests: [{ target: 'http://a/1', body: null }, { target: 'http://a/2', body: null, unsupported: [] }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'JetBrains: a > quote in a Markdown body is content',
    input: post('text/markdown', '> quoted', '> text'),
    want: { requests: [{ body: '> quoted\n> text', unsupported: [] }], diagnostics: [] },
  },
];

/** What may end a body or stand in it, on the line right after a line of its content (no blank line between). */
const afterContent: Row[] = [
  {
    name: 'right after content: a pasted response ends the body',
    input: post('text/plain', 'hello', 'HTTP/1.1 200 OK', 'X: 1', '', 'ok'),
    want: { requests: [{ body: 'hello', pastedResponse: [4, 7] }], diagnostics: [] },
  },
  {
    name: 'right after content: an assertion, also indented inside a JSON body, is no body line',
    input: post('application/json', '{', '  "a": 1', '  ?? status == 201', '}'),
    want: { requests: [{ body: '{\n  "a": 1\n}', unsupported: [['assertion', 5, 5]] }], diagnostics: ['not-supported@5'] },
  },
  {
    name: 'right after content: <> and >> end the body',
    input: post('application/json', '{"a": 1}', '<> ./prev.json', '>> ./out.json'),
    want: { requests: [{ body: '{"a": 1}', unsupported: [['response-reference', 4, 4], ['output-redirect', 5, 5]] }], diagnostics: ['not-supported@4', 'not-supported@5'] },
  },
  {
    name: 'right after content: a variable, a /* line, a request line, {{ and a single / are text of a text body',
    input: post('text/plain', 'a', '@x = 1', '/* c */', 'GET http://b/', '{{', '/ x', 'b'),
    want: { requests: [{ body: 'a\n@x = 1\n/* c */\nGET http://b/\n{{\n/ x\nb' }], diagnostics: [] },
  },
];

const kinds: Row[] = [
  ...(
    [
      ['application/json', 'json'],
      ['application/problem+json', 'json'],
      ['application/vnd.api+json', 'json'],
      ['Application/JSON; charset=utf-8', 'json'],
      ['text/xml', 'xml'],
      ['application/soap+xml', 'xml'],
      ['application/x-www-form-urlencoded', 'form'],
      ['multipart/form-data; boundary=X', 'multipart'],
      ['text/plain', 'text'],
      ['text/csv', 'text'],
      ['application/yaml', 'text'],
    ] as const
  ).map(
    ([contentType, kind]): Row => ({
      name: `body kind: Content-Type ${contentType} → ${kind}`,
      input: post(contentType, 'x'),
      want: { requests: [{ bodyKind: kind }] },
    }),
  ),
  {
    name: 'body kind: Content-Type wins over the first character',
    input: post('text/plain', '{not json'),
    want: { requests: [{ bodyKind: 'text', body: '{not json' }], diagnostics: [] },
  },
  {
    name: 'body kind: content-type header name in any case',
    input: lines('POST http://a/', 'content-type: application/json', '', '{}'),
    want: { requests: [{ bodyKind: 'json' }], diagnostics: [] },
  },
  ...(
    [
      ['{"a": 1}', 'json'],
      ['[1, 2]', 'json'],
      ['<a>1</a>', 'xml'],
      ['hello', 'text'],
    ] as const
  ).map(
    ([first, kind]): Row => ({
      name: `body kind: no Content-Type, first character of "${first}" → ${kind}`,
      input: lines('POST http://a/', '', first),
      want: { requests: [{ bodyKind: kind, body: first }], diagnostics: [] },
    }),
  ),
];

describe('http-file: bodies', () => {
  describe('extent', () => runRows(extent));
  describe('line ends', () => runRows(lineEnds));
  describe('file includes', () => runRows(includes));
  describe('comment lines', () => runRows(commentLines));
  describe('x-www-form-urlencoded', () => runRows(forms));
  describe('GraphQL', () => runRows(graphql));
  describe('pasted responses', () => runRows(pasted));
  describe('JetBrains handlers and scripts', () => runRows(handlers));
  describe('body kind', () => runRows(kinds));
  describe('lines right after content', () => runRows(afterContent));
  describe('the same rows with CRLF line ends', () => runRowsWithCrlf([...extent, ...commentLines, ...forms, ...pasted, ...handlers, ...kinds, ...afterContent]));
});
