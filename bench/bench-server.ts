import * as net from 'node:net';

/**
 * The benchmark's server, run in its own process so it never shares an event loop with the client
 * under test. `/small` answers a 13-byte body on a kept-alive connection; `/big?bytes=N` streams
 * N bytes with a Content-Length. It prints its port as the first line on stdout.
 */
const SMALL = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!', 'latin1');
const BLOCK = Buffer.alloc(1024 * 1024, 0x61);

function answer(socket: net.Socket, head: string): void {
  const target = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
  if (!target.startsWith('/big')) {
    socket.write(SMALL);
    return;
  }
  const total = Number(/bytes=(\d+)/.exec(target)?.[1] ?? 0);
  socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${total}\r\n\r\n`);
  let left = total;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, BLOCK.length);
      left -= n;
      if (!socket.write(n === BLOCK.length ? BLOCK : BLOCK.subarray(0, n))) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
      answer(socket, pending.slice(0, end));
      pending = pending.slice(end + 4);
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as net.AddressInfo).port}\n`);
});
process.on('disconnect', () => process.exit(0));
