/**
 * Where the CLI's time per request goes, in one process with a warm JIT (issue 10, item 6): the
 * CLI's own send path (`runSend` over a file of GETs, `--all --json --body digest`, output to a
 * sink that drops it) beside the bare client sending the same request, and undici's loop, all
 * against the same origin (nginx when installed). The whole-process comparison is cli-bench.ts;
 * this one says how much of a request the layers above the client cost once warm, and how much
 * code each loop runs per request (see call-counts.ts): what a cold process pays for.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runSend } from '../src/cli/send-command';
import { DigestSink } from '../src/core/response/body-sink';
import { HttpClient } from '../src/core/wire/client';
import type { WireRequest } from '../src/core/wire/wire-request';
import { countCalls } from './call-counts';
import { startOrigin } from './origin';
import { median, table } from './stats';

const QUICK = process.env.BENCH_QUICK === '1';
const REQUESTS = QUICK ? 500 : 4000;
const ROUNDS = QUICK ? 2 : 7;

async function timeCli(file: string): Promise<number> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const printer = { isColor: false, isTty: false, out: (text: string | Buffer) => void sink.write(text), stream: sink };
  const started = performance.now();
  const code = await runSend([file, '--all', '--json', '--body', 'digest'], printer, () => undefined);
  if (code !== 0) throw new Error(`runSend ended with ${code}`);
  return performance.now() - started;
}

async function timeClient(url: URL): Promise<number> {
  const client = new HttpClient();
  const wire: WireRequest = { method: 'GET', target: url.pathname, url, httpVersion: 'HTTP/1.1', headers: [['Host', url.host]], body: [], changes: [] };
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await client.sendTo(wire, (start) => new DigestSink(start.contentCodings.length > 0), {});
  const elapsed = performance.now() - started;
  client.close();
  return elapsed;
}

async function timeUndici(url: URL): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('undici') as typeof import('undici');
  const { createHash } = await import('node:crypto');
  const client = new Client(url.origin, { pipelining: 1 });
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const { body } = await client.request({ method: 'GET', path: url.pathname });
    const hash = createHash('sha256');
    for await (const chunk of body) hash.update(chunk as Buffer);
    hash.digest('hex');
  }
  const elapsed = performance.now() - started;
  await client.close();
  return elapsed;
}

export async function run(): Promise<void> {
  const origin = await startOrigin([1024]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-cli-loop-'));
  try {
    const url = new URL(origin.url(1024));
    const file = path.join(dir, 'gets.http');
    fs.writeFileSync(file, Array.from({ length: REQUESTS }, () => `GET ${url.href}\n`).join('###\n'));
    const times = { cli: [] as number[], client: [] as number[], undici: [] as number[] };
    // A first round of each warms the JIT; the medians are of the rounds after it, interleaved.
    for (let round = 0; round <= ROUNDS; round++) {
      const cli = await timeCli(file);
      const client = await timeClient(url);
      const undici = await timeUndici(url);
      if (round === 0) continue;
      times.cli.push(cli);
      times.client.push(client);
      times.undici.push(undici);
    }
    const perRequest = (ms: readonly number[]): string => `${((median(ms) / REQUESTS) * 1000).toFixed(1)} µs`;
    console.log(`\n## The CLI's send path in process, JIT warm (${REQUESTS} GETs of 1 KiB from ${origin.name}, medians of ${ROUNDS} rounds; load ${os.loadavg()[0]!.toFixed(2)})`);
    console.log(
      table(
        ['layer', 'per request'],
        [
          ['runSend --all --json --body digest (parse, prepare, chain, JSON)', perRequest(times.cli)],
          ['the bare client (prepared request, digest sink)', perRequest(times.client)],
          ['undici loop (sha256)', perRequest(times.undici)],
        ],
      ),
    );
    console.log(`what the layers above the client add: ${(((median(times.cli) - median(times.client)) / REQUESTS) * 1000).toFixed(1)} µs per request`);
    // Counted after the timed rounds: coverage slows what runs under it. Script URLs are file: URLs.
    const ours = (url: string): boolean => url.includes('/out/src/');
    const counts = [
      ['runSend --all --json --body digest', await countCalls(REQUESTS, ours, () => timeCli(file))],
      ['the bare client', await countCalls(REQUESTS, ours, () => timeClient(url))],
      ['undici loop (its own files)', await countCalls(REQUESTS, (u) => u.includes('/node_modules/undici/'), () => timeUndici(url))],
    ] as const;
    console.log(`\nCode run per request (functions called on every request, and calls per request; Node's own functions not counted). A cold process runs these unoptimized for its first ~1,000 requests:`);
    console.log(table(['loop', 'functions', 'calls per request'], counts.map(([name, c]) => [name, String(c.functions), c.callsPerRequest.toFixed(0)])));
  } finally {
    origin.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
