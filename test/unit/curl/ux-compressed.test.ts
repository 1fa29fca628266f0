/**
 * Copy as cURL put HTTP Wire's `Accept-Encoding: gzip, deflate, br` in the command without
 * `--compressed`, so the pasted command printed the compressed bytes. With an Accept-Encoding that
 * names only codings curl undoes, the command now has `--compressed`; the header stays as sent.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as zlib from 'node:zlib';
import { toCurlCommand } from '../../../src/core/curl/http-to-curl';
import { HttpClient } from '../../../src/core/wire/client';
import { onRequests, RawServer } from '../../support/raw-server';
import { hasCurl, prepareFirst } from './support';

async function commandFor(text: string): Promise<string> {
  const { prepared } = await prepareFirst(text);
  return toCurlCommand(prepared.wire, prepared.options);
}

describe('curl: --compressed when curl can undo the codings asked for', () => {
  const rows: Array<{ name: string; headers: string[]; want: boolean }> = [
    { name: "HTTP Wire's own Accept-Encoding: gzip, deflate, br", headers: [], want: true },
    { name: 'gzip alone, in capitals', headers: ['ACCEPT-ENCODING: GZIP'], want: true },
    { name: 'zstd and x-gzip, with weights', headers: ['Accept-Encoding: zstd;q=1.0, x-gzip; q=0.5'], want: true },
    { name: 'two Accept-Encoding headers, both decodable', headers: ['Accept-Encoding: gzip', 'Accept-Encoding: br'], want: true },
    { name: 'a coding curl does not know, refused with q=0', headers: ['Accept-Encoding: gzip, compress;q=0'], want: true },
    { name: 'identity only: nothing to undo', headers: ['Accept-Encoding: identity'], want: false },
    { name: 'an empty Accept-Encoding', headers: ['Accept-Encoding:'], want: false },
    { name: 'a coding curl does not know (curl would fail on the answer)', headers: ['Accept-Encoding: gzip, compress'], want: false },
    { name: 'any coding (*)', headers: ['Accept-Encoding: gzip, *'], want: false },
    { name: 'a second header with an unknown coding', headers: ['Accept-Encoding: gzip', 'Accept-Encoding: exi'], want: false },
  ];
  for (const row of rows) {
    it(`${row.want ? 'adds' : 'leaves out'} --compressed: ${row.name}; the header is kept as sent`, async () => {
      const command = await commandFor(['# @no-redirect', 'GET http://api.test/x', ...row.headers, ''].join('\n'));
      assert.equal(command.split(' \\\n').includes('  --compressed'), row.want, command);
      for (const header of row.headers) assert.ok(command.includes(`-H '${header.endsWith(':') ? `${header.slice(0, -1)};` : header}'`), `${header} in\n${command}`);
    });
  }

  describe('the pasted command prints the body decoded, and sends the bytes HTTP Wire sends (needs curl)', function () {
    this.timeout(30_000);
    let server: RawServer | undefined;
    let client: HttpClient | undefined;
    afterEach(async () => {
      client?.close();
      await server?.close();
    });

    it('a gzip answer to the default Accept-Encoding', async function () {
      if (!(await hasCurl())) this.skip();
      const body = 'café, decoded by curl\n';
      const requests: string[] = [];
      server = await RawServer.start((socket) =>
        onRequests(socket, (head) => {
          requests.push(head);
          const gzipped = zlib.gzipSync(Buffer.from(body, 'utf8'));
          socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipped.length}\r\nConnection: close\r\n\r\n`, 'latin1'), gzipped]));
          socket.end();
        }),
      );
      const { prepared } = await prepareFirst(`GET ${server.url('/text')}\n`);
      client = new HttpClient();
      const result = await client.send(prepared.wire, prepared.options);
      result.dispose();
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile('bash', ['-c', `${toCurlCommand(prepared.wire, prepared.options)} -s`], { cwd: os.tmpdir(), timeout: 15_000 }, (err, out) => (err === null ? resolve(out) : reject(err))),
      );
      assert.equal(stdout, body);
      assert.equal(requests.length, 2);
      assert.equal(requests[1], requests[0], 'curl sent other bytes than HTTP Wire');
    });
  });
});
