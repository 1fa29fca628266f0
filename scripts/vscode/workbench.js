// Opens the code-server workbench in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core: no browser download) in extension-development-and-test mode, relays the
// extension host's console to us, and reports the exit code the workbench hands to
// window.codeAutomationExit when the test module's run() settles.
const fs = require('node:fs');
const util = require('node:util');
const { chromium } = require('playwright-core');
const p = require('./paths');

// Marks the lines of mocha's report (see toReportLine).
const REPORT_TAG = '[http-wire-report] ';

// No sandbox (we run as root in CI), no GPU, and no network but loopback: every other host name
// fails to resolve, so a stray fetch fails at once instead of waiting on a timeout.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/**
 * `onLine` gets each line of mocha's report from the extension host; every console message of the
 * page also goes to the `consoleLog` file. Returns
 * `{ exitCode, drain(), screenshot(file), sawMochaSummary(), recentErrors(), close() }`.
 */
async function openWorkbench({ serverUrl, folder, extensionPath, testsPath, consoleLog, onLine }) {
  // playwright-core's launch() gives Chromium a fresh temporary profile and adds --headless. Its
  // own signal handlers would exit the process before run-tests.js has stopped code-server.
  const browser = await chromium.launch({
    executablePath: p.chromiumBin,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const close = () => browser.close().catch(() => {});
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const logStream = fs.createWriteStream(consoleLog);
    let sawSummary = false;
    const recentErrors = []; // the page's last error messages, to explain a run that never reported
    let relayed = Promise.resolve();

    let resolveExit;
    let rejectExit;
    const exitCode = new Promise((resolve, reject) => {
      resolveExit = resolve;
      rejectExit = reject;
    });
    let hasExited = false;
    await page.exposeFunction('codeAutomationExit', (code) => {
      hasExited = true;
      resolveExit(Number.isInteger(code) ? code : 1);
    });
    page.on('crash', () => rejectExit(new Error('the workbench page crashed')));
    page.on('pageerror', (err) => logStream.write(`[pageerror] ${err.stack || err.message}\n`));
    // Handlers run one after another so lines keep their order although reading arguments is async.
    page.on('console', (msg) => {
      relayed = relayed.then(async () => {
        // Errors do not survive JSON serialisation; their stack does.
        const values = await Promise.all(msg.args().map((a) => a.evaluate((v) => (v instanceof Error ? String(v.stack || v) : v)).catch(() => '[unserializable]')));
        const line = toReportLine(values);
        logStream.write(line == null ? `[${msg.type()}] ${util.format(...values)}\n` : `[report] ${line}\n`);
        if (line == null) {
          const text = util.format(...values).trim();
          // After the exit the workbench only reports its own shutdown ("Canceled").
          if (msg.type() === 'error' && text && !hasExited && recentErrors.push(text) > 3) recentErrors.shift();
          return;
        }
        if (/^\s*\d+ passing\b/m.test(line)) sawSummary = true;
        onLine(line);
      }).catch(() => {});
    });

    // The folder opens on the server's file system; the payload points the extension host at our
    // extension folder and test module through the remote authority, as the smoke-test driver does.
    const authority = new URL(serverUrl).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
      // HTTP_WIRE_TEST_GREP runs only the tests whose titles match it (the bench uses it).
      ['extensionEnvironment', JSON.stringify({ HTTP_WIRE_REPORT_TAG: REPORT_TAG, ...(process.env.HTTP_WIRE_TEST_GREP ? { HTTP_WIRE_TEST_GREP: process.env.HTTP_WIRE_TEST_GREP } : {}) })],
    ];
    const url = `${serverUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    return {
      exitCode,
      // Waits until the console lines received so far are printed, for at most 10 s.
      drain: () => Promise.race([relayed, new Promise((r) => setTimeout(r, 10_000).unref())]),
      screenshot: (file) => page.screenshot({ path: file, timeout: 15_000 }).then(() => true, () => false),
      sawMochaSummary: () => sawSummary,
      recentErrors: () => [...recentErrors],
      close: async () => {
        await close();
        logStream.end();
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

// In test mode the workbench logs extension-host console calls through its log service, which
// reaches the page as ['%c INFO', 'color: ...', format, ...args], exactly like its own log lines.
// test/integration/suite/index.ts puts REPORT_TAG in front of mocha's lines (given through the
// payload's extensionEnvironment). Returns such a line rebuilt with util.format and untagged, or
// null for anything else (those go to the console log file only).
function toReportLine(values) {
  const [level, style, format, ...args] = values;
  if (typeof level !== 'string' || !level.startsWith('%c') || typeof style !== 'string') return null;
  if (typeof format !== 'string' || !format.startsWith(REPORT_TAG)) return null;
  return util.format(format.slice(REPORT_TAG.length), ...args);
}

module.exports = { openWorkbench, CHROMIUM_ARGS };
