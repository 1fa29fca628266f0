/**
 * The `http-wire` command as installed (dist/cli.js): runs the CLI's bundle (dist/cli-main.js)
 * with V8's code cache (see code-cache.ts). Runs whenever it is loaded, as the single-file command
 * did: a wrapper script that `require`s it runs the CLI too.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { privateCacheDir, runWithCodeCache } from './code-cache';

// Beside this file as it really is: run through a link with --preserve-symlinks-main,
// __dirname is the link's folder.
const MAIN = path.join(path.dirname(fs.realpathSync(__filename)), 'cli-main.js');

const dir = privateCacheDir();
const enableCompileCache = (Module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
if (dir === undefined) {
  Module.createRequire(MAIN)(MAIN);
} else if (enableCompileCache !== undefined) {
  enableCompileCache(dir);
  Module.createRequire(MAIN)(MAIN);
} else {
  runWithCodeCache(MAIN, dir);
}
