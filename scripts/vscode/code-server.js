// Starts code-server (VS Code's server + web workbench + a real Node extension host) on a free
// loopback port with throwaway state, and stops it with its whole process tree.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const p = require('./paths');

// A fresh profile that stays quiet and offline: no telemetry, update checks, welcome page, AI
// features or git scanning (see shared/real-vscode-offline.md).
const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  // VS Code's extension host otherwise scans every process's sockets every few seconds (spawning
  // `ls -l /proc/*/fd/*` and parsing /proc/net/tcp) to offer port forwarding: work on the same
  // thread as ours that a local editor does not do, and that blurred the host-block measure.
  // Both: the scan stays on while a tunnel provider exists, unless its source is 'output'.
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

/**
 * Starts code-server with `folder` open; state goes under `scratchDir`. Resolves once /healthz
 * answers, with `{ port, url, stop(), exited }`: `stop()` is idempotent and always safe to call;
 * `exited` resolves with how the server process ended. `port` 0 (the default) picks a free one.
 * `testMode` (the default) lets the URL's payload load an extension under development and its
 * tests; `npm start` turns it off and installs the packaged extension instead.
 */
async function startCodeServer({ scratchDir, folder, deadlineMs, logFile, port = 0, testMode = true }) {
  const dirs = prepareScratch(scratchDir);
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));

  if (port === 0) port = await findFreePort();
  const args = [
    p.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...stateArgs(dirs),
    // Without it a built workbench ignores the extensionDevelopmentPath/extensionTestsPath payload.
    ...(testMode ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  const env = codeServerEnv(dirs);
  const out = fs.openSync(logFile, 'a');
  // detached = setsid(): code-server and its extension host share a new process group that we can
  // kill as one; killing only the top process would leave the extension host running.
  const child = spawn(p.nodeBin, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve((exited = signal || `exit ${code}`)));
    child.on('error', (err) => resolve((exited = `could not start: ${err.message}`)));
  });

  let stopping = null;
  const stop = () => (stopping ??= stopGroup(child.pid, exitPromise));
  process.on('exit', () => killGroup(child.pid, 'SIGKILL')); // last resort if stop() never ran

  try {
    await waitForHealth(port, deadlineMs, () => exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url: `http://127.0.0.1:${port}`, stop, exited: exitPromise };
}

/**
 * Runs code-server's command line (`--install-extension`, `--list-extensions`...) on the state of
 * `scratchDir`, as a user would in a terminal; resolves with its standard output, rejects naming
 * the log file when it fails.
 */
async function runCodeServerCli({ scratchDir, args, logFile }) {
  const dirs = prepareScratch(scratchDir);
  const child = spawn(p.nodeBin, [p.codeServerEntry, ...stateArgs(dirs), ...args], { env: codeServerEnv(dirs), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => fs.appendFileSync(logFile, d));
  const result = await new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(signal || code));
    child.on('error', (err) => resolve(err.message));
  });
  fs.appendFileSync(logFile, `$ code-server ${args.join(' ')}\n${stdout}`);
  if (result !== 0) throw new Error(`code-server ${args.join(' ')} failed (${result}); see ${logFile}`);
  return stdout;
}

/** The folders under `scratchDir` that hold code-server's whole state, created if missing. */
function prepareScratch(scratchDir) {
  const dirs = {
    userData: path.join(scratchDir, 'user-data'),
    extensions: path.join(scratchDir, 'extensions'),
    xdgConfig: path.join(scratchDir, 'xdg-config'),
    xdgData: path.join(scratchDir, 'xdg-data'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  return dirs;
}

const stateArgs = (dirs) => ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

function codeServerEnv(dirs) {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{}', // no marketplace lookups
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    PATH: `${path.join(p.nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
  };
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Polls /healthz every 200 ms until it answers 200, the process dies, or the deadline passes.
async function waitForHealth(port, deadlineMs, exited) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (exited()) throw new Error(`code-server stopped before answering /healthz (${exited()})`);
    if (await isHealthy(port)) return;
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz on port ${port} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function isHealthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function stopGroup(pid, exitPromise) {
  killGroup(pid, 'SIGTERM');
  const timer = new Promise((r) => setTimeout(r, 5000).unref());
  await Promise.race([exitPromise, timer]);
  // The leader may be gone while its children linger; make sure the whole group is.
  killGroup(pid, 'SIGKILL');
}

function killGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

module.exports = { startCodeServer, runCodeServerCli };
