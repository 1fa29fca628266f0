/**
 * `send --all --json` over many requests on one connection (issue 10, item 6): results in file
 * order with their bodies whole, each request with the cookies of the answers before it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onRequests, RawServer } from '../../support/raw-server';
import { runCli } from './run-cli';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

describe('cli: send --all --json, one request after another (issue 10, item 6)', function () {
  this.timeout(60_000);
  let tmp: string;
  const servers: RawServer[] = [];

  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-early-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

  /** A server answering by path; each request's path and Cookie header are recorded in order. */
  async function server(answer: (target: string) => Buffer): Promise<{ port: number; seen: Array<{ target: string; cookie: string | undefined }> }> {
    const seen: Array<{ target: string; cookie: string | undefined }> = [];
    const raw = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const target = head.split(' ')[1]!;
        const cookie = /\r\ncookie: ([^\r]*)/i.exec(head)?.[1];
        seen.push({ target, cookie });
        socket.write(answer(target));
      }),
    );
    servers.push(raw);
    return { port: raw.port, seen };
  }

  const ok = (headers: string, body: Buffer | string): Buffer => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\n${headers}Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
  };

  it('large bodies streamed into the document and small answers after them keep file order, every body whole (--body full, stdout a pipe)', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    const s = await server((target) => (target.startsWith('/big') ? ok('Content-Type: application/octet-stream\r\n', big) : ok('Content-Type: text/plain\r\n', target)));
    const targets = ['/big1', '/big2', '/big3', '/s1', '/big4', '/s2', '/s3'];
    const file = path.join(tmp, 'mixed.http');
    fs.writeFileSync(file, targets.map((t) => `GET http://127.0.0.1:${s.port}${t}\n`).join('###\n'));
    const run = await runCli(['send', file, '--all', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const results = (JSON.parse(run.stdout.toString('utf8')) as { results: Json[] }).results;
    assert.deepEqual(
      results.map((r) => new URL(r.request.url).pathname),
      targets,
    );
    for (const [i, r] of results.entries()) {
      const body = Buffer.from(r.response.body.base64, 'base64');
      assert.ok(targets[i]!.startsWith('/big') ? body.equals(big) : body.toString() === targets[i], `body of ${targets[i]}`);
    }
    assert.deepEqual(
      s.seen.map((r) => r.target),
      targets,
    );
  });

  it("each request carries the cookie the answer before it set", async () => {
    const s = await server((target) => ok(target === '/login' ? 'Set-Cookie: sid=s3cr; Path=/\r\n' : '', target));
    const file = path.join(tmp, 'cookies.http');
    fs.writeFileSync(file, ['/login', '/me', '/orders'].map((t) => `GET http://127.0.0.1:${s.port}${t}\n`).join('###\n'));
    const run = await runCli(['send', file, '--all', '--json', '--body', 'digest']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      s.seen.map((r) => [r.target, r.cookie]),
      [
        ['/login', undefined],
        ['/me', 'sid=s3cr'],
        ['/orders', 'sid=s3cr'],
      ],
    );
  });
});
