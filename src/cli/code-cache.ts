/**
 * V8's code cache for the CLI's bundle (used by launch.ts, the installed command): a run does not
 * compile again the functions earlier runs compiled. Measured on Node 20 (2 cores): start-up
 * 130 -> 110 ms, 100 GETs 0.18 -> 0.15 s. Node 22.1 and later keep such a cache themselves
 * (`module.enableCompileCache`); on Node 20 `runWithCodeCache` does the same with `vm.Script`'s
 * cachedData.
 *
 * V8 trusts what it is given: it checks a cache against the source's length and its flags only,
 * and a damaged cache can crash it. So the cache lives in a folder of the user's own (mode 0700,
 * checked before use), its file is named by a hash of the bundle's text and of the Node flags in
 * use (a new release never meets an old cache, whatever the file times say; runs with other
 * flags keep their own), and it carries a hash of its own bytes, checked before V8 sees them.
 * `NODE_DISABLE_COMPILE_CACHE` or `HTTP_WIRE_NO_COMPILE_CACHE` turns it off. A missing, stale or
 * refused cache only costs the compile it would have saved, and nothing about it is ever printed.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const PREFIX = 'cli-main-';
const HASH_BYTES = 32;
/** After the hash: how long the run that wrote the cache lasted (ms, a float64). */
const RUN_MS_BYTES = 8;

/**
 * Whether a run of `runMs` should make its cache data to compare with the one written by a run of
 * `writerRunMs` (the data costs ~3 ms): only a run that did more than print its help, and at least
 * twice as long as the writer's, may have compiled functions the cache lacks (a send compiles the
 * client, a long run more). Each such run writes its own length down, so the compares stay few:
 * one per doubling of the longest run so far, not one per run.
 */
export function isWorthComparing(runMs: number, writerRunMs: number): boolean {
  return runMs >= 50 && runMs >= 2 * writerRunMs;
}

const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();

/**
 * The folder for the cache in `tmp` (the system's temporary folder), made private to this user;
 * undefined when it is turned off or cannot be trusted: another user's, open to others' writes,
 * or a symbolic link.
 */
export function privateCacheDir(env: NodeJS.ProcessEnv = process.env, tmp: string = os.tmpdir()): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || env.HTTP_WIRE_NO_COMPILE_CACHE) return undefined;
  // A relative TMPDIR would put the cache in the current folder (a checkout, maybe).
  if (!path.isAbsolute(tmp)) return undefined;
  const uid = process.getuid?.();
  const dir = path.join(tmp, uid === undefined ? 'http-wire-compile-cache' : `http-wire-compile-cache-${uid}`);
  try {
    // Not recursive: no folders made up to a TMPDIR that does not exist, and on procfs Node's
    // recursive mkdir retries for ever (ENOENT, then EEXIST for the parent).
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Far above any cache of the CLI (~350 KB): a bigger file is none of ours, and is not read. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** A cache as read: V8's data, and how long the run that wrote it lasted. */
export interface CodeCache {
  readonly data: Buffer;
  readonly writerRunMs: number;
}

/** The cache when the file is whole (its hash matches), else undefined. */
export function readCodeCache(file: string): CodeCache | undefined {
  let bytes: Buffer;
  try {
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_CACHE_BYTES) return undefined;
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HASH_BYTES + RUN_MS_BYTES) return undefined;
  const body = bytes.subarray(HASH_BYTES);
  if (!sha256(body).equals(bytes.subarray(0, HASH_BYTES))) return undefined;
  return { data: body.subarray(RUN_MS_BYTES), writerRunMs: body.readDoubleLE(0) };
}

/** A cache of another bundle not written for this long is an old release's: removed when a cache is written. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Writes the cache with its hash, through a temporary file of a name no other process picks and
 * a rename (a run reading it never sees half of it), and removes the caches of other bundles
 * left unwritten for 30 days (two installs in use keep theirs).
 */
export function writeCodeCache(file: string, cache: CodeCache): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const runMs = Buffer.alloc(RUN_MS_BYTES);
  runMs.writeDoubleLE(cache.writerRunMs);
  const body = Buffer.concat([runMs, cache.data]);
  try {
    fs.writeFileSync(temp, Buffer.concat([sha256(body), body]), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
    return;
  }
  const dir = path.dirname(file);
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(PREFIX) || !name.endsWith('.cache') || name === path.basename(file)) continue;
    const other = path.join(dir, name);
    const stat = fs.statSync(other, { throwIfNoEntry: false });
    if (stat !== undefined && now - stat.mtimeMs > STALE_MS) fs.rmSync(other, { force: true });
  }
}

/** The cache file of the bundle `source` under the Node in use and its flags (V8 refuses a cache made under others). */
export function codeCacheFile(dir: string, source: string): string {
  const key = sha256(`${source}\0${process.version}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`).toString('hex').slice(0, 32);
  return path.join(dir, `${PREFIX}${key}-${process.version}.cache`);
}

/**
 * Runs the bundle `main` (CommonJS) from a `vm.Script` given its cache in `dir`; at exit, writes
 * the cache when there was none, and after a run worth comparing (see isWorthComparing).
 */
export function runWithCodeCache(main: string, dir: string): void {
  const startedAt = performance.now();
  const source = fs.readFileSync(main, 'utf8');
  const cacheFile = codeCacheFile(dir, source);
  const cached = readCodeCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: main, cachedData: cached?.data });
  const isUsable = cached !== undefined && script.cachedDataRejected !== true;
  process.once('exit', () => {
    const runMs = performance.now() - startedAt;
    if (isUsable && !isWorthComparing(runMs, cached.writerRunMs)) return;
    try {
      // Written again even when it has not grown: its longer run keeps the next compares fewer.
      // V8 may have dropped the bytecode of functions a long run stopped using: never the smaller data.
      const data = script.createCachedData();
      writeCodeCache(cacheFile, { data: isUsable && data.length < cached.data.length ? cached.data : data, writerRunMs: runMs });
    } catch {
      // A cache not written is a compile not saved next time, nothing more.
    }
  });
  const mainModule = new Module(main, module);
  mainModule.filename = main;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mainModule.exports, mainModule.exports, Module.createRequire(main), mainModule, main, path.dirname(main));
}
