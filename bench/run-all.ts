/**
 * `npm run bench`: every bench, in order. Each bench module exports `async function run()` and
 * prints its own table. `BENCH_QUICK=1` cuts the runs (a check that the benches work, not numbers).
 */

import * as cliBench from './cli-bench';
import * as cliLoopBench from './cli-loop-bench';
import * as clientBench from './client-bench';
import * as panelBench from './panel-bench';
import * as parseBench from './parse-bench';

const benches: ReadonlyArray<{ name: string; run: () => Promise<void> }> = [
  { name: 'parse', run: parseBench.run },
  { name: 'client', run: clientBench.run },
  { name: 'cli', run: cliBench.run },
  { name: 'cli-loop', run: cliLoopBench.run },
  { name: 'panel', run: panelBench.run },
];

async function main(): Promise<void> {
  for (const bench of benches) {
    try {
      await bench.run();
    } catch (e) {
      console.error(`bench "${bench.name}" failed:`, e);
      process.exitCode = 1;
    }
  }
}

void main();
