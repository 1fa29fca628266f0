import { HttpClient } from '../../src/core/wire/client';
import { onRequests, RawServer } from './raw-server';

/** A server on 127.0.0.1 that writes the same bytes to every request, and a client for it. */
export interface Answering {
  readonly server: RawServer;
  readonly client: HttpClient;
}

/**
 * For the tests of the enclosing `describe`: `answer(bytes)` starts an Answering server and its
 * client; both are closed after each test.
 */
export function answeringPerTest(): (bytes: Buffer) => Promise<Answering> {
  let current: Answering | undefined;
  afterEach(async () => {
    const done = current;
    current = undefined;
    done?.client.close();
    await done?.server.close();
  });
  return async (bytes) => {
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write(bytes)));
    return (current = { server, client: new HttpClient() });
  };
}
