/**
 * Issue 11, item 6: the history of exchanges in a folder — at most 50 entries, big bodies in a
 * file removed with their entry, corrupt files skipped, clear, and nothing a masker would mask
 * on the disk. Real sends to a server on 127.0.0.1 make the SendResults.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { historyRecordOf } from '../../../src/core/history/history-entry';
import { historySourceOf } from '../../../src/core/history/history-label';
import { HistoryStore, maskedSnapshot } from '../../../src/core/history/history-store';
import { restoreSendResult } from '../../../src/core/history/restore-result';
import { SecretMasker } from '../../../src/core/secret-masker';
import { HttpClient } from '../../../src/core/wire/client';
import type { SendResult } from '../../../src/core/wire/send-result';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

describe('core/history: HistoryStore (issue 11, item 6)', () => {
  let root: string;
  let server: RawServer;
  let client: HttpClient;
  /** The body the server answers with: set per test. */
  let answerBody: Buffer;

  before(async () => {
    server = await RawServer.start((socket) =>
      onRequests(socket, () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${answerBody.length}\r\n\r\n`);
        socket.write(answerBody);
      }),
    );
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-history-'));
    client = new HttpClient();
    answerBody = Buffer.from('hello');
  });
  afterEach(() => {
    client.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function send(pathname = '/', maxInMemoryBytes?: number): Promise<SendResult> {
    return client.send(wireRequest(server.url(pathname)), maxInMemoryBytes === undefined ? {} : { bodyStore: { maxInMemoryBytes } });
  }

  /** Records `result` as the send controller does: record and body taken, then the result freed. */
  async function keep(store: HistoryStore, result: SendResult, masker = SecretMasker.create(), nowMs?: number): Promise<void> {
    const record = historyRecordOf(result, masker);
    const body = maskedSnapshot(store.snapshotBody(result.body), masker);
    result.dispose();
    await store.add(record, body, nowMs);
  }

  async function bodyOf(store: HistoryStore, entry: Parameters<HistoryStore['readBody']>[0]): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of store.readBody(entry)) chunks.push(c);
    return Buffer.concat(chunks);
  }

  it('an entry names the request it answered and its file, a password in a request line masked; older entries without it still read', async () => {
    const store = new HistoryStore(root);
    const result = await send('/named');
    const masker = SecretMasker.create();
    masker.addSecret('hunter2-pass');
    const record = historyRecordOf(result, masker, { label: 'GET http://ada:hunter2-pass@a.test/', fileName: 'api.http' });
    const body = store.snapshotBody(result.body);
    result.dispose();
    await store.add(record, body);
    const [entry] = await store.list();
    assert.deepEqual(entry!.record.source, { label: 'GET http://ada:***@a.test/', fileName: 'api.http' });
    assert.equal(historySourceOf(entry!), 'GET http://ada:***@a.test/ — api.http');
    const { source: _omitted, ...older } = entry!.record;
    assert.equal(historySourceOf({ ...entry!, record: older }), undefined);
  });

  it('a secret the server echoed in the body is masked in the history on disk (the panel masks it too)', async () => {
    const store = new HistoryStore(root);
    const masker = SecretMasker.create();
    masker.addSecret('PRIVATE-KEY-4f9a2c77');
    answerBody = Buffer.from('{"echoedKey":"PRIVATE-KEY-4f9a2c77"}');
    await keep(store, await send('/echo'), masker);
    const [entry] = await store.list();
    assert.equal((await bodyOf(store, entry!)).toString(), '{"echoedKey":"***"}');
    const onDisk = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => fs.statSync(path.join(root, f)).isFile())
      .map((f) => fs.readFileSync(path.join(root, f), 'utf8'))
      .join('');
    assert.ok(onDisk.length > 0);
    assert.ok(!onDisk.includes('PRIVATE-KEY'), 'the entry holds the secret nowhere in clear');
  });

  it('a secret echoed in a body spilled to disk (over 16 MiB in use) is masked as it is copied in, also one cut between two reads, linked or not', async () => {
    const secret = 'PRIVATE-KEY-4f9a2c77';
    // 300 KB of filler with the secret at three places, one across the 64 KiB read boundary.
    const filler = Buffer.alloc(300_000, 'x');
    const at = [10, 65_536 - 7, 250_000];
    for (const p of at) filler.write(secret, p, 'latin1');
    const crossDevice = (): never => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    };
    for (const [how, linkFile] of [['linked', undefined], ['held open', crossDevice]] as const) {
      const store = new HistoryStore(root, { maxInlineBodyBytes: 1024, ...(linkFile !== undefined ? { linkFile } : {}) });
      const masker = SecretMasker.create();
      masker.addSecret(secret);
      answerBody = filler;
      await keep(store, await send('/spilled', 16 * 1024), masker);
      const [entry] = await store.list();
      const stored = await bodyOf(store, entry!);
      const want = filler.toString('latin1').split(secret).join('***');
      assert.equal(stored.toString('latin1'), want, how);
      assert.equal(entry!.body.kind === 'file' ? entry!.body.bytes : -1, want.length, `${how}: the size kept is the masked body's`);
      for (const f of fs.readdirSync(store.folder)) assert.ok(!fs.readFileSync(path.join(store.folder, f), 'latin1').includes(secret), `${how}: ${f} holds the secret`);
      assert.deepEqual(fs.readdirSync(store.folder).filter((n) => n.startsWith('.tmp-')), [], `${how}: no temporary file left`);
      fs.rmSync(store.folder, { recursive: true });
    }
  });

  it('keeps at most 50 entries, newest first, and removes the oldest', async () => {
    const store = new HistoryStore(root);
    for (let i = 0; i < 53; i++) await keep(store, await send(`/n${i}`), undefined, 1_000 + i);
    const entries = await store.list();
    assert.equal(entries.length, 50);
    assert.equal(entries[0]!.record.request.url, server.url('/n52'));
    assert.equal(entries[49]!.record.request.url, server.url('/n3'));
    assert.equal(fs.readdirSync(store.folder).filter((n) => n.endsWith('.json')).length, 50);
    assert.deepEqual(await bodyOf(store, entries[0]!), Buffer.from('hello'));
  });

  it('keeps a body over the inline limit in a file, removed with its entry; the body kept after the result is freed', async () => {
    const store = new HistoryStore(root, { maxEntries: 2, maxInlineBodyBytes: 1024 });
    answerBody = Buffer.alloc(300_000, 'x');
    // Spilled to a temporary file (link or copy), then the result's own file deleted by dispose.
    await keep(store, await send('/big', 64 * 1024), undefined, 1);
    answerBody = Buffer.alloc(5_000, 'y');
    // In memory, over the inline limit: written from the chunks.
    await keep(store, await send('/mid'), undefined, 2);
    const [mid, big] = await store.list();
    assert.equal(big!.body.kind, 'file');
    assert.equal(mid!.body.kind, 'file');
    assert.deepEqual(await bodyOf(store, big!), Buffer.alloc(300_000, 'x'));
    assert.deepEqual(await bodyOf(store, mid!), Buffer.alloc(5_000, 'y'));
    const bigFile = path.join(store.folder, big!.body.kind === 'file' ? big!.body.fileName : '');
    assert.ok(fs.existsSync(bigFile));
    answerBody = Buffer.from('small');
    await keep(store, await send('/small'), undefined, 3);
    const [small, midNow] = await store.list();
    assert.equal(midNow!.id, mid!.id);
    assert.equal(fs.existsSync(bigFile), false, 'the oldest entry\'s body file is removed with it');
    assert.deepEqual(fs.readdirSync(store.folder).sort(), [`${mid!.id}.body`, `${mid!.id}.json`, `${small!.id}.json`].sort());
  });

  it('keeps a spilled body that cannot be hard-linked (another file system) without copying it on the caller\'s turn, after its temporary file is gone (issue 11, item 4)', async () => {
    const crossDevice = () => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    };
    for (const [answer, inline] of [[Buffer.alloc(300_000, 'z'), 1024], [Buffer.alloc(70_000, 'w'), 1024 * 1024]] as const) {
      const store = new HistoryStore(root, { maxInlineBodyBytes: inline, linkFile: crossDevice });
      answerBody = answer;
      const result = await send('/far', 16 * 1024);
      const spilled = result.body.spillPath!;
      const record = historyRecordOf(result, SecretMasker.create());
      const body = store.snapshotBody(result.body);
      assert.ok('fd' in body, 'held open, not copied');
      assert.deepEqual(fs.readdirSync(store.folder), [], 'nothing written yet');
      result.dispose();
      assert.equal(fs.existsSync(spilled), false, 'the temporary file is removed by its owner');
      await store.add(record, body, 7);
      const [entry] = await store.list();
      assert.equal(entry!.body.kind, answer.length > inline ? 'file' : 'inline');
      assert.deepEqual(await bodyOf(store, entry!), answer);
      assert.deepEqual(fs.readdirSync(store.folder).filter((n) => n.startsWith('.tmp-')), [], 'no temporary copy left');
      fs.rmSync(store.folder, { recursive: true });
    }
  });

  it('skips corrupt, foreign and missing files and never throws on them', async () => {
    const store = new HistoryStore(root);
    assert.deepEqual(await store.list(), [], 'no folder yet');
    await keep(store, await send('/good'), undefined, 5);
    fs.writeFileSync(path.join(store.folder, '000000000000009-aaaa.json'), '{"id": "000000000000009-aaaa", "trunc');
    fs.writeFileSync(path.join(store.folder, '000000000000008-bbbb.json'), JSON.stringify({ id: '000000000000008-bbbb', savedAtMs: 8 }));
    fs.writeFileSync(path.join(store.folder, '000000000000007-cccc.json'), '[]');
    const entries = await store.list();
    assert.deepEqual(entries.map((e) => e.record.request.url), [server.url('/good')]);
    // An entry whose body file is gone: reading its body fails with HW_FILE, listing does not.
    const big = new HistoryStore(root, { maxInlineBodyBytes: 1 });
    await keep(big, await send('/gone'), undefined, 10);
    const [gone] = await big.list();
    fs.rmSync(path.join(big.folder, `${gone!.id}.body`));
    await assert.rejects(bodyOf(big, gone!), { code: 'HW_FILE' });
  });

  it('finds an entry by the id given before it was written, once written; no path or unknown id finds one (issue 11, item 3)', async () => {
    const store = new HistoryStore(root);
    const result = await send('/kept');
    const id = HistoryStore.newId(5_000);
    const record = historyRecordOf(result, SecretMasker.create());
    const body = store.snapshotBody(result.body);
    result.dispose();
    // Not awaited: get() waits for the writes queued before it, as a restored panel asks at once.
    const adding = store.add(record, body, 5_000, id);
    const entry = await store.get(id);
    assert.equal(entry?.id, id);
    assert.equal(entry?.record.request.url, server.url('/kept'));
    assert.deepEqual(await bodyOf(store, entry!), Buffer.from('hello'));
    await adding;
    assert.equal(await store.get(HistoryStore.newId(6_000)), undefined);
    for (const bad of ['../history/x', `${id}/../${id}`, '', id.toUpperCase() + 'X']) assert.equal(await store.get(bad), undefined, bad);
  });

  it('clear removes every entry and body file', async () => {
    const store = new HistoryStore(root, { maxInlineBodyBytes: 1 });
    await keep(store, await send('/a'));
    await keep(store, await send('/b'));
    assert.equal((await store.list()).length, 2);
    await store.clear();
    assert.deepEqual(await store.list(), []);
    assert.equal(fs.existsSync(store.folder), false);
    await keep(store, await send('/c'));
    assert.equal((await new HistoryStore(root).list()).length, 1, 'usable again after clear, and read back by a new store');
  });

  it('stores nothing the SecretMasker would mask: URL password, its Basic token, Proxy-Authorization', async () => {
    const store = new HistoryStore(root);
    const url = new URL(server.url('/private'));
    url.username = 'bob';
    url.password = 'hunter22';
    const token = Buffer.from('bob:hunter22').toString('base64');
    const request = wireRequest(url.toString(), { headers: [['Host', url.host], ['Authorization', `Basic ${token}`], ['Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0']] });
    await keep(store, await client.send(request, {}));
    const onDisk = fs.readdirSync(store.folder).map((n) => fs.readFileSync(path.join(store.folder, n), 'utf8')).join('\n');
    const [entry] = await store.list();
    const sent = Buffer.from(entry!.record.request.sentBase64, 'base64').toString('latin1');
    for (const secret of ['hunter22', token, 'cHJveHk6c2VjcmV0']) {
      assert.ok(!onDisk.includes(secret), `${secret} is not on the disk`);
      assert.ok(!sent.includes(secret), `${secret} is not in the sent bytes kept`);
    }
    // The URL as the request's bytes name it: its credentials went as the (masked) Authorization.
    assert.equal(entry!.record.request.url, server.url('/private'));
    assert.match(sent, /^Proxy-Authorization: \*\*\*\r$/m);
    assert.match(sent, /^Authorization: Basic \*\*\*\r$/m);
  });

  it('restores a SendResult the panel can show from an entry', async () => {
    const store = new HistoryStore(root, { maxInlineBodyBytes: 1 });
    answerBody = Buffer.from('restored body');
    await keep(store, await send('/r'));
    const [entry] = await store.list();
    const result = await restoreSendResult(entry!, store.readBody(entry!));
    try {
      assert.equal(result.response.status, 200);
      assert.equal(result.response.reason, 'OK');
      assert.deepEqual(result.response.headers, [['Content-Type', 'text/plain'], ['Content-Length', '13']]);
      assert.equal(result.body.toBuffer().toString(), 'restored body');
      assert.match(result.capture.sent.toString('latin1'), /^GET \/r HTTP\/1\.1\r\n/);
    } finally {
      result.dispose();
    }
  });

  it('restores a body bigger than memory holds into a temporary file, all of it written when the result is given (host blocks)', async () => {
    const store = new HistoryStore(root, { maxInlineBodyBytes: 1 });
    answerBody = Buffer.alloc(26 * 1024 * 1024, 'q');
    await keep(store, await send('/huge', 64 * 1024));
    const [entry] = await store.list();
    const result = await restoreSendResult(entry!, store.readBody(entry!));
    try {
      assert.ok(result.body.spillPath !== undefined, 'past the 16 MiB kept in memory');
      assert.equal(result.body.whenWritten(), undefined, 'nothing left queued');
      assert.equal(fs.statSync(result.body.spillPath).size, answerBody.length);
      assert.ok(result.body.toBuffer().equals(answerBody));
    } finally {
      result.dispose();
    }
  });
});
