/**
 * `reparseHttpFile` against `parseHttpFile` on random files and random edits (issue 10, item 1: the
 * re-parse never returned when the file's first line was empty). The cases run in a worker with a
 * per-case deadline, so a hang fails with the case that hung. The suite runs a fixed seed; replay
 * another with HTTP_WIRE_REPARSE_FUZZ_SEED=<seed> (`npm run fuzz` tries random ones).
 */

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runInWorker } from '../../support/run-in-worker';
import type { ReparseFuzzReport } from './reparse-fuzz';

const SEED = Number(process.env.HTTP_WIRE_REPARSE_FUZZ_SEED ?? 0x4e9a);
const MODULE = path.join(__dirname, 'reparse-fuzz.js');
const CASE_MS = 2_000;

describe('http-file: re-parse fuzz (issue 10, item 1)', function () {
  this.timeout(30_000);

  it('returns, and equals a full parse, after edits to an empty or blank first or last line', async () => {
    const g = 'GET http://a/ HTTP/1.1\nAccept: x\n';
    const pairs: Array<[string, string]> = [
      // The reproduction: an edit within a line of a file whose first line is empty.
      [`\n${g}`, `\n${g.replace('x', 'xy')}`],
      [`\r\n${g}`, `\r\n${g.replace('x', 'xy')}`],
      [`\n\n${g}`, `\n\n${g.replace('x', 'xy')}`],
      [`\n### a\n${g}`, `\n### a\n${g.replace('x', 'xy')}`],
      // Emptying line 0, and typing into an empty line 0.
      [`a\n${g}`, `\n${g}`],
      [`\n${g}`, `a\n${g}`],
      [`  \n${g}`, `\n${g}`],
      [`${g}\n`, `${g}\nx`],
      [`${g}x`, `${g}`],
    ];
    const report = await runInWorker<ReparseFuzzReport>(MODULE, 'runReparseFuzz', { seed: SEED, cases: 0, budgetMs: 0, pairs }, { totalMs: 20_000, caseMs: CASE_MS });
    assert.equal(report.edits, pairs.length);
  });

  it(`random files and random edits: line 0, the last line, across ###, CRLF, BOM (seed ${SEED})`, async () => {
    const report = await runInWorker<ReparseFuzzReport>(MODULE, 'runReparseFuzz', { seed: SEED, cases: 1500, budgetMs: 6_000 }, { totalMs: 25_000, caseMs: CASE_MS });
    assert.ok(report.cases >= 200, `only ${report.cases} cases ran in the budget (seed ${SEED})`);
    // Without edits that take the shortcut, this would only compare full parses with themselves.
    assert.ok(report.shortcuts > report.edits / 10, `the shortcut was taken in ${report.shortcuts} of ${report.edits} edits`);
  });
});
