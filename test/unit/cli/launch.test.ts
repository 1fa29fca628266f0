/**
 * The installed command (dist/cli.js, src/cli/launch.ts) runs the CLI's bundle with V8's code
 * cache: kept in a folder of the user's own, never read from one others may write to, replaced
 * when V8 refuses it, and never in the way: the CLI answers the same without it.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { privateCacheDir } from '../../../src/cli/launch';

const ROOT = path.resolve(__dirname, '../../../..');
const BUILT = path.join(ROOT, 'dist', 'cli.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function runBuilt(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUILT, ...args], { env: { ...process.env, HTTP_WIRE_NO_COMPILE_CACHE: '', NODE_DISABLE_COMPILE_CACHE: '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cache')) : []);

/** Node 22.1 and later keep the cache themselves, in their own layout: what is ours to test is the Node 20 path. */
const hasNodeCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('cli: the installed command keeps a private code cache', function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-launch-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes the cache on the first run, private to the user, and the next run answers the same from it', async function () {
    if (hasNodeCompileCache) this.skip();
    const dir = path.join(root, 'cache');
    const first = await runBuilt(['--version'], { HTTP_WIRE_COMPILE_CACHE_DIR: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(VERSION.replace(/\./g, '\\.')));
    const files = cacheFiles(dir);
    assert.equal(files.length, 1, `cache files: ${files.join(', ')}`);
    assert.ok(fs.statSync(path.join(dir, files[0]!)).size > 10_000, 'the cache holds compiled code');
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(dir, files[0]!)).mode & 0o777, 0o600);
    }
    const second = await runBuilt(['--version'], { HTTP_WIRE_COMPILE_CACHE_DIR: dir });
    assert.deepEqual(second, first);
  });

  it('replaces a cache V8 refuses (a corrupt file) and still answers', async function () {
    if (hasNodeCompileCache) this.skip();
    const dir = path.join(root, 'cache');
    await runBuilt(['--version'], { HTTP_WIRE_COMPILE_CACHE_DIR: dir });
    const [file] = cacheFiles(dir);
    assert.ok(file);
    const garbage = Buffer.alloc(4096, 0x5a);
    fs.writeFileSync(path.join(dir, file), garbage);
    const run = await runBuilt(['--version'], { HTTP_WIRE_COMPILE_CACHE_DIR: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.notDeepEqual(fs.readFileSync(path.join(dir, file)), garbage, 'the refused cache was written anew');
  });

  it('never uses a folder others may write to, nor anything when turned off', async function () {
    if (process.platform === 'win32') this.skip();
    const open = path.join(root, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    assert.equal(privateCacheDir({ HTTP_WIRE_COMPILE_CACHE_DIR: open }), undefined);
    const run = await runBuilt(['--version'], { HTTP_WIRE_COMPILE_CACHE_DIR: open });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(cacheFiles(open), []);

    const linked = path.join(root, 'linked');
    fs.mkdirSync(path.join(root, 'target'), { mode: 0o700 });
    fs.symlinkSync(path.join(root, 'target'), linked);
    assert.equal(privateCacheDir({ HTTP_WIRE_COMPILE_CACHE_DIR: linked }), undefined, 'a symbolic link may point anywhere');

    const off = path.join(root, 'off');
    const offSwitches: Array<Record<string, string>> = [{ HTTP_WIRE_NO_COMPILE_CACHE: '1' }, { NODE_DISABLE_COMPILE_CACHE: '1' }];
    for (const env of offSwitches) {
      assert.equal(privateCacheDir({ ...env, HTTP_WIRE_COMPILE_CACHE_DIR: off }), undefined);
      const offRun = await runBuilt(['--version'], { ...env, HTTP_WIRE_COMPILE_CACHE_DIR: off });
      assert.equal(offRun.code, 0, offRun.stderr);
    }
    assert.equal(fs.existsSync(off), false);
  });
});
