/**
 * Peers: other tools' parsers, measured in the same run as ours so that speed goals are quoted
 * side by side with numbers from the same machine. They are heavy (httpYac pulls in gRPC, Kafka,
 * ...), so they are not devDependencies: each is installed on first use into `.cache/bench-peers/`
 * (git-ignored) and loaded from there.
 *
 * Nothing here throws: a peer that cannot be installed or loaded comes back as `{ ok: false,
 * reason }`, and the bench prints "peer unavailable: <reason>" next to our own numbers.
 */

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The repository root: this file runs as `out/bench/peers.js`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PEERS_DIR = path.join(REPO_ROOT, '.cache', 'bench-peers');

/** How long `npm install` may take before we give up on the peer. */
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

export type PeerResult<T> = { ok: true; module: T; version: string } | { ok: false; reason: string };

/** The version of `name` installed in the peers folder, or undefined. */
export function installedVersion(name: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** `: ECONNREFUSED: request to ... failed` from npm's error output, or '' when it says nothing useful. */
function npmErrorSummary(stderr: string): string {
  const errors = stderr
    .split(/\r?\n/)
    .map((l) => /^npm (?:error|ERR!) (.*)$/.exec(l)?.[1]?.trim())
    .filter((l): l is string => l !== undefined && l !== '');
  const code = errors.find((l) => l.startsWith('code '))?.slice('code '.length);
  const message = errors.find((l) => !/^(?:code|syscall|errno|path|type:|requiredBy:|[{}]|A complete log|If you are behind|Log files)/.test(l));
  const parts = [code, message].filter((x) => x !== undefined);
  return parts.length > 0 ? `: ${parts.join(': ')}` : '';
}

function npmInstall(spec: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const args = ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--no-save', spec];
  console.log(`  peers: npm ${args.join(' ')}`);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: { ok: true } | { ok: false; reason: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let stderr = '';
    let child;
    try {
      // On Windows `npm` is `npm.cmd`, which Node only starts through a shell.
      child = spawn('npm', args, { cwd: REPO_ROOT, shell: process.platform === 'win32', stdio: ['ignore', 'inherit', 'pipe'] });
    } catch (e) {
      done({ ok: false, reason: `could not start npm: ${(e as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      child.kill();
      done({ ok: false, reason: `npm install ${spec} took more than ${INSTALL_TIMEOUT_MS / 60000} min` });
    }, INSTALL_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (e) => done({ ok: false, reason: `could not start npm: ${e.message}` }));
    child.on('close', (code) => {
      if (code === 0) done({ ok: true });
      else done({ ok: false, reason: `npm install ${spec} exited with ${code}${npmErrorSummary(stderr)}` });
    });
  });
}

/**
 * Installs `name@version` into `.cache/bench-peers/` unless that exact version is already there,
 * then loads it. Prints what it does.
 */
export async function loadPeer<T>(name: string, version: string): Promise<PeerResult<T>> {
  const spec = `${name}@${version}`;
  const have = installedVersion(name);
  if (have === version) {
    console.log(`  peers: ${spec} already installed in ${path.relative(REPO_ROOT, PEERS_DIR)}`);
  } else {
    console.log(
      have === undefined
        ? `  peers: installing ${spec} into ${path.relative(REPO_ROOT, PEERS_DIR)} (first use; this takes a minute)`
        : `  peers: ${name} ${have} is installed, want ${version}: reinstalling`,
    );
    try {
      fs.mkdirSync(PEERS_DIR, { recursive: true });
    } catch (e) {
      return { ok: false, reason: `cannot create ${PEERS_DIR}: ${(e as Error).message}` };
    }
    const installed = await npmInstall(spec);
    if (!installed.ok) return installed;
    const now = installedVersion(name);
    if (now !== version) return { ok: false, reason: `npm install ${spec} finished but ${name} ${now ?? 'is missing'}` };
  }
  try {
    const load = createRequire(__filename);
    const module = load(path.join(PEERS_DIR, 'node_modules', name)) as T;
    return { ok: true, module, version };
  } catch (e) {
    return { ok: false, reason: `cannot load ${spec}: ${(e as Error).message.split('\n')[0]}` };
  }
}
