/**
 * No request on a connection the server has already closed (RFC 9112 §9.3, §9.6; CLI review,
 * finding 4). A server that ends each response with FIN but no `Connection: close` has its FIN in
 * our kernel right behind the response, but libuv reads that EOF only at the event loop's next poll
 * phase, after the caller's whole continuation (the next send included) has run. The pool
 * therefore hands out a connection released in this turn only once that poll has passed. (A FIN
 * that arrives later still is the ordinary keep-alive race: see connections.test.ts for the retry.)
 */

import assert from 'node:assert/strict';
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { ErrorCodes } from '../../../src/core/errors';
import { connect } from '../../../src/core/wire/connect';
import type { Connection } from '../../../src/core/wire/connection';
import { ConnectionPool } from '../../../src/core/wire/pool';
import type { SendResult } from '../../../src/core/wire/send-result';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { onRequests, waitFor } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, expectWireError, Harness } from './support-a';
import { tlsFixtures } from './support-b';

function ok(body: string): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The CLI's `send file --all` run of the review's repro: each request its own method. */
function sequence(base: string): WireRequest[] {
  const post = wireRequest(`${base}/b`, { method: 'POST', body: [{ type: 'bytes', bytes: Buffer.from('hello') }] });
  return [
    wireRequest(`${base}/a`),
    { ...post, headers: [...post.headers, ['Content-Type', 'text/plain'], ['Content-Length', '5']] },
    wireRequest(`${base}/c`),
    wireRequest(`${base}/d`, { method: 'DELETE' }),
  ];
}

/** How the test servers log a request: `connection:index:METHOD /path:body`. */
function seen(connection: number, index: number, head: string, body: Buffer): string {
  return `${connection}:${index}:${head.split(' ', 2).join(' ')}:${body.toString()}`;
}

/** Sends `requests` one after the other, each started as soon as the one before resolved (as the CLI does). */
async function sendOneByOne(client: { send(r: WireRequest): Promise<SendResult> }, requests: readonly WireRequest[]): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const r of requests) results.push(await client.send(r));
  return results;
}

describe('wire: no request on a connection the server closed with its last response (CLI review, finding 4)', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  it('a server that ends each response with FIN (no Connection: close): GET, POST, GET, DELETE each get a fresh connection and are sent once', async () => {
    const log: string[] = [];
    const server = await h.server((socket, connection) =>
      onRequests(socket, (head, body, i) => {
        log.push(seen(connection, i, head, body));
        // The response bytes and the FIN in one call, as the review's server does.
        socket.end(ok(`answer to ${head.split(' ', 2).join(' ')}`));
      }),
    );
    const client = h.client();
    const results = await sendOneByOne(client, sequence(server.url('')));
    assert.deepEqual(
      results.map((r) => r.body.toBuffer().toString()),
      ['answer to GET /a', 'answer to POST /b', 'answer to GET /c', 'answer to DELETE /d'],
    );
    assert.deepEqual(log, ['0:0:GET /a:', '1:0:POST /b:hello', '2:0:GET /c:', '3:0:DELETE /d:'], 'each request exactly once, each on a connection of its own');
    assert.deepEqual(
      results.map((r) => [r.connection.isReused, r.connection.isRetry]),
      [[false, false], [false, false], [false, false], [false, false]],
      'no request went into a closed connection first',
    );
  });

  it('a server that kept the connection open twice, then closes with its third answer: the POST after it goes on a fresh connection, once', async () => {
    const log: string[] = [];
    const server = await h.server((socket, connection) =>
      onRequests(socket, (head, body, i) => {
        log.push(seen(connection, i, head, body));
        const answer = ok(`answer to ${head.split(' ', 2).join(' ')}`);
        if (head.startsWith('GET /finclose')) socket.end(answer);
        else socket.write(answer);
      }),
    );
    const client = h.client();
    const post = sequence(server.url(''))[1]!;
    const results = await sendOneByOne(client, [wireRequest(server.url('/a')), wireRequest(server.url('/b')), wireRequest(server.url('/finclose')), post]);
    assert.deepEqual(
      results.map((r) => r.body.toBuffer().toString()),
      ['answer to GET /a', 'answer to GET /b', 'answer to GET /finclose', 'answer to POST /b'],
    );
    assert.deepEqual(log, ['0:0:GET /a:', '0:1:GET /b:', '0:2:GET /finclose:', '1:0:POST /b:hello'], 'the POST once, on a new connection');
  });

  it('the same over TLS (close_notify and FIN with the response)', async function () {
    this.timeout(20_000);
    const f = tlsFixtures();
    const log: string[] = [];
    const sockets = new Set<net.Socket>();
    let connections = 0;
    const server = tls.createServer({ cert: f.serverCert, key: f.serverKey }, (socket) => {
      const connection = connections++;
      onRequests(socket, (head, body, i) => {
        log.push(seen(connection, i, head, body));
        socket.end(ok(`answer to ${head.split(' ', 2).join(' ')}`));
      });
    });
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    h.onCleanup(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    const port = (server.address() as net.AddressInfo).port;
    const client = h.client({ tlsForHost: () => ({ ca: f.caCert }) });
    const results = await sendOneByOne(client, sequence(`https://localhost:${port}`));
    assert.deepEqual(
      results.map((r) => r.body.toBuffer().toString()),
      ['answer to GET /a', 'answer to POST /b', 'answer to GET /c', 'answer to DELETE /d'],
    );
    assert.deepEqual(log, ['0:0:GET /a:', '1:0:POST /b:hello', '2:0:GET /c:', '3:0:DELETE /d:']);
    assert.deepEqual(results.map((r) => r.connection.isRetry), [false, false, false, false]);
  });

  it('a well-behaved keep-alive server still gets the whole run on one connection, reused from the second request', async () => {
    const log: string[] = [];
    const server = await h.server((socket, connection) =>
      onRequests(socket, (head, body, i) => {
        log.push(seen(connection, i, head, body));
        socket.write(ok(`answer to ${head.split(' ', 2).join(' ')}`));
      }),
    );
    const client = h.client();
    const results = await sendOneByOne(client, sequence(server.url('')));
    assert.deepEqual(log, ['0:0:GET /a:', '0:1:POST /b:hello', '0:2:GET /c:', '0:3:DELETE /d:']);
    const id = results[0]!.connection.id;
    assert.deepEqual(
      results.map((r) => [r.connection.id, r.connection.isReused, r.connection.requestIndex]),
      [[id, false, 1], [id, true, 2], [id, true, 3], [id, true, 4]],
    );
    assert.equal(server.connectionCount, 1);
    assert.equal(client.idleConnections, 1);
  });

  it('a send cancelled while its connection settles writes nothing, and the connection stays in the pool', async () => {
    const log: string[] = [];
    const server = await h.server((socket, connection) =>
      onRequests(socket, (head, body, i) => {
        log.push(seen(connection, i, head, body));
        socket.write(ok('ok'));
      }),
    );
    const client = h.client();
    const first = await client.send(wireRequest(server.url('/first')));
    // Started in the turn that released the connection, then cancelled before that turn ends.
    const controller = new AbortController();
    const cancelled = client.send(wireRequest(server.url('/cancelled'), { method: 'DELETE' }), { signal: controller.signal });
    controller.abort();
    await expectWireError(cancelled, ErrorCodes.aborted);
    const third = await client.send(wireRequest(server.url('/third')));
    // Had the DELETE gone out, the server would have logged it before /third, on connection 0.
    assert.deepEqual(log, ['0:0:GET /first:', '0:1:GET /third:']);
    assert.equal(third.connection.id, first.connection.id);
    assert.equal(third.connection.isReused, true);
  });
});

describe('wire: the pool hands out a connection released in this turn only after the next poll', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /** A pool and one of its connections, open to a server that never writes. */
  async function pooled(): Promise<{ pool: ConnectionPool; conn: Connection; serverSide: net.Socket }> {
    let accept: (socket: net.Socket) => void = () => undefined;
    const accepted = new Promise<net.Socket>((resolve) => (accept = resolve));
    const server = await h.server((socket) => accept(socket));
    const connected = await connect({ host: '127.0.0.1', port: server.port, tls: undefined, timeoutMs: 2000 });
    h.trackSocket(connected.socket);
    const pool = new ConnectionPool();
    h.onCleanup(() => pool.close());
    const serverSide = await waitFor<net.Socket>('the server to accept', 2000, (done) => void accepted.then(done));
    return { pool, conn: pool.adopt('k', connected), serverSide };
  }

  it('released in this turn: a promise of the connection; released in an earlier turn: the connection itself, no promise', async () => {
    const { pool, conn } = await pooled();
    pool.release(conn, true);
    assert.equal(conn.isSettling, true);
    const now = pool.takeIdle('k', true);
    assert.ok(now instanceof Promise, 'a connection released in this turn is handed out once settled');
    assert.equal(await now, conn);
    pool.release(conn, true);
    await waitFor('the connection to settle', 2000, (done) => conn.whenSettled().then(() => done(undefined)));
    assert.equal(conn.isSettling, false);
    assert.equal(pool.takeIdle('k', false), conn);
  });

  it('once the server has answered twice on one connection, an idempotent request takes it at once, a POST still waits; a kept-alive one found closed brings the wait back', async () => {
    const { pool, conn } = await pooled();
    conn.requestCount = 2;
    pool.release(conn, true);
    assert.equal(pool.takeIdle('k', true), conn, 'a GET on a server that keeps connections open costs no wait');
    assert.equal(conn.isSettling, false, 'taken, its wait is dropped: nothing stays scheduled for it (issue 10, item 6)');
    pool.release(conn, true);
    const post = pool.takeIdle('k', false);
    assert.ok(post instanceof Promise, 'a POST waits for the connection to settle');
    assert.equal(await post, conn);
    conn.requestCount = 1;
    pool.distrust('k');
    pool.release(conn, true);
    assert.ok(pool.takeIdle('k', true) instanceof Promise, 'after distrust, a GET waits again');
  });

  it('released again while an earlier wait runs (a GET taken at once and answered fast): the wait starts over for the POST after it', async () => {
    const { pool, conn } = await pooled();
    const nextCheckPhase = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    conn.requestCount = 2;
    pool.release(conn, true);
    assert.equal(pool.takeIdle('k', true), conn, 'the GET takes it at once');
    await nextCheckPhase();
    // The first wait is half through (its second immediate pending) when the GET's answer releases it.
    pool.release(conn, true);
    const post = pool.takeIdle('k', false);
    assert.ok(post instanceof Promise);
    let isHandedOut = false;
    void post.then(() => (isHandedOut = true));
    await nextCheckPhase();
    await Promise.resolve();
    assert.equal(isHandedOut, false, 'the POST waits a whole turn from the last answer, not the rest of the old wait');
    assert.equal(await post, conn);
  });

  it('close() while a connection settles closes it and leaves nothing scheduled', async () => {
    const { pool, conn, serverSide } = await pooled();
    pool.release(conn, true);
    pool.close();
    assert.equal(conn.isSettling, false);
    assert.equal(pool.idleCount, 0);
    await closed(serverSide, 2000, 'close() to close the settling connection');
  });
});
