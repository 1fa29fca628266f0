// startBigJsonServer in a process of its own (`fork` this file with the sizes as arguments): a test
// in the extension host measures the host's event loop, so the server must not share it. Sends
// `{ port }` over IPC once it listens; exits when its parent goes.
import { startBigJsonServer } from './big-json';

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const server = await startBigJsonServer(sizes);
  process.send?.({ port: server.port });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}

void main();
