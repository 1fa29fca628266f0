/**
 * Issue 11, item 2: the exchange a save or a comparison reads — a panel's SendResult (its body in
 * memory or in its temporary file, which the panel may delete meanwhile) or a history entry — and
 * saveToFile, which streams it to a file through a temporary one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { exchangeSourceOfEntry, exchangeSourceOfResult } from '../../../src/core/history/exchange-source';
import { historyRecordOf } from '../../../src/core/history/history-entry';
import { HistoryStore } from '../../../src/core/history/history-store';
import { saveToFile } from '../../../src/core/response/save-file';
import { SecretMasker } from '../../../src/core/secret-masker';
import { HttpClient } from '../../../src/core/wire/client';
import type { SendResult } from '../../../src/core/wire/send-result';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

describe('core/history: exchange sources and saveToFile (issue 11, item 2)', () => {
  let dir: string;
  let server: RawServer;
  let client: HttpClient;
  const BODY_BYTES = 200_000;
  let answerBody: Buffer;

  before(async () => {
    server = await RawServer.start((socket) =>
      onRequests(socket, () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nX-Twice: 1\r\nx-twice: 2\r\nContent-Length: ${answerBody.length}\r\n\r\n`);
        socket.write(answerBody);
      }),
    );
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-save-'));
    client = new HttpClient();
    answerBody = Buffer.from(Array.from({ length: BODY_BYTES }, (_, i) => (i * 7) & 0xff));
  });
  afterEach(() => {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function send(maxInMemoryBytes?: number): Promise<SendResult> {
    return client.send(wireRequest(server.url('/files/data.bin')), maxInMemoryBytes === undefined ? {} : { bodyStore: { maxInMemoryBytes, tempDir: dir } });
  }

  for (const where of ['memory', 'its temporary file'] as const) {
    it(`saves a body kept in ${where} exactly, after its owner freed it`, async () => {
      const result = await send(where === 'memory' ? undefined : 64 * 1024);
      assert.equal(result.body.spillPath === undefined, where === 'memory');
      const source = exchangeSourceOfResult(result, 'download');
      // The panel shows the next answer: the result and its temporary file are gone.
      result.dispose();
      const target = path.join(dir, 'saved.bin');
      try {
        await saveToFile(target, source.readBody());
        // Twice: the source may be read again (Save, then Compare).
        await saveToFile(target, source.readBody());
      } finally {
        source.dispose();
      }
      assert.deepEqual(fs.readFileSync(target), answerBody);
      assert.deepEqual(source.response.headers.slice(1, 3), [['X-Twice', '1'], ['x-twice', '2']]);
      assert.equal(source.bodyBytes, answerBody.length);
      assert.equal(source.url, server.url('/files/data.bin'));
      assert.equal(source.codingsNotUndone, undefined);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['saved.bin'], 'no temporary file left');
    });
  }

  for (const inlineLimit of [1024 * 1024, 1024]) {
    it(`saves a history entry's body kept ${inlineLimit > BODY_BYTES ? 'inline' : 'in a file'}`, async () => {
      const store = new HistoryStore(path.join(dir, 'root'), { maxInlineBodyBytes: inlineLimit });
      const result = await send();
      const record = historyRecordOf(result, SecretMasker.create());
      const body = store.snapshotBody(result.body);
      result.dispose();
      const entry = await store.add(record, body);
      assert.equal(entry.body.kind, inlineLimit > answerBody.length ? 'inline' : 'file');
      const source = exchangeSourceOfEntry(entry, store);
      const target = path.join(dir, 'entry.bin');
      await saveToFile(target, source.readBody());
      assert.deepEqual(fs.readFileSync(target), answerBody);
      assert.equal(source.bodyBytes, answerBody.length);
      assert.equal(source.label, `GET ${server.url('/files/data.bin')}`);
      assert.equal(source.response.status, 200);
    });
  }

  it('saves a gzip body that could not be undone as received, and says which coding', async () => {
    const garbage = Buffer.from('not gzip at all');
    const broken = await RawServer.start((socket) => onRequests(socket, () => socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${garbage.length}\r\n\r\n`), garbage]))));
    try {
      const result = await client.send(wireRequest(broken.url('/')), {});
      assert.ok(result.decodeError);
      const source = exchangeSourceOfResult(result, 'broken');
      result.dispose();
      assert.equal(source.codingsNotUndone, 'gzip');
      const target = path.join(dir, 'raw.bin');
      await saveToFile(target, source.readBody());
      assert.deepEqual(fs.readFileSync(target), garbage);
    } finally {
      await broken.close();
    }
  });

  it('leaves the file that was there when the body fails half way, and no temporary file', async () => {
    const target = path.join(dir, 'kept.txt');
    fs.writeFileSync(target, 'before');
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(100_000, 'a');
      throw new HttpWireError(ErrorCodes.file, 'gone');
    }
    await assert.rejects(saveToFile(target, failing()), (err: unknown) => err instanceof HttpWireError && err.code === 'HW_FILE' && err.message === 'gone');
    assert.equal(fs.readFileSync(target, 'utf8'), 'before');
    assert.deepEqual(fs.readdirSync(dir), ['kept.txt']);
  });

  it('rejects with HW_FILE naming the path when the folder does not exist', async () => {
    const target = path.join(dir, 'missing', 'x.bin');
    await assert.rejects(saveToFile(target, (async function* () {})()), (err: unknown) => err instanceof HttpWireError && err.code === 'HW_FILE' && (err.detail as { path?: string }).path === target);
  });
});
