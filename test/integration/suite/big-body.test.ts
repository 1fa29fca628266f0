// Issue 11, item 4 in the real extension host: Send Request on a 1, 10 and 50 MB JSON answer from
// a 127.0.0.1 server (in a process of its own), shown in the real response panel, never blocks
// the host's event loop for more than 100 ms, from the command to the body's last piece posted.
import * as assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';
const SIZES = [1_000_000, 10_000_000, 50_000_000];
/** Issue 11, item 4: the extension host never blocks more than this at a time. */
const MAX_HOST_BLOCK_MS = 100;
/** How the measured lines start (bench/panel-bench.ts parses them). */
const HOST_BLOCK_LINE = 'longest host block for';

interface Blocks {
  /** The longest gap between two turns of the event loop, in wall-clock ms. */
  readonly wallMs: number;
  /** The most CPU the host's main thread used between two turns of its event loop, in ms. */
  readonly cpuMs: number;
  /** The longest garbage collection meanwhile: what a block is made of when ours is not. */
  readonly longestGc: string;
}

/** A GC entry as read: `12.3 ms major (forced by external memory)`. */
function describeGc(duration: number, detail: { kind?: number; flags?: number } | undefined): string {
  const kinds: Record<number, string> = {
    [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
  };
  const flags = detail?.flags ?? 0;
  const why = [
    [perfConstants.NODE_PERFORMANCE_GC_FLAGS_FORCED, 'forced'],
    [perfConstants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY, 'external memory'],
    [perfConstants.NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE, 'all garbage'],
    [perfConstants.NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE, 'idle'],
  ].filter(([bit]) => (flags & (bit as number)) !== 0).map(([, name]) => name);
  return `${duration.toFixed(1)} ms ${kinds[detail?.kind ?? 0] ?? 'unknown'}${why.length > 0 ? ` (${why.join(', ')})` : ''}`;
}

/**
 * The CPU time of the calling thread (Node >= 23.9, as code-server's extension host runs); of the
 * whole process elsewhere, where it also counts the thread pool and the collector's helpers.
 */
const threadCpuUsage: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage =
  (process as { threadCpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.bind(process) ?? process.cpuUsage.bind(process);

/**
 * The longest event-loop block while `work` runs, seen by a 5 ms timer: how late it fired (wall
 * clock), and how much CPU the host's main thread used meanwhile. On this 2-core VM, shared with
 * code-server's server process and the answering server, the wall-clock gap also counts the time
 * the OS ran other processes (an idle host shows 15-60 ms), so the main thread's CPU is the
 * measure of the host's own work, the collector's pauses included. The process's CPU is not: it
 * also counts other threads (file reads, the remote connection's compression), which run beside
 * the event loop and do not block it (one run: 104 ms of process CPU in a 78 ms gap).
 */
async function longestBlockDuring(work: () => Promise<void>): Promise<Blocks> {
  let wallMs = 0;
  let cpuMs = 0;
  let longestGcMs = 0;
  let longestGc = 'none';
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration <= longestGcMs) continue;
      longestGcMs = entry.duration;
      longestGc = describeGc(entry.duration, (entry as { detail?: { kind?: number; flags?: number } }).detail);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let lastAt = performance.now();
  let lastCpu = threadCpuUsage();
  const timer = setInterval(() => {
    const at = performance.now();
    const cpu = threadCpuUsage(lastCpu);
    wallMs = Math.max(wallMs, at - lastAt);
    cpuMs = Math.max(cpuMs, (cpu.user + cpu.system) / 1000);
    lastAt = at;
    lastCpu = threadCpuUsage();
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
    gcObserver.disconnect();
  }
  return { wallMs, cpuMs, longestGc };
}

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const main = path.resolve(__dirname, '..', '..', 'support', 'big-json-server-main.js');
  const child = fork(main, SIZES.map(String), { stdio: 'ignore', execArgv: [] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the big JSON server exited (${code})`)));
  });
  return { child, port };
}

describe('big bodies: the extension host never blocks (issue 11, item 4)', function () {
  this.timeout(180_000);
  let server: { child: ChildProcess; port: number } | undefined;
  let api: HttpWireTestApi;
  let document: vscode.TextDocument;
  const file = () => path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'big-bodies.http');

  before(async () => {
    server = await startServer();
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    fs.writeFileSync(file(), SIZES.map((n) => `### ${n} bytes\nGET http://127.0.0.1:${server!.port}/json/${n} HTTP/1.1\n`).join('\n'));
    document = await vscode.workspace.openTextDocument(file());
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  });

  after(async () => {
    server?.child.disconnect();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file(), { force: true });
  });

  for (const [i, bytes] of SIZES.entries()) {
    it(`${bytes / 1e6} MB of JSON: send and show block the host at most ${MAX_HOST_BLOCK_MS} ms at a time`, async () => {
      const requestLine = document.getText().split('\n').findIndex((l) => l.includes(`/json/${bytes} `));
      assert.ok(requestLine > 0, `request ${i} is in the file`);
      let posted = false;
      const listener = api.onDidPostBody((uri) => {
        if (uri === document.uri.toString()) posted = true;
      });
      const started = Date.now();
      try {
        const blocks = await longestBlockDuring(async () => {
          await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, requestLine);
          await waitFor('the body posted to the panel', () => posted, 120_000);
        });
        const tookMs = Date.now() - started;
        // The same measure with nothing to do, as long: what the machine's load alone costs.
        const idle = await longestBlockDuring(() => new Promise((resolve) => setTimeout(resolve, tookMs)));
        // Through mocha's printer: under code-server only the report's lines reach the runner
        // (index.ts tags them), and bench/panel-bench.ts reads this one.
        Mocha.reporters.Base.consoleLog(
          `      ${HOST_BLOCK_LINE} ${bytes} bytes: ${blocks.cpuMs.toFixed(1)} ms of CPU, ${blocks.wallMs.toFixed(1)} ms wall clock, longest GC ${blocks.longestGc} (send + post ${tookMs} ms; idle host, as long: ${idle.wallMs.toFixed(1)} ms wall clock)`,
        );
        assert.ok(blocks.cpuMs <= MAX_HOST_BLOCK_MS, `the host worked ${blocks.cpuMs.toFixed(0)} ms without turning its event loop (its longest GC meanwhile: ${blocks.longestGc})`);
      } finally {
        listener.dispose();
      }
    });
  }
});
