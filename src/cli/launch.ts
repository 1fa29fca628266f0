/**
 * The `http-wire` command as installed (dist/cli.js): runs the CLI's bundle (dist/cli-main.js)
 * with V8's code cache, so that a run does not compile again the functions earlier runs compiled.
 * Measured on 2,000 GETs with `--json --body digest` (Node 20, 2 cores): start-up 130 -> 110 ms,
 * the run itself about 6% faster. Node 22.1 and later keep such a cache themselves
 * (`module.enableCompileCache`); on Node 20 this file does the same with `vm.Script`'s cachedData.
 *
 * The cache lives in a folder of the user's own (mode 0700, checked before use: V8 trusts what it
 * loads from there). `NODE_DISABLE_COMPILE_CACHE` or `HTTP_WIRE_NO_COMPILE_CACHE` turns it off.
 * A missing, stale or rejected cache only costs the compile it would have saved: the CLI runs
 * the same with or without it.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const MAIN = path.join(__dirname, 'cli-main.js');

/** A run this long did real work: its cache is worth comparing with the one it started from. */
const WORKING_RUN_MS = 250;

/** The folder for the cache, made private to this user; undefined when it cannot be trusted or is turned off. */
export function privateCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || env.HTTP_WIRE_NO_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  const dir = env.HTTP_WIRE_COMPILE_CACHE_DIR || path.join(os.tmpdir(), uid === undefined ? 'http-wire-compile-cache' : `http-wire-compile-cache-${uid}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    // Someone else's folder, or one others may write to, could hand V8 code to run.
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename: a run reading the cache never sees half of it. */
function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, data, { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

/** Runs the bundle from a `vm.Script` given the cache; at exit, keeps the cache when it is new or has grown. */
function runWithCodeCache(dir: string): void {
  const startedAt = performance.now();
  const source = fs.readFileSync(MAIN, 'utf8');
  const stat = fs.statSync(MAIN);
  // The bundle's size and time, and Node's version (V8 refuses another's cache anyway).
  const cacheFile = path.join(dir, `cli-main-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}.cache`);
  const cached = readOrUndefined(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: MAIN, cachedData: cached });
  const isUsable = cached !== undefined && script.cachedDataRejected !== true;
  process.once('exit', () => {
    // Functions compiled lazily during the run are in the new data: a run that sent requests
    // leaves a fuller cache than `--help` did.
    if (isUsable && performance.now() - startedAt < WORKING_RUN_MS) return;
    const data = script.createCachedData();
    if (!isUsable || data.length > cached.length * 1.1) writeAtomically(cacheFile, data);
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
