#!/usr/bin/env node
// Runs test/integration/suite inside the real VS Code extension host, offline: code-server (from
// scripts/vscode/setup.js) serves the workbench, headless Chromium opens it with a payload that
// names our extension folder and test module, and the workbench reports the suite's result through
// window.codeAutomationExit(code). Builds nothing: run `npm run build` and `npm run compile-tests`
// first. See shared/real-vscode-offline.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const p = require('./paths');
const { startCodeServer } = require('./code-server');
const { openWorkbench } = require('./workbench');
const { record } = require('../test-summary');

const TIMEOUT_MS = Number(process.env.HTTP_WIRE_VSCODE_TIMEOUT_MS) || 5 * 60_000;
const started = Date.now();
const log = (msg) => console.log(`vscode: ${msg}`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const cleanups = [];
let cleaning = null;
const cleanup = () => (cleaning ??= (async () => {
  for (const fn of cleanups.reverse()) await fn().catch((err) => log(`cleanup: ${err.message}`));
})());

async function main() {
  checkPrerequisites();
  fs.mkdirSync(p.resultsDir, { recursive: true });
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-vscode-'));
  cleanups.push(async () => fs.rmSync(scratchDir, { recursive: true, force: true }));
  // Tests may edit and save workspace files; they do it on a copy.
  const folder = path.join(scratchDir, 'workspace');
  fs.cpSync(p.workspaceFixture, folder, { recursive: true });

  let failTimer;
  const deadline = new Promise((_, reject) => {
    failTimer = setTimeout(() => reject(new Error(`no result within ${TIMEOUT_MS / 1000} s (HTTP_WIRE_VSCODE_TIMEOUT_MS)`)), TIMEOUT_MS);
  });
  cleanups.push(async () => clearTimeout(failTimer));

  const serverLog = path.join(p.resultsDir, 'vscode-server.log');
  fs.writeFileSync(serverLog, '');
  log(`starting code-server ${p.CODE_SERVER_VERSION} (log: ${rel(serverLog)})`);
  const server = await Promise.race([startCodeServer({ scratchDir, folder, deadlineMs: 60_000, logFile: serverLog }), deadline]);
  cleanups.push(server.stop);
  log(`code-server answers on ${server.url} (${seconds()}); extension: ${p.extensionPath}`);

  const consoleLog = path.join(p.resultsDir, 'vscode-console.log');
  const workbench = await Promise.race([deadline, openWorkbench({
    serverUrl: server.url,
    folder,
    extensionPath: p.extensionPath,
    testsPath: p.testsEntry,
    consoleLog,
    onLine: (line) => {
      console.log(line);
      countMochaSummary(line);
    },
  })]);
  cleanups.push(workbench.close);
  log(`workbench opened (${seconds()}); the suite's report follows`);

  let code;
  let reason;
  try {
    code = await Promise.race([workbench.exitCode, deadline, server.exited.then((how) => Promise.reject(new Error(`code-server stopped during the run (${how})`)))]);
    if (code !== 0) reason = `the suite exited with code ${code}`;
  } catch (err) {
    code = 1;
    reason = err.message;
  }
  await workbench.drain();
  if (code !== 0) {
    const shot = path.join(p.resultsDir, 'vscode-failure.png');
    if (await workbench.screenshot(shot)) log(`screenshot: ${rel(shot)}`);
  }
  const sawSummary = workbench.sawMochaSummary();
  if (!sawSummary) {
    // Mocha never reported (a test file failed to load, the host crashed): the page's last errors
    // usually say why; the whole console is in the log file.
    for (const text of workbench.recentErrors()) log(`page error: ${text.split('\n').slice(0, 8).join('\n  ')}`);
    log(`the page's whole console: ${rel(consoleLog)}`);
  }
  if (code === 0 && !sawSummary) {
    code = 1;
    reason = "the suite ended well but mocha's report never reached the page console";
  }
  await cleanup();
  log(`finished in ${seconds()} with exit code ${code}${reason ? `: ${reason}` : ''}`);
  // A run that failed without a failing test (a crash, a timeout) counts as one failure.
  record('vscode', { ...counts, failed: counts.failed + (code !== 0 && counts.failed === 0 ? 1 : 0) });
  // Mocha's "N passing / N failing" are the summary when it reported; otherwise say plainly that
  // the run failed, as the last line a CI log reader sees.
  if (!sawSummary) console.log('0 passed, 1 failed');
  return code;
}

function checkPrerequisites() {
  const missing = [];
  if (!fs.existsSync(p.codeServerEntry) || !fs.existsSync(p.nodeBin)) missing.push('code-server: run `node scripts/vscode/setup.js`');
  if (!fs.existsSync(p.chromiumBin)) missing.push(`${p.chromiumBin}: run \`node scripts/vscode/setup.js\` (apt-get install chromium)`);
  if (!fs.existsSync(p.testsEntry)) missing.push(`${rel(p.testsEntry)}: run \`npm run compile-tests\``);
  const manifest = path.join(p.extensionPath, 'package.json');
  if (!fs.existsSync(manifest)) {
    missing.push(`${manifest}: HTTP_WIRE_EXT_PATH must name an extension folder`);
  } else {
    const main = JSON.parse(fs.readFileSync(manifest, 'utf8')).main;
    if (main && !fs.existsSync(path.join(p.extensionPath, main)) && !fs.existsSync(path.join(p.extensionPath, `${main}.js`))) {
      missing.push(`${path.join(p.extensionPath, main)}: run \`npm run build\``);
    }
  }
  if (missing.length > 0) throw new Error(`missing:\n  ${missing.join('\n  ')}`);
}

const rel = (f) => path.relative(p.root, f) || '.';

/** Mocha's closing counts as the suite printed them, for scripts/test-summary.js. */
const counts = { passed: 0, failed: 0, skipped: 0 };
function countMochaSummary(line) {
  for (const m of line.matchAll(/^\s*(\d+) (passing|failing|pending)\b/gm)) {
    counts[{ passing: 'passed', failing: 'failed', pending: 'skipped' }[m[2]]] = Number(m[1]);
  }
}

// Ctrl+C or a CI cancel: stop code-server's process group and Chromium before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanup().finally(() => {
      console.log('0 passed, 1 failed');
      process.exit(130);
    });
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (err) => {
    await cleanup();
    log(`FAILED after ${seconds()}: ${err.message}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
