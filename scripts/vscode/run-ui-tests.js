#!/usr/bin/env node
// `npm run test:ui`: the UI tests of test/ui (compiled to out/test/ui), run by mocha here in Node.
// Each test file drives the real workbench (code-server, scripts/vscode/setup.js) in headless
// Chromium through playwright-core, with the extension loaded from this folder. Builds nothing:
// run `npm run build` and `npm run compile-tests` first. Counts go to scripts/test-summary.js as
// the "ui" suite; failure screenshots and the page's console to test-results/.
const fs = require('node:fs');
const path = require('node:path');
const { Mocha } = require('mocha');
const p = require('./paths');
const { record } = require('../test-summary');
const SpecWithSummary = require('../mocha-reporter');

const SUITE = 'ui';
const testsDir = path.join(p.root, 'out', 'test', 'ui');
const rel = (f) => path.relative(p.root, f) || '.';

function missingPrerequisites() {
  const missing = [];
  if (!fs.existsSync(p.codeServerEntry) || !fs.existsSync(p.nodeBin)) missing.push('code-server: run `node scripts/vscode/setup.js`');
  if (!fs.existsSync(p.chromiumBin)) missing.push(`${p.chromiumBin}: run \`node scripts/vscode/setup.js\` (apt-get install chromium)`);
  if (!fs.existsSync(path.join(p.extensionPath, 'dist', 'extension.js'))) missing.push('dist/extension.js: run `npm run build`');
  if (findTestFiles().length === 0) missing.push(`${rel(testsDir)}/*.test.js: run \`npm run compile-tests\``);
  return missing;
}

/** The compiled UI tests; `UI_ONLY=reveal` runs only those whose file name holds "reveal" (while working on one). */
function findTestFiles() {
  if (!fs.existsSync(testsDir)) return [];
  return fs
    .readdirSync(testsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js') && (!process.env.UI_ONLY || name.includes(process.env.UI_ONLY)))
    .map((name) => path.join(testsDir, name))
    .sort();
}

async function main() {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new Error(`missing:\n  ${missing.join('\n  ')}`);
  fs.mkdirSync(p.resultsDir, { recursive: true });
  // A green run leaves no screenshot behind from an earlier red one.
  for (const f of fs.readdirSync(p.resultsDir)) if (/^ui-failure-.*\.png$/.test(f)) fs.rmSync(path.join(p.resultsDir, f));
  // The reporter records its counts under this name when the run ends.
  process.env.HTTP_WIRE_SUITE_NAME = SUITE;
  // Each test sets its own deadlines (tens of seconds per wait); this only catches a hang.
  const mocha = new Mocha({ reporter: SpecWithSummary, color: false, timeout: 5 * 60_000 });
  for (const file of findTestFiles()) mocha.addFile(file);
  // mocha.run() loads the files first: one that throws while loading rejects here.
  await mocha.loadFilesAsync();
  const failures = await new Promise((resolve) => mocha.run(resolve));
  return failures > 0 ? 1 : 0;
}

const started = Date.now();
main().then(
  (code) => {
    console.log(`ui: finished in ${((Date.now() - started) / 1000).toFixed(1)} s${code === 0 ? '' : `; screenshots and the page console are in ${rel(p.resultsDir)}/`}`);
    process.exitCode = code;
  },
  (err) => {
    console.error(`ui: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    // The run never reached mocha's summary: count it as one failure, said plainly.
    record(SUITE, { passed: 0, failed: 1, skipped: 0 });
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
