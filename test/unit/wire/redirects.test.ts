/**
 * Redirects (RFC 9110 §15.4): method and body rewriting, relative Locations, limits and loops,
 * the hop record, and which headers may follow a redirect to another origin.
 */
import * as assert from 'node:assert/strict';
import { errorClassOf } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/wire/client';
import { CookieStore } from '../../../src/core/wire/cookies';
import { redirectRequest } from '../../../src/core/wire/redirect';
import type { RawHeader } from '../../../src/core/response/model';
import { wireRequest } from '../../support/wire-request';
import { RecordingServer, respond, valuesOf, type Answer } from './support-b';
import { rejection } from '../../support/rejection';

const FORM = 'name=Juan%20Garcia&request=Envieme%20uno%20de%20sus%20catalogos';

function post(url: string, method = 'POST', extra: readonly RawHeader[] = []): ReturnType<typeof wireRequest> {
  const u = new URL(url);
  return wireRequest(url, {
    method,
    headers: [['Host', u.host], ['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Length', String(FORM.length)], ...extra],
    body: [{ type: 'bytes', bytes: Buffer.from(FORM) }],
  });
}


describe('wire: redirects', () => {
  const servers: RecordingServer[] = [];
  const clients: HttpClient[] = [];
  const start = async (answer: Answer): Promise<RecordingServer> => {
    const s = await RecordingServer.start(answer);
    servers.push(s);
    return s;
  };
  const client = (): HttpClient => {
    const c = new HttpClient();
    clients.push(c);
    return c;
  };

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const rewriting = [
    { status: 301, reason: 'Moved Permanently', method: 'POST', wantMethod: 'GET', keepsBody: false },
    { status: 302, reason: 'Found', method: 'POST', wantMethod: 'GET', keepsBody: false },
    { status: 303, reason: 'See Other', method: 'POST', wantMethod: 'GET', keepsBody: false },
    { status: 303, reason: 'See Other', method: 'PUT', wantMethod: 'GET', keepsBody: false },
    { status: 307, reason: 'Temporary Redirect', method: 'POST', wantMethod: 'POST', keepsBody: true },
    { status: 308, reason: 'Permanent Redirect', method: 'POST', wantMethod: 'POST', keepsBody: true },
    { status: 308, reason: 'Permanent Redirect', method: 'PUT', wantMethod: 'PUT', keepsBody: true },
  ];
  for (const row of rewriting) {
    const what = row.keepsBody ? `keeps ${row.method} and its body` : `turns ${row.method} into GET without body`;
    it(`${row.status} ${what}`, async () => {
      const s = await start((r) => (r.target === '/form' ? respond(row.status, row.reason, [['Location', '/done']]) : respond(200, 'OK', [], 'done')));
      const result = await client().send(post(s.url('/form'), row.method));
      try {
        assert.equal(result.response.status, 200);
        assert.equal(s.requests.length, 2);
        const [first, second] = s.requests;
        assert.equal(first!.method, row.method);
        assert.equal(first!.body.toString(), FORM);
        assert.equal(second!.method, row.wantMethod);
        assert.equal(second!.target, '/done');
        if (row.keepsBody) {
          assert.equal(second!.body.toString(), FORM, 'the server receives the same body twice');
          assert.deepEqual(valuesOf(second!, 'content-length'), [String(FORM.length)]);
          assert.deepEqual(valuesOf(second!, 'content-type'), ['application/x-www-form-urlencoded']);
        } else {
          assert.equal(second!.body.length, 0);
          assert.deepEqual(valuesOf(second!, 'content-length'), [], 'Content-Length is dropped with the body');
          assert.deepEqual(valuesOf(second!, 'content-type'), [], 'Content-Type is dropped with the body');
          assert.ok(!second!.head.includes(FORM), 'no body bytes on the wire');
          assert.equal(result.request.bodyBytes, 0);
          const removed = result.request.changes.filter((c) => c.action === 'removed').map((c) => c.name.toLowerCase());
          assert.ok(removed.includes('content-length') && removed.includes('content-type'), `changes: ${JSON.stringify(result.request.changes)}`);
        }
        assert.equal(result.request.method, row.wantMethod);
      } finally {
        result.dispose();
      }
    });
  }

  it('301 keeps a GET a GET, and HEAD stays HEAD on a 303', async () => {
    const s = await start((r) => (r.target === '/a' ? respond(r.method === 'HEAD' ? 303 : 301, 'Moved', [['Location', '/b']]) : respond(200, 'OK')));
    const c = client();
    const got = await c.send(wireRequest(s.url('/a')));
    got.dispose();
    const head = await c.send(wireRequest(s.url('/a'), { method: 'HEAD' }));
    head.dispose();
    assert.deepEqual(s.requests.map((r) => `${r.method} ${r.target}`), ['GET /a', 'GET /b', 'HEAD /a', 'HEAD /b']);
  });

  describe('relative Location', () => {
    const rows = [
      { name: 'dot-dot path', from: '/a/b/c', location: '../x', want: '/a/x' },
      { name: 'query only', from: '/a/b/c?old=1', location: '?q', want: '/a/b/c?q' },
      { name: 'absolute path', from: '/a/b/c', location: '/root', want: '/root' },
      { name: 'same-folder name', from: '/a/b/c', location: 'd', want: '/a/b/d' },
      { name: 'fragment dropped from the target', from: '/a', location: '/b#frag', want: '/b' },
    ];
    for (const row of rows) {
      it(`${row.name}: ${row.from} + ${row.location} → ${row.want}`, async () => {
        const s = await start((r) => (r.target === row.from ? respond(302, 'Found', [['Location', row.location]]) : respond(200, 'OK')));
        const result = await client().send(wireRequest(s.url(row.from)));
        result.dispose();
        assert.equal(s.requests[1]?.target, row.want);
        assert.equal(result.url, s.url(row.want));
        assert.deepEqual(valuesOf(s.requests[1]!, 'host'), [`127.0.0.1:${s.port}`]);
      });
    }

    it('scheme-relative //127.0.0.1:port/x goes to that server, Host following', async () => {
      const b = await start(() => respond(200, 'OK', [], 'b'));
      const a = await start(() => respond(302, 'Found', [['Location', `//127.0.0.1:${b.port}/x`]]));
      const result = await client().send(wireRequest(a.url('/start')));
      try {
        assert.equal(result.body.toBuffer().toString(), 'b');
        assert.equal(b.requests.length, 1);
        assert.equal(b.requests[0]!.target, '/x');
        assert.deepEqual(valuesOf(b.requests[0]!, 'host'), [`127.0.0.1:${b.port}`]);
        assert.equal(result.url, b.url('/x'));
      } finally {
        result.dispose();
      }
    });
  });

  it('followRedirects: false returns the 3xx itself', async () => {
    const s = await start(() => respond(301, 'Moved Permanently', [['Location', '/elsewhere'], ['X-Cache-Info', 'caching'], ['X-Cache-Info', 'caching']], 'moved'));
    const result = await client().send(wireRequest(s.url('/moved')), { followRedirects: false });
    try {
      assert.equal(result.response.status, 301);
      assert.equal(result.response.reason, 'Moved Permanently');
      assert.deepEqual(result.response.headers.filter(([n]) => n === 'X-Cache-Info').length, 2);
      assert.equal(result.body.toBuffer().toString(), 'moved');
      assert.deepEqual(result.redirects, []);
      assert.equal(s.requests.length, 1);
    } finally {
      result.dispose();
    }
  });

  it('a 3xx without Location is the final response', async () => {
    const s = await start(() => respond(300, 'Multiple Choices', [], 'pick one'));
    const result = await client().send(wireRequest(s.url('/')));
    result.dispose();
    assert.equal(result.response.status, 300);
    assert.equal(s.requests.length, 1);
  });

  it('more than maxRedirects → HW_TOO_MANY_REDIRECTS (class too-many-redirects)', async () => {
    const s = await start((r) => respond(302, 'Found', [['Location', `/n${Number(r.target.slice(2) || 0) + 1}`]]));
    const err = await rejection(client().send(wireRequest(s.url('/n0')), { maxRedirects: 3 }));
    assert.equal(err.code, 'HW_TOO_MANY_REDIRECTS');
    assert.equal(errorClassOf(err.code), 'too-many-redirects');
    assert.match(err.message, /3 redirects/);
    assert.equal(s.requests.length, 4, 'the first request and 3 followed redirects, then stop');
    const hops = (err.detail as { redirects?: unknown[] }).redirects;
    assert.equal(hops?.length, 4);
  });

  it('exactly maxRedirects redirects are followed', async () => {
    const s = await start((r) => {
      const n = Number(r.target.slice(2));
      return n < 3 ? respond(302, 'Found', [['Location', `/n${n + 1}`]]) : respond(200, 'OK', [], 'end');
    });
    const result = await client().send(wireRequest(s.url('/n0')), { maxRedirects: 3 });
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.equal(result.redirects.length, 3);
  });

  it('a loop A → B → A → HW_REDIRECT_LOOP with a message naming the URL', async () => {
    const s = await start((r) => respond(302, 'Found', [['Location', r.target === '/a' ? '/b' : '/a']]));
    const err = await rejection(client().send(wireRequest(s.url('/a'))));
    assert.equal(err.code, 'HW_REDIRECT_LOOP');
    assert.equal(errorClassOf(err.code), 'too-many-redirects');
    assert.match(err.message, /loop/i);
    assert.ok(err.message.includes(s.url('/a')), err.message);
    assert.ok(s.requests.length < 10, 'stopped at the loop, not at maxRedirects');
  });

  it('a redirect back to the same URL after a cookie changed is not a loop (login pattern)', async () => {
    const s = await start((r) => (valuesOf(r, 'cookie').some((v) => v.includes('sid=1')) ? respond(200, 'OK', [], 'in') : respond(302, 'Found', [['Set-Cookie', 'sid=1; Path=/'], ['Location', '/login']])));
    const c = new HttpClient({ cookies: new CookieStore() });
    clients.push(c);
    const result = await c.send(wireRequest(s.url('/login')));
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.equal(result.redirects.length, 1);
  });

  it('keeps every hop: status line, headers, location and connection', async () => {
    const s = await start((r) => {
      if (r.target === '/1') return respond(301, 'Moved Permanently', [['X-Hop', 'one'], ['Location', '/2']]);
      if (r.target === '/2') return respond(307, 'Temporary Redirect', [['X-Hop', 'two'], ['Location', '/3']]);
      return respond(200, 'OK', [], 'three');
    });
    const result = await client().send(wireRequest(s.url('/1')));
    try {
      assert.equal(result.redirects.length, 2);
      const [one, two] = result.redirects;
      assert.equal(one!.response.httpVersion, 'HTTP/1.1');
      assert.equal(one!.response.status, 301);
      assert.equal(one!.response.reason, 'Moved Permanently');
      assert.deepEqual(one!.response.headers, [['X-Hop', 'one'], ['Location', '/2'], ['Content-Length', '0']]);
      assert.equal(one!.location, '/2');
      assert.equal(one!.request.url, s.url('/1'));
      assert.equal(one!.request.method, 'GET');
      assert.equal(one!.connection.isReused, false);
      assert.equal(one!.connection.remotePort, s.port);
      assert.equal(two!.response.status, 307);
      assert.equal(two!.response.reason, 'Temporary Redirect');
      assert.equal(two!.location, '/3');
      assert.equal(two!.request.url, s.url('/2'));
      assert.equal(two!.connection.isReused, true, 'same origin: the keep-alive connection carries the next hop');
      assert.equal(two!.connection.id, one!.connection.id);
      assert.equal(result.connection.id, one!.connection.id);
      assert.equal(result.body.toBuffer().toString(), 'three');
      assert.equal(s.connectionCount, 1);
    } finally {
      result.dispose();
    }
  });

  describe('credentials and Host', () => {
    const credentials: RawHeader[] = [
      ['Authorization', 'Bearer secret-token'],
      ['Cookie', 'session=abc'],
      ['Proxy-Authorization', 'Basic cHJveHk6cGFzcw=='],
      ['X-Custom', 'kept'],
    ];

    it('are not forwarded to another origin (another port); Host follows the new URL', async () => {
      const b = await start(() => respond(200, 'OK', [], 'b'));
      const a = await start(() => respond(302, 'Found', [['Location', b.url('/landing')]]));
      const u = new URL(a.url('/start'));
      const result = await client().send(wireRequest(u.href, { headers: [['Host', u.host], ...credentials] }));
      try {
        assert.deepEqual(valuesOf(a.requests[0]!, 'authorization'), ['Bearer secret-token']);
        const seen = b.requests[0]!;
        assert.deepEqual(valuesOf(seen, 'authorization'), []);
        assert.deepEqual(valuesOf(seen, 'cookie'), []);
        assert.deepEqual(valuesOf(seen, 'proxy-authorization'), []);
        assert.deepEqual(valuesOf(seen, 'x-custom'), ['kept']);
        assert.deepEqual(valuesOf(seen, 'host'), [`127.0.0.1:${b.port}`]);
        const removed = result.request.changes.filter((c) => c.action === 'removed').map((c) => c.name);
        assert.deepEqual(removed.sort(), ['Authorization', 'Cookie', 'Proxy-Authorization']);
        assert.ok(!result.request.headers.some(([n]) => /authorization|cookie/i.test(n)));
      } finally {
        result.dispose();
      }
    });

    it('are not forwarded when a later hop leaves the origin either', async () => {
      const b = await start(() => respond(200, 'OK'));
      const a = await start((r) => (r.target === '/start' ? respond(302, 'Found', [['Location', '/next']]) : respond(302, 'Found', [['Location', b.url('/x')]])));
      const u = new URL(a.url('/start'));
      const result = await client().send(wireRequest(u.href, { headers: [['Host', u.host], ...credentials] }));
      result.dispose();
      assert.deepEqual(valuesOf(a.requests[1]!, 'authorization'), ['Bearer secret-token'], 'same origin keeps it');
      assert.deepEqual(valuesOf(b.requests[0]!, 'authorization'), []);
      assert.deepEqual(valuesOf(b.requests[0]!, 'cookie'), []);
    });

    it('are kept on a same-origin redirect', async () => {
      const s = await start((r) => (r.target === '/start' ? respond(302, 'Found', [['Location', '/landing']]) : respond(200, 'OK')));
      const u = new URL(s.url('/start'));
      const result = await client().send(wireRequest(u.href, { headers: [['Host', u.host], ...credentials] }));
      result.dispose();
      const seen = s.requests[1]!;
      assert.equal(seen.target, '/landing');
      assert.deepEqual(valuesOf(seen, 'authorization'), ['Bearer secret-token']);
      assert.deepEqual(valuesOf(seen, 'cookie'), ['session=abc']);
      assert.deepEqual(valuesOf(seen, 'proxy-authorization'), ['Basic cHJveHk6cGFzcw==']);
      assert.deepEqual(valuesOf(seen, 'host'), [u.host]);
    });

    it('a Host written by hand (a virtual host) is kept on a same-origin redirect, as curl keeps it', async () => {
      const s = await start((r) => (r.target === '/old' ? respond(301, 'Moved Permanently', [['Location', '/new']]) : respond(200, 'OK')));
      const result = await client().send(wireRequest(s.url('/old'), { headers: [['Host', 'shop.example']] }));
      result.dispose();
      assert.equal(s.requests[1]!.target, '/new');
      assert.deepEqual(valuesOf(s.requests[1]!, 'host'), ['shop.example']);
      assert.ok(!result.request.changes.some((c) => c.name === 'Host'));
    });

    it('a redirect from http to https of the same host is another origin', async () => {
      const prev = wireRequest('http://example.test/a', { headers: [['Host', 'example.test'], ['Authorization', 'Basic eDp5']] });
      const next = redirectRequest(prev, 301, 'https://example.test/a');
      assert.equal(next.url.href, 'https://example.test/a');
      assert.deepEqual(next.headers, [['Host', 'example.test']]);
    });
  });

  it('a Location of UTF-8 bytes is followed as browsers and curl follow it: /café → /caf%C3%A9', async () => {
    const location = Buffer.from('/café?q=ü', 'utf8').toString('latin1');
    const s = await start((r) => (r.target === '/start' ? respond(302, 'Found', [['Location', location]]) : respond(200, 'OK')));
    const result = await client().send(wireRequest(s.url('/start')));
    result.dispose();
    assert.equal(s.requests[1]!.target, '/caf%C3%A9?q=%C3%BC');
  });

  it('a Location that is not http(s) → HW_PROTOCOL, nothing more sent', async () => {
    const s = await start(() => respond(302, 'Found', [['Location', 'ftp://127.0.0.1/file']]));
    const err = await rejection(client().send(wireRequest(s.url('/'))));
    assert.equal(err.code, 'HW_PROTOCOL');
    assert.equal(s.requests.length, 1);
  });
});
