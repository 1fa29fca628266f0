import type { AddressInfo } from 'node:net';
import { startDemoServer } from './demo-server';

/** `node out/src/demo/main.js [port]`: the demo server on 127.0.0.1, logging each request. */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 0);
  const server = await startDemoServer(port, '127.0.0.1', (r) => console.log(`${r.method} ${r.target} (${r.body.length} body bytes)`));
  console.log(`demo server on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

void main();
