/**
 * Copy Request as cURL (issue 11, item 2): the command for what HTTP Wire sends, checked as text
 * and, where a curl binary is installed, by running it against a server on 127.0.0.1 and
 * comparing its bytes with the bytes HTTP Wire's own client sends for the same request.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toCurlCommand } from '../../../src/core/curl/http-to-curl';
import { HttpClient } from '../../../src/core/wire/client';
import { CookieStore } from '../../../src/core/wire/cookies';
import { hasCurl, prepareFirst, recordingServer, runInBash } from './support';

async function commandFor(text: string, client: Parameters<typeof toCurlCommand>[2] = {}): Promise<string> {
  const { prepared } = await prepareFirst(text);
  return toCurlCommand(prepared.wire, prepared.options, client);
}

describe('curl: toCurlCommand (issue 11, item 2)', () => {
  const rows: { name: string; http: string; want: string }[] = [
    {
      name: 'a GET: the URL quoted, our User-Agent and Accept-Encoding (with --compressed: curl undoes those codings), curl\'s Accept removed, redirects as we follow them',
      http: "GET https://api.test/items?q=a%20b&n='x'\n",
      want: [
        "curl 'https://api.test/items?q=a%20b&n='\\''x'\\''' \\",
        '  --http1.1 \\',
        "  -H 'User-Agent: http-wire/0.1' \\",
        "  -H 'Accept-Encoding: gzip, deflate, br' \\",
        "  -H 'Accept:' \\",
        '  --compressed \\',
        '  -L \\',
        '  --max-redirs 10',
      ].join('\n'),
    },
    {
      name: 'a POST: no -X, headers in order and case with duplicates, Content-Length in its place, the body single-quoted with \'\\\'\'',
      http: "# @no-redirect\nPOST http://api.test/x\nX-B: 1\nx-a: 2\nX-B: 3\nContent-Type: application/json\n\n{\"name\": \"O'Brien\"}\n",
      want: [
        "curl 'http://api.test/x' \\",
        "  -H 'X-B: 1' \\",
        "  -H 'x-a: 2' \\",
        "  -H 'X-B: 3' \\",
        "  -H 'Content-Type: application/json' \\",
        "  -H 'Content-Length: 19' \\",
        "  -H 'User-Agent: http-wire/0.1' \\",
        "  -H 'Accept-Encoding: gzip, deflate, br' \\",
        "  -H 'Accept:' \\",
        '  --compressed \\',
        "  --data-binary '{\"name\": \"O'\\''Brien\"}'",
      ].join('\n'),
    },
    {
      name: 'a PUT without Content-Type removes curl\'s form type; -X for a GET with a body; -k; a written Host is kept',
      http: '# @no-redirect\n# @no-reject-unauthorized\nGET /search\nHost: api.test:8443\nUser-Agent: me\nAccept: */*\n\nq\n',
      want: [
        "curl 'http://api.test:8443/search' \\",
        '  -X GET \\',
        "  -H 'Host: api.test:8443' \\",
        "  -H 'User-Agent: me' \\",
        "  -H 'Accept: */*' \\",
        "  -H 'Content-Length: 1' \\",
        "  -H 'Accept-Encoding: gzip, deflate, br' \\",
        "  -H 'Content-Type:' \\",
        '  --compressed \\',
        "  --data-binary 'q'",
      ].join('\n'),
    },
    {
      name: 'HEAD is -I; an empty header is Name; (Name: would remove it); HTTP/1.0; dot segments and globs kept as written (braces percent-encoded, as Send sends them)',
      http: '# @no-redirect\nHEAD http://api.test/a/../b[1]?x={y} HTTP/1.0\nX-Empty:\nUser-Agent: me\nAccept-Encoding: identity\nAccept: *\n',
      want: ["curl 'http://api.test/a/../b[1]?x=%7By%7D' \\", '  -g \\', '  --path-as-is \\', '  -I \\', '  --http1.0 \\', "  -H 'X-Empty;' \\", "  -H 'User-Agent: me' \\", "  -H 'Accept-Encoding: identity' \\", "  -H 'Accept: *'"].join('\n'),
    },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      assert.equal(await commandFor(row.http), row.want);
    });
  }

  it('a body with a CR uses $\'...\' escapes, one with a NUL goes through printf into stdin, a file is @path', async () => {
    const crlf = await commandFor('# @no-redirect\nPOST http://a.test/\nContent-Type: multipart/form-data; boundary=b\n\n--b\nContent-Disposition: form-data; name="a"\n\nx\n--b--\n');
    assert.match(crlf, /--data-binary \$'--b\\r\\nContent-Disposition: form-data; name="a"\\r\\n\\r\\nx\\r\\n--b--'$/);
    const nul = await commandFor('@z = \u0000\n# @no-redirect\nPOST http://a.test/\nContent-Type: text/plain\n\na{{z}}%\\\'b\n');
    assert.ok(nul.startsWith("printf 'a\\000%%\\\\'\\''b' | curl 'http://a.test/' \\\n"), nul);
    assert.ok(nul.endsWith('--data-binary @-'), nul);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hw-curl-'));
    try {
      fs.writeFileSync(path.join(dir, 'body.bin'), Buffer.from([1, 2, 3]));
      const { prepared } = await prepareFirst('# @no-redirect\nPOST http://a.test/\n\n< ./body.bin\n', dir);
      assert.match(toCurlCommand(prepared.wire, prepared.options), new RegExp(`--data-binary '@${path.join(dir, 'body.bin').replace(/[.\\/]/g, '\\$&')}'$`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps the client\'s options: the proxy (-x), TLS off for the host (-k), --connect-to, jar cookies, timeouts', async () => {
    const jar = new CookieStore();
    jar.storeFrom(new URL('https://api.test/'), ['sid=42']);
    const { prepared } = await prepareFirst('GET https://api.test/\nCookie: a=1\n');
    const command = toCurlCommand(prepared.wire, { ...prepared.options, connectTimeoutMs: 2500, totalTimeoutMs: 60_000 }, {
      proxy: { https: 'http://user:pw@proxy.test:3128' },
      tlsForHost: (host) => (host === 'api.test' ? { rejectUnauthorized: false } : undefined),
      connectTo: new Map([['api.test:443', { host: '127.0.0.1', port: 8443 }]]),
      cookies: jar,
    });
    for (const part of ["-H 'Cookie: a=1; sid=42'", '-k', "-x 'http://user:pw@proxy.test:3128/'", "--connect-to 'api.test:443:127.0.0.1:8443'", '--connect-timeout 2.5', '--max-time 60']) {
      assert.ok(command.includes(part), `${part} in\n${command}`);
    }
  });

  it('an https:// proxy the send does not verify (http.proxyStrictSSL off) → --proxy-insecure; a verified one, or a plain proxy, gets none', async () => {
    const { prepared } = await prepareFirst('GET https://api.test/\n');
    const command = (proxy: { https: string; rejectUnauthorized?: boolean }): string => toCurlCommand(prepared.wire, prepared.options, { proxy });
    assert.ok(command({ https: 'https://proxy.test:3129', rejectUnauthorized: false }).includes('--proxy-insecure'));
    assert.ok(!command({ https: 'https://proxy.test:3129' }).includes('--proxy-insecure'));
    assert.ok(!command({ https: 'http://proxy.test:3128', rejectUnauthorized: false }).includes('--proxy-insecure'));
  });

  it('a body HTTP Wire frames in chunks goes to curl as written (curl frames it); Digest credentials become --digest -u', async () => {
    const chunked = await commandFor('POST http://api.test/stream\nContent-Type: text/plain\nTransfer-Encoding: chunked\n\nhello chunk\n');
    assert.ok(chunked.includes("--data-binary 'hello chunk'"), chunked);
    assert.ok(chunked.includes("-H 'Transfer-Encoding: chunked'"), chunked);
    assert.ok(!chunked.includes('0\\r\\n') && !/\bb\\r/.test(chunked), `no framing of ours in\n${chunked}`);
    const written = await commandFor('POST http://api.test/stream\nTransfer-Encoding: chunked\n\n5\nhello\n6\n world\n0\n');
    assert.ok(written.includes("--data-binary 'hello world'"), `the data the chunks carry, not their framing, in\n${written}`);
    const digest = await commandFor('GET http://api.test/vault\nAuthorization: Digest ada s3cret\n');
    assert.ok(digest.includes("--digest") && digest.includes("-u 'ada:s3cret'"), digest);
    assert.ok(!/Authorization/i.test(digest), digest);
  });

  describe('curl sends the bytes HTTP Wire sends (needs curl)', function () {
    this.timeout(30_000);
    // A file a `< path` line includes, beside the .http text (prepareFirst reads from the temp folder).
    const avatar = path.join(os.tmpdir(), `http-wire-curl-avatar-${process.pid}.txt`);
    before(() => fs.writeFileSync(avatar, 'avatar bytes\n'));
    after(() => fs.rmSync(avatar, { force: true }));
    const cases: { name: string; http: (origin: string) => string }[] = [
      { name: 'a GET with a query and duplicate headers', http: (o) => `GET ${o}/a/b?x=1&y=%20z\nX-A: 1\nx-a: 2\n` },
      { name: 'a JSON POST with quotes', http: (o) => `POST ${o}/items\nContent-Type: application/json\n\n{"q": "it's \\"quoted\\"", "n": [1, 2]}\n` },
      { name: 'a body without Content-Type (curl would add its form type)', http: (o) => `PUT ${o}/raw\n\nline 1\nline 2 $HOME \`x\` !\n` },
      { name: 'a multipart body (CRLF line ends)', http: (o) => `POST ${o}/up\nContent-Type: multipart/form-data; boundary=XYZ\n\n--XYZ\nContent-Disposition: form-data; name="a"\n\nvalue\n--XYZ--\n` },
      // Its printf format starts with `--`: printf read it as an option, the first part was lost and curl hung.
      { name: 'a multipart body with a < file part', http: (o) => `POST ${o}/up\nContent-Type: multipart/form-data; boundary=XYZ\n\n--XYZ\nContent-Disposition: form-data; name="avatar"; filename="a.txt"\n\n< ./${path.basename(avatar)}\n--XYZ--\n` },
      { name: 'a body with a NUL byte and non-ASCII text', http: (o) => `@nul = \u0000\nPOST ${o}/bin\nContent-Type: application/octet-stream\n\nA{{nul}}B é ✓ %s \\n\n` },
      { name: 'a body over 1 KiB (curl would send Expect: 100-continue)', http: (o) => `POST ${o}/big\nContent-Type: text/plain\n\n${'x'.repeat(3000)}\n` },
      { name: 'a DELETE with credentials', http: (o) => `DELETE ${o}/items/1\nAuthorization: Basic dTpw\n` },
      { name: 'a path with dot segments and brackets', http: (o) => `GET ${o}/a/./b/../c[1]?q={x}\n` },
    ];
    let curlThere = false;
    before(async () => {
      curlThere = await hasCurl();
    });
    for (const c of cases) {
      it(c.name, async function () {
        if (!curlThere) this.skip();
        const { server, requests } = await recordingServer();
        const client = new HttpClient();
        try {
          const { prepared } = await prepareFirst(c.http(`http://127.0.0.1:${server.port}`));
          const result = await client.send(prepared.wire, prepared.options);
          result.dispose();
          const run = await runInBash(toCurlCommand(prepared.wire, prepared.options));
          assert.equal(run.code, 0, run.stderr);
          assert.equal(requests.length, 2);
          assert.equal(requests[1]!.toString('latin1'), requests[0]!.toString('latin1'));
        } finally {
          client.close();
          await server.close();
        }
      });
    }
  });
});
