/**
 * One parse in a fresh process, as the CLI makes it: `node cold-parse-worker.js ours|httpyac FILE
 * VERSION` parses FILE once, its modules loaded before the clock starts, and prints the parse's ms
 * as its last line. Nothing of the parser is optimized yet by V8 then, unlike in the parse bench's
 * repeated runs (see cold-parse.ts).
 */
import * as fs from 'node:fs';
import { parseHttpFile } from '../src/core/http-file/parse';
import type { HttpYac } from './httpyac-api';
import { loadPeer, PEERS_DIR } from './peers';

async function main(): Promise<void> {
  const [who = '', file = '', version = ''] = process.argv.slice(2);
  const text = fs.readFileSync(file, 'utf8');
  let elapsedMs: number;
  if (who === 'ours') {
    const started = performance.now();
    parseHttpFile(text);
    elapsedMs = performance.now() - started;
  } else {
    const loaded = await loadPeer<HttpYac>(who, version);
    if (!loaded.ok) throw new Error(loaded.reason);
    loaded.module.cli.initFileProvider();
    const store = new loaded.module.store.HttpFileStore();
    const started = performance.now();
    await store.parse(file, text, { workingDir: PEERS_DIR });
    elapsedMs = performance.now() - started;
  }
  process.stdout.write(`${elapsedMs}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
