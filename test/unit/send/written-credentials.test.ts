/**
 * `Authorization: Basic user:password` (or `user password`), as REST Client, httpYac and
 * JetBrains' client let collections write it, goes out base64-encoded (RFC 7617); a token
 * encoded already, another scheme and `# @verbatim` are left as written. The token of a secret
 * value stays masked although the secret itself no longer appears in it.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { SecretMasker } from '../../../src/core/secret-masker';
import { clearBasicCredentials } from '../../../src/core/send/written-credentials';
import { prepareRequest } from '../../../src/core/send/prepare-request';
import { HttpClient } from '../../../src/core/wire/client';
import type { WireRequest } from '../../../src/core/wire/wire-request';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function prepare(text: string): Promise<WireRequest> {
  const file = parseHttpFile(text);
  return prepareRequest(file, file.requests[0]!, { variables: new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value]))), baseDir: '/', userAgent: null, acceptEncoding: null });
}

describe('Basic credentials written in clear', () => {
  const rows: Array<[string, string | undefined]> = [
    ['Basic ada:lovelace', 'ada:lovelace'],
    ['basic ada lovelace', 'ada:lovelace'],
    ['BASIC   ada\tlove lace  ', 'ada:love lace'],
    ['Basic ada:pass word:with colon', 'ada:pass word:with colon'],
    ['Basic ' + b64('ada:lovelace'), undefined],
    ['Bearer ada:lovelace', undefined],
    ['Basic', undefined],
    ['Basicada:lovelace', undefined],
  ];
  for (const [value, expected] of rows) {
    it(`${JSON.stringify(value)} → ${expected === undefined ? 'left as written' : JSON.stringify(expected)}`, () => assert.equal(clearBasicCredentials(value), expected));
  }

  it('prepareRequest encodes them (UTF-8), records the change, and leaves other headers alone', async () => {
    const req = await prepare('@user = zoë\nGET http://api.test/\nAuthorization: Basic {{user}} s3cr3t\nX-Note: Basic ada:x\n');
    assert.deepEqual(req.headers.slice(1), [['Authorization', `Basic ${b64('zoë:s3cr3t')}`], ['X-Note', 'Basic ada:x']]);
    const change = req.changes.find((c) => c.name === 'Authorization');
    assert.equal(change?.action, 'changed');
    assert.equal(change?.from, 'Basic zoë s3cr3t');
    assert.match(change?.reason ?? '', /RFC 7617/);
  });

  it('# @verbatim sends them as written', async () => {
    const req = await prepare('# @verbatim\nGET http://api.test/\nHost: api.test\nAuthorization: Basic ada:lovelace\n');
    assert.deepEqual(req.headers, [['Host', 'api.test'], ['Authorization', 'Basic ada:lovelace']]);
  });

  it('the masker hides a Basic token made from a secret, in text, headers and raw bytes; other tokens stay', () => {
    const masker = SecretMasker.create();
    masker.addSecret('s3cr3t-pw');
    const secretToken = b64('ada:s3cr3t-pw');
    const plainToken = b64('ada:public');
    assert.equal(masker.maskText(`Basic ${secretToken}`), 'Basic ***');
    assert.equal(masker.maskText(`Basic ${plainToken}`), `Basic ${plainToken}`);
    assert.deepEqual(masker.maskHeaders([['Authorization', `Basic ${secretToken}`]]), [['Authorization', 'Basic ***']]);
    assert.equal(masker.maskBytes(Buffer.from(`GET / HTTP/1.1\r\nauthorization: basic ${secretToken}\r\n\r\n`)).toString('latin1'), 'GET / HTTP/1.1\r\nauthorization: basic ***\r\n\r\n');
  });

  it("a URL's user:password@ is sent as Basic credentials (percent-decoded), unless the request has an Authorization", async () => {
    const req = await prepare('GET http://ada:p%40ss%20w@api.test/x\n');
    assert.deepEqual(req.headers, [['Host', 'api.test'], ['Authorization', `Basic ${b64('ada:p@ss w')}`]]);
    assert.equal(req.target, '/x');
    assert.ok(req.changes.some((c) => c.name === 'Authorization' && c.action === 'added'));
    const own = await prepare('GET http://ada:pw@api.test/x\nAuthorization: Bearer t0k3n\n');
    assert.deepEqual(own.headers, [['Host', 'api.test'], ['Authorization', 'Bearer t0k3n']]);
    const verbatim = await prepare('# @verbatim\nGET http://ada:pw@api.test/x\nHost: api.test\n');
    assert.deepEqual(verbatim.headers, [['Host', 'api.test']]);
  });

  describe('Digest user password (REST Client, httpYac, JetBrains)', () => {
    const servers: http.Server[] = [];
    afterEach(async () => {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    /** A server guarding /protected with Digest (qop=auth, MD5), checking the answer as RFC 7616 computes it. */
    async function digestServer(heads: string[]): Promise<number> {
      const md5 = (t: string): string => createHash('md5').update(t).digest('hex');
      const server = http.createServer((req, res) => {
        heads.push(req.rawHeaders.join('\n'));
        if (req.url === '/start') {
          res.writeHead(302, { Location: '/protected' });
          res.end();
          return;
        }
        const auth = req.headers.authorization;
        const p = Object.fromEntries([...(auth ?? '').matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)].map((m) => [m[1], m[2] ?? m[3]]));
        const expected = md5(`${md5(`ada:vault:s3cret`)}:n0nce:${p.nc}:${p.cnonce}:auth:${md5(`${req.method}:${p.uri}`)}`);
        if (auth?.startsWith('Digest ') && p.response === expected && p.uri === req.url && p.opaque === 'op') {
          if (req.url === '/guarded-start') {
            res.writeHead(302, { Location: '/protected' });
            res.end();
            return;
          }
          res.end('welcome ada');
          return;
        }
        res.writeHead(401, { 'WWW-Authenticate': 'Digest realm="vault", qop="auth", nonce="n0nce", opaque="op"' });
        res.end('who are you?');
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }

    it('the request goes without the header, then answers the 401 challenge once; the password never goes out', async () => {
      const heads: string[] = [];
      const port = await digestServer(heads);
      const req = await prepare(`@user = ada\n@pw = s3cret\nGET http://127.0.0.1:${port}/protected?x=1\nAuthorization: Digest {{user}} {{pw}}\n`);
      assert.deepEqual(req.digest, { user: 'ada', password: 's3cret' });
      assert.equal(req.changes.find((c) => c.name === 'Authorization')?.from, 'Digest ada ***');
      const client = new HttpClient();
      try {
        const result = await client.send(req);
        assert.equal(result.response.status, 200);
        assert.equal(result.body.toBuffer().toString(), 'welcome ada');
        assert.equal(heads.length, 2);
        assert.doesNotMatch(heads[0]!, /authorization/i);
        assert.match(heads[1]!, /^Authorization\nDigest username="ada", realm="vault", nonce="n0nce", uri="\/protected\?x=1", algorithm=MD5, response="[0-9a-f]{32}", qop=auth, nc=00000001, cnonce="[0-9a-f]{32}", opaque="op"$/m);
        assert.ok(!heads.join('\n').includes('s3cret'));
        assert.match(result.request.changes.find((c) => c.action === 'added' && c.name === 'Authorization')?.reason ?? '', /Digest challenge \(a 401 for realm "vault"/);
        // The 401 before the answer is kept to be shown: the request without the header, the challenge.
        assert.equal(result.challenges?.length, 1);
        const [challenge] = result.challenges!;
        assert.equal(challenge!.response.status, 401);
        assert.match(challenge!.response.headers.find(([n]) => n.toLowerCase() === 'www-authenticate')?.[1] ?? '', /^Digest realm="vault"/);
        assert.ok(!challenge!.request.headers.some(([n]) => n.toLowerCase() === 'authorization'), 'the challenged request went without the header');
      } finally {
        client.close();
      }
    });

    it('wrong credentials: the second 401 is the answer, not another try', async () => {
      const heads: string[] = [];
      const port = await digestServer(heads);
      const client = new HttpClient();
      try {
        const result = await client.send(await prepare(`GET http://127.0.0.1:${port}/protected\nAuthorization: Digest ada wrong\n`));
        assert.equal(result.response.status, 401);
        assert.equal(result.body.toBuffer().toString(), 'who are you?');
        assert.equal(heads.length, 2);
        assert.equal(result.challenges?.length, 1, 'the first 401, answered; the second is the answer');
      } finally {
        client.close();
      }
    });

    it('through a redirect: answered on the same origin, never for another one', async () => {
      const heads: string[] = [];
      const port = await digestServer(heads);
      const client = new HttpClient();
      try {
        const same = await client.send(await prepare(`GET http://127.0.0.1:${port}/start\nAuthorization: Digest ada s3cret\n`));
        assert.equal(same.response.status, 200, 'same origin: the challenge after the redirect is answered');
        heads.length = 0;
        const elsewhere = http.createServer((_req, res) => {
          res.writeHead(302, { Location: `http://127.0.0.1:${port}/protected` });
          res.end();
        });
        servers.push(elsewhere);
        await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
        const cross = await client.send(await prepare(`GET http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/go\nAuthorization: Digest ada s3cret\n`));
        assert.equal(cross.response.status, 401, 'another origin: its challenge is not answered');
        assert.equal(heads.length, 1);
        assert.doesNotMatch(heads[0]!, /authorization/i);
      } finally {
        client.close();
      }
    });

    it('a redirect between two guarded URLs of one origin: each challenge answered for its own URI', async () => {
      const heads: string[] = [];
      const port = await digestServer(heads);
      const client = new HttpClient();
      try {
        const result = await client.send(await prepare(`GET http://127.0.0.1:${port}/guarded-start\nAuthorization: Digest ada s3cret\n`));
        assert.equal(result.response.status, 200);
        assert.equal(result.body.toBuffer().toString(), 'welcome ada');
        assert.match(heads.at(-1)!, /uri="\/protected"/);
      } finally {
        client.close();
      }
    });

    it('a Digest value written whole, and # @verbatim, are sent as written', async () => {
      const whole = await prepare('GET http://api.test/\nAuthorization: Digest username="ada", response="x"\n');
      assert.equal(whole.digest, undefined);
      assert.deepEqual(whole.headers[1], ['Authorization', 'Digest username="ada", response="x"']);
      const verbatim = await prepare('# @verbatim\nGET http://api.test/\nHost: api.test\nAuthorization: Digest ada pw\n');
      assert.equal(verbatim.digest, undefined);
    });
  });
});
