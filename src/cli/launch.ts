/**
 * The `http-wire` command as installed (dist/cli.js): runs the CLI's bundle (dist/cli-main.js)
 * with V8's code cache, so that a run does not compile again the functions earlier runs compiled.
 * Measured on Node 20 (2 cores): start-up 130 -> 110 ms, 100 GETs 0.18 -> 0.15 s. Node 22.1 and
 * later keep such a cache themselves (`module.enableCompileCache`); on Node 20 this file does the
 * same with `vm.Script`'s cachedData.
 *
 * V8 trusts what it is given: it checks a cache against the source's length only, and a damaged
 * cache can crash it. So the cache lives in a folder of the user's own (mode 0700, checked before
 * use), its file is named by a hash of the bundle's text (a new release never meets an old
 * cache, whatever the file times say), and it carries a hash of its own bytes, checked before V8
 * sees them. `NODE_DISABLE_COMPILE_CACHE` or `HTTP_WIRE_NO_COMPILE_CACHE` turns it off. A missing,
 * stale or refused cache only costs the compile it would have saved.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const MAIN = path.join(__dirname, 'cli-main.js');
const PREFIX = 'cli-main-';
const HASH_BYTES = 32;

/**
 * A run this long did more than print its help: its cache may hold functions the cache it started
 * from lacks (a send compiles the client), and making the data to compare costs ~3 ms.
 */
const WORKING_RUN_MS = 50;

const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();

/**
 * The folder for the cache in `tmp` (the system's temporary folder), made private to this user;
 * undefined when it is turned off or cannot be trusted: another user's, open to others' writes,
 * or a symbolic link.
 */
export function privateCacheDir(env: NodeJS.ProcessEnv = process.env, tmp: string = os.tmpdir()): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || env.HTTP_WIRE_NO_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  const dir = path.join(tmp, uid === undefined ? 'http-wire-compile-cache' : `http-wire-compile-cache-${uid}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** The cache's bytes when the file is whole (its hash matches), else undefined. */
export function readCodeCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HASH_BYTES) return undefined;
  const data = bytes.subarray(HASH_BYTES);
  return sha256(data).equals(bytes.subarray(0, HASH_BYTES)) ? data : undefined;
}

/**
 * Writes the cache with its hash, through a temporary file of a name no other process picks and
 * a rename (a run reading it never sees half of it), and removes caches of other bundles.
 */
function writeCodeCache(file: string, data: Buffer): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, Buffer.concat([sha256(data), data]), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
    return;
  }
  const dir = path.dirname(file);
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(PREFIX) && name.endsWith('.cache') && name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Runs the bundle from a `vm.Script` given the cache; at exit, keeps the cache when it is new or has grown. */
function runWithCodeCache(dir: string): void {
  const startedAt = performance.now();
  const source = fs.readFileSync(MAIN, 'utf8');
  // Node's version too: V8 refuses another's cache, and both may be in use.
  const cacheFile = path.join(dir, `${PREFIX}${sha256(source).toString('hex').slice(0, 32)}-${process.version}.cache`);
  const cached = readCodeCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: MAIN, cachedData: cached });
  const isUsable = cached !== undefined && script.cachedDataRejected !== true;
  process.once('exit', () => {
    if (isUsable && performance.now() - startedAt < WORKING_RUN_MS) return;
    try {
      const data = script.createCachedData();
      if (!isUsable || data.length > cached.length * 1.1) writeCodeCache(cacheFile, data);
    } catch {
      // A cache not written is a compile not saved next time, nothing more.
    }
  });
  const mainModule = new Module(MAIN, module);
  mainModule.filename = MAIN;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mainModule.exports, mainModule.exports, Module.createRequire(MAIN), mainModule, MAIN, path.dirname(MAIN));
}

function launch(): void {
  const dir = privateCacheDir();
  const enable = (Module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (dir === undefined) {
    Module.createRequire(MAIN)(MAIN);
  } else if (enable !== undefined) {
    enable(dir);
    Module.createRequire(MAIN)(MAIN);
  } else {
    runWithCodeCache(dir);
  }
}

if (require.main === module) launch();
