/**
 * Preloaded into a process under measurement (`node -r out/bench/max-rss-preload.js ...`): at exit it
 * writes the process's peak resident set size to stderr as `HTTP_WIRE_MAX_RSS_KB=<n>`, which the
 * whole-process bench reads. Node cannot ask a child's rusage, and the CLI should not carry this.
 */
import * as fs from 'node:fs';

process.on('exit', () => {
  fs.writeSync(2, `\nHTTP_WIRE_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
