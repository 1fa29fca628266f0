/**
 * Malformed and hostile responses over real sockets: each must end in an HttpWireError whose code
 * says what went wrong and whose message names the problem, with the bytes received kept in
 * `detail.partial.capture.received` and the connection closed (style guide §3, §5).
 */

import assert from 'node:assert/strict';
import type * as net from 'node:net';
import { ErrorCodes, errorClassOf, type ErrorCode } from '../../../src/core/errors';
import type { SendOptions } from '../../../src/core/wire/client-options';
import { onRequests } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, expectWireError, Harness, partialOf, showBytes, TapConnector } from './support-a';

/** What the server does after writing the response bytes. */
type Then = 'fin' | 'rst' | 'stall';

interface Row {
  readonly name: string;
  readonly response: string | Buffer;
  readonly then: Then;
  readonly code: ErrorCode;
  readonly message: RegExp;
  readonly options?: Partial<SendOptions>;
}

// Long enough that a client which misses the problem fails on the timeout's code, not on mocha's.
const PATIENT: Partial<SendOptions> = { headersTimeoutMs: 1500, bodyTimeoutMs: 1500 };

/** An HTTP/2 server's answer to an HTTP/1.1 request: SETTINGS, then GOAWAY(PROTOCOL_ERROR). */
const H2_FRAMES = Buffer.from([
  ...[0, 0, 6, 4, 0, 0, 0, 0, 0], ...[0, 3, 0, 0, 0, 100],
  ...[0, 0, 8, 7, 0, 0, 0, 0, 0], ...[0, 0, 0, 0, 0, 0, 0, 1],
]);

const ROWS: readonly Row[] = [
  // The status line (RFC 9112 §4).
  { name: 'garbage status line', response: 'HELLO WORLD\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /status line "HELLO WORLD"/ },
  { name: 'status code with letters', response: 'HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /status line/ },
  { name: 'two-digit status code', response: 'HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /status line/ },
  { name: 'control character in the reason phrase', response: 'HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /reason phrase/ },
  { name: 'HTTP/2 status line on an HTTP/1.1 connection', response: 'HTTP/2 200\r\ncontent-length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /HTTP\/2/ },
  { name: 'HTTP/2 connection preface', response: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /HTTP\/2/ },
  { name: 'HTTP/2 binary frames (SETTINGS, GOAWAY) then FIN', response: H2_FRAMES, then: 'fin', code: ErrorCodes.protocol, message: /HTTP\/2/ },
  { name: 'a non-HTTP banner (SSH) and silence: refused at once, not after the timeout', response: 'SSH-2.0-OpenSSH_9.6\r\n', then: 'stall', code: ErrorCodes.protocol, message: /SSH-2\.0/ },

  // Header fields (RFC 9112 §5, RFC 9110 §5.5).
  { name: 'bare CR inside the headers (response splitting)', response: 'HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /Bare CR/ },
  { name: 'NUL in a header value', response: 'HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /0x00/ },
  { name: 'header line without a colon', response: 'HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /NoColonHere/ },
  { name: 'whitespace between the name and the colon (RFC 9112 §5.1)', response: 'HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok', then: 'stall', code: ErrorCodes.protocol, message: /Content-Length / },
  { name: 'first header line folded', response: 'HTTP/1.1 200 OK\r\n  folded\r\nContent-Length: 0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /whitespace/ },

  // Content-Length and Transfer-Encoding (RFC 9112 §6).
  { name: 'two conflicting Content-Length headers', response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!', then: 'stall', code: ErrorCodes.protocol, message: /Conflicting Content-Length.*5.*6/ },
  { name: 'conflicting Content-Length list', response: 'HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!', then: 'stall', code: ErrorCodes.protocol, message: /Conflicting Content-Length/ },
  { name: 'negative Content-Length', response: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /Content-Length "-1"/ },
  { name: 'Content-Length in exponent notation', response: 'HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /Content-Length "1e3"/ },
  { name: 'Content-Length past 2^53', response: 'HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /too large/ },
  { name: 'chunked applied twice', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /chunked/ },

  // Chunked framing (RFC 9112 §7.1).
  { name: 'invalid chunk size', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /chunk size line "zz"/ },
  { name: 'negative chunk size', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /chunk size/ },
  { name: 'chunk size that overflows', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nx\r\n', then: 'stall', code: ErrorCodes.protocol, message: /chunk size/ },
  { name: 'chunk longer than its size', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n', then: 'stall', code: ErrorCodes.protocol, message: /more data than its size/ },
  { name: 'chunk size line of 10 KiB', response: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;${'e'.repeat(10 * 1024)}\r\nhello\r\n`, then: 'stall', code: ErrorCodes.protocol, message: /chunk size line is too long/ },

  // The connection ends early.
  { name: 'FIN before any byte', response: '', then: 'fin', code: ErrorCodes.incomplete, message: /before sending any response byte/ },
  { name: 'FIN in the middle of the headers', response: 'HTTP/1.1 200 OK\r\nContent-Ty', then: 'fin', code: ErrorCodes.incomplete, message: /middle of the headers/ },
  { name: 'truncated Content-Length body then FIN', response: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd', then: 'fin', code: ErrorCodes.incomplete, message: /after 4 of 10 body bytes/ },
  { name: 'truncated chunked body then FIN', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nwo', then: 'fin', code: ErrorCodes.incomplete, message: /chunked body \(7 body bytes/ },
  { name: 'FIN after a 100 Continue, before the final answer', response: 'HTTP/1.1 100 Continue\r\n\r\n', then: 'fin', code: ErrorCodes.incomplete, message: /after an informational answer \(1xx\), before the final answer/ },
  { name: 'FIN inside the final head after a 100 Continue', response: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 O', then: 'fin', code: ErrorCodes.incomplete, message: /in the middle of the headers/ },
  { name: 'FIN in the middle of the trailers', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: 1\r\n', then: 'fin', code: ErrorCodes.incomplete, message: /trailers/ },
  { name: 'RST before any byte', response: '', then: 'rst', code: ErrorCodes.connectionReset, message: /before any response byte/ },
  { name: 'RST in the middle of the headers', response: 'HTTP/1.1 200 OK\r\nContent-Ty', then: 'rst', code: ErrorCodes.connectionReset, message: /middle of the headers/ },
  { name: 'RST mid-body', response: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello', then: 'rst', code: ErrorCodes.connectionReset, message: /after 5 body bytes/ },

  // Limits.
  { name: 'headers over a 1 KiB maxHeaderBytes', response: `HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(2000)}\r\nContent-Length: 0\r\n\r\n`, then: 'stall', code: ErrorCodes.responseTooLarge, message: /1024 bytes/, options: { maxHeaderBytes: 1024 } },
  { name: 'a server that never answers', response: '', then: 'stall', code: ErrorCodes.headersTimeout, message: /100 ms/, options: { headersTimeoutMs: 100 } },
];

describe('wire: malformed responses', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  for (const row of ROWS) {
    it(`${row.name}: ${row.code}`, async () => {
      const response = Buffer.isBuffer(row.response) ? row.response : Buffer.from(row.response, 'latin1');
      const tap = new TapConnector(h);
      const sockets: net.Socket[] = [];
      const server = await h.server((socket) => {
        sockets.push(socket);
        onRequests(socket, () => {
          socket.write(response);
          if (row.then === 'fin') socket.end();
          // RST only once the client holds every byte, so what it received is known exactly.
          if (row.then === 'rst') void tap.waitForBytes(0, response.length, 2000).then(() => socket.resetAndDestroy());
        });
      });
      const client = h.client({ connector: tap.connector });
      const err = await expectWireError(client.send(wireRequest(server.url()), { ...PATIENT, ...row.options }), row.code, row.message);
      assert.ok(errorClassOf(err.code));
      const received = partialOf(err).capture.received;
      if (row.code === ErrorCodes.protocol) {
        // The client may stop reading at the first bad byte.
        assert.ok(received.length > 0 && response.subarray(0, received.length).equals(received), `capture.received ${showBytes(received)}`);
      } else {
        assert.ok(received.equals(response), `capture.received ${showBytes(received)} != ${showBytes(response)}`);
      }
      await closed(sockets[0]!, 1000, 'the client to close the connection after the error');
      assert.equal(client.idleConnections, 0);
    });
  }
});

describe('wire: hostile streams', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /**
   * Writes `first`, then `piece` over and over (respecting backpressure) until the socket closes or
   * `maxBytes` went out. Returns everything written, for prefix checks.
   */
  function flood(socket: net.Socket, first: string, piece: Buffer, maxBytes: number): Buffer[] {
    const written: Buffer[] = [Buffer.from(first, 'latin1')];
    socket.write(written[0]!);
    let total = written[0]!.length;
    const pump = (): void => {
      while (!socket.destroyed && total < maxBytes) {
        written.push(piece);
        total += piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
    return written;
  }

  const floods = [
    { name: 'endless header lines', first: 'HTTP/1.1 200 OK\r\n', piece: `X-Filler: ${'a'.repeat(100)}\r\n`, code: ErrorCodes.responseTooLarge, message: /65536 bytes/ },
    { name: 'one endless header line', first: 'HTTP/1.1 200 OK\r\nX-Long: ', piece: 'a'.repeat(1000), code: ErrorCodes.responseTooLarge, message: /65536 bytes/ },
    { name: 'endless trailers', first: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n', piece: `X-T: ${'t'.repeat(100)}\r\n`, code: ErrorCodes.responseTooLarge, message: /trailers exceed 65536 bytes/ },
    { name: 'endless chunk extension', first: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;', piece: 'e'.repeat(1000), code: ErrorCodes.protocol, message: /chunk size line/ },
  ];
  for (const f of floods) {
    it(`${f.name}: ${f.code} at the default limit, fast`, async () => {
      let written: Buffer[] = [];
      const server = await h.server((socket) => onRequests(socket, () => (written = flood(socket, f.first, Buffer.from(f.piece), 16 * 1024 * 1024))));
      const started = performance.now();
      const err = await expectWireError(h.client().send(wireRequest(server.url()), { headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 }), f.code, f.message);
      assert.ok(performance.now() - started < 2000, 'the client must give up as soon as the limit is passed');
      const received = partialOf(err).capture.received;
      const all = Buffer.concat(written);
      assert.ok(all.subarray(0, received.length).equals(received), 'capture.received is what the server sent');
      assert.ok(received.length < 1024 * 1024, `read ${received.length} bytes before giving up`);
    });
  }

  it('bytes after a complete response: the response is kept, the connection is not reused', async () => {
    const sockets: net.Socket[] = [];
    let n = 0;
    const server = await h.server((socket) => {
      sockets.push(socket);
      onRequests(socket, () => socket.write(n++ === 0 ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nextra' : 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext'));
    });
    const client = h.client();
    const first = await client.send(wireRequest(server.url()));
    assert.equal(first.body.toBuffer().toString(), 'ok');
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.body.toBuffer().toString(), 'next', 'the stray bytes must not be read as the next response');
    assert.equal(second.connection.isReused, false, 'the connection that carried stray bytes must not be reused');
    await closed(sockets[0]!, 1000, 'the client to close the connection that had stray bytes');
  });

  it('a body after a HEAD response is not read as the next response', async () => {
    const sockets: net.Socket[] = [];
    let n = 0;
    const server = await h.server((socket) => {
      sockets.push(socket);
      // A common server bug: the body of a GET sent in answer to HEAD.
      onRequests(socket, () => socket.write(n++ === 0 ? 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' : 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext'));
    });
    const client = h.client();
    const head = await client.send(wireRequest(server.url(), { method: 'HEAD' }));
    assert.equal(head.body.length, 0);
    const next = await client.send(wireRequest(server.url()));
    assert.equal(next.body.toBuffer().toString(), 'next');
    assert.equal(next.connection.isReused, false, 'the connection that carried a stray body must not be reused');
  });

  it('stray bytes on an idle connection close it; the next request gets a new one', async () => {
    const sockets: net.Socket[] = [];
    let n = 0;
    const server = await h.server((socket) => {
      sockets.push(socket);
      onRequests(socket, () => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n${n++}`));
    });
    const tap = new TapConnector(h);
    const client = h.client({ connector: tap.connector });
    const first = await client.send(wireRequest(server.url()));
    // Only once the client has the whole response and pooled the connection.
    await tap.waitForBytes(0, first.capture.receivedBytes, 1000);
    assert.equal(client.idleConnections, 1);
    sockets[0]!.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstray');
    await closed(sockets[0]!, 1000, 'the client to drop the idle connection that spoke unasked');
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.body.toBuffer().toString(), '1');
    assert.equal(second.connection.isReused, false);
  });
});

describe('wire: tolerated deviations', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  const rows = [
    { name: 'identical Content-Length values (RFC 9110 §8.6)', response: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok', body: 'ok' },
    { name: 'bare LF line ends (RFC 9112 §2.2)', response: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', body: 'ok' },
    { name: 'an empty reason phrase', response: 'HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok', body: 'ok' },
    { name: 'no reason phrase and no space', response: 'HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok', body: 'ok' },
    { name: 'a CRLF before the status line (RFC 9112 §2.2)', response: '\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', body: 'ok' },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const server = await h.server((socket) => onRequests(socket, () => socket.write(row.response)));
      const r = await h.client().send(wireRequest(server.url()));
      assert.equal(r.response.status, 200);
      assert.equal(r.body.toBuffer().toString(), row.body);
      assert.equal(r.capture.received.toString(), row.response);
    });
  }
});
