/**
 * `Authorization: Basic user:password` (or `user password`), as REST Client, httpYac and
 * JetBrains' client let collections write it, goes out base64-encoded (RFC 7617); a token
 * encoded already, another scheme and `# @verbatim` are left as written. The token of a secret
 * value stays masked although the secret itself no longer appears in it.
 */
import * as assert from 'node:assert/strict';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { SecretMasker } from '../../../src/core/secret-masker';
import { clearBasicCredentials } from '../../../src/core/send/basic-credentials';
import { prepareRequest } from '../../../src/core/send/prepare-request';
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
});
