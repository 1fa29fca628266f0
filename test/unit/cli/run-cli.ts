import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { waitFor } from '../../support/raw-server';

export const ROOT = path.resolve(__dirname, '../../../..');
/** The CLI as tsc compiles it (`npm run compile-tests`), run as a whole process. */
export const CLI_MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** No proxy from the machine's environment unless a test sets one in `env`. */
const NO_PROXY_ENV = { HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' };

/**
 * Runs `http-wire ...args` to its exit (in `cwd`, else this process's folder), `stdin` on its
 * standard input (none: closed at once); resolves with its exit status and output.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [CLI_MAIN, ...args], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, ...(cwd !== undefined ? { cwd } : {}), env: { ...process.env, NO_COLOR: '1', ...NO_PROXY_ENV, ...env } }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') {
        reject(err);
        return;
      }
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr: stderr.toString('utf8') });
    });
    child.stdin?.end(stdin);
  });
}

/** A running `http-wire ...args`, its output gathered as it comes. */
export interface RunningCli {
  readonly exited: Promise<number | null>;
  stdout(): Buffer;
  stderr(): string;
  /** Sends it `signal`, as a CI runner cancelling the job or Ctrl-C would. */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts `http-wire ...args` and resolves once `isEnough(bytes of stdout so far)` holds, for a test
 * whose server goes on only then; fails naming `what` after `ms`, the process killed.
 */
export async function startCliUntil(args: readonly string[], env: NodeJS.ProcessEnv, what: string, isEnough: (stdoutBytes: number) => boolean, ms = 10_000): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...NO_PROXY_ENV, ...env } });
  const out: Buffer[] = [];
  let outBytes = 0;
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await waitFor(what, ms, (done) => {
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      outBytes += d.length;
      if (isEnough(outBytes)) done(undefined);
    });
  }).catch((e: unknown) => {
    child.kill();
    throw e;
  });
  return { exited, stdout: () => Buffer.concat(out), stderr: () => err, kill: (signal) => void child.kill(signal) };
}

/** The closing summary of a run of several requests (`http-wire: api.http: 3 requests in 12 ms: ...`). */
export const RUN_SUMMARY = /^http-wire: [^:\n]+: \d+ requests? in \d+(?:\.\d)? m?s: [^\n]*\n/m;

/** `stderr` without the run's closing summary line, for tests about the lines before it. */
export function withoutSummary(stderr: string): string {
  return stderr.replace(RUN_SUMMARY, '');
}
