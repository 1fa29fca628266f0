/**
 * Timeouts and cancellation, each with its own code (style guide §3, §5): refused connections,
 * the headers and body timers, the total deadline and AbortSignal. Teardown settles exactly once,
 * destroys the socket and leaves nothing behind (§4).
 */

import assert from 'node:assert/strict';
import * as net from 'node:net';
import { ErrorCodes, errorClassOf, HttpWireError } from '../../../src/core/errors';
import type { ConnectTarget, Connector } from '../../../src/core/wire/connect';
import { onRequests, type RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { closed, expectWireError, Harness, partialOf, TapConnector, until } from './support-a';

/** A connector that never connects: it waits for the signal and records what it was asked. */
function hangingConnector(): { connector: Connector; targets: ConnectTarget[] } {
  const targets: ConnectTarget[] = [];
  const connector: Connector = (target) => {
    targets.push(target);
    return new Promise((_resolve, reject) => {
      const onAbort = (): void => reject(new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));
      if (target.signal?.aborted) onAbort();
      else target.signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { connector, targets };
}

describe('wire: connect failures', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  it('a closed port is HW_CONNECT_REFUSED', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await expectWireError(h.client().send(wireRequest(`http://127.0.0.1:${port}/`)), ErrorCodes.connectRefused, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.equal(errorClassOf(err.code), 'connect');
    assert.equal((err.cause as NodeJS.ErrnoException | undefined)?.code, 'ECONNREFUSED', 'the Node error is kept as cause');
  });

  it('passes connectTimeoutMs and the signal to the connector', async () => {
    const { connector, targets } = hangingConnector();
    const controller = new AbortController();
    const client = h.client({ connector });
    const sending = client.send(wireRequest('http://127.0.0.1:9/'), { connectTimeoutMs: 1234, signal: controller.signal });
    await waitUntilCalled(targets);
    assert.equal(targets[0]!.timeoutMs, 1234);
    assert.deepEqual([targets[0]!.host, targets[0]!.port, targets[0]!.tls], ['127.0.0.1', 9, undefined]);
    controller.abort();
    await expectWireError(sending, ErrorCodes.aborted);
  });

  it('a connector\'s HW_CONNECT_TIMEOUT reaches the caller unchanged', async () => {
    // HW_CONNECT_TIMEOUT itself comes from connect.ts on a real TCP connect, which loopback cannot
    // make hang; here the contract of the replaceable connector is checked instead.
    const connector: Connector = (target) =>
      new Promise((_resolve, reject) => setTimeout(() => reject(new HttpWireError(ErrorCodes.connectTimeout, `Connecting to ${target.host}:${target.port} timed out.`)), target.timeoutMs));
    const started = performance.now();
    const err = await expectWireError(h.client({ connector }).send(wireRequest('http://127.0.0.1:9/'), { connectTimeoutMs: 50 }), ErrorCodes.connectTimeout);
    assert.ok(performance.now() - started < 1000);
    assert.equal(errorClassOf(err.code), 'timeout');
  });

  it('totalTimeoutMs cuts a connect that hangs: HW_TOTAL_TIMEOUT', async () => {
    const { connector } = hangingConnector();
    const started = performance.now();
    const err = await expectWireError(h.client({ connector }).send(wireRequest('http://127.0.0.1:9/'), { totalTimeoutMs: 80 }), ErrorCodes.totalTimeout, /80 ms/);
    const ms = performance.now() - started;
    assert.ok(ms >= 70 && ms < 1000, `settled after ${ms.toFixed(0)} ms`);
    assert.equal(errorClassOf(err.code), 'timeout');
  });
});

/** Timers keeping the event loop alive. */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

async function waitUntilCalled(targets: readonly unknown[]): Promise<void> {
  for (let i = 0; i < 1000 && targets.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(targets.length > 0, 'the connector was never called');
}

describe('wire: response timeouts', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /** A server whose every connection runs `onRequest` for the first request. */
  async function serve(onRequest: (socket: net.Socket) => void): Promise<{ server: RawServer; sockets: net.Socket[] }> {
    const sockets: net.Socket[] = [];
    const server = await h.server((socket) => {
      sockets.push(socket);
      onRequests(socket, () => onRequest(socket));
    });
    return { server, sockets };
  }

  it('a server that accepts and never answers: HW_HEADERS_TIMEOUT, socket closed', async () => {
    const { server, sockets } = await serve(() => undefined);
    const started = performance.now();
    const err = await expectWireError(h.client().send(wireRequest(server.url()), { headersTimeoutMs: 100 }), ErrorCodes.headersTimeout, /100 ms/);
    const ms = performance.now() - started;
    assert.ok(ms >= 90 && ms < 1000, `settled after ${ms.toFixed(0)} ms`);
    assert.equal(errorClassOf(err.code), 'timeout');
    assert.equal(partialOf(err).capture.receivedBytes, 0);
    await closed(sockets[0]!, 1000, 'the timed-out connection to be closed');
  });

  it('headers that stop half way: HW_HEADERS_TIMEOUT with the bytes received', async () => {
    const partial = 'HTTP/1.1 200 OK\r\nX-Slow: 1\r\n';
    const { server } = await serve((s) => s.write(partial));
    const err = await expectWireError(h.client().send(wireRequest(server.url()), { headersTimeoutMs: 100 }), ErrorCodes.headersTimeout);
    assert.equal(partialOf(err).capture.received.toString(), partial);
    assert.equal(partialOf(err).head, undefined);
  });

  it('headers dripped one byte at a time still meet the headers deadline (slowloris)', async () => {
    const { server } = await serve((s) => {
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('a')), 10);
      s.write('HTTP/1.1 200 OK\r\nX-Slow: ');
      h.onCleanup(() => clearInterval(timer));
    });
    const started = performance.now();
    await expectWireError(h.client().send(wireRequest(server.url()), { headersTimeoutMs: 150, bodyTimeoutMs: 150 }), ErrorCodes.headersTimeout);
    assert.ok(performance.now() - started < 1000);
  });

  it('headers, part of the body, then silence: HW_BODY_TIMEOUT with detail.partial', async () => {
    const sent = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd';
    const { server, sockets } = await serve((s) => s.write(sent));
    const started = performance.now();
    const err = await expectWireError(h.client().send(wireRequest(server.url()), { bodyTimeoutMs: 100 }), ErrorCodes.bodyTimeout, /100 ms/);
    const ms = performance.now() - started;
    assert.ok(ms >= 90 && ms < 1000, `settled after ${ms.toFixed(0)} ms`);
    assert.equal(errorClassOf(err.code), 'timeout');
    const partial = partialOf(err);
    assert.equal(partial.capture.received.toString(), sent);
    assert.equal(partial.head?.status, 200);
    assert.equal(partial.bodyBytes, 4);
    assert.equal(partial.isBeforeResponse, false);
    await closed(sockets[0]!, 1000, 'the timed-out connection to be closed');
  });

  it('the body timer restarts with every chunk: a slow but steady body succeeds', async () => {
    const body = 'abcdefghijkl';
    const { server } = await serve((s) => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      let at = 0;
      const timer = setInterval(() => {
        if (s.destroyed || at === body.length) return clearInterval(timer);
        s.write(body[at++]!);
      }, 25);
      h.onCleanup(() => clearInterval(timer));
    });
    const started = performance.now();
    const r = await h.client().send(wireRequest(server.url()), { bodyTimeoutMs: 250 });
    assert.equal(r.body.toBuffer().toString(), body);
    assert.ok(performance.now() - started > 250, 'the body took longer than one body timeout in all');
  });

  it('totalTimeoutMs bounds a body that keeps trickling: HW_TOTAL_TIMEOUT', async () => {
    const { server, sockets } = await serve((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n');
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('x')), 10);
      h.onCleanup(() => clearInterval(timer));
    });
    const started = performance.now();
    const err = await expectWireError(h.client().send(wireRequest(server.url()), { totalTimeoutMs: 200, bodyTimeoutMs: 5000 }), ErrorCodes.totalTimeout);
    const ms = performance.now() - started;
    assert.ok(ms >= 190 && ms < 2000, `settled after ${ms.toFixed(0)} ms`);
    assert.ok(partialOf(err).bodyBytes > 0, 'detail.partial survives the rewrite to HW_TOTAL_TIMEOUT');
    await closed(sockets[0]!, 1000, 'the connection to be closed');
  });

  it('an endless run of 100 Continue does not hold off the headers timeout', async () => {
    const { server } = await serve((s) => {
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('HTTP/1.1 100 Continue\r\n\r\n')), 5);
      h.onCleanup(() => clearInterval(timer));
    });
    const started = performance.now();
    await expectWireError(h.client().send(wireRequest(server.url()), { headersTimeoutMs: 150 }), ErrorCodes.headersTimeout);
    assert.ok(performance.now() - started < 1000);
  });

  it('an upload the server never reads is bounded by totalTimeoutMs', async () => {
    const { server, sockets } = await serve(() => undefined);
    server.server.on('connection', (socket) => socket.pause());
    const body = Buffer.alloc(32 * 1024 * 1024, 0x61);
    const request = wireRequest(server.url(), { method: 'POST', headers: [['Host', 'h'], ['Content-Length', String(body.length)]], body: [{ type: 'bytes', bytes: body }] });
    const started = performance.now();
    await expectWireError(h.client().send(request, { totalTimeoutMs: 300 }), ErrorCodes.totalTimeout);
    assert.ok(performance.now() - started < 2000);
    // The paused server sees the client's FIN only once it reads what is queued before it.
    sockets[0]!.resume();
    await closed(sockets[0]!, 2000, 'the connection to be closed');
  });

  it('a timed-out request does not leave its connection in the pool', async () => {
    let n = 0;
    const { server } = await serve((s) => {
      if (n++ > 0) s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    const client = h.client();
    await expectWireError(client.send(wireRequest(server.url()), { headersTimeoutMs: 50 }), ErrorCodes.headersTimeout);
    assert.equal(client.idleConnections, 0);
    const r = await client.send(wireRequest(server.url()));
    assert.equal(r.connection.isReused, false);
  });
});

describe('wire: cancel with AbortSignal', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.removeListener('unhandledRejection', onUnhandled);
  });

  it('abort mid-body: HW_ABORTED at once, server socket closed, settled once', async () => {
    const sockets: net.Socket[] = [];
    const partialResponse = 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789';
    const server = await h.server((socket) => {
      sockets.push(socket);
      onRequests(socket, () => socket.write(partialResponse));
    });
    const tap = new TapConnector(h);
    const controller = new AbortController();
    let settled = 0;
    const sending = h.client({ connector: tap.connector }).send(wireRequest(server.url()), { signal: controller.signal, bodyTimeoutMs: 10_000 });
    const counted = sending.then(
      (r) => ((settled += 1), r),
      (e: unknown) => {
        settled += 1;
        throw e;
      },
    );
    await tap.waitForBytes(0, partialResponse.length, 2000);
    const abortedAt = performance.now();
    controller.abort();
    controller.abort();
    const err = await expectWireError(counted, ErrorCodes.aborted);
    const ms = performance.now() - abortedAt;
    assert.ok(ms < 200, `settled ${ms.toFixed(0)} ms after abort`);
    assert.equal(partialOf(err).capture.received.toString(), partialResponse);
    assert.equal(partialOf(err).bodyBytes, 10);
    await closed(sockets[0]!, 1000, 'the server to see its socket closed');
    controller.abort();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, 1);
    assert.deepEqual(unhandled, []);
  });

  it('abort while waiting for headers: HW_ABORTED, not a timeout', async () => {
    const sockets: net.Socket[] = [];
    const controller = new AbortController();
    const server = await h.server((socket) => {
      sockets.push(socket);
      // The request is in: the client is now waiting for the headers.
      onRequests(socket, () => controller.abort());
    });
    await expectWireError(h.client().send(wireRequest(server.url()), { signal: controller.signal, headersTimeoutMs: 10_000 }), ErrorCodes.aborted);
    await closed(sockets[0]!, 1000, 'the server to see its socket closed');
  });

  it('abort during an upload the server does not read: HW_ABORTED at once', async () => {
    const sockets: net.Socket[] = [];
    const server = await h.server((socket) => {
      sockets.push(socket);
      socket.pause();
    });
    const body = Buffer.alloc(32 * 1024 * 1024, 0x61);
    const request = wireRequest(server.url(), { method: 'POST', headers: [['Host', 'h'], ['Content-Length', String(body.length)]], body: [{ type: 'bytes', bytes: body }] });
    const controller = new AbortController();
    const sending = h.client().send(request, { signal: controller.signal });
    await until('the server to accept the connection', 2000, () => sockets.length > 0);
    const abortedAt = performance.now();
    controller.abort();
    await expectWireError(sending, ErrorCodes.aborted);
    assert.ok(performance.now() - abortedAt < 200);
    sockets[0]!.resume();
    await closed(sockets[0]!, 2000, 'the server to see its socket closed');
  });

  /** A PUT that waits for 100 Continue, cancelled as soon as the server has its head. */
  async function continueAbortedByServer(): Promise<{ controller: AbortController; request: ReturnType<typeof wireRequest> }> {
    const controller = new AbortController();
    const server = await h.server((socket) => socket.once('data', () => controller.abort()));
    const request = wireRequest(server.url(), {
      method: 'PUT',
      headers: [['Host', 'h'], ['Expect', '100-continue'], ['Content-Length', '4']],
      body: [{ type: 'bytes', bytes: Buffer.from('data') }],
    });
    return { controller, request };
  }

  it('abort while waiting for 100 Continue: HW_ABORTED without waiting out the timer', async () => {
    const { controller, request } = await continueAbortedByServer();
    const started = performance.now();
    const err = await expectWireError(h.client().send(request, { signal: controller.signal, expectContinueTimeoutMs: 3_000 }), ErrorCodes.aborted);
    assert.ok(performance.now() - started < 1000);
    assert.ok(!partialOf(err).capture.sent.toString().endsWith('data'), 'the body must not be sent after the abort');
  });

  it('a send cancelled while waiting for 100 Continue leaves no timer running', async () => {
    const { controller, request } = await continueAbortedByServer();
    const timersBefore = activeTimers();
    await expectWireError(h.client().send(request, { signal: controller.signal, expectContinueTimeoutMs: 3_000 }), ErrorCodes.aborted);
    await new Promise((resolve) => setImmediate(resolve));
    // Teardown clears every timer (style guide §4): a continue timer left running keeps a CLI
    // process alive after the user cancelled.
    assert.equal(activeTimers(), timersBefore, 'a timer of the cancelled exchange is still running');
  });

  it('abort while connecting: HW_ABORTED', async () => {
    const { connector, targets } = hangingConnector();
    const controller = new AbortController();
    const sending = h.client({ connector }).send(wireRequest('http://127.0.0.1:9/'), { signal: controller.signal });
    await waitUntilCalled(targets);
    controller.abort();
    await expectWireError(sending, ErrorCodes.aborted);
  });

  it('an already-aborted signal rejects without connecting', async () => {
    const server = await h.server((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')));
    const client = h.client();
    await expectWireError(client.send(wireRequest(server.url()), { signal: AbortSignal.abort() }), ErrorCodes.aborted);
    // A connection opened by the aborted send would have been accepted before this one.
    const r = await client.send(wireRequest(server.url()));
    assert.equal(r.connection.id, 1, 'the aborted send must not have opened connection 1');
    assert.equal(server.connectionCount, 1);
  });

  it('an already-aborted signal writes no byte on an idle pooled connection', async () => {
    const heads: string[] = [];
    const server = await h.server((socket) =>
      onRequests(socket, (head) => {
        heads.push(head.split('\r\n')[0]!);
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    const client = h.client();
    await client.send(wireRequest(server.url('/first')));
    await expectWireError(client.send(wireRequest(server.url('/aborted')), { signal: AbortSignal.abort() }), ErrorCodes.aborted);
    await client.send(wireRequest(server.url('/third')));
    assert.deepEqual(heads, ['GET /first HTTP/1.1', 'GET /third HTTP/1.1']);
  });

  it('abort after success does nothing: no throw, the connection stays reusable', async () => {
    const server = await h.server((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
    const client = h.client();
    const controller = new AbortController();
    const first = await client.send(wireRequest(server.url()), { signal: controller.signal });
    controller.abort();
    controller.abort();
    assert.equal(first.body.toBuffer().toString(), 'ok');
    const second = await client.send(wireRequest(server.url()));
    assert.equal(second.connection.isReused, true);
    assert.equal(second.connection.id, first.connection.id);
    assert.deepEqual(unhandled, []);
  });

  it('one signal shared by sequential sends: aborting ends only the one in flight', async () => {
    const controller = new AbortController();
    let n = 0;
    const server = await h.server((socket) =>
      onRequests(socket, () => {
        if (n++ === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else controller.abort();
      }),
    );
    const client = h.client();
    const first = await client.send(wireRequest(server.url()), { signal: controller.signal });
    await expectWireError(client.send(wireRequest(server.url()), { signal: controller.signal }), ErrorCodes.aborted);
    assert.equal(first.body.toBuffer().toString(), 'ok', 'the finished send keeps its result');
    assert.deepEqual(unhandled, []);
  });
});
