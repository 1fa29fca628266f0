/**
 * Big bodies in the response panel (issue 11, item 4), through the real VS Code (code-server) in
 * headless Chromium, for 1, 10 and 50 MB of JSON from a 127.0.0.1 server:
 * - time to first screen: from the click on Send Request to the first lines of the (pretty) body
 *   in the panel; beside it, the peer: VS Code's own editor opening the same bytes as a file,
 *   from the click in the explorer to its first line, timed the same way in the same run;
 * - the longest extension-host block from the send command to the body's last piece posted to
 *   the panel, measured in the host by test/integration/suite/big-body.test.ts (a run of the
 *   extension-host suite narrowed to it), against the goal of 100 ms;
 * - the Send Request lenses of a 5,000-request file (issue 11, item 1): from the click in the
 *   explorer to the editor's first line (VS Code's own part, the peer) and to the first lens; the
 *   goal is lenses within 100 ms of the text. `node out/bench/panel-bench.js --lenses` runs only these.
 * Needs `node scripts/vscode/setup.js` (code-server, Chromium) once; takes a few minutes.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { bigJson, FIRST_SCREEN_TEXT, startBigJsonServer } from '../test/support/big-json';
import { generateHttpFile } from './generate-http-file';
import { timeOpenToFirstScreen, timeSendToFirstScreen, waitForSendLenses } from '../test/ui/support/first-screen';
import { keepEvidence, openWorkbenchUi, type WorkbenchUi } from '../test/ui/support/workbench-ui';
import { median, table } from './stats';

const execFileAsync = promisify(execFile);
const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick ? [1_000_000, 10_000_000] : [1_000_000, 10_000_000, 50_000_000];
const ROUNDS = quick ? 1 : 3;
const HTTP_FILE = 'bench-big-bodies.http';
/** The first line of the body as received (minified): what VS Code's editor shows first. */
const PEER_FIRST_TEXT = '[{"id":0,';
const FIRST_SCREEN_GOAL_MS = 2000;
const HOST_BLOCK_GOAL_MS = 100;
const LONG = 120_000;
const root = path.resolve(__dirname, '..', '..');

const jsonFile = (bytes: number): string => `body-${bytes / 1e6}mb.json`;
const LENS_FILE = 'bench-5000-requests.http';
const LENS_GOAL_MS = 100;

interface LensTiming {
  /** Click in the explorer → the editor shows the file's first line. */
  readonly textMs: number;
  /** Click in the explorer → the first Send Request lens is drawn. */
  readonly lensMs: number;
}

/**
 * Opens the 5,000-request file from the explorer (in place of the preview tab shown before) and
 * times its first line and its first lens. The lens cannot come before the text: the difference
 * is what the extension adds to opening the file.
 */
async function timeLenses(ui: WorkbenchUi, firstLine: string): Promise<LensTiming> {
  const row = ui.page.locator('.explorer-folders-view .monaco-list-row', { hasText: LENS_FILE });
  await row.waitFor({ timeout: LONG });
  const text = ui.page.locator('.editor-instance .monaco-editor .view-line', { hasText: firstLine }).first();
  const lens = ui.page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: /^Send Request$/ }).first();
  const started = Date.now();
  await row.click({ timeout: LONG });
  await text.waitFor({ timeout: LONG });
  const textMs = Date.now() - started;
  await lens.waitFor({ timeout: LONG });
  return { textMs, lensMs: Date.now() - started };
}

/** Opens the .http file from the explorer and waits for its lenses (one per size, and a warm-up). */
async function openHttpFile(ui: WorkbenchUi): Promise<void> {
  await ui.page.locator('.explorer-folders-view .monaco-list-row', { hasText: HTTP_FILE }).click({ timeout: LONG });
  await waitForSendLenses(ui, SIZES.length + 1);
}

/** Waits until the panel's body is all in, so that the next measure does not share the machine with it. */
async function waitForWholeBody(ui: WorkbenchUi): Promise<void> {
  await ui.panel.locator('.body-viewer[aria-busy=false] .body-text:not([data-earlier])').waitFor({ timeout: LONG });
}

async function firstScreens(): Promise<{ ours: Map<number, number[]>; peer: Map<number, number[]>; confirmed: Set<number> }> {
  const ours = new Map<number, number[]>(SIZES.map((s) => [s, []]));
  const peer = new Map<number, number[]>(SIZES.map((s) => [s, []]));
  const confirmed = new Set<number>();
  const server = await startBigJsonServer([1000, ...SIZES]);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-panel-bench-'));
  let ui: WorkbenchUi | undefined;
  try {
    const folder = path.join(scratch, 'workspace');
    fs.mkdirSync(folder);
    const requests = [1000, ...SIZES].map((n) => `### ${n} bytes\nGET ${server.url(`/json/${n}`)} HTTP/1.1\n`);
    fs.writeFileSync(path.join(folder, HTTP_FILE), requests.join('\n'));
    for (const size of SIZES) fs.writeFileSync(path.join(folder, jsonFile(size)), bigJson(size));
    ui = await openWorkbenchUi(folder, scratch);
    await openHttpFile(ui);
    // The first send also pays for the panel's page and its worker: not measured.
    await timeSendToFirstScreen(ui, 0, FIRST_SCREEN_TEXT, LONG);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, size] of SIZES.entries()) {
        await waitForSendLenses(ui, SIZES.length + 1);
        ours.get(size)!.push(await timeSendToFirstScreen(ui, i + 1, FIRST_SCREEN_TEXT, LONG));
        await waitForWholeBody(ui);
        // The peer opens in the editor's group, in place of the .http file's preview tab.
        const opened = await timeOpenToFirstScreen(ui, jsonFile(size), PEER_FIRST_TEXT, LONG);
        peer.get(size)!.push(opened.ms);
        if (opened.wasConfirmed) confirmed.add(size);
        await openHttpFile(ui);
      }
    }
  } catch (err) {
    await keepEvidence(ui, 'panel-bench');
    throw err;
  } finally {
    await ui?.stop();
    await server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { ours, peer, confirmed };
}

/**
 * The lenses of a 5,000-request file, in a workbench of their own: opened from the explorer
 * `ROUNDS` times, a small file opened between (the first open meets a cold parser).
 */
async function lensTimings(requests: number): Promise<LensTiming[]> {
  const lenses: LensTiming[] = [];
  const lensFile = generateHttpFile(requests);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-lens-bench-'));
  let ui: WorkbenchUi | undefined;
  try {
    const folder = path.join(scratch, 'workspace');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, LENS_FILE), lensFile.text);
    fs.writeFileSync(path.join(folder, HTTP_FILE), 'GET http://127.0.0.1:9/ HTTP/1.1\n');
    ui = await openWorkbenchUi(folder, scratch);
    for (let round = 0; round < ROUNDS; round++) {
      // Another .http file first: the extension is active, and the big file is not on screen.
      await ui.page.locator('.explorer-folders-view .monaco-list-row', { hasText: HTTP_FILE }).click({ timeout: LONG });
      await waitForSendLenses(ui, 1);
      lenses.push(await timeLenses(ui, lensFile.lines[0]!));
    }
  } catch (err) {
    await keepEvidence(ui, 'panel-bench-lenses');
    throw err;
  } finally {
    await ui?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return lenses;
}

interface HostBlock {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly idleWallMs: number;
}

/** The host's longest block per size, from a run of the extension-host suite narrowed to it. */
async function hostBlocks(): Promise<Map<number, HostBlock>> {
  const { stdout } = await execFileAsync(process.execPath, [path.join(root, 'scripts', 'vscode', 'run-tests.js')], {
    cwd: root,
    env: { ...process.env, HTTP_WIRE_TEST_GREP: 'the extension host never blocks' },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: { stdout?: string; message: string }) => {
    // A test over the goal fails the run; its measured lines are still in the output.
    if (err.stdout === undefined) throw err;
    return { stdout: err.stdout };
  });
  const blocks = new Map<number, HostBlock>();
  const line = /longest host block for (\d+) bytes: ([\d.]+) ms of CPU, ([\d.]+) ms wall clock.*idle host, as long: ([\d.]+) ms/g;
  for (const m of stdout.matchAll(line)) blocks.set(Number(m[1]), { cpuMs: Number(m[2]), wallMs: Number(m[3]), idleWallMs: Number(m[4]) });
  if (blocks.size === 0) throw new Error(`no host measure in the extension-host run:\n${stdout.slice(-2000)}`);
  return blocks;
}

function ms(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '-' : `${Math.round(n)} ms`;
}

export async function run(): Promise<void> {
  const onlyLenses = process.argv.includes('--lenses');
  // The peer: the same measure on a 20-request file, VS Code's own lens latency (its CodeLens
  // debounce and drawing), which no provider can go under.
  const big = await lensTimings(5000);
  const small = await lensTimings(20);
  if (!onlyLenses) await bigBodies();
  printLenses(big, small);
}

async function bigBodies(): Promise<void> {
  const { ours, peer, confirmed } = await firstScreens();
  const blocks = await hostBlocks();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\n## Big JSON bodies in the panel, through the workbench (${ROUNDS} rounds, medians${quick ? ', QUICK mode' : ''}; load ${load})`);
  const rows = SIZES.map((size) => {
    const first = median(ours.get(size)!);
    return [
      `${size / 1e6} MB`,
      ms(first),
      ours.get(size)!.map((n) => String(n)).join(' '),
      `${ms(median(peer.get(size)!))}${confirmed.has(size) ? ' *' : ''}`,
      ms(blocks.get(size)?.cpuMs),
      `${ms(blocks.get(size)?.wallMs)} (idle ${ms(blocks.get(size)?.idleWallMs)})`,
      first <= FIRST_SCREEN_GOAL_MS && (blocks.get(size)?.cpuMs ?? Infinity) <= HOST_BLOCK_GOAL_MS ? 'PASS' : 'FAIL',
    ];
  });
  console.log(table(['JSON body', 'first screen', 'runs (ms)', 'VS Code editor', 'host block CPU', 'host block wall', `goal ${FIRST_SCREEN_GOAL_MS} ms / ${HOST_BLOCK_GOAL_MS} ms`], rows));
  console.log('first screen: click on Send Request → first pretty lines in the panel; VS Code editor: click on the same bytes as a .json file in the explorer → its first line.');
  if (confirmed.size > 0) console.log('* VS Code does not show a file this large until "Open Anyway" is clicked (clicked at once here, inside the time).');
  console.log('host block: from the send command to the last body piece posted, the most CPU the extension host used between two turns of its event loop, and the longest wall-clock gap (which counts time the OS gave other processes; "idle": the same with nothing to do).');
}

function printLenses(big: readonly LensTiming[], small: readonly LensTiming[]): void {
  const after = (ls: readonly LensTiming[]): number[] => ls.map((l) => l.lensMs - l.textMs);
  console.log(`\n## Send Request lenses, from the click in the explorer (${big.length} opens each; the first meets a cold parser)`);
  const rows = (name: string, ls: readonly LensTiming[]): string[][] =>
    ls.map((l, i) => [`${name}, ${i === 0 ? 'first (cold)' : `again #${i}`}`, ms(l.textMs), ms(l.lensMs), ms(l.lensMs - l.textMs)]);
  console.log(table(['file, open', 'VS Code: first line drawn', 'first lens drawn', 'lens after the text'], [...rows('5,000 requests', big), ...rows('20 requests (peer)', small)]));
  const extra = median(after(big)) - median(after(small));
  const bigAfter = median(after(big));
  console.log(`median lens after the text: 5,000 requests ${ms(bigAfter)} (goal ${LENS_GOAL_MS} ms) ${bigAfter <= LENS_GOAL_MS ? 'PASS' : 'FAIL'}; 20 requests ${ms(median(after(small)))}, VS Code's own CodeLens latency (debounce, drawing) that no provider goes under; what the file's size adds: ${ms(extra)}`);
}

if (require.main === module) void run();
