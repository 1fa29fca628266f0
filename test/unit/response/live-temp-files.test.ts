/**
 * The registry of live temporary files (issue 10, item 2): what the CLI's exit and signal hooks
 * and the editor's deactivate call, so that no body is left on the disk.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BodyStore } from '../../../src/core/response/body-store';
import { spawnSync } from 'node:child_process';
import { liveTempFileCount, removeLiveTempFiles, removeStaleTempFiles, trackTempFile } from '../../../src/core/response/live-temp-files';

describe('response: live temporary files', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-live-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('issue 10, item 2: removeLiveTempFiles deletes the file of a store nobody disposed', () => {
    const before = liveTempFileCount();
    const store = new BodyStore({ maxInMemoryBytes: 10, tempDir: dir });
    store.append(Buffer.alloc(100, 1));
    const file = store.spillPath!;
    assert.ok(fs.existsSync(file));
    assert.equal(liveTempFileCount(), before + 1);
    removeLiveTempFiles();
    assert.equal(fs.existsSync(file), false);
    assert.equal(liveTempFileCount(), 0);
    store.dispose();
  });

  it('a store in memory has no file to track; a disposed one is no longer tracked', () => {
    const before = liveTempFileCount();
    const small = new BodyStore({ maxInMemoryBytes: 1000, tempDir: dir });
    small.append(Buffer.alloc(100));
    assert.equal(liveTempFileCount(), before);
    const big = new BodyStore({ maxInMemoryBytes: 10, tempDir: dir });
    big.append(Buffer.alloc(100));
    assert.equal(liveTempFileCount(), before + 1);
    big.dispose();
    assert.equal(liveTempFileCount(), before);
  });

  it('one owner that fails to dispose does not keep the others from being removed', () => {
    const store = new BodyStore({ maxInMemoryBytes: 10, tempDir: dir });
    store.append(Buffer.alloc(100));
    trackTempFile({
      dispose: () => {
        throw new Error('cannot');
      },
    });
    removeLiveTempFiles();
    assert.deepEqual(fs.readdirSync(dir), []);
    assert.equal(liveTempFileCount(), 0);
  });

  it('removeStaleTempFiles deletes the body files of processes that no longer run (a killed extension host), and only those', async () => {
    // A pid that ran and ended: a child that exited.
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const gone = Number(ended.stdout);
    const store = new BodyStore({ maxInMemoryBytes: 10, tempDir: dir });
    store.append(Buffer.alloc(100, 1));
    const mine = path.basename(store.spillPath!);
    const names = [`http-wire-body-${gone}-0a1b2c3d4e5f`, `http-wire-body-${gone}-ffee`, `http-wire-body-1-0a1b2c3d4e5f`, 'http-wire-body-x-0a1b', `other-${gone}`, `http-wire-body-${gone}-0a1b2c3d4e5f.keep`];
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'a body');
    // pid 1 runs (init): its file stays.
    assert.equal(await removeStaleTempFiles(dir), 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), [mine, 'http-wire-body-1-0a1b2c3d4e5f', 'http-wire-body-x-0a1b', `other-${gone}`, `http-wire-body-${gone}-0a1b2c3d4e5f.keep`].sort());
    store.dispose();
    assert.equal(await removeStaleTempFiles(path.join(dir, 'no-such-folder')), 0);
  });
});
