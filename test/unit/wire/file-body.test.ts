import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpClient } from '../../../src/core/wire/client';
import { onRequests, RawServer } from '../../support/raw-server';
import { rejection } from '../../support/rejection';
import { wireRequest } from '../../support/wire-request';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';

describe('wire: file bodies are streamed with the length they were prepared with', () => {
  let server: RawServer;
  let client: HttpClient;
  let dir: string;
  const received: Buffer[] = [];

  beforeEach(async () => {
    received.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-file-body-'));
    server = await RawServer.start((socket) =>
      onRequests(socket, (_head, body) => {
        received.push(Buffer.from(body));
        socket.write(OK);
      }),
    );
    client = new HttpClient();
  });

  afterEach(async () => {
    client.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function fileRequest(file: string, size: number) {
    return wireRequest(server.url('/upload'), {
      method: 'POST',
      headers: [['Host', `127.0.0.1:${server.port}`], ['Content-Length', String(size)]],
      body: [{ type: 'file', path: file, size }],
    });
  }

  it('a file that grew after it was measured sends only the measured bytes', async () => {
    const file = path.join(dir, 'grows.txt');
    fs.writeFileSync(file, 'hello');
    const request = fileRequest(file, 5);
    fs.appendFileSync(file, ' and more');
    const result = await client.send(request);
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.deepEqual(received.map((b) => b.toString()), ['hello']);
  });

  it('a file that shrank fails the send with HW_FILE instead of a short body', async () => {
    const file = path.join(dir, 'shrinks.txt');
    fs.writeFileSync(file, 'hello world');
    const request = fileRequest(file, 11);
    fs.writeFileSync(file, 'hi');
    const err = await rejection(client.send(request));
    assert.equal(err.code, 'HW_FILE');
    assert.match(err.message, /shrank while it was being sent \(2 of 11 bytes\)/);
  });

  it('an empty file sends no body bytes', async () => {
    const file = path.join(dir, 'empty.txt');
    fs.writeFileSync(file, '');
    const result = await client.send(fileRequest(file, 0));
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.deepEqual(received.map((b) => b.length), [0]);
  });

  it('a response body that cannot be stored (spill folder missing) fails with HW_FILE, not a crash', async () => {
    const big = await RawServer.start((socket) =>
      onRequests(socket, () => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n${'x'.repeat(100)}`)),
    );
    try {
      const err = await rejection(client.send(wireRequest(big.url('/')), { bodyStore: { maxInMemoryBytes: 10, tempDir: path.join(dir, 'missing', 'folder') } }));
      assert.equal(err.code, 'HW_FILE');
      assert.match(err.message, /Could not store the response body/);
    } finally {
      await big.close();
    }
  });
});
