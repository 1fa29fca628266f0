#!/usr/bin/env node
// One closing line for a whole `npm test`, in the plain form CI log readers recognise in any
// language: "N passed, N failed" (", N skipped" when some were). Each suite records its counts in
// test-results/summary/ (the unit suite through scripts/mocha-reporter.js, the extension-host
// suite through scripts/vscode/run-tests.js, the UI suite through scripts/vscode/run-ui-tests.js);
// `print` adds them up.
//   node scripts/test-summary.js reset | print
const fs = require('node:fs');
const path = require('node:path');

const dir = path.resolve(__dirname, '..', 'test-results', 'summary');

/** Records one suite's counts (called by the reporters). */
function record(suite, counts) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.json`), JSON.stringify(counts));
}

function main(command) {
  if (command === 'reset') {
    fs.rmSync(dir, { recursive: true, force: true });
    return 0;
  }
  if (command !== 'print') {
    console.error('usage: node scripts/test-summary.js reset | print');
    return 2;
  }
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const f of files) {
    const counts = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const key of Object.keys(total)) total[key] += counts[key] ?? 0;
  }
  // No suite recorded anything: that is a failure, never an empty success.
  if (files.length === 0) total.failed = Math.max(total.failed, 1);
  console.log(`\nAll suites (${files.map((f) => f.replace(/\.json$/, '')).join(', ') || 'none recorded'}):`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return total.failed > 0 ? 1 : 0;
}

module.exports = { record };
if (require.main === module) process.exitCode = main(process.argv[2]);
