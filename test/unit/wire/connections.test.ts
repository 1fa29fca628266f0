/**
 * Keep-alive and the pool over real loopback sockets: which responses let a connection carry the
 * next request (RFC 9112 §9.3), idle expiry, and the one retry of an idempotent request on a
 * reused socket the server had already closed (style guide §5).
 */

import assert from 'node:assert/strict';
import type * as net from 'node:net';
import { ErrorCodes } from '../../../src/core/errors';
import { onRequests, type RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, expectWireError, Harness, partialOf, until } from './support-a';

function ok(body = 'ok', extraHeaders = '', version = 'HTTP/1.1'): string {
  return `${version} 200 OK\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('wire: keep-alive connections', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /** A server answering every request with `answer(i)` (i counted per connection). */
  async function serve(answer: (socket: net.Socket, i: number, connection: number) => void): Promise<{ server: RawServer; sockets: net.Socket[] }> {
    const sockets: net.Socket[] = [];
    const server = await h.server((socket, connection) => {
      sockets.push(socket);
      onRequests(socket, (_head, _body, i) => answer(socket, i, connection));
    });
    return { server, sockets };
  }

  it('carries 3 sequential GETs over one connection', async () => {
    const { server } = await serve((s, i) => s.write(ok(`answer ${i}`)));
    const client = h.client();
    const seen = [];
    for (let n = 0; n < 3; n++) {
      const r = await client.send(wireRequest(server.url(`/${n}`)));
      assert.equal(r.body.toBuffer().toString(), `answer ${n}`);
      seen.push({ id: r.connection.id, requestIndex: r.connection.requestIndex, isReused: r.connection.isReused, isRetry: r.connection.isRetry });
    }
    const id = seen[0]!.id;
    assert.deepEqual(seen, [
      { id, requestIndex: 1, isReused: false, isRetry: false },
      { id, requestIndex: 2, isReused: true, isRetry: false },
      { id, requestIndex: 3, isReused: true, isRetry: false },
    ]);
    assert.equal(server.connectionCount, 1);
    assert.equal(client.idleConnections, 1);
  });

  it('makes no Node timer per request on a kept-alive connection: its deadlines move one', async () => {
    const { server } = await serve((s) => s.write(ok()));
    const client = h.client();
    await client.send(wireRequest(server.url()));
    const real = globalThis.setTimeout;
    let made = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      made++;
      return real(...args);
    }) as typeof setTimeout;
    try {
      for (let n = 0; n < 20; n++) await client.send(wireRequest(server.url()));
    } finally {
      globalThis.setTimeout = real;
    }
    assert.equal(made, 0);
  });

  it('reports zero connect timings on a reused connection', async () => {
    const { server } = await serve((s) => s.write(ok()));
    const client = h.client();
    await client.send(wireRequest(server.url()));
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.connection.isReused, true);
    assert.deepEqual([second.timings.dnsMs, second.timings.connectMs, second.timings.tlsMs], [0, 0, 0]);
  });

  // Each row: the first response (or request) forbids reuse, so the second request needs a new
  // connection. The server never closes on its own: the client must act on what it was told.
  const notReused: { name: string; response: string; status?: number; request?: Parameters<typeof wireRequest>[1]; serverCloses?: boolean }[] = [
    { name: 'server sends Connection: close (RFC 9112 §9.6)', response: ok('ok', 'Connection: close\r\n') },
    { name: 'server sends Connection: Keep-Alive, CLOSE (tokens are case-insensitive)', response: ok('ok', 'Connection: Keep-Alive, CLOSE\r\n') },
    { name: 'HTTP/1.0 response without keep-alive (RFC 9112 §9.3)', response: ok('ok', '', 'HTTP/1.0') },
    { name: 'the request asked for Connection: close', response: ok(), request: { headers: [['Host', 'x'], ['Connection', 'close']] } },
    { name: 'an HTTP/1.0 request without keep-alive', response: ok(), request: { httpVersion: 'HTTP/1.0', headers: [['Host', 'x']] } },
    { name: 'close-delimited body (no length: ends at FIN)', response: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end', serverCloses: true },
    {
      name: 'the server switched protocols (101) as the request offered',
      response: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      status: 101,
      request: { headers: [['Host', 'x'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket']] },
    },
  ];
  for (const row of notReused) {
    it(`does not reuse the connection when ${row.name}`, async () => {
      let requests = 0;
      const { server } = await serve((s) => {
        if (requests++ > 0) {
          s.write(ok('second'));
          return;
        }
        s.write(row.response);
        if (row.serverCloses) s.end();
      });
      const client = h.client();
      const first = await client.send(wireRequest(server.url(), row.request ?? {}));
      assert.equal(first.response.status, row.status ?? 200);
      const second = await client.send(wireRequest(server.url()));
      assert.equal(second.body.toBuffer().toString(), 'second');
      assert.notEqual(second.connection.id, first.connection.id);
      assert.equal(second.connection.isReused, false);
      assert.equal(second.connection.isRetry, false, 'the client must not have tried the closed connection');
      assert.equal(server.connectionCount, 2);
    });
  }

  it('a 101 to a request that offered no Upgrade is HW_PROTOCOL (RFC 9110 §15.2.2), and the connection is not reused', async () => {
    let requests = 0;
    const { server } = await serve((s) => s.write(requests++ === 0 ? 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n\x00\x00\x12\x04' : ok('second')));
    const client = h.client();
    await expectWireError(client.send(wireRequest(server.url())), ErrorCodes.protocol, /offered no Upgrade/);
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.body.toBuffer().toString(), 'second');
    assert.equal(server.connectionCount, 2);
  });

  it('closes the refused connection instead of leaving it open', async () => {
    const { server, sockets } = await serve((s) => s.write(ok('ok', 'Connection: close\r\n')));
    const client = h.client();
    await client.send(wireRequest(server.url()));
    await closed(sockets[0]!, 2000, 'the client to close a Connection: close socket');
    assert.equal(client.idleConnections, 0);
  });

  it('reuses an HTTP/1.0 response with Connection: keep-alive and a Content-Length', async () => {
    const { server } = await serve((s) => s.write(ok('ok', 'Connection: keep-alive\r\n', 'HTTP/1.0')));
    const client = h.client();
    const first = await client.send(wireRequest(server.url()));
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.connection.id, first.connection.id);
    assert.equal(second.connection.isReused, true);
    assert.equal(server.connectionCount, 1);
  });

  it('reuses the connection of an HTTP/1.0 request that asked for keep-alive', async () => {
    const { server } = await serve((s) => s.write(ok('ok', 'Connection: keep-alive\r\n')));
    const client = h.client();
    const request = wireRequest(server.url(), { httpVersion: 'HTTP/1.0', headers: [['Host', 'x'], ['Connection', 'keep-alive']] });
    const first = await client.send(request);
    const second = await client.send(request);
    assert.equal(second.connection.id, first.connection.id);
    assert.equal(second.connection.isReused, true);
  });

  it('never pipelines: concurrent sends use separate connections', async () => {
    // The server answers only once it holds two requests, wherever they came from: a client that
    // pipelined both on one connection would get them answered out of turn.
    const waiting: net.Socket[] = [];
    const perConnection: number[] = [];
    const { server } = await serve((s, i, connection) => {
      perConnection[connection] = i + 1;
      waiting.push(s);
      if (waiting.length === 2) waiting.forEach((w, n) => w.write(ok(`answer ${n}`)));
    });
    const client = h.client();
    const [a, b] = await Promise.all([client.send(wireRequest(server.url('/a'))), client.send(wireRequest(server.url('/b')))]);
    assert.notEqual(a.connection.id, b.connection.id);
    assert.deepEqual(perConnection, [1, 1], 'one request per connection');
    assert.equal(server.connectionCount, 2);
    assert.equal(client.idleConnections, 2);
  });

  it('reuses the most recently released idle connection first', async () => {
    const held: net.Socket[] = [];
    const { server } = await serve((s, i, connection) => {
      if (i > 0) return void s.write(ok(`conn ${connection} again`));
      held.push(s);
      // Answer connection 0 first and connection 1 second, so 1 is released last.
      if (held.length === 2) {
        held[0]!.write(ok('first'));
        setImmediate(() => held[1]!.write(ok('second')));
      }
    });
    const client = h.client();
    const [x, y] = await Promise.all([client.send(wireRequest(server.url())), client.send(wireRequest(server.url()))]);
    const lastReleased = x.body.toBuffer().toString() === 'second' ? x : y;
    const next = await client.send(wireRequest(server.url()));
    assert.equal(next.connection.id, lastReleased.connection.id);
    assert.equal(next.connection.isReused, true);
  });

  it('closes an idle connection after idleTimeoutMs', async () => {
    const { server, sockets } = await serve((s) => s.write(ok()));
    const client = h.client({ idleTimeoutMs: 120 });
    const first = await client.send(wireRequest(server.url()));
    const released = performance.now();
    assert.equal(client.idleConnections, 1);
    await closed(sockets[0]!, 2000, 'the idle connection to be closed');
    const idleMs = performance.now() - released;
    assert.ok(idleMs >= 90, `closed after ${idleMs.toFixed(0)} ms, before the 120 ms idle timeout`);
    await until('the pool to forget the closed connection', 1000, () => client.idleConnections === 0);
    const second = await client.send(wireRequest(server.url()));
    assert.notEqual(second.connection.id, first.connection.id);
    assert.equal(second.connection.isReused, false);
    assert.equal(second.connection.isRetry, false);
  });

  it('lets the server lower the idle time with Keep-Alive: timeout=1', async () => {
    const { server, sockets } = await serve((s) => s.write(ok('ok', 'Keep-Alive: timeout=1\r\n')));
    const client = h.client({ idleTimeoutMs: 10_000 });
    const started = performance.now();
    await client.send(wireRequest(server.url()));
    // The server closes at 1 s: the client must give the socket up before then.
    await closed(sockets[0]!, 950, 'the client to close before the server\'s 1 s keep-alive timeout');
    assert.ok(performance.now() - started < 1000);
  });

  it('keeps its own shorter idle time when the server allows longer', async () => {
    const { server, sockets } = await serve((s) => s.write(ok('ok', 'Keep-Alive: timeout=30, max=100\r\n')));
    const client = h.client({ idleTimeoutMs: 100 });
    await client.send(wireRequest(server.url()));
    await closed(sockets[0]!, 2000, 'the client\'s 100 ms idle timeout');
  });

  it('close() closes idle connections', async () => {
    const { server, sockets } = await serve((s) => s.write(ok()));
    const client = h.client();
    await client.send(wireRequest(server.url()));
    client.close();
    await closed(sockets[0]!, 2000, 'close() to close the idle connection');
    assert.equal(client.idleConnections, 0);
  });

  it('never reuses a connection after the server closed it while idle', async () => {
    // The server lies (keep-alive) and sends FIN right after the response. Whether the client
    // notices the FIN before or after taking the socket, the GET must succeed on a new connection.
    const { server } = await serve((s, i, connection) => {
      s.write(ok(`conn ${connection} req ${i}`));
      if (connection === 0) s.end();
    });
    const client = h.client();
    const first = await client.send(wireRequest(server.url()));
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.body.toBuffer().toString(), 'conn 1 req 0');
    assert.notEqual(second.connection.id, first.connection.id);
    assert.equal(server.connectionCount, 2);
  });
});

describe('wire: retry on a stale keep-alive socket', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  type Kill = 'fin' | 'rst';

  /**
   * Connection 0 answers its first request with keep-alive, then kills the socket (FIN or RST)
   * the moment the second request arrives, before writing a byte. Later connections answer
   * normally, unless `killFresh` makes them FIN at once too.
   */
  async function staleServer(kill: Kill, killFresh = false): Promise<{ server: RawServer; requests: string[] }> {
    const requests: string[] = [];
    const server = await h.server((socket, connection) => {
      onRequests(socket, (head, body, i) => {
        requests.push(`${connection}:${i}:${head.split(' ')[0]}:${body.toString()}`);
        if ((connection === 0 && i === 1) || (connection > 0 && killFresh)) {
          if (kill === 'fin') socket.end();
          else socket.resetAndDestroy();
          return;
        }
        socket.write(ok(`conn ${connection}`));
      });
    });
    return { server, requests };
  }

  for (const kill of ['fin', 'rst'] as const) {
    it(`retries a GET once on a fresh connection after ${kill.toUpperCase()} on the reused one`, async () => {
      const { server, requests } = await staleServer(kill);
      const client = h.client();
      const first = await client.send(wireRequest(server.url()));
      assert.equal(first.connection.isRetry, false);
      const second = await client.send(wireRequest(server.url()));
      assert.equal(second.response.status, 200);
      assert.equal(second.body.toBuffer().toString(), 'conn 1');
      assert.equal(second.connection.isRetry, true);
      assert.equal(second.connection.isReused, false);
      assert.notEqual(second.connection.id, first.connection.id);
      assert.equal(second.connection.requestIndex, 1);
      assert.deepEqual(requests, ['0:0:GET:', '0:1:GET:', '1:0:GET:']);
    });

    it(`does not retry a POST after ${kill.toUpperCase()} on the reused connection`, async () => {
      const { server, requests } = await staleServer(kill);
      const client = h.client();
      await client.send(wireRequest(server.url()));
      const post = wireRequest(server.url(), {
        method: 'POST',
        headers: [['Host', 'x'], ['Content-Length', '4']],
        body: [{ type: 'bytes', bytes: Buffer.from('data') }],
      });
      const code = kill === 'fin' ? ErrorCodes.incomplete : ErrorCodes.connectionReset;
      const err = await expectWireError(client.send(post), code);
      assert.equal(partialOf(err).isBeforeResponse, true);
      assert.deepEqual(requests, ['0:0:GET:', '0:1:POST:data'], 'the POST must not be sent twice');
    });
  }

  it('retries only once: a fresh connection that also fails is an error', async () => {
    const { server, requests } = await staleServer('fin', true);
    const client = h.client();
    await client.send(wireRequest(server.url()));
    await expectWireError(client.send(wireRequest(server.url())), ErrorCodes.incomplete);
    assert.deepEqual(requests, ['0:0:GET:', '0:1:GET:', '1:0:GET:']);
    assert.equal(server.connectionCount, 2);
  });

  it('does not retry a GET on a fresh connection that fails', async () => {
    const requests: number[] = [];
    const server = await h.server((socket, connection) => {
      onRequests(socket, () => {
        requests.push(connection);
        socket.end();
      });
    });
    const client = h.client();
    await expectWireError(client.send(wireRequest(server.url())), ErrorCodes.incomplete, /before sending any response byte/);
    assert.deepEqual(requests, [0]);
  });

  it('does not retry once response bytes have arrived on the reused connection', async () => {
    const requests: string[] = [];
    const server = await h.server((socket, connection) => {
      onRequests(socket, (_head, _body, i) => {
        requests.push(`${connection}:${i}`);
        if (connection === 0 && i === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Le');
        else socket.write(ok());
      });
    });
    const client = h.client();
    await client.send(wireRequest(server.url()));
    const err = await expectWireError(client.send(wireRequest(server.url())), ErrorCodes.incomplete, /headers/);
    assert.equal(partialOf(err).isBeforeResponse, false);
    assert.equal(partialOf(err).capture.received.toString(), 'HTTP/1.1 200 OK\r\nContent-Le');
    assert.deepEqual(requests, ['0:0', '0:1']);
  });
});
