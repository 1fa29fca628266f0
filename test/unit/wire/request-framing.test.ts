/**
 * Requests whose framing leaves the server's view of the body's end in doubt (RFC 9112 §6.3,
 * §11.2): a hand-written Transfer-Encoding, Transfer-Encoding with Content-Length, two
 * Content-Lengths, or a `# @verbatim` Content-Length that is not the body's. Such an exchange
 * closes its connection, so bytes smuggled in a body can never answer a later request. The
 * requests are parsed from `.http` text and sent to servers on 127.0.0.1 that read the raw bytes.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareRequest } from '../../../src/core/send/prepare-request';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { onRequests, type RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, Harness } from './support-a';
import { respond } from './support-b';

/** The `.http` lines joined with CRLF, so that body lines go out with CRLF as written. */
async function prepare(lines: readonly string[]): Promise<WireRequest> {
  const file = parseHttpFile(lines.join('\r\n'));
  const request = file.requests[0];
  assert.ok(request, 'the text holds a request');
  return prepareRequest(file, request, { variables: new VariableExpander(new Map()), baseDir: os.tmpdir(), userAgent: null, acceptEncoding: null });
}

const bodyOf = (req: WireRequest): string => Buffer.concat(req.body.map((p) => (p.type === 'bytes' ? p.bytes : Buffer.alloc(0)))).toString('latin1');

describe('wire: request framing in doubt closes the connection', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /**
   * A server as a server would read requests: one after the other, each head then as many body
   * bytes as its first Content-Length says (none without one), answered at once with its target
   * as the body. What it received on each connection is kept, raw.
   */
  async function serve(): Promise<{ server: RawServer; sockets: net.Socket[]; received: string[] }> {
    const sockets: net.Socket[] = [];
    const received: string[] = [];
    const server = await h.server((socket, connection) => {
      sockets.push(socket);
      received.push('');
      socket.on('data', (chunk: Buffer) => (received[connection] += chunk.toString('latin1')));
      onRequests(socket, (head) => socket.write(respond(200, 'OK', [], head.split(' ')[1] ?? '')));
    });
    return { server, sockets, received };
  }

  it('issue 10, item 3: a # @verbatim body that smuggles a second request never answers the next request', async () => {
    const { server, sockets, received } = await serve();
    const host = `127.0.0.1:${server.port}`;
    // The body: one byte the Content-Length admits, then a request head still open for more
    // header lines. (Not from a file: a streamed body could still be on its way when the answer
    // comes, and such a connection is not reused anyway.)
    const smuggling = await prepare(['# @verbatim', `POST ${server.url('/first')} HTTP/1.1`, `Host: ${host}`, 'Content-Length: 1', '', 'x', 'GET /smuggled HTTP/1.1', `Host: ${host}`, 'X-Swallow: x']);
    assert.equal(bodyOf(smuggling), `x\r\nGET /smuggled HTTP/1.1\r\nHost: ${host}\r\nX-Swallow: x`);
    const client = h.client();
    const first = await client.send(smuggling);
    assert.equal(first.body.toBuffer().toString(), '/first');
    // On a reused connection the server would finish the smuggled head with these bytes and
    // answer "/smuggled" to this request.
    const next = await client.send(wireRequest(server.url('/next')));
    assert.equal(next.body.toBuffer().toString(), '/next', 'the next request got the answer to the smuggled one');
    assert.ok(first.warnings.some((w) => /framing was in doubt \(its Content-Length 1 is not the body's \d+ bytes\)/.test(w)), first.warnings.join(' | '));
    await closed(sockets[0]!, 2000, 'the client to close the doubtful connection');
    assert.equal(next.connection.isReused, false);
    assert.notEqual(next.connection.id, first.connection.id);
    assert.equal(server.connectionCount, 2);
    assert.ok(!received[1]!.includes('smuggled'), 'the smuggled bytes stayed on the first connection');
  });

  const doubtful: { name: string; lines: (host: string) => string[]; doubt: RegExp; sent: (raw: string) => void }[] = [
    {
      name: 'a Transfer-Encoding the client does not apply (gzip, chunked) next to a Content-Length (the Content-Length is removed)',
      lines: (host) => [`POST http://${host}/te HTTP/1.1`, `Host: ${host}`, 'Transfer-Encoding: gzip, chunked', 'Content-Length: 3', '', '3', 'abc', '0', ''],
      doubt: /its Transfer-Encoding framing was written by hand/,
      sent: (raw) => {
        assert.match(raw, /\r\nTransfer-Encoding: gzip, chunked\r\n/);
        assert.doesNotMatch(raw, /content-length/i, 'never both Transfer-Encoding and Content-Length');
      },
    },
    {
      name: '# @verbatim asking for Transfer-Encoding and Content-Length',
      lines: (host) => ['# @verbatim', `POST http://${host}/te HTTP/1.1`, `Host: ${host}`, 'Transfer-Encoding: chunked', 'Content-Length: 3', '', 'abc'],
      doubt: /both Transfer-Encoding and Content-Length/,
      sent: (raw) => assert.match(raw, /\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc$/),
    },
    {
      name: '# @verbatim with two Content-Length headers',
      lines: (host) => ['# @verbatim', `POST http://${host}/two HTTP/1.1`, `Host: ${host}`, 'Content-Length: 5', 'Content-Length: 5', '', 'hello'],
      doubt: /it has 2 Content-Length headers/,
      sent: (raw) => assert.match(raw, /Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello$/),
    },
    {
      name: '# @verbatim with a body but no Content-Length',
      lines: (host) => ['# @verbatim', `POST http://${host}/none HTTP/1.1`, `Host: ${host}`, '', 'hello'],
      doubt: /its 5-byte body has no Content-Length/,
      sent: (raw) => assert.match(raw, /\r\n\r\nhello$/),
    },
  ];
  for (const row of doubtful) {
    it(`issue 10, item 3: after ${row.name}, the next request opens a new connection`, async () => {
      const { server, sockets, received } = await serve();
      const client = h.client();
      const first = await client.send(await prepare(row.lines(`127.0.0.1:${server.port}`)));
      assert.equal(first.response.status, 200);
      row.sent(received[0]!);
      assert.ok(first.warnings.some((w) => row.doubt.test(w)), first.warnings.join(' | '));
      await closed(sockets[0]!, 2000, 'the client to close the doubtful connection');
      assert.equal(client.idleConnections, 0);
      const next = await client.send(wireRequest(server.url('/next')));
      assert.equal(next.body.toBuffer().toString(), '/next');
      assert.equal(next.connection.isReused, false);
      assert.equal(server.connectionCount, 2);
    });
  }

  it('a written Transfer-Encoding: chunked next to a Content-Length: the client frames the chunks exactly, so the connection is kept', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('latin1');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        bodies.push(`${body}|${JSON.stringify(req.trailers)}`);
        res.end(req.url);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    h.onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const client = h.client();
    const first = await client.send(await prepare([`POST http://${host}/te HTTP/1.1`, `Host: ${host}`, 'Transfer-Encoding: chunked', 'Content-Length: 3', '', '3', 'abc', '0', 'X-Sum: 3', '']));
    assert.equal(first.response.status, 200);
    assert.deepEqual(first.warnings, []);
    assert.deepEqual(bodies, ['abc|{"x-sum":"3"}']);
    assert.doesNotMatch(first.capture.sent.toString('latin1'), /content-length/i, 'never both Transfer-Encoding and Content-Length');
    const next = await client.send(wireRequest(`http://${host}/next`));
    assert.equal(next.connection.isReused, true);
    server.closeAllConnections();
  });

  it('a request framed exactly keeps its connection (the control for the rows above)', async () => {
    const { server } = await serve();
    const client = h.client();
    const first = await client.send(await prepare([`POST ${server.url('/exact')} HTTP/1.1`, 'Content-Length: 5', '', 'hello']));
    assert.deepEqual(first.warnings, []);
    const next = await client.send(wireRequest(server.url('/next')));
    assert.equal(next.connection.isReused, true);
    assert.equal(server.connectionCount, 1);
  });
});
