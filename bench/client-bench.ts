import { execFile, fork } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { median } from './stats';

const execFileAsync = promisify(execFile);
const CLIENTS = ['ours', 'undici', 'node-http'] as const;
const quick = process.env.BENCH_QUICK === '1';
const SEQUENTIAL = quick ? 300 : 2_000;
const ROUNDS = quick ? 1 : 7;
const BIG_BYTES = (quick ? 20 : 100) * 1024 * 1024;

interface Sample {
  elapsedMs: number;
  bytes: number;
  baselineRssMb: number;
  peakRssMb: number;
}

async function measure(client: string, mode: string, port: number, arg: number): Promise<Sample> {
  const worker = path.join(__dirname, 'client-worker.js');
  const { stdout } = await execFileAsync(process.execPath, [worker, client, mode, String(port), String(arg)], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout.trim()) as Sample;
}

function row(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(14))).join(' ');
}

/**
 * The socket client beside undici and Node's http, on loopback, each client in a fresh process
 * against a server in another: 2,000 sequential keep-alive GETs (requests/s), and one 100 MB body
 * (MB/s, and peak RSS growth against the goal of body size + 64 MB). Rounds interleave the
 * clients so that machine noise spreads evenly; medians are printed.
 */
export async function run(): Promise<void> {
  const server = fork(path.join(__dirname, 'bench-server.js'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  try {
    const seq = new Map<string, number[]>(CLIENTS.map((c) => [c, []]));
    const big = new Map<string, Sample[]>(CLIENTS.map((c) => [c, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? CLIENTS : [...CLIENTS].reverse();
      for (const c of order) {
        const s = await measure(c, 'sequential', port, SEQUENTIAL);
        seq.get(c)!.push(SEQUENTIAL / (s.elapsedMs / 1000));
      }
      for (const c of order) big.get(c)!.push(await measure(c, 'big', port, BIG_BYTES));
    }
    const mb = BIG_BYTES / (1024 * 1024);
    console.log(`\n## Socket client on loopback (${ROUNDS} rounds, medians${quick ? ', QUICK mode' : ''})`);
    console.log(row(['client', 'req/s', `${mb} MB: MB/s`, 'peak RSS +MB']));
    const oursRps = median(seq.get('ours')!);
    const undiciRps = median(seq.get('undici')!);
    for (const c of CLIENTS) {
      const samples = big.get(c)!;
      const mbps = median(samples.map((s) => mb / (s.elapsedMs / 1000)));
      const growth = median(samples.map((s) => s.peakRssMb - s.baselineRssMb));
      console.log(row([c, median(seq.get(c)!).toFixed(0), mbps.toFixed(0), growth.toFixed(1)]));
    }
    const oursMbps = median(big.get('ours')!.map((s) => mb / (s.elapsedMs / 1000)));
    const undiciMbps = median(big.get('undici')!.map((s) => mb / (s.elapsedMs / 1000)));
    const oursPeak = median(big.get('ours')!.map((s) => s.peakRssMb - s.baselineRssMb));
    const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
    // Rounds run the clients back to back, so a round's ratio is the fairest single comparison.
    const perRound = seq.get('ours')!.map((r, i) => r / seq.get('undici')![i]!);
    console.log(`\n${SEQUENTIAL} sequential GETs: ours / undici = ${(oursRps / undiciRps).toFixed(2)} (goal >= 1.00) ${verdict(oursRps >= undiciRps)}`);
    console.log(`  per round: ${perRound.map((r) => r.toFixed(2)).join(' ')}; median ${median(perRound).toFixed(2)}`);
    console.log(`${mb} MB body: ours / undici = ${(oursMbps / undiciMbps).toFixed(2)} (goal >= 0.90) ${verdict(oursMbps >= 0.9 * undiciMbps)}`);
    console.log(`${mb} MB body: peak RSS growth ${oursPeak.toFixed(1)} MB (goal <= ${mb + 64} MB) ${verdict(oursPeak <= mb + 64)}`);
  } finally {
    server.kill();
  }
}

if (require.main === module) void run();
