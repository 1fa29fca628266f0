import * as net from 'node:net';

/** A server of the extension-host tests, with the request heads it received, in order. */
export interface HeadRecordingServer {
  readonly server: net.Server;
  readonly port: number;
  readonly heads: string[];
  readonly sockets: Set<net.Socket>;
}

/** A server on 127.0.0.1 that records each request head and answers with `answer`, or never when it is undefined. */
export async function startServer(answer: Buffer | undefined): Promise<HeadRecordingServer> {
  const heads: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      heads.push(received.slice(0, end));
      received = received.slice(end + 4);
      if (answer !== undefined) socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port, heads, sockets };
}

/** Closes the server and the connections the client keeps alive (close() alone would wait for them). */
export async function stopServer(s: Pick<HeadRecordingServer, 'server' | 'sockets'>): Promise<void> {
  for (const socket of s.sockets) socket.destroy();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}
