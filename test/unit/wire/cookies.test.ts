/**
 * The cookie jar (RFC 6265) as the client uses it: stored from Set-Cookie, sent back by origin,
 * path, domain, expiry and Secure, merged with a Cookie header the user wrote.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { HttpClient } from '../../../src/core/wire/client';
import { CookieStore } from '../../../src/core/wire/cookies';
import type { RawHeader } from '../../../src/core/response/model';
import { wireRequest } from '../../support/wire-request';
import { RecordingServer, respond, tlsFixtures, TlsRecordingServer, valuesOf, type Answer, type SeenRequest } from './support-b';

/** Answers 200 with the `Set-Cookie` lines the script gives for the request's target. */
function scripted(script: Record<string, readonly string[]>): Answer {
  return (r) => respond(200, 'OK', (script[r.target] ?? []).map((c): RawHeader => ['Set-Cookie', c]), 'ok');
}

describe('wire: cookies', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  const clients: HttpClient[] = [];
  let jar: CookieStore;

  const start = async (answer: Answer): Promise<RecordingServer> => {
    const s = await RecordingServer.start(answer);
    servers.push(s);
    return s;
  };
  const client = (extra: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient => {
    const c = new HttpClient({ cookies: jar, ...extra });
    clients.push(c);
    return c;
  };
  /** Sends a GET and returns what the server saw for it. */
  const get = async (c: HttpClient, s: RecordingServer, url: string, opts: Parameters<HttpClient['send']>[1] = {}, headers?: readonly RawHeader[]): Promise<SeenRequest> => {
    const before = s.requests.length;
    const u = new URL(url);
    const result = await c.send(wireRequest(url, headers ? { headers: [['Host', u.host], ...headers] } : {}), opts);
    result.dispose();
    assert.equal(s.requests.length, before + 1);
    return s.requests[before]!;
  };

  beforeEach(() => {
    jar = new CookieStore();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('a Set-Cookie is sent on the next request to the same origin', async () => {
    const s = await start(scripted({ '/login': ['sid=abc123; Path=/'] }));
    const c = client();
    const first = await get(c, s, s.url('/login'));
    assert.deepEqual(valuesOf(first, 'cookie'), []);
    const next = await get(c, s, s.url('/profile'));
    assert.deepEqual(valuesOf(next, 'cookie'), ['sid=abc123']);
  });

  it('a cookie value of UTF-8 bytes goes back as the same bytes', async () => {
    const s = await start(scripted({ '/login': [Buffer.from('name=café; Path=/', 'utf8').toString('latin1')] }));
    const c = client();
    await get(c, s, s.url('/login'));
    const next = await get(c, s, s.url('/profile'));
    assert.deepEqual(valuesOf(next, 'cookie'), [Buffer.from('name=café', 'utf8').toString('latin1')]);
  });

  it('a domain keeps at most 180 cookies, the oldest going first: a server cannot grow every later Cookie header without bound', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `c${i}=${i}`);
    const s = await start(scripted({ '/flood': many }));
    const c = client();
    await get(c, s, s.url('/flood'));
    const sent = valuesOf(await get(c, s, s.url('/next')), 'cookie')[0]!.split('; ');
    assert.equal(sent.length, 180);
    assert.ok(sent.includes('c399=399') && sent.includes('c220=220') && !sent.includes('c219=219'), sent.slice(0, 3).join());
  });

  it('several cookies go in one Cookie header (RFC 6265 §5.4)', async () => {
    const s = await start(scripted({ '/login': ['a=1', 'b=2'] }));
    const c = client();
    await get(c, s, s.url('/login'));
    const next = await get(c, s, s.url('/x'));
    assert.equal(valuesOf(next, 'cookie').length, 1);
    assert.deepEqual(valuesOf(next, 'cookie')[0]!.split('; ').sort(), ['a=1', 'b=2']);
  });

  it('a cookie set by a redirect is sent on the redirect hop', async () => {
    const s = await start((r) => (r.target === '/login' ? respond(302, 'Found', [['Set-Cookie', 'sid=xyz; Path=/'], ['Location', '/home']]) : respond(200, 'OK')));
    const result = await client().send(wireRequest(s.url('/login')));
    result.dispose();
    assert.equal(s.requests[1]!.target, '/home');
    assert.deepEqual(valuesOf(s.requests[1]!, 'cookie'), ['sid=xyz']);
    assert.deepEqual(result.request.changes.filter((ch) => ch.name === 'Cookie').map((ch) => ch.action), ['added']);
  });

  it('Path: sent under the path only', async () => {
    const s = await start(scripted({ '/admin/login': ['adm=1; Path=/admin'] }));
    const c = client();
    await get(c, s, s.url('/admin/login'));
    assert.deepEqual(valuesOf(await get(c, s, s.url('/admin/users')), 'cookie'), ['adm=1']);
    assert.deepEqual(valuesOf(await get(c, s, s.url('/admin')), 'cookie'), ['adm=1']);
    assert.deepEqual(valuesOf(await get(c, s, s.url('/other')), 'cookie'), []);
    assert.deepEqual(valuesOf(await get(c, s, s.url('/administrator')), 'cookie'), [], '/admin does not path-match /administrator');
  });

  it('default path: a cookie set by /a/b/login without Path goes to /a/b/* only', async () => {
    const s = await start(scripted({ '/a/b/login': ['d=1'] }));
    const c = client();
    await get(c, s, s.url('/a/b/login'));
    assert.deepEqual(valuesOf(await get(c, s, s.url('/a/b/c')), 'cookie'), ['d=1']);
    assert.deepEqual(valuesOf(await get(c, s, s.url('/a/x')), 'cookie'), []);
  });

  describe('Domain (hosts mapped to 127.0.0.1 with connectTo)', () => {
    let s: RecordingServer;
    let c: HttpClient;
    beforeEach(async () => {
      s = await start(scripted({ '/set': ['shared=1; Domain=example.com; Path=/', 'hostonly=1; Path=/'] }));
      const to = { host: '127.0.0.1', port: s.port };
      c = client({ connectTo: new Map(['www.example.com', 'api.example.com', 'example.com', 'example.org'].map((h) => [`${h}:80`, to])) });
      await get(c, s, 'http://www.example.com/set');
    });

    it('a Domain cookie goes to the domain and its subdomains', async () => {
      assert.deepEqual(valuesOf(await get(c, s, 'http://api.example.com/'), 'cookie'), ['shared=1']);
      assert.deepEqual(valuesOf(await get(c, s, 'http://example.com/'), 'cookie'), ['shared=1']);
    });

    it('a host-only cookie (no Domain) goes to that host only', async () => {
      const same = valuesOf(await get(c, s, 'http://www.example.com/'), 'cookie');
      assert.equal(same.length, 1);
      assert.deepEqual(same[0]!.split('; ').sort(), ['hostonly=1', 'shared=1']);
    });

    it('no cookie goes to another domain', async () => {
      assert.deepEqual(valuesOf(await get(c, s, 'http://example.org/'), 'cookie'), []);
    });

    it('a Domain attribute for a foreign domain is refused', async () => {
      jar.storeFrom(new URL('http://www.example.com/'), ['evil=1; Domain=example.org']);
      assert.deepEqual(valuesOf(await get(c, s, 'http://example.org/'), 'cookie'), []);
    });
  });

  describe('expiry', () => {
    it('Max-Age=0 deletes the cookie', async () => {
      const s = await start(scripted({ '/set': ['sid=1; Path=/'], '/logout': ['sid=; Max-Age=0; Path=/'] }));
      const c = client();
      await get(c, s, s.url('/set'));
      assert.deepEqual(valuesOf(await get(c, s, s.url('/logout')), 'cookie'), ['sid=1']);
      assert.deepEqual(valuesOf(await get(c, s, s.url('/after')), 'cookie'), []);
    });

    it('an Expires date in the past deletes the cookie', async () => {
      const s = await start(scripted({ '/set': ['sid=1; Path=/'], '/logout': ['sid=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'] }));
      const c = client();
      await get(c, s, s.url('/set'));
      await get(c, s, s.url('/logout'));
      assert.deepEqual(valuesOf(await get(c, s, s.url('/after')), 'cookie'), []);
    });

    it('a later Set-Cookie with the same name, domain and path replaces the value', async () => {
      const s = await start(scripted({ '/set': ['v=1; Path=/'], '/change': ['v=2; Path=/'] }));
      const c = client();
      await get(c, s, s.url('/set'));
      await get(c, s, s.url('/change'));
      assert.deepEqual(valuesOf(await get(c, s, s.url('/')), 'cookie'), ['v=2']);
    });
  });

  it('HttpOnly cookies are kept and sent (HttpOnly only hides them from scripts)', async () => {
    const s = await start(scripted({ '/set': ['h=1; HttpOnly; Path=/'] }));
    const c = client();
    await get(c, s, s.url('/set'));
    assert.deepEqual(valuesOf(await get(c, s, s.url('/')), 'cookie'), ['h=1']);
    assert.deepEqual(jar.list().map((k) => k.key), ['h']);
  });

  // http://localhost and 127.0.0.1 count as secure contexts for cookies (as in browsers), so
  // these tests use a public-looking name mapped to 127.0.0.1 with connectTo.
  it('Secure cookies are sent over https only, not over http to the same host', async () => {
    const f = tlsFixtures();
    const secure = await TlsRecordingServer.start({ cert: f.serverCert, key: f.serverKey }, (r) =>
      respond(200, 'OK', r.target === '/set' ? [['Set-Cookie', 'sec=1; Secure; Path=/'], ['Set-Cookie', 'plain=1; Path=/']] : []),
    );
    servers.push(secure);
    const plain = await start(() => respond(200, 'OK'));
    const connectTo = new Map([
      ['example.test:443', { host: '127.0.0.1', port: secure.port }],
      ['example.test:80', { host: '127.0.0.1', port: plain.port }],
    ]);
    const c = client({ tlsForHost: () => ({ ca: f.caCert }), connectTo });
    const set = await c.send(wireRequest('https://example.test/set'));
    set.dispose();
    // Cookies are not isolated by port or scheme (RFC 6265 §8.5), only Secure keeps one off http.
    const overHttp = await get(c, plain, 'http://example.test/');
    assert.deepEqual(valuesOf(overHttp, 'cookie'), ['plain=1']);
    const again = await c.send(wireRequest('https://example.test/again'));
    again.dispose();
    const cookie = valuesOf(secure.requests[1]!, 'cookie');
    assert.equal(cookie.length, 1);
    assert.deepEqual(cookie[0]!.split('; ').sort(), ['plain=1', 'sec=1']);
  });

  it('a Secure cookie from an http response is never sent over http', async () => {
    const s = await start(scripted({ '/set': ['sec=1; Secure; Path=/'] }));
    const c = client({ connectTo: new Map([['example.test:80', { host: '127.0.0.1', port: s.port }]]) });
    await get(c, s, 'http://example.test/set');
    assert.deepEqual(valuesOf(await get(c, s, 'http://example.test/'), 'cookie'), []);
  });

  it('useCookieJar: false sends no jar cookie', async () => {
    const s = await start(scripted({ '/set': ['sid=1; Path=/'] }));
    const c = client();
    await get(c, s, s.url('/set'));
    const seen = await get(c, s, s.url('/'), { useCookieJar: false });
    assert.deepEqual(valuesOf(seen, 'cookie'), []);
  });

  it('useCookieJar: false keeps a Cookie header the user wrote as is', async () => {
    const s = await start(scripted({ '/set': ['sid=1; Path=/'] }));
    const c = client();
    await get(c, s, s.url('/set'));
    const seen = await get(c, s, s.url('/'), { useCookieJar: false }, [['Cookie', 'mine=1']]);
    assert.deepEqual(valuesOf(seen, 'cookie'), ['mine=1']);
  });

  it('a Cookie header the user wrote is merged with jar cookies into one header; the change says changed', async () => {
    const s = await start(scripted({ '/set': ['jar=2; Path=/'] }));
    const c = client();
    await get(c, s, s.url('/set'));
    const u = new URL(s.url('/'));
    const result = await c.send(wireRequest(u.href, { headers: [['Host', u.host], ['cookie', 'mine=1']] }));
    result.dispose();
    const seen = s.requests[1]!;
    assert.deepEqual(valuesOf(seen, 'cookie'), ['mine=1; jar=2']);
    assert.ok(seen.head.includes('\r\ncookie: mine=1; jar=2\r\n'), 'the written name keeps its case and place');
    const change = result.request.changes.find((ch) => ch.name.toLowerCase() === 'cookie');
    assert.equal(change?.action, 'changed');
    assert.equal(change?.from, 'mine=1');
    assert.equal(change?.to, 'mine=1; jar=2');
  });

  it('without a written Cookie the jar adds one; the change says added', async () => {
    const s = await start(scripted({ '/set': ['jar=2; Path=/'] }));
    const c = client();
    await get(c, s, s.url('/set'));
    const result = await c.send(wireRequest(s.url('/')));
    result.dispose();
    const change = result.request.changes.find((ch) => ch.name === 'Cookie');
    assert.equal(change?.action, 'added');
    assert.equal(change?.to, 'jar=2');
    assert.deepEqual(result.request.headers.filter(([n]) => n === 'Cookie'), [['Cookie', 'jar=2']]);
  });

  it('a same-origin redirect does not repeat the jar cookies in the written Cookie header', async () => {
    const s = await start((r) => (r.target === '/go' ? respond(302, 'Found', [['Location', '/landing']]) : respond(200, 'OK', [['Set-Cookie', 'jar=2; Path=/']])));
    const c = client();
    await get(c, s, s.url('/set'));
    const u = new URL(s.url('/go'));
    const result = await c.send(wireRequest(u.href, { headers: [['Host', u.host], ['Cookie', 'mine=1']] }));
    result.dispose();
    assert.deepEqual(valuesOf(s.requests[1]!, 'cookie'), ['mine=1; jar=2']);
    assert.deepEqual(valuesOf(s.requests[2]!, 'cookie'), ['mine=1; jar=2']);
  });

  it('a redirect to another host drops the written Cookie but sends that host\'s jar cookies', async () => {
    const b = await start(() => respond(200, 'OK'));
    const a = await start(() => respond(302, 'Found', [['Location', 'http://b.test/landing']]));
    const c = client({
      connectTo: new Map([
        ['a.test:80', { host: '127.0.0.1', port: a.port }],
        ['b.test:80', { host: '127.0.0.1', port: b.port }],
      ]),
    });
    jar.storeFrom(new URL('http://b.test/'), ['bjar=1; Path=/']);
    jar.storeFrom(new URL('http://a.test/'), ['ajar=1; Path=/']);
    const result = await c.send(wireRequest('http://a.test/start', { headers: [['Host', 'a.test'], ['Cookie', 'mine=1']] }));
    result.dispose();
    assert.deepEqual(valuesOf(a.requests[0]!, 'cookie'), ['mine=1; ajar=1']);
    assert.deepEqual(valuesOf(b.requests[0]!, 'cookie'), ['bjar=1']);
    assert.deepEqual(valuesOf(b.requests[0]!, 'host'), ['b.test']);
  });

  it('an empty or refused Set-Cookie is ignored without failing the request', async () => {
    const s = await start(scripted({ '/set': ['', 'bad=1; Domain=other.invalid', 'ok=1; Path=/'] }));
    const c = client();
    await get(c, s, s.url('/set'));
    assert.deepEqual(valuesOf(await get(c, s, s.url('/')), 'cookie'), ['ok=1']);
  });
});

describe('wire: the cookie jar costs nothing until a cookie arrives (issue 10, item 6)', () => {
  it('tough-cookie is loaded by the first Set-Cookie, not by asking an empty jar', () => {
    // A fresh process: this one has loaded tough-cookie for the tests above.
    const script = `
      const { CookieStore } = require(${JSON.stringify(require.resolve('../../../src/core/wire/cookies'))});
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('tough-cookie'));
      const jar = new CookieStore();
      const url = new URL('http://a.test/');
      const before = [jar.cookieHeaderFor(url), jar.list().length, loaded()];
      jar.storeFrom(url, []);
      const afterNone = loaded();
      jar.storeFrom(url, ['k=v']);
      console.log(JSON.stringify({ before, afterNone, after: [loaded(), jar.cookieHeaderFor(url)] }));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { before: [null, 0, false], afterNone: false, after: [true, 'k=v'] });
  });
});
