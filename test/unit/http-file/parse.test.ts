/**
 * http-file-format.md, "A file": BOM, line ends, `###` separators, implicit separation and comments.
 * Metadata, file variables and other tools' blocks are in file-blocks.test.ts.
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const bom: Row[] = [
  {
    name: 'BOM: skipped before a request line',
    input: '\uFEFFGET http://a/x',
    want: { requests: [{ method: 'GET', target: 'http://a/x', url: 'http://a/x', line: 0 }], diagnostics: [], lineCount: 1 },
  },
  {
    name: 'BOM: skipped before a ### title',
    input: '\uFEFF### First\nGET http://a/',
    want: { requests: [{ title: 'First', name: 'First', line: 1 }], diagnostics: [] },
  },
  {
    name: 'BOM: skipped before a file variable',
    input: '\uFEFF@host = a.com\nGET http://{{host}}/',
    want: { variables: [['host', 'a.com']], requests: [{ url: 'http://a.com/' }], diagnostics: [] },
  },
  {
    name: 'BOM: skipped before metadata',
    input: '\uFEFF# @name first\nGET http://a/',
    want: { requests: [{ name: 'first', metadata: [['name', 'first']] }], diagnostics: [] },
  },
  {
    name: 'BOM: skipped in a CRLF file',
    input: '\uFEFFGET http://a/x\r\nAccept: */*\r\n',
    want: { requests: [{ target: 'http://a/x', headers: [['Accept', '*/*']] }], diagnostics: [], lineCount: 3 },
  },
];

const lineEnds: Row[] = [
  {
    name: 'line ends: LF',
    input: 'GET http://a/1\nAccept: a\n\nGET http://a/2',
    want: { requests: [{ line: 0, headers: [['Accept', 'a']] }, { line: 3, headers: [] }], diagnostics: [], lineCount: 4 },
  },
  {
    name: 'line ends: CRLF',
    input: 'GET http://a/1\r\nAccept: a\r\n\r\nGET http://a/2',
    want: { requests: [{ line: 0, headers: [['Accept', 'a']] }, { line: 3, headers: [] }], diagnostics: [], lineCount: 4 },
  },
  {
    name: 'line ends: LF and CRLF mixed in one file',
    input: 'GET http://a/1\r\nAccept: a\n\r\nGET http://a/2\nAccept: b\r\n',
    want: {
      requests: [
        { line: 0, headers: [['Accept', 'a']] },
        { line: 3, headers: [['Accept', 'b']] },
      ],
      diagnostics: [],
      lineCount: 6,
    },
  },
  {
    name: 'line ends: a lone CR counts as one line',
    input: 'GET http://a/1\rAccept: a\r\rGET http://a/2',
    want: { requests: [{ line: 0, headers: [['Accept', 'a']] }, { line: 3 }], diagnostics: [], lineCount: 4 },
  },
  {
    name: 'line ends: CRLF, lone CR and LF each end exactly one line',
    input: 'GET http://a/1\r\n\rGET http://a/2\n\r\nGET http://a/3',
    want: { requests: [{ line: 0 }, { line: 2 }, { line: 4 }], diagnostics: [], lineCount: 5 },
  },
  {
    name: 'line ends: a final line end opens an empty last line',
    input: 'GET http://a/\n',
    want: { requests: [{ line: 0 }], lineCount: 2 },
  },
  {
    name: 'line ends: an empty file has one line and no request',
    input: '',
    want: { requests: [], diagnostics: [], lineCount: 1 },
  },
];

const separators: Row[] = [
  {
    name: '###: the text after ### is the title and the name',
    input: '### Get the list\nGET http://a/',
    want: { requests: [{ title: 'Get the list', name: 'Get the list', line: 1, range: [0, 1] }], diagnostics: [] },
  },
  {
    name: '###: after optional spaces',
    input: '   ### Indented\nGET http://a/',
    want: { requests: [{ title: 'Indented', line: 1 }], diagnostics: [] },
  },
  {
    name: '###: title written without a space',
    input: '###Login\nGET http://a/',
    want: { requests: [{ title: 'Login', name: 'Login' }], diagnostics: [] },
  },
  {
    name: '###: no title',
    input: '###\nGET http://a/',
    want: { requests: [{ title: undefined, name: undefined }], diagnostics: [] },
  },
  {
    name: '###: # @name wins over the title as the name',
    input: '### The title\n# @name login\nGET http://a/',
    want: { requests: [{ title: 'The title', name: 'login' }], diagnostics: [] },
  },
  {
    name: '###: separates requests',
    input: 'GET http://a/1\n###\nGET http://a/2\n### two\nGET http://a/3',
    want: {
      requests: [
        { line: 0, extent: [0, 0], title: undefined },
        { line: 2, extent: [1, 2], title: undefined },
        { line: 4, extent: [3, 4], title: 'two' },
      ],
      diagnostics: [],
    },
  },
  {
    name: '###: consecutive ### lines make no empty requests',
    input: lines('###', '###', '', '### Real', 'GET http://a/', '###', '###', ''),
    want: { requests: [{ title: 'Real', line: 4, range: [3, 4] }], diagnostics: [] },
  },
  {
    name: '###: consecutive ### lines, the title is the one right above the request',
    input: lines('### A', '### B', 'GET http://a/'),
    want: { requests: [{ title: 'B', line: 2 }], diagnostics: [] },
  },
  {
    name: '###: ##### banner lines make no empty requests',
    input: lines(
      '#####################',
      '# Users',
      '#####################',
      '',
      '### List',
      'GET http://a/users',
      '',
      '#####################',
      '# Orders',
      '#####################',
      '',
      '### List orders',
      'GET http://a/orders',
    ),
    want: { requests: [{ name: 'List', line: 5 }, { name: 'List orders', line: 12 }], diagnostics: [] },
  },
  {
    name: '###: a request right under a banner line',
    input: '##### Users #####\nGET http://a/users',
    want: { requests: [{ target: 'http://a/users', line: 1 }], diagnostics: [] },
  },
  {
    name: '###: a trailing ### makes no empty request',
    input: 'GET http://a/\n\n###\n',
    want: { requests: [{ line: 0 }], diagnostics: [] },
  },
  {
    name: '###: ends a body',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'hello', '### next', 'POST http://a/2'),
    want: { requests: [{ body: 'hello' }, { title: 'next', body: null }], diagnostics: [] },
  },
];

/** RFC 4918 WebDAV verbs and the other standard methods that may start a request without `###`. */
const STANDARD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'GRAPHQL', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK'];

const implicit: Row[] = [
  {
    name: 'implicit separation: one-line GETs under each other',
    input: lines('GET http://a/1', 'GET http://a/2', 'GET http://a/3'),
    want: {
      requests: [
        { target: 'http://a/1', extent: [0, 0] },
        { target: 'http://a/2', extent: [1, 1] },
        { target: 'http://a/3', extent: [2, 2] },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'implicit separation: POSTs separated by blank lines',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'one', '', 'POST http://a/2', 'Content-Type: text/plain', '', 'two'),
    want: {
      requests: [
        { target: 'http://a/1', body: 'one', range: [0, 3] },
        { target: 'http://a/2', body: 'two', line: 5, range: [5, 8] },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'implicit separation: after a comment line, which belongs to the new request',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'one', '# @name second', 'POST http://a/2'),
    want: {
      requests: [
        { body: 'one', name: undefined },
        { name: 'second', line: 5, range: [4, 5] },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'implicit separation: where a header was expected',
    input: lines('GET http://a/1', 'Accept: text/html', 'GET http://a/2', 'Accept: application/json'),
    want: {
      requests: [
        { target: 'http://a/1', headers: [['Accept', 'text/html']] },
        { target: 'http://a/2', headers: [['Accept', 'application/json']] },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'implicit separation: a # @name line where a header was expected belongs to the next request',
    input: lines('GET http://a/1', '# @name second', 'GET http://a/2'),
    want: { requests: [{ name: undefined, headers: [] }, { name: 'second', line: 2, range: [1, 2] }], diagnostics: [] },
  },
  {
    name: 'implicit separation: after query continuation lines',
    input: lines('GET http://a/1', '  ?a=1', 'GET http://a/2'),
    want: { requests: [{ target: 'http://a/1?a=1' }, { target: 'http://a/2' }], diagnostics: [] },
  },
  {
    name: 'implicit separation: after a JSON body and a blank line',
    input: lines('POST http://a/1', 'Content-Type: application/json', '', '{', '  "a": 1', '}', '', 'PUT http://a/2', 'Content-Type: application/json', '', '[1]'),
    want: { requests: [{ body: '{\n  "a": 1\n}' }, { method: 'PUT', body: '[1]' }], diagnostics: [] },
  },
  {
    name: 'implicit separation: a text body line GET /x after a blank line starts a request',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'hello', '', 'GET /x', 'Host: a'),
    want: { requests: [{ body: 'hello' }, { target: '/x', url: 'http://a/x' }], diagnostics: [] },
  },
  {
    name: 'implicit separation: targets /, http://, https://, {{, host name, host:port, localhost',
    input: lines(
      'GET http://a/0',
      '',
      'GET /1',
      'Host: a',
      '',
      'GET https://a/2',
      '',
      'GET {{base}}/3',
      '',
      'GET example.com/4',
      '',
      'GET localhost:8080/5',
      '',
      'DELETE api.example.com',
    ),
    want: {
      requests: [
        { target: 'http://a/0' },
        { target: '/1' },
        { target: 'https://a/2' },
        { target: '{{base}}/3' },
        { target: 'example.com/4' },
        { target: 'localhost:8080/5' },
        { target: 'api.example.com' },
      ],
    },
  },
  {
    name: 'implicit separation: HTTP version on the lines',
    input: lines('GET http://a/1 HTTP/1.1', 'GET http://a/2 HTTP/1.1'),
    want: { requests: [{ target: 'http://a/1' }, { target: 'http://a/2' }], diagnostics: [] },
  },
  ...STANDARD.map(
    (method): Row => ({
      name: `implicit separation: standard method ${method}`,
      input: lines('GET http://a/0', `${method} http://a/1`),
      want: { requests: [{ method: 'GET' }, { method, target: 'http://a/1' }] },
    }),
  ),
  {
    name: 'implicit separation, not: a METHOD line right after body content',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'To reproduce, send', 'GET /x', 'and look at the answer'),
    want: { requests: [{ body: 'To reproduce, send\nGET /x\nand look at the answer' }], diagnostics: [] },
  },
  {
    name: 'implicit separation, not: a lower-case method after a blank line',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'hello', '', 'get http://a/2'),
    want: { requests: [{ body: 'hello\n\nget http://a/2' }], diagnostics: [] },
  },
  {
    name: 'implicit separation, not: a lower-case method where a header was expected (an invalid header)',
    input: lines('GET http://a/1', 'get http://a/2'),
    want: { requests: [{ target: 'http://a/1' }], includes: [{ code: 'invalid-header', line: 1 }] },
  },
  {
    name: 'implicit separation, not: a method that is not standard',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'hello', '', 'FETCH http://a/2'),
    want: { requests: [{ body: 'hello\n\nFETCH http://a/2' }], diagnostics: [] },
  },
  {
    name: 'implicit separation, not: an indented METHOD line',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'hello', '', '  GET http://a/2'),
    want: { requests: [{ body: 'hello\n\n  GET http://a/2' }], diagnostics: [] },
  },
  {
    name: 'implicit separation, not: a line with words after the target (not METHOD target [HTTP/x.y])',
    input: lines('POST http://a/1', 'Content-Type: text/plain', '', 'Steps:', '', 'GET /x and compare the answers'),
    want: { requests: [{ body: 'Steps:\n\nGET /x and compare the answers' }], diagnostics: [] },
  },
];

const comments: Row[] = [
  {
    name: 'comments: # and // before the request line, also indented',
    input: lines('# a comment', '// another', '  # indented', '\t// tab', 'GET http://a/'),
    want: { requests: [{ line: 4, metadata: [], range: [0, 4] }], diagnostics: [] },
  },
  {
    name: 'comments: between requests, belonging to the next one',
    input: lines('GET http://a/1', '', '# about the next one', '// more', 'GET http://a/2'),
    want: { requests: [{ line: 0, range: [0, 0] }, { line: 4, range: [2, 4] }], diagnostics: [] },
  },
];

describe('http-file: a file', () => {
  describe('BOM', () => runRows(bom));
  describe('line ends', () => runRows(lineEnds));
  describe('### separators', () => runRows(separators));
  describe('implicit separation', () => runRows(implicit));
  describe('comments', () => runRows(comments));
  describe('the same rows with CRLF line ends', () => runRowsWithCrlf([...separators, ...implicit, ...comments]));
});
