import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP server on 127.0.0.1 whose handler writes hand-made bytes. Every socket is tracked so
 * `close()` tears everything down (call it in afterEach): no test leaves a connection behind.
 */
export class RawServer {
  readonly sockets = new Set<net.Socket>();
  /** Connections accepted so far. */
  connectionCount = 0;
  private constructor(readonly server: net.Server) {}

  static async start(onConnection: (socket: net.Socket, index: number) => void): Promise<RawServer> {
    const holder: { self?: RawServer } = {};
    const server = net.createServer((socket) => {
      const s = holder.self!;
      s.sockets.add(socket);
      socket.on('close', () => s.sockets.delete(socket));
      socket.on('error', () => undefined);
      onConnection(socket, s.connectionCount++);
    });
    const self = new RawServer(server);
    holder.self = self;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Calls `onRequest` with each complete request head (and Content-Length body) read from `socket`,
 * in order; the handler answers by writing to the socket.
 */
export function onRequests(socket: net.Socket, onRequest: (head: string, body: Buffer, index: number) => void): void {
  let pending = Buffer.alloc(0);
  let index = 0;
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = pending.toString('latin1', 0, end);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (pending.length < end + 4 + length) return;
      const body = pending.subarray(end + 4, end + 4 + length);
      pending = pending.subarray(end + 4 + length);
      onRequest(head, body, index++);
    }
  });
}

/** A server that answers every request `200 OK` with the text body `ok`, each request head pushed to `heads`. */
export function startOkServer(heads: string[]): Promise<RawServer> {
  return RawServer.start((socket) =>
    onRequests(socket, (head) => {
      heads.push(head);
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok');
    }),
  );
}

/** Resolves when `emitter` emits `event`, or rejects after `ms` with a message naming it. */
export function waitFor<T = unknown>(what: string, ms: number, register: (done: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
