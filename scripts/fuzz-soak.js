#!/usr/bin/env node
// `npm run fuzz [-- ROUNDS]`: runs the fuzz suites (the .http parser's, the re-parse's and the
// response parser's) again and again with random seeds, and prints the seeds of any round that fails. The
// test suite itself runs fixed seeds so that it cannot fail by chance; this is where new seeds are
// tried. Expects compiled tests (`npm run compile-tests`, which `npm run fuzz` runs first).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const rounds = Number(process.argv[2] ?? 50);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: fuzz-soak.js [ROUNDS]');
  process.exit(2);
}
const suites = ['out/test/unit/http-file/fuzz.test.js', 'out/test/unit/http-file/reparse-fuzz.test.js', 'out/test/unit/wire/response-fuzz.test.js'];
const randomSeed = () => String(Math.floor(Math.random() * 2 ** 32));

const failures = [];
for (let round = 1; round <= rounds; round++) {
  const seeds = { HTTP_WIRE_FUZZ_SEED: randomSeed(), HTTP_WIRE_REPARSE_FUZZ_SEED: randomSeed(), HTTP_WIRE_RESPONSE_FUZZ_SEED: randomSeed() };
  const run = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--reporter', 'dot', ...suites], {
    cwd: root,
    env: { ...process.env, ...seeds },
    encoding: 'utf8',
  });
  const seedText = Object.entries(seeds).map(([k, v]) => `${k}=${v}`).join(' ');
  if (run.status === 0) {
    console.log(`round ${round}/${rounds}: pass (${seedText})`);
  } else {
    failures.push(seedText);
    console.log(`round ${round}/${rounds}: FAIL (${seedText})\n${run.stdout}${run.stderr}`);
  }
}
console.log(`${rounds - failures.length} passed, ${failures.length} failed`);
for (const f of failures) console.log(`  replay: ${f} npx mocha --no-config ${suites.join(' ')}`);
process.exit(failures.length === 0 ? 0 : 1);
