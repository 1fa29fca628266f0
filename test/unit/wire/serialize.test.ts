/**
 * Request serialization: what would corrupt the message on the wire (CR, LF, NUL, spaces, non-token
 * methods and names) is refused with HW_INVALID_REQUEST before any byte is written (style guide §5,
 * undici test/request-crlf.js); everything else goes out exactly as given.
 */

import assert from 'node:assert/strict';
import type * as net from 'node:net';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import type { RawHeader } from '../../../src/core/response/model';
import { serializeHead, validateRequest } from '../../../src/core/wire/serialize';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { onRequests } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, expectWireError, Harness, record } from './support-a';

interface Invalid {
  readonly name: string;
  readonly method?: string;
  readonly target?: string;
  readonly headers?: readonly RawHeader[];
  readonly message: RegExp;
}

const INVALID: readonly Invalid[] = [
  // Header values: CR, LF or NUL would end the header and start another (header injection).
  { name: 'CRLF in a header value', headers: [['X-A', 'a\r\nInjected: 1']], message: /"X-A" contains CR/ },
  { name: 'bare LF in a header value', headers: [['X-A', 'a\nInjected: 1']], message: /"X-A" contains LF/ },
  { name: 'bare CR in a header value', headers: [['X-A', 'a\rb']], message: /"X-A" contains CR/ },
  { name: 'NUL in a header value', headers: [['X-A', 'a\0b']], message: /"X-A" contains NUL/ },
  { name: 'a trailing CRLF in a header value', headers: [['X-A', 'a\r\n']], message: /contains CR/ },
  { name: 'a whole request smuggled in a value', headers: [['X-A', 'x\r\n\r\nGET /admin HTTP/1.1\r\nHost: a']], message: /contains CR/ },
  // Header names must be tokens (RFC 9110 §5.1).
  { name: 'CRLF in a header name', headers: [['X-A\r\nInjected', '1']], message: /header name .* contains CR/ },
  { name: 'LF in a header name', headers: [['X-A\nB', '1']], message: /contains LF/ },
  { name: 'NUL in a header name', headers: [['X-\0A', '1']], message: /contains NUL/ },
  { name: 'a space in a header name', headers: [['X A', '1']], message: /header name "X A" is not a valid token/ },
  { name: 'a colon in a header name', headers: [['X:A', '1']], message: /not a valid token/ },
  { name: 'an empty header name', headers: [['', '1']], message: /header name "" is not a valid token/ },
  { name: 'a non-ASCII header name', headers: [['Größe', '1']], message: /not a valid token/ },
  { name: 'a tab in a header name', headers: [['X\tA', '1']], message: /not a valid token/ },
  // The request-target (RFC 9112 §3.2): no whitespace or controls.
  { name: 'a space in the target', target: '/a b', message: /request-target contains a space/ },
  { name: 'CRLF in the target', target: '/a\r\nInjected: 1', message: /request-target contains CR/ },
  { name: 'LF in the target', target: '/a\nb', message: /request-target contains LF/ },
  { name: 'NUL in the target', target: '/a\0b', message: /request-target contains NUL/ },
  { name: 'a tab in the target', target: '/a\tb', message: /request-target contains 0x09/ },
  { name: 'DEL in the target', target: '/a\x7fb', message: /request-target contains 0x7f/ },
  { name: 'an empty target', target: '', message: /request-target is empty/ },
  { name: 'a target with a fake version', target: '/ HTTP/1.1\r\nHost: evil\r\n\r\nGET /', message: /request-target contains a space/ },
  // The method is a token (RFC 9110 §9.1).
  { name: 'a space in the method', method: 'GE T', message: /method "GE T" is not a valid token/ },
  { name: 'CRLF in the method', method: 'GET\r\n', message: /method/ },
  { name: 'an empty method', method: '', message: /method "" is not a valid token/ },
  { name: 'a slash in the method', method: 'GET/', message: /method/ },
  { name: 'parentheses in the method', method: '(GET)', message: /method/ },
  { name: 'a non-ASCII method', method: 'GÉT', message: /method/ },
];

const VALID: readonly { name: string; method?: string; target?: string; headers?: readonly RawHeader[] }[] = [
  { name: 'an extension method', method: 'M-SEARCH' },
  { name: 'a lower-case method (methods are case-sensitive tokens)', method: 'get' },
  { name: 'asterisk form', method: 'OPTIONS', target: '*' },
  { name: 'absolute form', target: 'http://example.com/a?b=c#' },
  { name: 'authority form', method: 'CONNECT', target: 'example.com:443' },
  { name: 'a tab and spaces inside a value', headers: [['X-A', 'a\tb c']] },
  { name: 'an empty value', headers: [['X-Empty', '']] },
  { name: 'non-ASCII in a value', headers: [['X-Name', 'García 日本']] },
  { name: 'every token character in a name', headers: [["!#$%&'*+-.^_`|~09AZaz", '1']] },
];

function requestOf(row: { method?: string; target?: string; headers?: readonly RawHeader[] }, url = 'http://127.0.0.1:9/'): WireRequest {
  return wireRequest(url, {
    ...(row.method !== undefined ? { method: row.method } : {}),
    ...(row.target !== undefined ? { target: row.target } : {}),
    headers: [['Host', 'h'], ...(row.headers ?? [])],
  });
}

describe('wire: validateRequest / serializeHead', () => {
  for (const row of INVALID) {
    it(`refuses ${row.name}`, () => {
      const request = requestOf(row);
      for (const run of [() => validateRequest(request.method, request.target, request.headers), () => serializeHead(request)]) {
        assert.throws(run, (err: unknown) => {
          assert.ok(err instanceof HttpWireError, String(err));
          assert.equal(err.code, ErrorCodes.invalidRequest);
          assert.match(err.message, row.message);
          return true;
        });
      }
    });
  }

  for (const row of VALID) {
    it(`accepts ${row.name}`, () => {
      const request = requestOf(row);
      validateRequest(request.method, request.target, request.headers);
      const head = serializeHead(request).toString('utf8');
      assert.ok(head.startsWith(`${request.method} ${request.target} HTTP/1.1\r\n`), head);
    });
  }

  it('writes headers in the given order and case, duplicates kept', () => {
    const request = wireRequest('http://h/', {
      method: 'POST',
      target: '/x?y=1',
      headers: [['host', 'h'], ['X-Dup', '1'], ['content-TYPE', 'text/plain'], ['x-dup', '2'], ['X-Dup', '3'], ['X-Empty', '']],
    });
    assert.equal(serializeHead(request).toString('latin1'), 'POST /x?y=1 HTTP/1.1\r\nhost: h\r\nX-Dup: 1\r\ncontent-TYPE: text/plain\r\nx-dup: 2\r\nX-Dup: 3\r\nX-Empty: \r\n\r\n');
  });

  it('writes non-ASCII header values as UTF-8 bytes', () => {
    const head = serializeHead(wireRequest('http://h/', { headers: [['Host', 'h'], ['X-Name', 'García ✓']] }));
    assert.ok(head.includes(Buffer.from('X-Name: Garc\xc3\xada \xe2\x9c\x93\r\n', 'latin1')), head.toString('latin1'));
  });

  it('writes the HTTP/1.0 request line', () => {
    assert.equal(serializeHead(wireRequest('http://h/', { httpVersion: 'HTTP/1.0', headers: [] })).toString(), 'GET / HTTP/1.0\r\n\r\n');
  });
});

describe('wire: invalid requests through HttpClient write nothing', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /** A server that records every byte and connection, and answers valid requests. */
  async function recordingServer(): Promise<{ url: (p?: string) => string; bytes: () => Buffer; sockets: net.Socket[]; connections: () => number }> {
    const recorded: (() => Buffer)[] = [];
    const sockets: net.Socket[] = [];
    const server = await h.server((socket) => {
      sockets.push(socket);
      recorded.push(record(socket).bytes);
      onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    });
    return { url: (p) => server.url(p), bytes: () => Buffer.concat(recorded.map((b) => b())), sockets, connections: () => server.connectionCount };
  }

  for (const row of INVALID) {
    it(`${row.name}: HW_INVALID_REQUEST, 0 bytes sent`, async () => {
      const server = await recordingServer();
      const client = h.client();
      await expectWireError(client.send(requestOf(row, server.url())), ErrorCodes.invalidRequest, row.message);
      // A valid request afterwards: everything the server ever got must be that request alone.
      const valid = await client.send(wireRequest(server.url('/valid')));
      assert.equal(valid.body.toBuffer().toString(), 'ok');
      assert.equal(server.bytes().toString('latin1'), valid.capture.sent.toString('latin1'), 'the server got bytes of the invalid request');
    });
  }

  it('an invalid request with a body writes neither head nor body', async () => {
    const server = await recordingServer();
    const client = h.client();
    const request = wireRequest(server.url(), {
      method: 'POST',
      headers: [['Host', 'h'], ['X-A', 'a\r\nb'], ['Content-Length', '4']],
      body: [{ type: 'bytes', bytes: Buffer.from('body') }],
    });
    await expectWireError(client.send(request), ErrorCodes.invalidRequest);
    await client.send(wireRequest(server.url()));
    assert.ok(!server.bytes().includes('body'));
  });

  it('an invalid request leaves no connection open', async () => {
    const server = await recordingServer();
    const client = h.client();
    await expectWireError(client.send(requestOf({ headers: [['X-A', 'a\nb']] }, server.url())), ErrorCodes.invalidRequest);
    client.close();
    // Either no connection was opened, or the client closed the one it opened.
    await Promise.all(server.sockets.map((s, i) => closed(s, 1000, `the client to close connection ${i} of the refused request`)));
  });

  it('sends non-ASCII header values as UTF-8 bytes on the wire', async () => {
    const server = await recordingServer();
    const r = await h.client().send(wireRequest(server.url(), { headers: [['Host', 'h'], ['X-Name', 'García']] }));
    const expected = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: h\r\nX-Name: Garc'), Buffer.from([0xc3, 0xad]), Buffer.from('a\r\n\r\n')]);
    assert.ok(server.bytes().equals(expected), server.bytes().toString('latin1'));
    assert.ok(r.capture.sent.equals(expected));
  });

  it('sends headers in the given order and case, duplicates kept', async () => {
    const server = await recordingServer();
    const headers: RawHeader[] = [['hOsT', 'h'], ['Set-Thing', 'a'], ['accept', '*/*'], ['set-thing', 'b'], ['Set-Thing', 'c']];
    await h.client().send(wireRequest(server.url('/p?q=1'), { headers }));
    assert.equal(server.bytes().toString('latin1'), 'GET /p?q=1 HTTP/1.1\r\nhOsT: h\r\nSet-Thing: a\r\naccept: */*\r\nset-thing: b\r\nSet-Thing: c\r\n\r\n');
  });

  it('sends the body bytes exactly after the head', async () => {
    const server = await recordingServer();
    const body = Buffer.from([0, 1, 2, 13, 10, 13, 10, 255, 0x80]);
    await h.client().send(wireRequest(server.url(), { method: 'POST', headers: [['Host', 'h'], ['Content-Length', String(body.length)]], body: [{ type: 'bytes', bytes: body }] }));
    const expected = Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    assert.ok(server.bytes().equals(expected), server.bytes().toString('latin1'));
  });
});
