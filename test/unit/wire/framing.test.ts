/**
 * Message framing over real loopback sockets (RFC 9112 §6): each response is written in one piece,
 * one byte per write, and dripped slowly, and every way must give the same result. The parser is
 * also fed each response split at every byte. The capture must hold the exact bytes both ways.
 */

import assert from 'node:assert/strict';
import type * as net from 'node:net';
import { gzipSync } from 'node:zlib';
import type { RawHeader, ResponseHead } from '../../../src/core/response/model';
import type { SendResult } from '../../../src/core/wire/send-result';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { onRequests, type RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, everyByte, Harness, parseInPieces, record, summarize, WRITE_MODES, writeIn } from './support-a';

interface Row {
  readonly name: string;
  readonly method?: string;
  /** The response exactly as the server writes it. */
  readonly response: string;
  /** The server closes after writing (a close-delimited body). */
  readonly isClosedAfter?: boolean;
  readonly want: {
    readonly status: number;
    readonly reason?: string;
    readonly headers?: readonly RawHeader[];
    readonly body: string;
    readonly informational?: readonly number[];
    readonly trailers?: readonly RawHeader[];
    readonly warnings?: number;
    /** May the next request go on the same connection? */
    readonly isReused: boolean;
  };
}

const ROWS: readonly Row[] = [
  {
    name: 'Content-Length body',
    response: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world',
    want: { status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain'], ['Content-Length', '11']], body: 'hello world', isReused: true },
  },
  {
    name: 'Content-Length: 0',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    want: { status: 200, body: '', isReused: true },
  },
  {
    name: 'binary body that contains CRLFs and a fake status line',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 25\r\n\r\n\r\n\r\nHTTP/1.1 500 No\r\n\0\0\r\n',
    want: { status: 200, body: '\r\n\r\nHTTP/1.1 500 No\r\n\0\0\r\n', isReused: true },
  },
  {
    name: 'chunked with extensions and trailers (RFC 9112 §7.1)',
    response:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n' +
      '5;name=value\r\nhello\r\n6;a;b="c d"\r\n world\r\n0;last\r\nX-Checksum: abc\r\nx-other: 1\r\n\r\n',
    want: {
      status: 200,
      headers: [['Transfer-Encoding', 'chunked'], ['Trailer', 'X-Checksum']],
      body: 'hello world',
      trailers: [['X-Checksum', 'abc'], ['x-other', '1']],
      isReused: true,
    },
  },
  {
    name: 'chunked with upper-case hex, leading zeros and no trailers',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00A\r\n0123456789\r\n1\r\n!\r\n0000\r\n\r\n',
    want: { status: 200, body: '0123456789!', trailers: [], isReused: true },
  },
  {
    name: 'chunk sizes of 16 digits with leading zeros (as curl reads them)',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000005\r\nhello\r\n0000000000000000\r\n\r\n',
    want: { status: 200, body: 'hello', trailers: [], isReused: true },
  },
  {
    name: 'close-delimited body (no length, RFC 9112 §6.3 rule 8)',
    response: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the server closes\r\n\r\n',
    isClosedAfter: true,
    want: { status: 200, body: 'until the server closes\r\n\r\n', isReused: false },
  },
  {
    name: 'a 200 to CONNECT: no body is read (RFC 9112 §6.3 rule 2), and the tunnel is not reused',
    method: 'CONNECT',
    response: 'HTTP/1.1 200 Connection Established\r\n\r\n',
    want: { status: 200, body: '', warnings: 1, isReused: false },
  },
  {
    name: 'HEAD with Content-Length: no body is read',
    method: 'HEAD',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\n',
    want: { status: 200, body: '', isReused: true },
  },
  {
    name: 'HEAD with Transfer-Encoding: chunked: no body is read',
    method: 'HEAD',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
    want: { status: 200, body: '', isReused: true },
  },
  {
    name: '204 No Content',
    response: 'HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n',
    want: { status: 204, reason: 'No Content', body: '', isReused: true },
  },
  {
    name: '304 Not Modified with a Content-Length of the full entity',
    response: 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 50\r\n\r\n',
    want: { status: 304, body: '', isReused: true },
  },
  {
    name: '100 Continue then 200',
    response: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    want: { status: 200, body: 'ok', informational: [100], isReused: true },
  },
  {
    name: '103 Early Hints then 200',
    response: 'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nLink: </app.js>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody',
    want: { status: 200, body: 'body', informational: [103], isReused: true },
  },
  {
    name: 'header order, case and duplicates kept; obs-fold joined with a space (RFC 9112 §5.2)',
    response: 'HTTP/1.1 200 Fine Thanks\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\nX-Dup: 1\r\nX-Folded: one\r\n  two\r\nx-dup: 2\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n',
    want: {
      status: 200,
      reason: 'Fine Thanks',
      headers: [['set-cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-Dup', '1'], ['X-Folded', 'one two'], ['x-dup', '2'], ['X-Empty', ''], ['Content-Length', '0']],
      body: '',
      isReused: true,
    },
  },
  {
    name: 'Transfer-Encoding and Content-Length both: chunked wins, warned, not reused (RFC 9112 §6.1)',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    want: { status: 200, body: 'abc', warnings: 1, isReused: false },
  },
];

const bytesOf = (text: string): Buffer => Buffer.from(text, 'latin1');

/** What a send gave, in a form two sends can be compared by. */
function resultOf(r: SendResult): unknown {
  const head = (x: ResponseHead): unknown => ({ ...x });
  return {
    informational: r.informational.map(head),
    response: head(r.response),
    trailers: r.trailers,
    body: r.rawBody.toBuffer().toString('latin1'),
    warnings: r.warnings,
    received: r.capture.received.toString('latin1'),
    receivedBytes: r.capture.receivedBytes,
  };
}

describe('wire: framing over real sockets', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  for (const row of ROWS) {
    describe(row.name, () => {
      it('parses the same split at every byte (parser only)', () => {
        const bytes = bytesOf(row.response);
        const options = { isHeadRequest: row.method === 'HEAD', isConnectRequest: row.method === 'CONNECT', isFinished: row.isClosedAfter };
        const whole = parseInPieces(bytes, [], options);
        assert.equal(whole.error, undefined, whole.error?.message);
        assert.equal(whole.isComplete, true);
        assert.equal(whole.body.toString('latin1'), row.want.body);
        assert.equal(whole.used, bytes.length);
        assert.deepEqual(summarize(parseInPieces(bytes, everyByte(bytes.length), options)), summarize(whole));
      });

      const results: unknown[] = [];
      for (const mode of WRITE_MODES) {
        it(`over a socket, written ${mode}`, async () => {
          const response = bytesOf(row.response);
          let sent: Buffer | undefined;
          let requests = 0;
          const server = await h.server((socket) => {
            const seen = record(socket);
            onRequests(socket, (_head, _body) => {
              if (requests++ > 0) {
                socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext');
                return;
              }
              sent = seen.bytes();
              void writeIn(socket, response, mode).then(() => {
                if (row.isClosedAfter) socket.end();
              });
            });
          });
          const client = h.client();
          const request = wireRequest(server.url('/framing?x=1'), { method: row.method ?? 'GET' });
          const r = await client.send(request, { followRedirects: false });
          const { want } = row;
          assert.equal(r.response.status, want.status);
          if (want.reason !== undefined) assert.equal(r.response.reason, want.reason);
          if (want.headers) assert.deepEqual(r.response.headers, want.headers);
          assert.equal(r.rawBody.toBuffer().toString('latin1'), want.body);
          assert.deepEqual(r.informational.map((x) => x.status), want.informational ?? []);
          if (want.trailers) assert.deepEqual(r.trailers, want.trailers);
          assert.equal(r.warnings.length, want.warnings ?? 0, r.warnings.join(' | '));
          // The capture holds exactly the bytes on the wire, both ways.
          assert.ok(r.capture.received.equals(response), `capture.received ${JSON.stringify(r.capture.received.toString('latin1'))}`);
          assert.equal(r.capture.receivedBytes, response.length);
          assert.ok(sent && r.capture.sent.equals(sent), 'capture.sent must equal what the server received');
          assert.equal(r.capture.sent.toString('latin1'), `${row.method ?? 'GET'} /framing?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
          assert.equal(r.capture.isTruncated, false);

          const next = await client.send(wireRequest(server.url()));
          assert.equal(next.body.toBuffer().toString(), 'next', 'the next request must get its own answer');
          assert.equal(next.connection.isReused, want.isReused, `connection reused after ${row.name}`);
          assert.equal(server.connectionCount, want.isReused ? 1 : 2);

          results.push(resultOf(r));
          if (results.length > 1) assert.deepEqual(results[results.length - 1], results[0], `written ${mode} differs from written whole`);
        });
      }
    });
  }
});

describe('wire: transfer codings', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  it('Transfer-Encoding: gzip without chunked is read until close and decoded (RFC 9112 §6.3 rule 4)', async () => {
    const plain = 'compressed until the connection closes';
    const gz = gzipSync(plain);
    const response = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'), gz]);
    let n = 0;
    const server = await h.server((socket) =>
      onRequests(socket, () => {
        if (n++ > 0) return void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
        socket.end(response);
      }),
    );
    const client = h.client();
    const r = await client.send(wireRequest(server.url()));
    assert.ok(r.rawBody.toBuffer().equals(gz), 'rawBody keeps the coded bytes');
    assert.equal(r.decodeError, undefined, r.decodeError?.message);
    assert.equal(r.body.toBuffer().toString(), plain);
    assert.deepEqual(r.contentCodings, ['gzip']);
    const next = await client.send(wireRequest(server.url()));
    assert.equal(next.connection.isReused, false);
  });

  it('Transfer-Encoding: gzip, chunked is de-chunked then decoded, and reused', async () => {
    const plain = 'chunks of gzip';
    const gz = gzipSync(plain);
    const response = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${gz.length.toString(16)}\r\n`), gz, Buffer.from('\r\n0\r\n\r\n')]);
    const server = await h.server((socket) => onRequests(socket, () => socket.write(response)));
    const client = h.client();
    const r = await client.send(wireRequest(server.url()));
    assert.equal(r.body.toBuffer().toString(), plain);
    const next = await client.send(wireRequest(server.url()));
    assert.equal(next.connection.isReused, true);
  });
});

describe('wire: capture limits', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  it('truncates the capture at captureLimitBytes and keeps counting', async () => {
    const body = 'x'.repeat(5000);
    const response = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const server = await h.server((socket) => onRequests(socket, () => socket.write(response)));
    const client = h.client();
    const request = wireRequest(server.url('/a/long/path'), { headers: [['Host', 'x'], ['X-Padding', 'p'.repeat(100)]] });
    const r = await client.send(request, { captureLimitBytes: 16 });
    assert.equal(r.rawBody.length, 5000, 'the body itself is not cut');
    assert.equal(r.capture.isTruncated, true);
    assert.equal(r.capture.received.toString(), response.slice(0, 16));
    assert.equal(r.capture.receivedBytes, Buffer.byteLength(response));
    const head = `GET /a/long/path HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(100)}\r\n\r\n`;
    assert.equal(r.capture.sent.toString(), head.slice(0, 16));
    assert.equal(r.capture.sentBytes, head.length);
    assert.equal(r.capture.limitBytes, 16);
  });

  it('records the chunk framing in capture.received, not the de-chunked body', async () => {
    const response = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwire\r\n0\r\n\r\n';
    const server = await h.server((socket) => onRequests(socket, () => socket.write(response)));
    const r = await h.client().send(wireRequest(server.url()));
    assert.equal(r.capture.received.toString(), response);
    assert.equal(r.rawBody.toBuffer().toString(), 'wire');
  });

  it('captures a request body in capture.sent', async () => {
    let got: Buffer | undefined;
    const server = await h.server((socket) => {
      const seen = record(socket);
      onRequests(socket, () => {
        got = seen.bytes();
        socket.write('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');
      });
    });
    const body = Buffer.from('{"a":"ü"}');
    const request = wireRequest(server.url(), { method: 'POST', headers: [['Host', 'h'], ['Content-Length', String(body.length)]], body: [{ type: 'bytes', bytes: body }] });
    const r = await h.client().send(request);
    assert.ok(got);
    assert.ok(r.capture.sent.equals(got));
    assert.ok(r.capture.sent.subarray(r.capture.sent.length - body.length).equals(body));
  });
});

describe('wire: Expect: 100-continue (RFC 9110 §10.1.1)', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  const BODY = Buffer.from('hello body');

  function expectRequest(server: RawServer): WireRequest {
    return wireRequest(server.url('/upload'), {
      method: 'PUT',
      headers: [['Host', 'h'], ['Expect', '100-continue'], ['Content-Length', String(BODY.length)]],
      body: [{ type: 'bytes', bytes: BODY }],
    });
  }
  const HEAD_BYTES = `PUT /upload HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: ${BODY.length}\r\n\r\n`;

  interface Seen {
    socket: net.Socket;
    /** The bytes received when the head was complete. */
    atHead: Buffer | undefined;
    headMs: number;
    bodyMs: number;
    all: () => Buffer;
  }

  /** Calls `onHead` once the request head is in, and `onBody` once the whole body is. */
  async function server(onHead: (s: net.Socket) => void, onBody: (s: net.Socket) => void): Promise<{ server: RawServer; seen: Seen[] }> {
    const seen: Seen[] = [];
    const srv = await h.server((socket) => {
      const rec = record(socket);
      const entry: Seen = { socket, atHead: undefined, headMs: 0, bodyMs: 0, all: rec.bytes };
      seen.push(entry);
      socket.on('data', () => {
        const all = rec.bytes();
        const end = all.indexOf('\r\n\r\n');
        if (end === -1) return;
        if (entry.atHead === undefined) {
          entry.atHead = all;
          entry.headMs = performance.now();
          onHead(socket);
        }
        if (entry.bodyMs === 0 && all.length >= end + 4 + BODY.length) {
          entry.bodyMs = performance.now();
          onBody(socket);
        }
      });
    });
    return { server: srv, seen };
  }

  it('writes the head, waits for 100 Continue, then writes the body', async function () {
    this.timeout(5000);
    const { server: srv, seen } = await server(
      (s) => s.write('HTTP/1.1 100 Continue\r\n\r\n'),
      (s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
    );
    // A wait of a minute: only the 100 can release the body within the test's 5 s.
    const r = await h.client().send(expectRequest(srv), { expectContinueTimeoutMs: 60_000 });
    assert.equal(r.response.status, 200);
    assert.deepEqual(r.informational.map((x) => x.status), [100]);
    const first = seen[0]!;
    assert.equal(first.atHead?.toString(), HEAD_BYTES, 'the server must see the head alone first');
    assert.equal(first.all().toString(), HEAD_BYTES + BODY.toString());
    assert.equal(r.capture.sent.toString(), HEAD_BYTES + BODY.toString());
    assert.equal(r.connection.requestIndex, 1);
  });

  it('sends the body anyway after expectContinueTimeoutMs without a 100', async () => {
    const { server: srv, seen } = await server(
      () => undefined,
      (s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
    );
    const r = await h.client().send(expectRequest(srv), { expectContinueTimeoutMs: 150 });
    assert.equal(r.response.status, 200);
    assert.deepEqual(r.informational, []);
    const first = seen[0]!;
    assert.equal(first.atHead?.toString(), HEAD_BYTES);
    const waited = first.bodyMs - first.headMs;
    assert.ok(waited >= 120, `the body came ${waited.toFixed(0)} ms after the head, before the 150 ms wait`);
  });

  for (const final of [
    { status: 417, response: 'HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n', body: '' },
    { status: 401, response: 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 12\r\n\r\nunauthorized', body: 'unauthorized' },
  ]) {
    it(`does not send the body after a final ${final.status} and does not reuse the connection`, async () => {
      let answered = 0;
      const { server: srv, seen } = await server(
        (s) => {
          if (answered++ === 0) s.write(final.response);
          else s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
        },
        () => undefined,
      );
      const client = h.client();
      const r = await client.send(expectRequest(srv), { expectContinueTimeoutMs: 60_000 });
      assert.equal(r.response.status, final.status);
      assert.equal(r.body.toBuffer().toString(), final.body);
      assert.equal(r.capture.sent.toString(), HEAD_BYTES, 'capture.sent: head only');
      // The server answered without reading a body, so the client must close the connection.
      await closed(seen[0]!.socket, 2000, 'the client to close the connection whose body was never sent');
      assert.equal(seen[0]!.all().toString(), HEAD_BYTES, 'no body byte may follow the final answer');
      const next = await client.send(wireRequest(srv.url()));
      assert.equal(next.connection.isReused, false);
    });
  }
});
