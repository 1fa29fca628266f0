import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { summarize, type Timing } from './stats';

/**
 * The parse a CLI run makes: the first one in a fresh process, where V8 runs the parser
 * unoptimized (its optimized code arrives after the parse of a 2,000-request file is over). The
 * parse bench's repeated runs measure the warm parser instead, the editor's case. Rounds alternate
 * ours and the peer, each in its own process; module loading is outside the clock.
 */
export async function measureColdParse(file: string, rounds: number, peer: { name: string; version: string } | undefined): Promise<{ ours: Timing; peer: Timing | undefined }> {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ours.push(await firstParseMs('ours', file, ''));
    if (peer !== undefined) theirs.push(await firstParseMs(peer.name, file, peer.version));
  }
  return { ours: summarize(ours), peer: peer === undefined ? undefined : summarize(theirs) };
}

function firstParseMs(who: string, file: string, version: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'cold-parse-worker.js'), who, file, version], (err, stdout, stderr) => {
      if (err) reject(new Error(`the cold parse of ${who} failed: ${stderr.trim() || err.message}`));
      else resolve(Number(stdout.trim().split('\n').pop()));
    });
  });
}
