/**
 * http-file-format.md, "Bytes we add or fix" (what the parser checks: Content-Length, CR/LF/NUL,
 * spaces and control characters in the target) and "Not yet" (parsed, flagged, the rest works).
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const withLength = (length: string, contentType: string, ...body: string[]): string =>
  lines('POST http://a/', `Content-Type: ${contentType}`, `Content-Length: ${length}`, '', ...body);

const mismatch = (line: number, written: number, actual: number): Row['want'] => ({
  diagnostics: [`content-length-mismatch@${line}`],
  includes: [{ code: 'content-length-mismatch', line, severity: 'warning', data: { written, actual } }],
});

const contentLength: Row[] = [
  {
    name: 'Content-Length: agrees with the body → no warning',
    input: withLength('5', 'text/plain', 'hello'),
    want: { requests: [{ body: 'hello' }], diagnostics: [] },
  },
  {
    name: 'Content-Length of an NDJSON body counts the final newline the send adds → no warning',
    input: withLength('11', 'application/x-ndjson', '{"a": "b"}'),
    want: { requests: [{ body: '{"a": "b"}' }], diagnostics: [] },
  },
  {
    name: 'Content-Length of an NDJSON body without that newline → warning with the length sent',
    input: withLength('10', 'application/x-ndjson', '{"a": "b"}'),
    want: mismatch(2, 10, 11),
  },
  {
    name: 'Content-Length with a Content-Type from a variable (maybe NDJSON, one byte more) → not checked',
    input: withLength('11', '{{type}}', '{"a": "b"}'),
    want: { requests: [{ body: '{"a": "b"}' }], diagnostics: [] },
  },
  {
    name: 'Content-Length: one more than the body → warning with written and actual',
    input: withLength('6', 'text/plain', 'hello'),
    want: mismatch(2, 6, 5),
  },
  {
    name: 'Content-Length: one less than the body → warning with written and actual',
    input: withLength('4', 'text/plain', 'hello'),
    want: mismatch(2, 4, 5),
  },
  {
    name: 'Content-Length: counts UTF-8 bytes, not characters (agree)',
    input: withLength('2', 'text/plain', 'é'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: counts UTF-8 bytes, not characters (disagree)',
    input: withLength('1', 'text/plain', 'é'),
    want: mismatch(2, 1, 2),
  },
  {
    name: 'Content-Length: counts the body line ends as written (LF)',
    input: withLength('3', 'text/plain', 'a', 'b'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: counts the body line ends as written (CRLF)',
    input: 'POST http://a/\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\na\r\nb\r\n',
    want: mismatch(2, 3, 4),
  },
  {
    name: 'Content-Length: counts a multipart body with CRLF line ends',
    input: withLength('10', 'multipart/form-data; boundary=X', '--X', '--X--'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: a multipart body counted with LF line ends is one byte short per line end',
    input: withLength('9', 'multipart/form-data; boundary=X', '--X', '--X--'),
    want: mismatch(2, 9, 10),
  },
  {
    name: 'Content-Length: counts a form body after joining & lines',
    input: withLength('7', 'application/x-www-form-urlencoded', 'a=1', '&b=2'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: counts a JSON body without its comment lines',
    input: withLength('9', 'application/json', '{', '// c', '"a":1', '}'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: counts # lines of a text body (they are content)',
    input: withLength('18', 'text/plain', '# just a hash line'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: trailing blank lines are not counted',
    input: withLength('5', 'text/plain', 'hello', '', '', ''),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: written on a request without body → warning, actual 0',
    input: lines('POST http://a/', 'Content-Length: 10'),
    want: mismatch(1, 10, 0),
  },
  {
    name: 'Content-Length: 0 on a request without body → no warning',
    input: lines('POST http://a/', 'Content-Length: 0', '', ''),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: header name in any case',
    input: lines('POST http://a/', 'content-length: 4', '', 'abc'),
    want: mismatch(1, 4, 3),
  },
  {
    name: 'Content-Length: still a warning on a # @verbatim request',
    input: lines('# @verbatim', 'POST http://a/', 'Content-Length: 4', '', 'abc'),
    want: mismatch(2, 4, 3),
  },
  {
    name: 'Content-Length: no check when the body has {{variables}}',
    input: withLength('3', 'text/plain', '{{name}}'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: no check when the body includes a file',
    input: withLength('3', 'application/octet-stream', '< ./data.bin'),
    want: { diagnostics: [] },
  },
  {
    name: 'Content-Length: no check when the body includes a file with variables',
    input: withLength('3', 'application/json', '<@ ./data.json'),
    want: { diagnostics: [] },
  },
];

const controls: Row[] = [
  {
    name: 'control characters: NUL in a header value → control-character on its line',
    input: lines('GET http://a/', 'Accept: */*', 'X-A: b\0c'),
    want: { includes: [{ code: 'control-character', line: 2 }] },
  },
  {
    name: 'control characters: NUL in a header name → control-character on its line',
    input: lines('GET http://a/', 'X\0A: b'),
    want: { includes: [{ code: 'control-character', line: 1 }] },
  },
  {
    name: 'control characters: NUL in the target → control-character',
    input: 'GET http://a/x\0y',
    want: { includes: [{ code: 'control-character', line: 0 }] },
  },
  {
    name: 'control characters: another control character in the target → control-character',
    input: lines('', 'GET http://a/x\u0001y'),
    want: { includes: [{ code: 'control-character', line: 1 }] },
  },
  {
    name: 'target: a space → invalid-target',
    input: 'GET http://a/my file',
    want: { includes: [{ code: 'invalid-target', line: 0 }] },
  },
  {
    name: 'target: a space, with a version and Host → invalid-target',
    input: lines('GET /my file HTTP/1.1', 'Host: a'),
    want: { includes: [{ code: 'invalid-target', line: 0 }] },
  },
  {
    name: 'NUL anywhere in the file is reported on its line',
    input: lines('GET http://a/', '', '# comment\0'),
    want: { includes: [{ code: 'nul-character', line: 2 }] },
  },
];

const notYet: Row[] = [
  {
    name: 'not yet: WebSocket (JetBrains WEBSOCKET ws://) → not-supported on the line',
    input: lines('GET http://a/1', '', '###', 'WEBSOCKET ws://a/ws'),
    want: { requests: [{ url: 'http://a/1' }, { method: 'WEBSOCKET', url: null }], diagnostics: ['not-supported@3'] },
  },
  {
    name: 'not yet: a ws:// URL → not-supported on the line',
    input: 'GET wss://a/ws',
    want: { diagnostics: ['not-supported@0'] },
  },
  {
    name: 'not yet: gRPC (JetBrains GRPC host/service/method) → not-supported on the line',
    input: lines('GET http://a/1', '', '###', 'GRPC localhost:50051/helloworld.Greeter/SayHello', '', '{"name": "x"}'),
    want: { requests: [{ url: 'http://a/1' }, { method: 'GRPC' }], includes: [{ code: 'not-supported', line: 3 }], excludes: ['invalid-json'] },
  },
  {
    name: 'not yet: HTTP/2 → unsupported-http-version on the line',
    input: lines('GET http://a/1', '', '###', 'GET http://a/2 HTTP/2'),
    want: { requests: [{ url: 'http://a/1' }, { url: 'http://a/2' }], diagnostics: ['unsupported-http-version@3'] },
  },
  {
    name: 'not yet: every construct in one file, the other requests still work',
    input: lines(
      '< {%', //                          0
      '  request.variables.set("a", 1);',
      '%}',
      '### handler', //                   3
      'GET http://a/1',
      '',
      '> {%',
      '  client.test();',
      '%}',
      '>> ./out.json', //                 9
      '<> ./prev.json',
      '',
      '### h2', //                        12
      'GET http://a/2 HTTP/2',
      '',
      '### ws', //                        15
      'WEBSOCKET ws://a/ws',
      '',
      '### ok', //                        18
      'POST http://a/ok',
      'Content-Type: application/json',
      'Content-Length: 8',
      '',
      '{"a": 1}',
    ),
    want: {
      requests: [
        { title: 'handler', url: 'http://a/1', body: null },
        { title: 'h2', url: 'http://a/2', body: null },
        { title: 'ws', url: null, body: null },
        { title: 'ok', url: 'http://a/ok', body: '{"a": 1}', headers: [['Content-Type', 'application/json'], ['Content-Length', '8']] },
      ],
      diagnostics: ['not-supported@0', 'not-supported@6', 'not-supported@9', 'not-supported@10', 'unsupported-http-version@13', 'not-supported@16'],
    },
  },
];

const other: Row[] = [
  {
    name: 'duplicate request names → duplicate-request-name',
    input: lines('# @name a', 'GET http://a/1', '', '###', '# @name a', 'GET http://a/2'),
    want: { requests: [{ name: 'a' }, { name: 'a' }], includes: [{ code: 'duplicate-request-name', severity: 'warning' }] },
  },
  {
    name: 'invalid JSON body without variables → invalid-json',
    input: lines('POST http://a/', 'Content-Type: application/json', '', '{"a": }'),
    want: { includes: [{ code: 'invalid-json', line: 3, column: 6 }] },
  },
  {
    name: 'invalid JSON: the diagnostic is on the wrong character, lines below the body start',
    input: lines('POST http://a/', 'Content-Type: application/json', '', '{', '  "user": "a", # note', '  "pw": "b"', '}'),
    want: { includes: [{ code: 'invalid-json', line: 4, column: 15 }] },
  },
  {
    name: 'invalid JSON after a dropped comment line: the body start, not a shifted guess',
    input: lines('POST http://a/', 'Content-Type: application/json', '', '{', '# dropped', '  "a": 1,', '}'),
    want: { includes: [{ code: 'invalid-json', line: 3, column: 0 }] },
  },
  {
    name: 'invalid GraphQL variables: the diagnostic is on the wrong character',
    input: lines('GRAPHQL http://a/graphql', '', 'query { a }', '', '  { id: 42 }'),
    want: { includes: [{ code: 'invalid-json', line: 4, column: 4 }] },
  },
  {
    name: 'a header after a blank line under the request line → header-in-body, sent as the body',
    input: lines('GET http://a/', '', 'Authorization: Bearer {{token}}'),
    want: { requests: [{ headers: [], body: 'Authorization: Bearer {{token}}' }], includes: [{ code: 'header-in-body', line: 2, column: 0, severity: 'warning' }] },
  },
  {
    name: 'header-in-body: the first line that is not a comment is the one looked at',
    input: lines('POST http://a/', '', '# the type', 'Content-Type: text/plain', '', 'hi'),
    want: { includes: [{ code: 'header-in-body', line: 3 }] },
  },
  ...([
    ['a request that has headers', ['POST http://a/', 'X-A: 1', '', 'Note: this is text']],
    ['a body whose first line is not Name: value', ['POST http://a/', '', 'hello world: x']],
    ['a URL as the body', ['POST http://a/', '', 'http://b/x']],
    ['an indented line', ['POST http://a/', '', '  A: b']],
    ['a JSON body', ['POST http://a/', '', '{"A": "b"}']],
  ] as Array<[string, string[]]>).map(([what, input]): Row => ({
    name: `no header-in-body for ${what}`,
    input: lines(...input),
    want: { excludes: ['header-in-body'] },
  })),
  {
    name: 'a {{ with no }} in the URL or a header value → unclosed-variable, a warning; sent as written',
    input: lines('GET http://a/json?x={{oops', 'X-A: {{b', 'X-B: {{c}} {{', 'Content-Type: text/plain', '', '{{ not a variable in a body'),
    want: {
      requests: [{ url: 'http://a/json?x={{oops', headers: [['X-A', '{{b'], ['X-B', '{{c}} {{'], ['Content-Type', 'text/plain']] }],
      includes: [
        { code: 'unclosed-variable', line: 0, column: 20, severity: 'warning' },
        { code: 'unclosed-variable', line: 1, column: 5, severity: 'warning' },
        { code: 'unclosed-variable', line: 2, column: 11, severity: 'warning' },
      ],
    },
  },
  {
    name: 'a control character and an unclosed {{ in one URL, and in one header value: both reported, each where it stands',
    input: lines('GET http://a/{{x\u0001y', 'X-A: {{b\u0002c'),
    want: {
      includes: [
        { code: 'unclosed-variable', line: 0, column: 13, severity: 'warning' },
        { code: 'control-character', line: 0, column: 16, severity: 'error' },
        { code: 'unclosed-variable', line: 1, column: 5, severity: 'warning' },
        { code: 'control-character', line: 1, column: 8, severity: 'error' },
      ],
    },
  },
  {
    name: 'a query continuation line is checked too: an unclosed {{ and a control character it adds to a plain URL are reported',
    input: lines('GET http://a/x', '    ?q={{oops', '    &r=b\u0001c'),
    want: {
      includes: [
        { code: 'unclosed-variable', line: 0, severity: 'warning' },
        { code: 'control-character', line: 0, severity: 'error' },
      ],
    },
  },
  {
    name: 'a header name with a space inside it and another before the colon: not a token → invalid-header error',
    input: lines('GET http://a/', 'X A : b'),
    want: { includes: [{ code: 'invalid-header', line: 1, column: 0, severity: 'error' }] },
  },
  {
    name: 'no unclosed-variable for closed ones: {{x}}, {{ y }}, {{{z}}}, {{$guid}}',
    input: lines('GET http://a/{{x}}?q={{ y }}', 'X-A: {{{z}}}', 'X-B: {{$guid}}'),
    want: { excludes: ['unclosed-variable'] },
  },
  {
    name: 'JSON body with {{variables}} is not checked',
    input: lines('POST http://a/', 'Content-Type: application/json', '', '{"a": {{n}}}'),
    want: { diagnostics: [] },
  },
];

describe('http-file: diagnostics', () => {
  describe('Content-Length check', () => runRows(contentLength));
  describe('CR, LF, NUL and the request-target', () => runRows(controls));
  describe('not yet: parsed, flagged, the rest works', () => runRows(notYet));
  describe('other checks', () => runRows(other));
  describe('the same rows with CRLF line ends', () => runRowsWithCrlf([...controls, ...notYet, ...other]));
});
