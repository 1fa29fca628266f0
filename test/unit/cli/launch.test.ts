/**
 * The installed command (dist/cli.js, src/cli/launch.ts) runs the CLI's bundle with V8's code
 * cache: kept in a folder of the user's own, never read from one others may write to, checked
 * before V8 sees it (a damaged cache crashed V8), replaced when refused, and never in the way:
 * the CLI answers the same without it.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { isWorthComparing, privateCacheDir, readCodeCache, writeCodeCache } from '../../../src/cli/code-cache';

const ROOT = path.resolve(__dirname, '../../../..');
const BUILT = path.join(ROOT, 'dist', 'cli.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal: NodeJS.Signals | null;
}

/** The built command with `tmp` as its temporary folder (where the cache goes). */
function runBuilt(args: readonly string[], tmp: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    // A deadline that kills the run: a hang fails the test and leaves no process spinning.
    execFile(process.execPath, [BUILT, ...args], { timeout: 15_000, env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, HTTP_WIRE_NO_COMPILE_CACHE: '', NODE_DISABLE_COMPILE_CACHE: '', ...env } }, (err, stdout, stderr) => {
      const failure = err as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
      resolve({ code: failure ? Number(failure.code ?? 1) : 0, stdout, stderr, signal: failure?.signal ?? null });
    });
  });
}

const cacheDirIn = (tmp: string): string => path.join(tmp, process.getuid === undefined ? 'http-wire-compile-cache' : `http-wire-compile-cache-${process.getuid()}`);
const cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cache')) : []);

/** Node 22.1 and later keep the cache themselves, in their own layout: what is ours to test is the Node 20 path. */
const hasNodeCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('cli: the installed command keeps a private code cache', function () {
  this.timeout(30_000);
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-launch-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes the cache on the first run, private to the user and whole, and the next run answers the same from it', async function () {
    if (hasNodeCompileCache) this.skip();
    const first = await runBuilt(['--version'], tmp);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(VERSION.replace(/\./g, '\\.')));
    const dir = cacheDirIn(tmp);
    const files = cacheFiles(dir);
    assert.equal(files.length, 1, `cache files: ${files.join(', ')}`);
    const file = path.join(dir, files[0]!);
    assert.ok((readCodeCache(file)?.data.length ?? 0) > 10_000, 'the cache holds compiled code and its hash matches');
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    }
    assert.deepEqual(await runBuilt(['--version'], tmp), first);
  });

  it('never hands V8 a damaged or foreign cache: a flipped byte or garbage is written anew, and the run answers', async function () {
    if (hasNodeCompileCache) this.skip();
    await runBuilt(['--version'], tmp);
    const dir = cacheDirIn(tmp);
    const file = path.join(dir, cacheFiles(dir)[0]!);
    const whole = fs.readFileSync(file);
    // Damage inside V8's data, past its own header: V8 in release builds takes it and crashes.
    const damaged = Buffer.from(whole);
    for (const at of [1000, whole.length >> 1]) damaged[at] = damaged[at]! ^ 0xff;
    for (const bad of [damaged, Buffer.alloc(4096, 0x5a), Buffer.alloc(0)]) {
      fs.writeFileSync(file, bad);
      assert.equal(readCodeCache(file), undefined);
      const run = await runBuilt(['--version'], tmp);
      assert.deepEqual([run.code, run.signal, run.stderr], [0, null, '']);
      assert.ok(readCodeCache(file) !== undefined, 'the bad cache was written anew');
    }
  });

  it('compares its cache after a run at least twice as long as the one that wrote it, and otherwise leaves the file alone', async function () {
    assert.equal(isWorthComparing(20, 0), false, 'a --version run is not worth ~3 ms');
    assert.equal(isWorthComparing(80, 30), true);
    assert.equal(isWorthComparing(80, 60), false, 'a run like the last one that wrote it: no compare');
    assert.equal(isWorthComparing(5000, 2000), true);
    if (hasNodeCompileCache) this.skip();
    await runBuilt(['--version'], tmp);
    const dir = cacheDirIn(tmp);
    const file = path.join(dir, cacheFiles(dir)[0]!);
    const written = readCodeCache(file);
    assert.ok(written !== undefined && written.writerRunMs > 0);
    // Written by a run no later run outlasts twice: never made or written again, not even by a
    // send, which compiles the client that a --version run's cache lacks.
    writeCodeCache(file, { data: written.data, writerRunMs: 1e9 });
    const before = fs.readFileSync(file);
    const refused = path.join(tmp, 'refused.http');
    fs.writeFileSync(refused, 'GET http://127.0.0.1:9/\n');
    const send = await runBuilt(['send', refused], tmp);
    assert.match(send.stderr, /HW_CONNECT_REFUSED/);
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('removes the caches of other bundles left unwritten for 30 days, not those in use; runs with other Node flags keep their own', async function () {
    if (hasNodeCompileCache) this.skip();
    const dir = cacheDirIn(tmp);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stale = path.join(dir, 'cli-main-0123456789abcdef-v20.0.0.cache');
    const inUse = path.join(dir, 'cli-main-fedcba9876543210-v20.0.0.cache');
    fs.writeFileSync(stale, 'an old release');
    fs.writeFileSync(inUse, 'another install, used today');
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    fs.utimesSync(stale, old, old);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
    await runBuilt(['--version'], tmp);
    assert.equal(fs.existsSync(stale), false);
    assert.ok(fs.existsSync(inUse));
    assert.ok(fs.existsSync(path.join(dir, 'notes.txt')));
    assert.equal(cacheFiles(dir).length, 2);
    await runBuilt(['--version'], tmp, { NODE_OPTIONS: '--max-old-space-size=1024' });
    assert.equal(cacheFiles(dir).length, 3, 'other flags, another cache: the two never replace each other');
  });

  it('runs through a link, also with --preserve-symlinks-main, and when a wrapper script requires it', async function () {
    if (process.platform === 'win32') this.skip();
    const link = path.join(tmp, 'bin', 'http-wire');
    fs.mkdirSync(path.dirname(link));
    fs.symlinkSync(BUILT, link);
    for (const nodeArgs of [[], ['--preserve-symlinks-main']]) {
      const run = await new Promise<Run>((resolve) => {
        execFile(process.execPath, [...nodeArgs, link, '--version'], { env: { ...process.env, TMPDIR: tmp } }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr, signal: null }));
      });
      assert.equal(run.code, 0, `${nodeArgs.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(VERSION.replace(/\./g, '\\.')));
    }
    const wrapper = path.join(tmp, 'wrapper.js');
    fs.writeFileSync(wrapper, `require(${JSON.stringify(BUILT)});\n`);
    const viaWrapper = await new Promise<Run>((resolve) => {
      execFile(process.execPath, [wrapper, '--version'], { env: { ...process.env, TMPDIR: tmp } }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr, signal: null }));
    });
    assert.equal(viaWrapper.code, 0, viaWrapper.stderr);
    assert.match(viaWrapper.stdout, new RegExp(VERSION.replace(/\./g, '\\.')));
  });

  it('makes no folder up to a TMPDIR that does not exist, none in the current folder for a relative one, and never hangs on procfs', async function () {
    const missing = path.join(tmp, 'missing', 'deep');
    assert.equal(privateCacheDir({}, missing), undefined);
    assert.equal(fs.existsSync(path.join(tmp, 'missing')), false);
    assert.equal(privateCacheDir({}, 'relative-tmp'), undefined);
    assert.equal(fs.existsSync('relative-tmp'), false);
    if (process.platform !== 'linux') return;
    // Node's recursive mkdir loops for ever under /proc (ENOENT, then EEXIST for the parent).
    assert.equal(privateCacheDir({}, '/proc'), undefined);
    const run = await runBuilt(['--version'], '/proc');
    assert.deepEqual([run.code, run.signal], [0, null], run.stderr);
  });

  it('never uses a folder others may write to or a symbolic link, nor anything when turned off', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = cacheDirIn(tmp);
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    assert.equal(privateCacheDir({}, tmp), undefined);
    const run = await runBuilt(['--version'], tmp);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(cacheFiles(dir), []);
    fs.rmSync(dir, { recursive: true });

    fs.mkdirSync(path.join(tmp, 'elsewhere'), { mode: 0o700 });
    fs.symlinkSync(path.join(tmp, 'elsewhere'), dir);
    assert.equal(privateCacheDir({}, tmp), undefined, 'a symbolic link may point anywhere');
    fs.rmSync(dir);

    const offSwitches: Array<Record<string, string>> = [{ HTTP_WIRE_NO_COMPILE_CACHE: '1' }, { NODE_DISABLE_COMPILE_CACHE: '1' }];
    for (const env of offSwitches) {
      assert.equal(privateCacheDir(env, tmp), undefined);
      const offRun = await runBuilt(['--version'], tmp, env);
      assert.equal(offRun.code, 0, offRun.stderr);
    }
    assert.equal(fs.existsSync(dir), false);
    assert.equal(privateCacheDir({}, tmp), dir);
  });
});
