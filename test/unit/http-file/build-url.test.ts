/**
 * buildUrl parses a URL's text once and hands the same read-only URL to every request of that text
 * (issue 10, item 6: parsing was 7 µs of each request of a cold CLI run). What it answers must not
 * change: the href of `new URL()`, errors for what is no URL, whatever was asked before.
 */
import * as assert from 'node:assert/strict';
import { buildUrl } from '../../../src/core/http-file/resolve-url';
import type { WireRequest } from '../../../src/core/wire/wire-request';

function urlOf(target: string, host?: string): Readonly<URL> {
  const result = buildUrl(target, host);
  if (!('url' in result)) throw new Error(`${target}: ${result.error}`);
  return result.url;
}

describe('http-file: buildUrl parses a URL once', () => {
  it('the same text gives the same URL object, with new URL()\'s href; another text another object', () => {
    const a = urlOf('http://127.0.0.1:8080/a?x=1');
    assert.equal(urlOf('http://127.0.0.1:8080/a?x=1'), a);
    assert.equal(a.href, new URL('http://127.0.0.1:8080/a?x=1').href);
    const b = urlOf('http://127.0.0.1:8080/b');
    assert.notEqual(b, a);
    assert.equal(b.pathname, '/b');
    // Origin form, and a target without scheme: the same text built gives the same object too.
    assert.equal(urlOf('/users', 'api.test'), urlOf('/users', 'api.test'));
    assert.equal(urlOf('/users', 'api.test').href, 'http://api.test/users');
    assert.equal(urlOf('api.test:443/x').href, 'https://api.test/x');
  });

  it('stays right past its bound: a thousand URLs, then the first ones again', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `https://h${i}.test/p/${i}?q=${i}`);
    for (const t of texts) assert.equal(urlOf(t).href, new URL(t).href);
    for (const t of texts.slice(0, 50)) assert.equal(urlOf(t).href, new URL(t).href);
  });

  it('what is no URL is an error every time it is asked (failures are not kept)', () => {
    for (let i = 0; i < 2; i++) {
      for (const bad of ['http://', 'http://exa mple.com/', 'https://[::1/']) {
        const result = buildUrl(bad, undefined);
        assert.ok('error' in result, `${bad} (time ${i + 1})`);
        assert.match(result.error, /is not a valid URL/);
      }
    }
  });

  it('a request\'s URL cannot be assigned to (it is shared): the type says so', () => {
    const url = urlOf('http://127.0.0.1/shared');
    const wire = { url } as Pick<WireRequest, 'url'>;
    // @ts-expect-error -- a shared URL is read-only; changing one would change every request's.
    const change = (): void => void (wire.url.pathname = '/other');
    assert.equal(typeof change, 'function');
    assert.equal(wire.url.pathname, '/shared');
  });
});
