/**
 * Several addresses for one host (RFC 8305, "Happy Eyeballs"): families alternate, an address
 * that is refused or silent for the attempt delay lets the next one start, all within the connect
 * timeout, and the result says which address served. Names are answered by an injected resolver
 * with loopback addresses only; an address that drops packets is a socket that never connects.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { ErrorCodes } from '../../../src/core/errors';
import { createConnector, type ConnectorOptions } from '../../../src/core/wire/connect';
import { normalizeConnectError } from '../../../src/core/wire/connect-errors';
import { interleaveFamilies, openTcpSocket, type AddressAttempt, type ResolvedAddress } from '../../../src/core/wire/happy-eyeballs';
import { onRequests, type RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { expectWireError, Harness } from './support-a';

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });
const outcomes = (attempts: readonly AddressAttempt[]): string[] => attempts.map((a) => `${a.address} ${a.outcome}`);
/** ::1 with nothing listening is refused, or unreachable where the machine has no IPv6: a failure either way. */
const NODE_CODE = /^E[A-Z]+$/;

describe('wire: issue 10, item 4: several addresses for one host (Happy Eyeballs)', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  describe('interleaveFamilies (RFC 8305 §4)', () => {
    const rows: { name: string; input: ResolvedAddress[]; want: string[] }[] = [
      { name: 'IPv6 first: the families alternate from it', input: [v6('::1'), v6('::2'), v4('10.0.0.1'), v4('10.0.0.2')], want: ['::1', '10.0.0.1', '::2', '10.0.0.2'] },
      { name: 'IPv4 first: the families alternate from it', input: [v4('10.0.0.1'), v6('::1'), v4('10.0.0.2')], want: ['10.0.0.1', '::1', '10.0.0.2'] },
      { name: 'one family keeps its order', input: [v4('10.0.0.3'), v4('10.0.0.1'), v4('10.0.0.2')], want: ['10.0.0.3', '10.0.0.1', '10.0.0.2'] },
      { name: 'more of one family: the rest at the end', input: [v6('::1'), v4('10.0.0.1'), v6('::2'), v6('::3')], want: ['::1', '10.0.0.1', '::2', '::3'] },
      { name: 'nothing', input: [], want: [] },
    ];
    for (const row of rows) {
      it(row.name, () => {
        assert.deepEqual(interleaveFamilies(row.input).map((a) => a.address), row.want);
      });
    }
  });

  async function serve(): Promise<RawServer> {
    return h.server((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
  }

  /** Sockets that never connect, standing for addresses that drop packets; destroyed at cleanup. */
  function silentSockets(): { readonly sockets: net.Socket[]; open: () => net.Socket } {
    const sockets: net.Socket[] = [];
    h.onCleanup(() => sockets.forEach((s) => s.destroy()));
    return { sockets, open: () => sockets[sockets.push(new net.Socket()) - 1]! };
  }

  function clientFor(answer: readonly ResolvedAddress[], options: ConnectorOptions = {}): ReturnType<Harness['client']> {
    const lookup = (host: string): Promise<readonly ResolvedAddress[]> => (host === 'api.test' ? Promise.resolve(answer) : Promise.reject(Object.assign(new Error(`unknown ${host}`), { code: 'ENOTFOUND' })));
    return h.client({ connector: createConnector({ lookup, ...options }) });
  }

  it('::1 refused, 127.0.0.2 silent, 127.0.0.1 listening: served by 127.0.0.1 after the 250 ms attempt delay', async () => {
    const server = await serve();
    const silent = silentSockets();
    const client = clientFor([v6('::1'), v4('127.0.0.2'), v4('127.0.0.1')], { openSocket: (address, port) => (address === '127.0.0.2' ? silent.open() : openTcpSocket(address, port)) });
    const result = await client.send(wireRequest(`http://api.test:${server.port}/`), { connectTimeoutMs: 5_000 });
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.equal(result.connection.remoteAddress, '127.0.0.1');
    const attempts = result.connection.attempts;
    assert.deepEqual(outcomes(attempts), ['::1 failed', '127.0.0.2 abandoned', '127.0.0.1 connected']);
    assert.match(attempts[0]!.error ?? '', NODE_CODE);
    assert.deepEqual(attempts.map((a) => a.family), [6, 4, 4]);
    // Refused: the next address starts at once. Silent: it has the attempt delay to itself.
    assert.ok(attempts[1]!.startMs < 250, `127.0.0.2 started at ${attempts[1]!.startMs} ms`);
    assert.ok(attempts[2]!.startMs - attempts[1]!.startMs >= 240, `127.0.0.1 started ${attempts[2]!.startMs - attempts[1]!.startMs} ms after 127.0.0.2`);
    assert.ok(silent.sockets[0]!.destroyed, 'the silent attempt is stopped once another connected');
    assert.equal(server.connectionCount, 1);
  });

  it('an address that is refused lets the next start at once, not after the attempt delay', async () => {
    const server = await serve();
    const client = clientFor([v6('::1'), v4('127.0.0.1')], { attemptDelayMs: 10_000 });
    const started = performance.now();
    const result = await client.send(wireRequest(`http://api.test:${server.port}/`), { connectTimeoutMs: 20_000 });
    result.dispose();
    assert.ok(performance.now() - started < 5_000, 'the refused ::1 did not hold the next address back');
    assert.deepEqual(outcomes(result.connection.attempts), ['::1 failed', '127.0.0.1 connected']);
  });

  it('an earlier attempt still trying wins when it connects first (RFC 8305 §5: attempts are not cancelled)', async () => {
    const server = await serve();
    const slow = new net.Socket();
    h.trackSocket(slow);
    const silent = silentSockets();
    const openSocket = (address: string): net.Socket => {
      if (address === '::1') return slow;
      // The second attempt has started: now the first one's network answers.
      slow.connect(server.port, '127.0.0.1');
      return silent.open();
    };
    const result = await clientFor([v6('::1'), v4('127.0.0.2')], { openSocket, attemptDelayMs: 20 }).send(wireRequest(`http://api.test:${server.port}/`));
    result.dispose();
    assert.deepEqual(outcomes(result.connection.attempts), ['::1 connected', '127.0.0.2 abandoned']);
    assert.ok(silent.sockets[0]!.destroyed);
  });

  it('every address silent: HW_CONNECT_TIMEOUT at the connect timeout, naming them, every attempt stopped', async () => {
    const silent = silentSockets();
    const client = clientFor([v6('::1'), v4('127.0.0.2'), v6('::2')], { openSocket: () => silent.open(), attemptDelayMs: 50 });
    const started = performance.now();
    const err = await expectWireError(client.send(wireRequest('http://api.test:8080/'), { connectTimeoutMs: 400 }), ErrorCodes.connectTimeout, /api\.test:8080 \(tried ::1, 127\.0\.0\.2, ::2\) timed out/);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 390 && elapsed < 3_000, `failed after ${elapsed} ms`);
    const attempts = (err.detail as { attempts?: AddressAttempt[] }).attempts ?? [];
    assert.deepEqual(outcomes(attempts), ['::1 abandoned', '127.0.0.2 abandoned', '::2 abandoned']);
    assert.ok(silent.sockets.every((s) => s.destroyed), 'no attempt outlives the timeout');
  });

  it('every address refused: HW_CONNECT_REFUSED naming the addresses tried', async () => {
    const server = await serve();
    const port = server.port;
    await server.close();
    const err = await expectWireError(clientFor([v6('::1'), v4('127.0.0.1')]).send(wireRequest(`http://api.test:${port}/`)), ErrorCodes.connectRefused, /api\.test:\d+ \(tried ::1, 127\.0\.0\.1\)/);
    const attempts = (err.detail as { attempts?: AddressAttempt[] }).attempts ?? [];
    assert.deepEqual(outcomes(attempts), ['::1 failed', '127.0.0.1 failed']);
    assert.equal(attempts[1]!.error, 'ECONNREFUSED');
  });

  it('of several addresses\' errors, a refusal is the one reported', () => {
    const errno = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });
    const mixed = new AggregateError([errno('EADDRNOTAVAIL'), errno('ECONNREFUSED')]);
    assert.equal(normalizeConnectError(mixed, 'api.test:80').code, ErrorCodes.connectRefused);
    const unreachable = new AggregateError([errno('ENETUNREACH'), errno('EHOSTUNREACH')]);
    assert.match(normalizeConnectError(unreachable, 'api.test:80').message, /ENETUNREACH/);
  });

  it('a name the resolver does not know → HW_DNS', async () => {
    await expectWireError(clientFor([]).send(wireRequest('http://unknown.test/')), ErrorCodes.dns);
  });
});
