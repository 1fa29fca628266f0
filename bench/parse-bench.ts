/**
 * The `.http` parser's speed, beside httpYac's measured in the same run. The goal (issue text): a
 * generated 5,000-request file (about 50,000 lines) parses in at most 25 ms; httpYac takes about
 * 2.5 s for such a file, and we aim to be 100 times faster. Also measured: `findRequestAt`, the
 * re-parse after a one-line edit, a 500-request file, the heap the parsed model holds, and the
 * first parse in a fresh process (a CLI run's, made before V8 has optimized the parser).
 *
 * `BENCH_QUICK=1` cuts the runs to a handful (to check that the bench works, not for numbers);
 * `BENCH_PEERS=0` skips httpYac.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { HttpFile } from '../src/core/http-file/model';
import { parseHttpFile } from '../src/core/http-file/parse';
import { reparseHttpFile } from '../src/core/http-file/reparse';
import { findRequestAt } from '../src/core/http-file/request-at';
import { measureColdParse } from './cold-parse';
import { generateHttpFile, type GeneratedFile } from './generate-http-file';
import type { HttpYac, YacHttpFile, YacOptions } from './httpyac-api';
import { loadPeer, PEERS_DIR } from './peers';
import { formatBytes, formatMs, nowMs, summarize, table, timeAsync, timeSync, type Timing } from './stats';

const QUICK = process.env.BENCH_QUICK === '1';
const WITH_PEERS = process.env.BENCH_PEERS !== '0';

const GOAL_MS = 25;
const AIM_RATIO = 100;
const BIG = 5_000;
const SMALL = 500;
/** The cold parse's file: as many requests as the CLI bench sends. */
const COLD = 2_000;
const SEED = 0x5eed;

const OURS = QUICK ? { warmup: 2, runs: 5 } : { warmup: 5, runs: 30 };
const FIND_CALLS = QUICK ? 10_000 : 100_000;
const FIND_ROUNDS = QUICK ? { warmup: 1, runs: 3 } : { warmup: 3, runs: 15 };
const PEER_BIG = QUICK ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 };
const PEER_SMALL = QUICK ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 5 };
const COLD_ROUNDS = QUICK ? 1 : 7;

const HTTPYAC = { name: 'httpyac', version: '6.16.7' };

interface PeerNumbers {
  label: string;
  loadMs: number;
  initMs: number;
  big: Timing;
  small: Timing;
  edit: Timing;
  bigRequests: number;
}

type Peer = { ok: true; numbers: PeerNumbers } | { ok: false; reason: string };

/** `gc()` when Node lets us have it (`--expose-gc`, or switched on here); a no-op otherwise. */
const gc: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();

const count = (n: number): string => n.toLocaleString('en-US');

function ratio(peerMs: number | undefined, oursMs: number): string {
  if (peerMs === undefined || !Number.isFinite(peerMs) || oursMs <= 0) return '-';
  const r = peerMs / oursMs;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}x`;
}

/** Index of the first `X-Request-Id:` header line at or after the middle of the file. */
function middleHeaderLine(lines: readonly string[]): number {
  for (let i = lines.length >> 1; i < lines.length; i++) if (lines[i]!.startsWith('X-Request-Id: ')) return i;
  throw new Error('the generated file has no X-Request-Id header in its second half');
}

/** The file's text with line `at` set to `line`, as one flat string (as an editor would hand it over). */
function withLine(file: GeneratedFile, at: number, line: string): string {
  const lines = file.lines.slice();
  lines[at] = line;
  return lines.join('\n');
}

function heap(): number {
  return process.memoryUsage().heapUsed;
}

function measureMemory(text: string): { before: number; afterParse: number; retained: number; file: HttpFile } {
  gc();
  const before = heap();
  const file = parseHttpFile(text);
  const afterParse = heap();
  gc();
  const retained = heap();
  return { before, afterParse, retained, file };
}

/** findRequestAt over `FIND_CALLS` random lines, in rounds; each sample is nanoseconds per call. */
function measureFind(file: HttpFile): { perCall: Timing; hits: number } {
  let state = SEED;
  const lines = new Int32Array(FIND_CALLS);
  for (let k = 0; k < lines.length; k++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    lines[k] = state % file.lineCount;
  }
  let hits = 0;
  const rounds = timeSync(FIND_ROUNDS, () => {
    let found = 0;
    for (let k = 0; k < lines.length; k++) if (findRequestAt(file, lines[k]!) !== undefined) found++;
    hits = found;
    return found;
  });
  return { perCall: summarize(rounds.samples.map((ms) => (ms * 1e6) / FIND_CALLS)), hits };
}

async function measurePeer(big: GeneratedFile, small: GeneratedFile, editAt: number): Promise<Peer> {
  const t0 = nowMs();
  const loaded = await loadPeer<HttpYac>(HTTPYAC.name, HTTPYAC.version);
  if (!loaded.ok) return loaded;
  const loadMs = nowMs() - t0;
  const yac = loaded.module;
  if (typeof yac.store?.HttpFileStore !== 'function' || typeof yac.cli?.initFileProvider !== 'function') {
    return { ok: false, reason: `httpyac ${loaded.version} has no store.HttpFileStore or cli.initFileProvider` };
  }
  let step = 'initFileProvider';
  try {
    // httpYac's file access is pluggable; the CLI plugs in Node's fs like this before parsing.
    yac.cli.initFileProvider();
    const options = (): YacOptions => ({ workingDir: PEERS_DIR });
    const bigName = `${PEERS_DIR}/bench-${BIG}.http`;
    const smallName = `${PEERS_DIR}/bench-${SMALL}.http`;
    const regions = (f: YacHttpFile): number => f.httpRegions.filter((r) => r.request !== undefined).length;

    step = 'initHttpFile';
    const init = await timeAsync({ warmup: 1, runs: 3 }, () => new yac.store.HttpFileStore().initHttpFile(bigName, options()));

    // A fresh store each run, so nothing is cached: what opening the file costs.
    step = `parse of ${BIG} requests`;
    let bigRequests = 0;
    console.log(`  httpYac: parsing ${count(BIG)} requests, ${PEER_BIG.warmup} warm-up + ${PEER_BIG.runs} runs ...`);
    const bigT = await timeAsync(PEER_BIG, async () => {
      const f = await new yac.store.HttpFileStore().parse(bigName, big.text, options());
      bigRequests = regions(f);
      return f;
    });

    step = `parse of ${SMALL} requests`;
    const smallT = await timeAsync(PEER_SMALL, () => new yac.store.HttpFileStore().parse(smallName, small.text, options()));

    // The editor's path: the store already holds the file; an edit bumps the document version.
    step = 're-parse after an edit';
    console.log(`  httpYac: re-parse after a one-line edit, ${PEER_BIG.warmup} warm-up + ${PEER_BIG.runs} runs ...`);
    const store = new yac.store.HttpFileStore();
    let version = 1;
    await store.getOrCreate(bigName, () => Promise.resolve(big.text), version, options());
    const edit = await timeAsync(
      { ...PEER_BIG, setup: (i) => withLine(big, editAt, `X-Request-Id: peer-edit-${i}`) },
      (text) => store.getOrCreate(bigName, () => Promise.resolve(text), ++version, options()),
    );

    return {
      ok: true,
      numbers: { label: `httpYac ${loaded.version}`, loadMs, initMs: init.median, big: bigT, small: smallT, edit, bigRequests },
    };
  } catch (e) {
    return { ok: false, reason: `httpyac ${loaded.version} failed in ${step}: ${(e as Error).message?.split('\n')[0] ?? String(e)}` };
  }
}

/** The first parse in a fresh process, ours and (when it loaded) httpYac's, of a generated file written for it. */
async function measureCold(withPeer: boolean): Promise<Awaited<ReturnType<typeof measureColdParse>>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-cold-parse-'));
  try {
    const file = path.join(dir, `bench-${COLD}.http`);
    fs.writeFileSync(file, generateHttpFile(COLD, SEED).text);
    console.log(`  first parse in a fresh process: ${count(COLD)} requests, ${COLD_ROUNDS} rounds ...`);
    return await measureColdParse(file, COLD_ROUNDS, withPeer ? HTTPYAC : undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const startedAt = nowMs();
  const cpus = os.cpus();
  console.log(`\n== Parse bench: .http parser${QUICK ? ' (BENCH_QUICK=1: few runs, numbers are indicative only)' : ''}`);
  console.log(
    `  Node ${process.version}, ${cpus[0]?.model.trim() ?? 'unknown CPU'} x${cpus.length}, ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );

  const big = generateHttpFile(BIG, SEED);
  const small = generateHttpFile(SMALL, SEED);
  for (const g of [big, small]) {
    console.log(`  generated: ${count(g.requestCount)} requests, ${count(g.lines.length)} lines, ${formatBytes(g.bytes)} (seed 0x${SEED.toString(16)})`);
  }

  // Memory first, on a cold parser: the heap before, just after, and what the model keeps.
  const mem = measureMemory(big.text);
  const parsed = mem.file;
  if (parsed.requests.length !== BIG) console.log(`  WARNING: our parser found ${parsed.requests.length} requests, expected ${BIG}`);
  console.log(
    `  heapUsed: ${formatBytes(mem.before)} before parse, ${formatBytes(mem.afterParse)} after parse, ` +
      `${formatBytes(mem.retained)} after GC with the model held (${formatBytes(mem.retained - mem.before)} retained by the model of ${count(BIG)} requests)`,
  );
  if (parsed.diagnostics.length > 0) console.log(`  note: ${parsed.diagnostics.length} diagnostics on the generated file`);

  console.log(`  ours: parsing ${count(BIG)} requests, ${OURS.warmup} warm-up + ${OURS.runs} runs ...`);
  gc();
  const bigT = timeSync(OURS, () => parseHttpFile(big.text));
  gc();
  const smallT = timeSync(OURS, () => parseHttpFile(small.text));
  gc();
  const find = measureFind(parsed);

  const editAt = middleHeaderLine(big.lines);
  const target = findRequestAt(parsed, editAt);
  if (!target?.headers.some((h) => h.line === editAt)) throw new Error(`line ${editAt + 1} is not a header line of the generated file`);
  let lastEdit: HttpFile | undefined;
  gc();
  // What the editor calls on a keystroke: the previous parse, its text, and the new text.
  const editT = timeSync({ ...OURS, setup: (i) => withLine(big, editAt, `X-Request-Id: edit-${i}`) }, (text) => (lastEdit = reparseHttpFile(parsed, big.text, text)));
  const editedValue = lastEdit && findRequestAt(lastEdit, editAt)?.headers.find((h) => h.line === editAt)?.value;
  if (editedValue !== `edit-${OURS.warmup + OURS.runs - 1}`) {
    console.log(`  WARNING: the edited header reads ${JSON.stringify(editedValue)} after the re-parse`);
  }
  lastEdit = undefined;

  let peer: Peer;
  if (!WITH_PEERS) peer = { ok: false, reason: 'skipped (BENCH_PEERS=0)' };
  else {
    gc();
    peer = await measurePeer(big, small, editAt);
  }
  const p = peer.ok ? peer.numbers : undefined;
  const cold = await measureCold(p !== undefined);
  if (p && p.bigRequests !== BIG) console.log(`  WARNING: httpYac found ${p.bigRequests} requests in the ${BIG}-request file`);

  const peerName = p?.label ?? 'httpYac';
  const runs = (t: Timing): string => String(t.samples.length);
  const rows: string[][] = [
    [`parse ${count(BIG)} requests (${count(big.lines.length)} lines)`, runs(bigT), formatMs(bigT.median), formatMs(bigT.p95), p ? formatMs(p.big.median) : '-', p ? runs(p.big) : '-', ratio(p?.big.median, bigT.median)],
    [`parse ${count(SMALL)} requests (${count(small.lines.length)} lines)`, runs(smallT), formatMs(smallT.median), formatMs(smallT.p95), p ? formatMs(p.small.median) : '-', p ? runs(p.small) : '-', ratio(p?.small.median, smallT.median)],
    [`re-parse ${count(BIG)} after a one-line edit`, runs(editT), formatMs(editT.median), formatMs(editT.p95), p ? formatMs(p.edit.median) : '-', p ? runs(p.edit) : '-', ratio(p?.edit.median, editT.median)],
    [`first parse of ${count(COLD)} requests, fresh process`, runs(cold.ours), formatMs(cold.ours.median), formatMs(cold.ours.p95), cold.peer ? formatMs(cold.peer.median) : '-', cold.peer ? runs(cold.peer) : '-', ratio(cold.peer?.median, cold.ours.median)],
    [`findRequestAt, per call (${count(FIND_CALLS)} lines/run)`, runs(find.perCall), `${find.perCall.median.toFixed(0)} ns`, `${find.perCall.p95.toFixed(0)} ns`, '-', '-', '-'],
  ];
  console.log('');
  console.log(table(['', 'runs', 'ours median', 'ours p95', `${peerName} median`, 'runs', `${peerName} / ours`], rows));
  console.log('');

  const pass = bigT.median <= GOAL_MS;
  console.log(
    `  Goal: ${count(BIG)} requests parse in <= ${GOAL_MS} ms: median ${formatMs(bigT.median)} (p95 ${formatMs(bigT.p95)}) ${pass ? 'PASS' : 'FAIL'}` +
      (QUICK ? '  [quick mode: not a verdict]' : ''),
  );
  if (p) {
    const r = p.big.median / bigT.median;
    console.log(`  Aim:  ${AIM_RATIO}x faster than ${p.label}: ${ratio(p.big.median, bigT.median)} ${r >= AIM_RATIO ? 'PASS' : 'FAIL'}${QUICK ? '  [quick mode: not a verdict]' : ''}`);
    console.log(
      `  ${p.label}: HttpFileStore.parse per run (its per-file setup, initHttpFile, is ${formatMs(p.initMs)} of it); ` +
        `re-parse = getOrCreate with a new version on a warm store; module load + install check ${formatMs(p.loadMs)}`,
    );
  } else {
    console.log(`  peer unavailable: ${peer.ok ? '' : peer.reason}`);
  }
  console.log(
    `  Closing note: a generated ${count(BIG)}-request file (${count(big.lines.length)} lines, ${formatBytes(big.bytes)}) parses in ` +
      `${formatMs(bigT.median)} median, p95 ${formatMs(bigT.p95)} (${bigT.samples.length} runs)` +
      (p ? `; ${p.label} takes ${formatMs(p.big.median)} in the same run (${ratio(p.big.median, bigT.median)})` : '') +
      `; findRequestAt ${find.perCall.median.toFixed(0)} ns per call; re-parse after a one-line edit ${formatMs(editT.median)}; ` +
      `first parse of ${count(COLD)} requests in a fresh process ${formatMs(cold.ours.median)}` +
      (cold.peer ? ` (${p?.label ?? 'httpYac'} ${formatMs(cold.peer.median)})` : '') +
      '.',
  );
  console.log(`  (parse bench took ${formatMs(nowMs() - startedAt)}; ${find.hits} of ${count(FIND_CALLS)} random lines were inside a request)`);
}
