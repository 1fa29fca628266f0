import * as http from 'node:http';
import { HttpClient } from '../src/core/wire/client';

/**
 * One measurement in a fresh process: `node client-worker.js <client> <mode> <port> <arg>`, where
 * client is ours|undici|node-http and mode is sequential (arg = request count) or big (arg =
 * bytes). Prints one JSON line: elapsed ms, bytes, and the process's peak RSS growth.
 */
type Mode = 'sequential' | 'big';

interface Runner {
  get(path: string): Promise<number>;
  close(): Promise<void>;
}

function ours(port: number): Runner {
  const client = new HttpClient();
  // Parsed once, as undici's Client takes its origin once; the request object is made per call.
  const urls = new Map<string, URL>();
  return {
    async get(path) {
      let url = urls.get(path);
      if (url === undefined) urls.set(path, (url = new URL(path, `http://127.0.0.1:${port}`)));
      const result = await client.send({ method: 'GET', target: path, url, httpVersion: 'HTTP/1.1', headers: [['Host', url.host]], body: [], changes: [] }, { captureLimitBytes: 64 * 1024 });
      const n = result.body.length;
      result.dispose();
      return n;
    },
    async close() {
      client.close();
    },
  };
}

function undiciRunner(port: number): Runner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('undici') as typeof import('undici');
  const client = new Client(`http://127.0.0.1:${port}`, { pipelining: 1 });
  return {
    async get(path) {
      const { body } = await client.request({ method: 'GET', path });
      let n = 0;
      for await (const chunk of body) n += (chunk as Buffer).length;
      return n;
    },
    close: () => client.close(),
  };
}

function nodeHttp(port: number): Runner {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get(path) {
      return new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, agent }, (res) => {
            let n = 0;
            res.on('data', (c: Buffer) => (n += c.length));
            res.on('end', () => resolve(n));
            res.on('error', reject);
          })
          .on('error', reject);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

async function main(): Promise<void> {
  const [name, mode, portText, argText] = process.argv.slice(2) as [string, Mode, string, string];
  const port = Number(portText);
  const arg = Number(argText);
  const runner = name === 'ours' ? ours(port) : name === 'undici' ? undiciRunner(port) : nodeHttp(port);
  const baselineRssKb = process.resourceUsage().maxRSS;
  // Warm up the connection and the JIT outside the measurement.
  for (let i = 0; i < (mode === 'sequential' ? 200 : 1); i++) await runner.get('/small');
  const started = performance.now();
  let bytes = 0;
  if (mode === 'sequential') {
    for (let i = 0; i < arg; i++) bytes += await runner.get('/small');
  } else {
    bytes = await runner.get(`/big?bytes=${arg}`);
  }
  const elapsedMs = performance.now() - started;
  await runner.close();
  const peakRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(`${JSON.stringify({ elapsedMs, bytes, baselineRssMb: baselineRssKb / 1024, peakRssMb: peakRssKb / 1024 })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
