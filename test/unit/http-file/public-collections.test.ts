/**
 * Constructs found in public `.http` collections that the parser once misread (issue 10, item 7):
 * Markdown in block comments, whole requests indented as one block, closing `#`s on a title, file
 * variables after a response handler or a pasted response, unclosed GraphQL fragments. httpYac
 * reads each of these as the rows want (checked with httpYac 6.16.7), except `### Users ###`,
 * whose closing `#`s it keeps in the name.
 */

import { lines, runRows, runRowsWithCrlf, type Row } from './helpers';

const blockComments: Row[] = [
  {
    name: 'issue 10, item 7: a ### heading inside a /* */ comment straight after the headers separates nothing',
    input: lines('GET http://a/x', 'Accept: */*', '/*', '### Another', 'Markdown text', '*/', '', '###', 'GET http://a/y'),
    want: {
      requests: [
        { line: 0, headers: [['Accept', '*/*']], name: undefined, body: null },
        { line: 8, url: 'http://a/y' },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'issue 10, item 7: a one-line /* */ comment between headers is no header',
    input: lines('GET http://a/x', 'Accept: */*', '/* why: the API wants it */', 'X-Trace: on'),
    want: { requests: [{ headers: [['Accept', '*/*'], ['X-Trace', 'on']] }], diagnostics: [] },
  },
  {
    name: 'issue 10, item 7: a ### heading in a /* */ comment after a GET, then the next request without ###',
    input: lines('GET http://a/x', '', '/*', '## Users', '### List them', '*/', 'GET http://a/y'),
    want: {
      requests: [
        { line: 0, body: null, range: [0, 5] },
        { line: 6, url: 'http://a/y', name: undefined },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'issue 10, item 7: Markdown with ### headings in a /* */ comment above a request',
    input: lines('/*', '# API', '### Login', 'POST /login', '*/', 'POST http://a/login', 'Content-Type: application/json', '', '{}'),
    want: { requests: [{ line: 5, method: 'POST', body: '{}', name: undefined }], diagnostics: [] },
  },
];

const indented: Row[] = [
  {
    name: 'issue 10, item 7: a whole request indented: lines indented like the request line are headers',
    input: lines('  GET http://a/x', '  Accept: */*', '  X-Trace: on', '', '###', '    POST http://a/y', '    Content-Type: text/plain', '', '    body'),
    want: {
      requests: [
        { target: 'http://a/x', headers: [['Accept', '*/*'], ['X-Trace', 'on']], targetEndLine: 0, body: null },
        { target: 'http://a/y', headers: [['Content-Type', 'text/plain']], body: '    body' },
      ],
      diagnostics: [],
    },
  },
  {
    name: 'issue 10, item 7: in an indented request, only lines indented more than the request line continue the URL',
    input: lines('  GET http://a/x', '      /users', '      ?page=2', '  Accept: */*', '    ; q=1'),
    want: { requests: [{ target: 'http://a/x/users?page=2', targetEndLine: 2, headers: [['Accept', '*/* ; q=1']] }], diagnostics: [] },
  },
  {
    name: 'issue 10, item 7: a Name: value line never continues a URL, however it is indented',
    input: lines('GET http://a/x', '    Accept: */*', '    X-Trace: on'),
    want: { requests: [{ target: 'http://a/x', targetEndLine: 0, headers: [['Accept', '*/*'], ['X-Trace', 'on']] }], diagnostics: [] },
  },
  {
    name: 'issue 10, item 7: an indented URL with a scheme still continues the request line',
    input: lines('GET', '    https://a/x'),
    want: { requests: [{ method: 'GET', target: 'https://a/x', targetEndLine: 1 }] },
  },
  {
    name: 'issue 10, item 7: an indented # or // line under the request line is a comment',
    input: lines('GET http://a/x', '  # the filter below is optional', '  // so is this', 'Accept: */*'),
    want: { requests: [{ target: 'http://a/x', targetEndLine: 0, headers: [['Accept', '*/*']] }], diagnostics: [] },
  },
  {
    name: 'issue 10, item 7: an indented /* comment under the request line is a comment',
    input: lines('GET http://a/x', '  /* the page is optional */', 'Accept: */*'),
    want: { requests: [{ target: 'http://a/x', targetEndLine: 0, headers: [['Accept', '*/*']] }], diagnostics: [] },
  },
  {
    name: 'issue 10, item 7: an indented comment in an indented request',
    input: lines('  GET http://a/x', '    # note', '  Accept: */*'),
    want: { requests: [{ target: 'http://a/x', headers: [['Accept', '*/*']] }], diagnostics: [] },
  },
];

const titles: Row[] = [
  ...[
    ['### Users ###', 'Users'],
    ['#### Admin ####', 'Admin'],
    ['### Users  ##', 'Users'],
    ['### C#', 'C#'],
    ['### Users###', 'Users###'],
    ['### ###', undefined],
  ].map(
    ([line, title]): Row => ({
      name: `issue 10, item 7: "${line}" names the request ${title === undefined ? 'nothing' : `"${title}"`}`,
      input: lines(line!, 'GET http://a/x'),
      want: { requests: [{ title, name: title }], diagnostics: [] },
    }),
  ),
];

const afterTheBody: Row[] = [
  {
    name: 'issue 10, item 7: a file variable after a response handler script is kept',
    input: lines('GET http://a/x', '', '> {%', '  client.global.set("t", 1);', '%}', '', '@host = http://b', '', 'GET {{host}}/y'),
    want: {
      variables: [['host', 'http://b']],
      requests: [{ url: 'http://a/x', unsupported: [['response-handler', 2, 4]] }, { url: 'http://b/y', unsupported: [] }],
      diagnostics: ['not-supported@2'],
    },
  },
  {
    name: 'issue 10, item 7: a file variable right after a handler file line is kept',
    input: lines('GET http://a/x', '', '> ./handler.js', '@host = http://b', '', '###', 'GET {{host}}/y'),
    want: { variables: [['host', 'http://b']], requests: [{ url: 'http://a/x' }, { url: 'http://b/y' }], diagnostics: ['not-supported@2'] },
  },
  {
    name: 'issue 10, item 7: a file variable after a pasted response is kept, and is no part of it',
    input: lines('GET http://a/x', '', 'HTTP/1.1 200 OK', 'Content-Type: text/plain', '', 'hello', '', '@host = http://b', '', '###', 'GET {{host}}/y'),
    want: {
      variables: [['host', 'http://b']],
      requests: [{ url: 'http://a/x', pastedResponse: [2, 5] }, { url: 'http://b/y', pastedResponse: null }],
      diagnostics: [],
    },
  },
  {
    name: 'issue 10, item 7: comments above a request stay its own after a handler script',
    input: lines('# Reads the user', 'GET http://a/x', '', '> {% client.log(1) %}'),
    want: { requests: [{ range: [0, 3], extent: [0, 3], unsupported: [['response-handler', 3, 3]] }], diagnostics: ['not-supported@3'] },
  },
  {
    name: 'issue 10, item 7: comments above a request stay its own after a file variable below it',
    input: lines('# Reads the user', 'GET http://a/x', '@v = 1'),
    want: { requests: [{ range: [0, 2], extent: [0, 2] }], variables: [['v', '1']], diagnostics: [] },
  },
];

const fragments: Row[] = [
  {
    name: 'issue 10, item 7: an unclosed GraphQL fragment ends at the next blank line, not at ###',
    input: lines('fragment F on User {', '  id', '', 'GRAPHQL http://a/g', '', 'query { me { ...F } }', '###', 'GET http://a/y'),
    want: {
      fragments: ['F'],
      requests: [{ method: 'GRAPHQL', line: 3 }, { line: 7, url: 'http://a/y' }],
    },
  },
  {
    name: 'issue 10, item 7: an unclosed GraphQL fragment right above a request line ends above it',
    input: lines('fragment F on User {', '  id', 'GRAPHQL http://a/g', '', 'query { me { id } }'),
    want: { fragments: ['F'], requests: [{ method: 'GRAPHQL', line: 2 }] },
  },
  {
    name: 'issue 10, item 7: a closed GraphQL fragment may hold blank lines',
    input: lines('fragment F on User {', '  id', '', '  name', '}', '', 'GRAPHQL http://a/g', '', 'query { me { ...F } }'),
    want: {
      fragments: ['F'],
      requests: [{ line: 6, graphql: { query: 'query { me { ...F } } fragment F on User { id name }', variables: null } }],
      diagnostics: [],
    },
  },
];

describe('http-file: constructs of public collections (issue 10, item 7)', () => {
  describe('/* */ comments hold ### headings', () => runRows(blockComments));
  describe('indented requests and comments', () => runRows(indented));
  describe('### titles with closing #s', () => runRows(titles));
  describe('after the body: handlers, pasted responses, variables', () => runRows(afterTheBody));
  describe('unclosed GraphQL fragments', () => runRows(fragments));
  describe('the same rows with CRLF line ends', () => runRowsWithCrlf([...blockComments, ...indented, ...titles, ...afterTheBody, ...fragments]));
});
