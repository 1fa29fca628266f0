/**
 * Digest access authentication (RFC 7616), for REST Client's `Authorization: Digest user
 * password`: the challenge read from a 401, and the answer checked against the RFC's own example.
 */
import assert from 'node:assert/strict';
import { digestAuthorization, digestChallengeOf } from '../../../src/core/wire/digest-auth';
import type { ResponseHead } from '../../../src/core/response/model';

const head = (value: string, status = 401): ResponseHead => ({ httpVersion: 'HTTP/1.1', status, reason: 'Unauthorized', headers: [['WWW-Authenticate', value]] });

describe('wire: Digest authentication (RFC 7616)', () => {
  // RFC 7616 §3.9.1: Mufasa / "Circle of Life", GET /dir/index.html.
  const challengeText = (algorithm: string): string =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
  const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
  const credentials = { user: 'Mufasa', password: 'Circle of Life' };

  for (const [algorithm, response] of [
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const) {
    it(`the RFC's example with ${algorithm}: response="${response.slice(0, 12)}…"`, () => {
      const challenge = digestChallengeOf(head(challengeText(algorithm)));
      assert.ok(challenge);
      const value = digestAuthorization(challenge, credentials, 'GET', '/dir/index.html', cnonce);
      assert.equal(
        value,
        `Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", algorithm=${algorithm}, response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
      );
    });
  }

  it('reads the Digest challenge among others, and refuses what it cannot answer', () => {
    assert.equal(digestChallengeOf(head('Basic realm="x", Digest realm="r", nonce="n"'))?.nonce, 'n');
    assert.equal(digestChallengeOf(head('Digest realm="r", nonce="n"'))?.qop, undefined, 'RFC 2069: no qop');
    assert.equal(digestChallengeOf(head('Basic realm="x"')), undefined);
    assert.equal(digestChallengeOf(head('Digest realm="r", nonce="n", qop="auth-int"')), undefined, 'auth-int alone would hash the body');
    assert.equal(digestChallengeOf(head('Digest realm="r", nonce="n", algorithm=SHA-512-256')), undefined);
    assert.equal(digestChallengeOf(head('Digest realm="r", nonce="n"', 403)), undefined);
  });

  it('quoted values keep their escapes undone, and the answer quotes them again', () => {
    const challenge = digestChallengeOf(head('Digest realm="a \\"b\\"", nonce="n"'));
    assert.equal(challenge?.realm, 'a "b"');
    assert.match(digestAuthorization(challenge!, { user: 'u"1', password: 'p' }, 'GET', '/', 'c'), /^Digest username="u\\"1", realm="a \\"b\\""/);
  });
});
