import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startOrigin } from './origin';
import { median } from './stats';

/**
 * The CLI as users run it, whole process, beside undici's in-process loop and curl, against nginx
 * on loopback (or the Node bench server when nginx is not installed): 2,000 keep-alive GETs of a
 * 1 KiB file with `send --all --json --body digest`, and one 256 MiB body with `--body digest`.
 * The CLI's start-up (a run whose one request meets a closed port) is subtracted from its times,
 * as undici's loop is timed inside its process. Rounds interleave the tools; medians are printed.
 */
const quick = process.env.BENCH_QUICK === '1';
const GETS = quick ? 300 : 2_000;
const SMALL_BYTES = 1024;
const BIG_BYTES = (quick ? 32 : 256) * 1024 * 1024;
// Loopback turnarounds on a 2-core machine swing 0.8x-1.25x from one process to the next (where
// the scheduler puts the CLI, nginx and V8's compiler threads): 21 rounds keep the median steady.
const ROUNDS = quick ? 1 : 21;
/**
 * The Node that runs the CLI and undici's loop: this one, or `HTTP_WIRE_BENCH_NODE` (another
 * release, such as a Node 22 binary: its V8 compiles the CLI's cold code sooner, see README).
 */
const NODE = process.env.HTTP_WIRE_BENCH_NODE || process.execPath;
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PRELOAD = path.join(__dirname, 'max-rss-preload.js');

interface ProcessRun {
  readonly elapsedMs: number;
  readonly stdout: string;
  readonly maxRssMb: number | undefined;
}

/** Runs a command to its exit; wall time from spawn to exit, stdout, and the preload's peak RSS. */
function runProcess(command: string, args: readonly string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HTTP_PROXY: '', http_proxy: '', NO_COLOR: '1' } });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const elapsedMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      const rss = /HTTP_WIRE_MAX_RSS_KB=(\d+)/.exec(err);
      if (code !== 0) {
        reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}: ${err.slice(0, 500)}`));
        return;
      }
      resolve({ elapsedMs, stdout, maxRssMb: rss ? Number(rss[1]) / 1024 : undefined });
    });
  });
}

function cli(file: string): Promise<ProcessRun> {
  return runProcess(NODE, ['-r', PRELOAD, CLI, 'send', file, '--all', '--json', '--body', 'digest']);
}

/** The CLI's fixed cost: start, parse, one connection refused, JSON out. It exits 1 by design. */
function cliStartup(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE, [CLI, 'send', file, '--json'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', () => resolve(performance.now() - started));
  });
}

async function undici(url: string, count: number): Promise<{ elapsedMs: number; maxRssMb: number }> {
  const run = await runProcess(NODE, [path.join(__dirname, 'cli-peer-worker.js'), url, String(count)]);
  return JSON.parse(run.stdout.trim()) as { elapsedMs: number; maxRssMb: number };
}

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** curl fetching the URLs of `config` on one connection, bodies to /dev/null. */
async function curl(config: string): Promise<number> {
  return (await runProcess('curl', ['-s', '-K', config])).elapsedMs;
}

function checkDigests(run: ProcessRun, count: number, bytes: number): void {
  const results = (JSON.parse(run.stdout) as { results: Array<{ response: { status: number; body: { length: number } } | null }> }).results;
  const ok = results.filter((r) => r.response?.status === 200 && r.response.body.length === bytes).length;
  if (results.length !== count || ok !== count) throw new Error(`the CLI answered ${ok} of ${count} requests with ${bytes} bytes`);
}

function row(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(16))).join(' ');
}

export async function run(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build`);
  const origin = await startOrigin([SMALL_BYTES, BIG_BYTES]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-cli-bench-'));
  try {
    const gets = path.join(dir, 'gets.http');
    fs.writeFileSync(gets, Array.from({ length: GETS }, () => `GET ${origin.url(SMALL_BYTES)}\n`).join('###\n'));
    const big = path.join(dir, 'big.http');
    fs.writeFileSync(big, `GET ${origin.url(BIG_BYTES)}\n`);
    // Port 9 (discard): nothing listens there on a developer's loopback, so the connection is refused.
    const closed = path.join(dir, 'closed.http');
    fs.writeFileSync(closed, 'GET http://127.0.0.1:9/\n');
    const curlGets = path.join(dir, 'gets.curl');
    fs.writeFileSync(curlGets, Array.from({ length: GETS }, () => `url = "${origin.url(SMALL_BYTES)}"\noutput = "/dev/null"\n`).join(''));
    const curlBig = path.join(dir, 'big.curl');
    fs.writeFileSync(curlBig, `url = "${origin.url(BIG_BYTES)}"\noutput = "/dev/null"\n`);
    const withCurl = hasCurl();

    const s = { startup: [] as number[], cliGets: [] as number[], undiciGets: [] as number[], curlGets: [] as number[], cliBig: [] as number[], undiciBig: [] as number[], curlBig: [] as number[], cliRss: [] as number[], undiciRss: [] as number[], getsRatio: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const startup = Math.min(await cliStartup(closed), await cliStartup(closed));
      s.startup.push(startup);
      const steps: Array<() => Promise<void>> = [
        async () => {
          const r = await cli(gets);
          checkDigests(r, GETS, SMALL_BYTES);
          s.cliGets.push(GETS / ((r.elapsedMs - startup) / 1000));
        },
        async () => void s.undiciGets.push(GETS / ((await undici(origin.url(SMALL_BYTES), GETS)).elapsedMs / 1000)),
        async () => void (withCurl && s.curlGets.push(GETS / ((await curl(curlGets)) / 1000))),
      ];
      for (const step of round % 2 === 0 ? steps : [...steps].reverse()) await step();
      s.getsRatio.push(s.cliGets[s.cliGets.length - 1]! / s.undiciGets[s.undiciGets.length - 1]!);
      const bigSteps: Array<() => Promise<void>> = [
        async () => {
          const r = await cli(big);
          checkDigests(r, 1, BIG_BYTES);
          s.cliBig.push(BIG_BYTES / 1048576 / ((r.elapsedMs - startup) / 1000));
          if (r.maxRssMb !== undefined) s.cliRss.push(r.maxRssMb);
        },
        async () => {
          const u = await undici(origin.url(BIG_BYTES), 1);
          s.undiciBig.push(BIG_BYTES / 1048576 / (u.elapsedMs / 1000));
          s.undiciRss.push(u.maxRssMb);
        },
        async () => void (withCurl && s.curlBig.push(BIG_BYTES / 1048576 / ((await curl(curlBig)) / 1000))),
      ];
      for (const step of round % 2 === 0 ? bigSteps : [...bigSteps].reverse()) await step();
    }

    const mb = BIG_BYTES / 1048576;
    const fmt = (xs: number[]): string => (xs.length ? median(xs).toFixed(0) : 'n/a');
    const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`\n## The CLI, whole process, against ${origin.name} on loopback (${ROUNDS} rounds, medians${quick ? ', QUICK mode' : ''}; Node ${nodeVersion}; load ${os.loadavg()[0]!.toFixed(2)})`);
    console.log(`CLI start-up (one request to a closed port): ${median(s.startup).toFixed(0)} ms, subtracted from the CLI's times`);
    console.log(row(['tool', `${GETS} GETs: req/s`, `${mb} MiB: MB/s`, 'peak RSS MB']));
    console.log(row(['http-wire send (digest)', fmt(s.cliGets), fmt(s.cliBig), s.cliRss.length ? median(s.cliRss).toFixed(0) : 'n/a']));
    console.log(row(['undici loop (sha256)', fmt(s.undiciGets), fmt(s.undiciBig), median(s.undiciRss).toFixed(0)]));
    console.log(row(['curl (to /dev/null)', withCurl ? fmt(s.curlGets) : 'not installed', withCurl ? fmt(s.curlBig) : 'not installed', '']));
    const getsRatio = median(s.cliGets) / median(s.undiciGets);
    const bigRatio = median(s.cliBig) / median(s.undiciBig);
    const rss = s.cliRss.length ? median(s.cliRss) : Number.NaN;
    const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
    console.log(`\n${GETS} GETs: CLI / undici = ${getsRatio.toFixed(2)} (goal >= 1.00, aim 1.20) ${verdict(getsRatio >= 1)}`);
    console.log(`  per round: ${s.getsRatio.map((r) => r.toFixed(2)).join(' ')}; median of the rounds' ratios ${median(s.getsRatio).toFixed(2)}`);
    console.log(`${mb} MiB --body digest: CLI / undici = ${bigRatio.toFixed(2)} (goal >= 1.50) ${verdict(bigRatio >= 1.5)}`);
    console.log(`${mb} MiB --body digest: CLI peak RSS ${rss.toFixed(0)} MB (goal <= 128 MB) ${verdict(rss <= 128)}`);
  } finally {
    origin.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
