/**
 * Paste cURL as Request (issue 11, item 2): a curl command becomes the text of a `.http` request
 * that parses back to the request curl sends; checked as text, by a round trip through the copy
 * direction, and (where curl is installed) by comparing what curl and HTTP Wire put on the wire.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { curlToHttp } from '../../../src/core/curl/curl-to-http';
import { toCurlCommand } from '../../../src/core/curl/http-to-curl';
import { ErrorCodes } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/wire/client';
import { hasCurl, prepareFirst, recordingServer, runInBash } from './support';

/** A request copied with Chrome's "Copy as cURL (bash)": many -H, --data-raw in $'...', --compressed. */
const CHROME_BASH = String.raw`curl 'https://shop.test/api/cart?lang=en' \
  -H 'accept: application/json, text/plain, */*' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'content-type: application/json;charset=UTF-8' \
  -H 'cookie: sid=abc123; theme=dark' \
  -H 'origin: https://shop.test' \
  -H 'referer: https://shop.test/cart' \
  -H 'sec-ch-ua: "Chromium";v="122", "Not(A:Brand";v="24"' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36' \
  --data-raw $'{"item":"Tom\'s \\"best\\" mug","qty":2,"note":"a\\nb"}' \
  --compressed`;

/** The same request copied with "Copy as cURL (cmd)": ^ escapes and ^ line ends. */
const CHROME_CMD = String.raw`curl ^"https://shop.test/api/cart?lang=en^&x=1^" ^
  -H ^"accept: application/json, text/plain, */*^" ^
  -H ^"content-type: application/json;charset=UTF-8^" ^
  -H ^"sec-ch-ua: ^\^"Chromium^\^";v=^\^"122^\^"^" ^
  --data-raw ^"^{^\^"item^\^":^\^"Tom's ^\^\^\^"best^\^\^\^" mug^\^",^\^"pct^\^":^\^"50^%^\^",^\^"note^\^":^\^"a^\^\nb^\^"^}^" ^
  --compressed`;

describe('curl: curlToHttp (issue 11, item 2)', () => {
  const rows: { name: string; command: string; want: string }[] = [
    {
      name: 'a browser "Copy as cURL (bash)": headers in order and case, the $\'...\' body decoded, --compressed',
      command: CHROME_BASH,
      want: [
        '# @no-redirect',
        'POST https://shop.test/api/cart?lang=en',
        'Accept-Encoding: gzip, deflate, br',
        'accept: application/json, text/plain, */*',
        'accept-language: en-GB,en;q=0.9',
        'content-type: application/json;charset=UTF-8',
        'cookie: sid=abc123; theme=dark',
        'origin: https://shop.test',
        'referer: https://shop.test/cart',
        'sec-ch-ua: "Chromium";v="122", "Not(A:Brand";v="24"',
        'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
        '',
        '{"item":"Tom\'s \\"best\\" mug","qty":2,"note":"a\\nb"}',
      ].join('\n'),
    },
    {
      name: 'a browser "Copy as cURL (cmd)" with ^ escapes and ^ line ends',
      command: CHROME_CMD,
      want: [
        '# @no-redirect',
        'POST https://shop.test/api/cart?lang=en&x=1',
        'Accept-Encoding: gzip, deflate, br',
        'accept: application/json, text/plain, */*',
        'content-type: application/json;charset=UTF-8',
        'sec-ch-ua: "Chromium";v="122"',
        '',
        '{"item":"Tom\'s \\"best\\" mug","pct":"50%","note":"a\\nb"}',
      ].join('\n'),
    },
    {
      name: 'several -d joined with &, curl\'s form type, --data-urlencode encoded, -u as Basic, -k, -m, -L, combined -sSL',
      command: "curl -sSL -X PUT https://a.test/f -d a=1 --data 'b=two words' --data-urlencode 'c=a b&c' --data-urlencode =x/y -u user:pw -k -m 2.5",
      want: ['# @no-reject-unauthorized', '# @timeout 2500', 'PUT https://a.test/f', 'Authorization: Basic dXNlcjpwdw==', 'Content-Type: application/x-www-form-urlencoded', '', 'a=1&b=two words&c=a+b%26c&x%2Fy'].join('\n'),
    },
    {
      name: '-G puts the data in the query; -I is HEAD; -A, -e, -b as headers; --opt=value and -XPOST forms',
      command: "curl -G -I --url=http://a.test/s?x=1 -d q=1 -d 'r=2' -A 'agent/1' -e 'http://from.test/;auto' -b 'a=1' -b b=2",
      want: ['# @no-redirect', 'HEAD http://a.test/s?x=1&q=1&r=2', 'User-Agent: agent/1', 'Referer: http://from.test/', 'Cookie: a=1; b=2'].join('\n'),
    },
    {
      name: '--json: curl\'s two headers (a written one wins), pieces concatenated; -H "Name:" removes, -H "Name;" is empty',
      command: `curl --json '{"a":' --json '1}' -H 'Accept: text/plain' -H 'X-Empty;' -H 'User-Agent:' http://a.test/j`,
      want: ['# @no-redirect', 'POST http://a.test/j', 'Accept: text/plain', 'X-Empty: ', 'Content-Type: application/json', '', '{"a":1}'].join('\n'),
    },
    {
      name: '@file data becomes a < ./file include; -XPOST; --http1.0',
      command: "curl -XPOST --http1.0 --data-binary @body.json -H 'Content-Type: application/json' localhost:3000/x",
      want: ['# @no-redirect', 'POST localhost:3000/x HTTP/1.0', 'Content-Type: application/json', '', '< ./body.json'].join('\n'),
    },
    {
      name: '-F fields become a multipart body with a boundary, a file upload an include with curl\'s type guess',
      command: "curl -F name=alice -F 'photo=@/tmp/p.png' -F 'note=<notes.txt' -F 'x=1;type=text/csv' http://a.test/up",
      want: [
        '# @no-redirect',
        'POST http://a.test/up',
        'Content-Type: multipart/form-data; boundary=B',
        '',
        '--B\r\nContent-Disposition: form-data; name="name"\r\n\r\nalice\r\n--B\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n< /tmp/p.png\r\n--B\r\nContent-Disposition: form-data; name="note"\r\n\r\n< ./notes.txt\r\n--B\r\nContent-Disposition: form-data; name="x"\r\nContent-Type: text/csv\r\n\r\n1\r\n--B--',
      ].join('\n'),
    },
    {
      name: 'what has no equivalent becomes a comment, not a failure: unknown options, --digest, a cookie file, | jq',
      command: 'curl --digest --frobnicate -b cookies.txt -Q x http://a.test/ | jq .',
      want: [
        '# What follows the command (| jq .) is not part of the request and was left out.',
        '# HTTP Wire has no digest authentication (--digest); the request is sent without it.',
        '# The curl option --frobnicate is not known to HTTP Wire and was left out.',
        '# -b cookies.txt names a cookie file, which HTTP Wire does not read: it keeps its own cookie jar.',
        '# The curl option --quote x has no equivalent in a .http request and was left out.',
        '# @no-redirect',
        'GET http://a.test/',
      ].join('\n'),
    },
    {
      name: 'a command copied with its Markdown fence',
      command: "```bash\ncurl -L https://a.test/x\n```",
      want: 'GET https://a.test/x',
    },
    {
      name: 'a body the .http file cannot hold exactly says so (a trailing line break)',
      command: "curl -L --data-binary $'a\\nb\\n' -H 'Content-Type: text/plain' http://a.test/",
      want: ['# The body ends with a line break, which a .http file cannot hold: it is sent without it.', 'POST http://a.test/', 'Content-Type: text/plain', '', 'a\nb'].join('\n'),
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      // The multipart boundary is a digest of the fields: B here.
      assert.equal(curlToHttp(row.command).text.replace(/----HttpWireFormBoundary[0-9a-f]+/g, 'B'), row.want);
    });
  }

  const notCurl: { name: string; text: string }[] = [
    { name: 'another command', text: 'wget http://a.test/' },
    { name: 'PowerShell', text: 'Invoke-WebRequest -Uri "http://a.test/"' },
    { name: 'empty text', text: '   ' },
    { name: 'curl without a URL', text: 'curl -s -H "A: b"' },
    { name: 'an option without its value', text: 'curl http://a.test/ -H' },
  ];
  for (const row of notCurl) {
    it(`refuses ${row.name} with HW_CURL_COMMAND and one clear sentence`, () => {
      assert.throws(() => curlToHttp(row.text), (err: { code?: string; message: string }) => err.code === ErrorCodes.curlCommand && /^[A-Z].*\.$/.test(err.message));
    });
  }

  describe('round trip: curl → .http → prepareSend → curl → .http sends the same request', () => {
    const commands = [
      CHROME_BASH,
      CHROME_CMD,
      "curl -sSL -X PUT https://a.test/f -d a=1 --data-urlencode 'c=a b' -u user:pw -k",
      "curl --json '{\"a\": \"it'\\''s\"}' http://a.test/j -H 'X-B: 1' -H 'x-b: 2'",
      "curl -I http://a.test/h --http1.0",
      "curl -F name=alice -F 'x=1;type=text/csv' http://a.test/up",
      "curl -X DELETE 'http://a.test/a/./b[1]' -H 'Authorization: Bearer t'",
    ];
    for (const command of commands) {
      it(command.split('\n')[0]!, async () => {
        const firstHttp = curlToHttp(command).text;
        const first = (await prepareFirst(firstHttp)).prepared;
        const copied = toCurlCommand(first.wire, first.options);
        const second = (await prepareFirst(curlToHttp(copied).text)).prepared;
        const view = (p: typeof first): unknown => ({
          method: p.wire.method,
          target: p.wire.target,
          url: p.wire.url.href,
          version: p.wire.httpVersion,
          headers: p.wire.headers,
          body: Buffer.concat(p.wire.body.map((c) => (c.type === 'bytes' ? c.bytes : Buffer.from(`<file ${c.path}>`)))).toString('latin1'),
          options: p.options,
        });
        assert.deepEqual(view(second), view(first), `first:\n${firstHttp}\ncopied:\n${copied}`);
        assert.equal(toCurlCommand(second.wire, second.options), copied);
        // What the copy writes reads back without a warning.
        assert.deepEqual(curlToHttp(copied).warnings, []);
      });
    }
  });

  describe('HTTP Wire sends what curl sends for the pasted command (needs curl)', function () {
    this.timeout(30_000);
    /** `{}` stands for the server's origin. */
    const commands = [
      "curl -X PATCH '{}/items/1?x=a%20b' -H 'Content-Type: application/json' -H 'X-A: 1' --data-raw '{\"n\": \"it'\\''s\"}'",
      "curl '{}/form' -d a=1 -d 'b=two words' --data-urlencode 'c=a b&c/d'",
      "curl -G '{}/search' -d q=1 --data-urlencode 'w=x y' -H 'Accept: text/html'",
      "curl '{}/j' --json '{\"a\":1}' -u 'user:p@ss' -b 'a=1' -e '{}/from'",
      "curl -T up.txt '{}/files/'",
      "curl --data-binary @up.txt '{}/bin' -H 'Content-Type: text/plain'",
    ];
    /**
     * The request as compared: request line, headers in any order but the ones each client adds on
     * its own (User-Agent, curl's Accept, HTTP Wire's Accept-Encoding, curl's Expect for uploads), body.
     */
    const normal = (raw: Buffer): string => {
      const text = raw.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const [line, ...headers] = text.slice(0, end).split('\r\n');
      const kept = headers.filter((h) => !/^(user-agent|accept|accept-encoding|expect):/i.test(h)).sort();
      return [line, ...kept, '', text.slice(end + 4)].join('\n');
    };
    let curlThere = false;
    let dir = '';
    before(async () => {
      curlThere = await hasCurl();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hw-paste-'));
      fs.writeFileSync(path.join(dir, 'up.txt'), 'line 1\r\nline 2\n');
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    for (const template of commands) {
      it(template, async function () {
        if (!curlThere) this.skip();
        const { server, requests } = await recordingServer();
        const client = new HttpClient();
        try {
          const command = template.replace(/\{\}/g, `http://127.0.0.1:${server.port}`);
          const run = await runInBash(command, dir);
          assert.equal(run.code, 0, run.stderr);
          const { prepared } = await prepareFirst(curlToHttp(command).text, dir);
          (await client.send(prepared.wire, prepared.options)).dispose();
          assert.equal(requests.length, 2);
          assert.equal(normal(requests[1]!), normal(requests[0]!));
        } finally {
          client.close();
          await server.close();
        }
      });
    }
  });
});
