import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A server on 127.0.0.1 for the whole-process benches, and what it serves. */
export interface Origin {
  /** "nginx 1.22.1" or "node (bench-server)". */
  readonly name: string;
  /** A URL answering `bytes` bytes (only the sizes given to startOrigin). */
  url(bytes: number): string;
  stop(): void;
}

function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) if (fs.existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once `port` accepts a connection; rejects after `ms` or when `child` exits first. */
async function whenListening(port: number, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (exited) throw new Error('the server exited before it listened');
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${ms} ms`);
    // Connection refused comes back at once; wait for the server's next event-loop turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * nginx with its own configuration in a temporary folder (static files of each size, sendfile,
 * keep-alive without a request limit, no access log), or, when nginx is not installed, the
 * bench's Node server in its own process.
 */
export async function startOrigin(sizes: readonly number[]): Promise<Origin> {
  const nginx = findNginx();
  if (nginx === undefined) return startNodeOrigin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-bench-nginx-'));
  const www = path.join(dir, 'www');
  fs.mkdirSync(www);
  for (const size of sizes) {
    // Zeros written by ftruncate: a sparse file, read from the page cache at full speed.
    const fd = fs.openSync(path.join(www, String(size)), 'w', 0o644);
    fs.ftruncateSync(fd, size);
    fs.closeSync(fd);
  }
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(www, 0o755);
  const port = await freePort();
  const temp = (name: string): string => `${name} ${path.join(dir, name)};`;
  const asRoot = process.getuid?.() === 0 ? 'user root;' : '';
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${asRoot} daemon off; master_process off; worker_processes 1; pid ${path.join(dir, 'nginx.pid')}; error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off; sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000; keepalive_timeout 120s;
  ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')} ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}
  default_type application/octet-stream;
  server { listen 127.0.0.1:${port}; root ${www}; }
}
`,
  );
  const child = spawn(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
  try {
    await whenListening(port, child, 10_000);
  } catch (e) {
    child.kill();
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8').trim().split('\n').pop() : '';
    console.log(`  nginx did not start (${(e as Error).message}${log ? `: ${log}` : ''}); using the Node server`);
    fs.rmSync(dir, { recursive: true, force: true });
    return startNodeOrigin();
  }
  // nginx prints its version on stderr.
  const version = execFileSync('sh', ['-c', '"$0" -v 2>&1', nginx], { encoding: 'utf8' }).trim();
  return {
    name: version.replace('nginx version: ', '').replace('/', ' '),
    url: (bytes) => `http://127.0.0.1:${port}/${bytes}`,
    stop: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startNodeOrigin(): Promise<Origin> {
  const server = fork(path.join(__dirname, 'bench-server.js'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { name: 'node (bench-server)', url: (bytes) => `http://127.0.0.1:${port}/big?bytes=${bytes}`, stop: () => server.kill() };
}
