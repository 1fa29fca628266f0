import { createHash } from 'node:crypto';

/**
 * undici's in-process loop, the peer of the whole-process CLI bench: `node cli-peer-worker.js <url>
 * <count>` GETs `url` `count` times in sequence on one kept-alive connection and hashes each body
 * with SHA-256, as `http-wire send --body digest` does. Prints one JSON line: the loop's elapsed
 * ms (the process's start-up excluded), the bytes read and the peak RSS in MB.
 */
async function main(): Promise<void> {
  const [url = '', countText = '1'] = process.argv.slice(2);
  const count = Number(countText);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('undici') as typeof import('undici');
  const target = new URL(url);
  const client = new Client(target.origin, { pipelining: 1 });
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const { body } = await client.request({ method: 'GET', path: `${target.pathname}${target.search}` });
    const hash = createHash('sha256');
    for await (const chunk of body) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    hash.digest('hex');
  }
  const elapsedMs = performance.now() - started;
  await client.close();
  process.stdout.write(`${JSON.stringify({ elapsedMs, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

void main();
