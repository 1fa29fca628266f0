/**
 * Proxies: absolute-form requests for http:// (RFC 9112 §3.2.2), CONNECT tunnels for https://
 * (RFC 9110 §9.3.6), credentials from the proxy URL, NO_PROXY, and the environment variables.
 */
import * as assert from 'node:assert/strict';
import type * as tls from 'node:tls';
import { errorClassOf } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/wire/client';
import type { ClientOptions } from '../../../src/core/wire/client-options';
import { proxyFor, proxySettingsFromEnv, type ProxySettings } from '../../../src/core/wire/proxy';
import { wireRequest } from '../../support/wire-request';
import { closedPort, RecordingServer, respond, TestProxy, tlsFixtures, TlsRecordingServer, valuesOf, type TlsFixtures } from './support-b';
import { RawServer } from '../../support/raw-server';
import { rejection } from '../../support/rejection';

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`;


describe('wire: proxy', function () {
  this.timeout(20_000);
  let f: TlsFixtures;
  let proxy: TestProxy;
  const closers: Array<{ close(): unknown }> = [];
  const clients: HttpClient[] = [];

  before(() => {
    f = tlsFixtures();
  });
  beforeEach(async () => {
    proxy = await TestProxy.start();
    closers.push(proxy);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(closers.splice(0).map((s) => s.close()));
  });

  const client = (settings: ProxySettings, extra: ClientOptions = {}): HttpClient => {
    const c = new HttpClient({ proxy: settings, ...extra });
    clients.push(c);
    return c;
  };
  const origin = async (): Promise<RecordingServer> => {
    const s = await RecordingServer.start(() => respond(200, 'OK', [], 'from origin'));
    closers.push(s);
    return s;
  };
  const tlsOrigin = async (): Promise<TlsRecordingServer> => {
    const s = await TlsRecordingServer.start({ cert: f.serverCert, key: f.serverKey }, () => respond(200, 'OK', [], 'secure origin'));
    closers.push(s);
    return s;
  };

  describe('http:// URLs', () => {
    it('go to the proxy in absolute form, with Proxy-Authorization from the proxy URL', async () => {
      const o = await origin();
      const c = client({ http: `http://user:pass@127.0.0.1:${proxy.port}` });
      const result = await c.send(wireRequest(o.url('/x?y=1')));
      try {
        assert.equal(result.response.status, 200);
        assert.equal(result.body.toBuffer().toString(), 'from origin');
        assert.equal(proxy.seen.length, 1);
        const seen = proxy.seen[0]!;
        assert.equal(seen.method, 'GET');
        assert.equal(seen.target, `http://127.0.0.1:${o.port}/x?y=1`);
        assert.deepEqual(seen.headers.filter(([n]) => n.toLowerCase() === 'proxy-authorization').map(([, v]) => v), [basic('user:pass')]);
        assert.ok(o.requests[0]!.head.startsWith(`GET http://127.0.0.1:${o.port}/x?y=1 HTTP/1.1\r\n`), o.requests[0]!.head);
        assert.deepEqual(valuesOf(o.requests[0]!, 'host'), [`127.0.0.1:${o.port}`]);
        assert.equal(result.connection.proxy, `http://127.0.0.1:${proxy.port}`);
        assert.ok(!JSON.stringify(result.connection).includes('pass'), 'the proxy password is not shown');
        assert.equal(result.connection.remotePort, proxy.port);
      } finally {
        result.dispose();
      }
    });

    it('percent-encoded credentials are decoded before Basic encoding', async () => {
      const o = await origin();
      const c = client({ http: `http://us%40er:p%3Ass%20w@127.0.0.1:${proxy.port}` });
      const result = await c.send(wireRequest(o.url('/')));
      result.dispose();
      assert.deepEqual(proxy.seen[0]!.headers.filter(([n]) => n.toLowerCase() === 'proxy-authorization').map(([, v]) => v), [basic('us@er:p:ss w')]);
    });

    it('no Proxy-Authorization without credentials in the proxy URL', async () => {
      const o = await origin();
      const result = await client({ http: `127.0.0.1:${proxy.port}` }).send(wireRequest(o.url('/')));
      result.dispose();
      assert.equal(proxy.seen[0]!.target, o.url('/'));
      assert.deepEqual(proxy.seen[0]!.headers.filter(([n]) => n.toLowerCase() === 'proxy-authorization'), []);
    });

    it('the https proxy setting is not used for http:// URLs', async () => {
      const o = await origin();
      const result = await client({ https: `http://127.0.0.1:${proxy.port}` }).send(wireRequest(o.url('/direct')));
      result.dispose();
      assert.equal(proxy.seen.length, 0);
      assert.equal(o.requests[0]!.target, '/direct');
    });
  });

  describe('https:// URLs', () => {
    it('open a CONNECT tunnel, then TLS through it', async () => {
      const o = await tlsOrigin();
      const c = client({ https: `http://user:pass@127.0.0.1:${proxy.port}` }, { tlsForHost: () => ({ ca: f.caCert }) });
      const result = await c.send(wireRequest(`https://localhost:${o.port}/secret?q=1`));
      try {
        assert.equal(result.response.status, 200);
        assert.equal(result.body.toBuffer().toString(), 'secure origin');
        assert.equal(proxy.seen.length, 1, 'the proxy sees only the CONNECT; the request is inside TLS');
        const seen = proxy.seen[0]!;
        assert.equal(seen.method, 'CONNECT');
        assert.equal(seen.target, `localhost:${o.port}`);
        assert.deepEqual(seen.headers.filter(([n]) => n.toLowerCase() === 'host').map(([, v]) => v), [`localhost:${o.port}`]);
        assert.deepEqual(seen.headers.filter(([n]) => n.toLowerCase() === 'proxy-authorization').map(([, v]) => v), [basic('user:pass')]);
        const inside = o.requests[0]!;
        assert.ok(inside.head.startsWith('GET /secret?q=1 HTTP/1.1\r\n'), 'origin form inside the tunnel');
        assert.deepEqual(valuesOf(inside, 'proxy-authorization'), [], 'proxy credentials never reach the origin');
        assert.equal(o.peers[0]?.servername, 'localhost');
        assert.ok(result.connection.tls?.authorized);
        assert.equal(result.connection.proxy, `http://127.0.0.1:${proxy.port}`);
        assert.ok(!JSON.stringify(result.connection).includes('pass'));
        assert.ok(result.timings.proxyMs > 0, `proxyMs was ${result.timings.proxyMs}`);
      } finally {
        result.dispose();
      }
    });

    it('CONNECT names the default port 443 when the URL has none', async () => {
      const o = await tlsOrigin();
      proxy.routes.set('example.test:443', { host: '127.0.0.1', port: o.port });
      const c = client({ https: `http://127.0.0.1:${proxy.port}` }, { tlsForHost: () => ({ ca: f.caCert }) });
      const result = await c.send(wireRequest('https://example.test/'));
      result.dispose();
      assert.equal(proxy.seen[0]!.method, 'CONNECT');
      assert.equal(proxy.seen[0]!.target, 'example.test:443');
      assert.equal(o.peers[0]?.servername, 'example.test');
      assert.deepEqual(valuesOf(o.requests[0]!, 'host'), ['example.test']);
    });

    it('the tunnel is kept alive for the next request', async () => {
      const o = await tlsOrigin();
      const c = client({ https: `http://127.0.0.1:${proxy.port}` }, { tlsForHost: () => ({ ca: f.caCert }) });
      const first = await c.send(wireRequest(`https://localhost:${o.port}/1`));
      first.dispose();
      const second = await c.send(wireRequest(`https://localhost:${o.port}/2`));
      second.dispose();
      assert.equal(second.connection.isReused, true);
      assert.equal(second.connection.id, first.connection.id);
      assert.equal(proxy.seen.length, 1, 'one CONNECT');
      assert.equal(o.requests.length, 2);
    });

    it('TLS verification still applies through the tunnel', async () => {
      const o = await tlsOrigin();
      const err = await rejection(client({ https: `http://127.0.0.1:${proxy.port}` }).send(wireRequest(`https://localhost:${o.port}/`)));
      assert.equal(err.code, 'HW_TLS');
    });
  });

  describe('issue 10, item 4: https:// proxies, unsupported schemes, IPv6 literals', () => {
    /** An https:// proxy whose certificate (localhost, 127.0.0.1) is signed by the test CA. */
    const tlsProxy = async (): Promise<TestProxy> => {
      const p = await TestProxy.start({ cert: f.serverCert, key: f.serverKey });
      closers.push(p);
      return p;
    };
    const trustingCa = { tlsForHost: () => ({ ca: f.caCert }) };

    it('an https:// URL: TLS to the proxy, verified, then CONNECT and TLS to the origin inside it', async () => {
      const p = await tlsProxy();
      const o = await tlsOrigin();
      const c = client({ https: `https://user:pass@localhost:${p.port}` }, trustingCa);
      const result = await c.send(wireRequest(`https://localhost:${o.port}/inside`));
      try {
        assert.equal(result.body.toBuffer().toString(), 'secure origin');
        assert.deepEqual(p.servernames, ['localhost'], 'one TLS connection to the proxy, with its name as SNI');
        assert.deepEqual(p.seen.map((s) => `${s.method} ${s.target}`), [`CONNECT localhost:${o.port}`]);
        assert.deepEqual(p.seen[0]!.headers.filter(([n]) => n.toLowerCase() === 'proxy-authorization').map(([, v]) => v), [basic('user:pass')]);
        assert.ok(o.requests[0]!.head.startsWith('GET /inside HTTP/1.1\r\n'));
        assert.equal(o.peers[0]?.servername, 'localhost');
        assert.match(result.connection.tls?.certificate?.subject ?? '', /CN=localhost/);
        assert.equal(result.connection.proxy, `https://localhost:${p.port}`);
        assert.ok(result.timings.proxyMs > 0);
      } finally {
        result.dispose();
      }
      const again = await c.send(wireRequest(`https://localhost:${o.port}/again`));
      again.dispose();
      assert.equal(again.connection.isReused, true, 'the tunnel inside TLS is kept alive');
      assert.equal(p.servernames.length, 1);
    });

    it('an http:// URL: the absolute-form request inside TLS to the proxy', async () => {
      const p = await tlsProxy();
      const o = await origin();
      const result = await client({ http: `https://127.0.0.1:${p.port}` }, trustingCa).send(wireRequest(o.url('/plain?q=1')));
      try {
        assert.equal(result.body.toBuffer().toString(), 'from origin');
        assert.equal(p.servernames.length, 1, 'the proxy was spoken to over TLS');
        assert.equal(p.seen[0]!.target, o.url('/plain?q=1'));
        assert.equal(result.connection.proxy, `https://127.0.0.1:${p.port}`);
        assert.equal(result.connection.tls?.authorized, true, 'the TLS shown is the verified one to the proxy');
      } finally {
        result.dispose();
      }
    });

    it('the client certificate given for the servers is never shown to an https:// proxy', async () => {
      const p = await TestProxy.start({ cert: f.serverCert, key: f.serverKey, requestCert: true, rejectUnauthorized: false });
      closers.push(p);
      const presented: boolean[] = [];
      p.server.on('secureConnection', (s: tls.TLSSocket) => presented.push(Object.keys(s.getPeerCertificate()).length > 0));
      const o = await origin();
      const material = { ca: f.caCert, cert: f.clientCert, key: f.clientKey };
      const result = await client({ http: `https://127.0.0.1:${p.port}` }, { tlsForHost: () => material }).send(wireRequest(o.url('/')));
      assert.equal(result.body.toBuffer().toString(), 'from origin');
      result.dispose();
      assert.deepEqual(presented, [false], 'no client certificate in the TLS handshake with the proxy');
    });

    it('a changed CA for an https:// proxy: its connection verified with the old CA is not reused', async () => {
      const p = await tlsProxy();
      const o = await origin();
      let ca = f.caCert;
      const c = client({ http: `https://127.0.0.1:${p.port}` }, { tlsForHost: () => ({ ca }) });
      const url = new URL(o.url('/'));
      const first = await c.send(wireRequest(url.href, { url }));
      first.dispose();
      ca = f.selfSignedCert;
      const err = await rejection(c.send(wireRequest(url.href, { url })));
      assert.equal(err.code, 'HW_TLS');
    });

    it("an https:// proxy's certificate is verified: an untrusted one → HW_TLS, even with the request's verification off", async () => {
      const p = await tlsProxy();
      const o = await origin();
      const err = await rejection(client({ http: `https://127.0.0.1:${p.port}` }).send(wireRequest(o.url('/')), { rejectUnauthorized: false }));
      assert.equal(err.code, 'HW_TLS');
      // It says whose certificate, and that the request's own switch is not the one.
      assert.match(err.message, /^The https:\/\/ proxy's certificate: TLS verification failed for 127\.0\.0\.1:\d+: .* A request's # @no-reject-unauthorized does not apply to the proxy/);
      assert.equal(err.detail.isProxy, true);
      assert.equal(p.seen.length, 0, 'nothing was sent to the unverified proxy');
      assert.equal(o.requests.length, 0);
    });

    it('a plain HTTP proxy written as https://: the TLS failure says so, without certificate advice', async () => {
      // A plain proxy answers the TLS hello as a malformed HTTP request.
      const plain = await RawServer.start((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
      closers.push(plain);
      const o = await origin();
      const err = await rejection(client({ http: `https://127.0.0.1:${plain.port}` }).send(wireRequest(o.url('/'))));
      assert.equal(err.code, 'HW_TLS');
      assert.match(err.message, /^TLS with the https:\/\/ proxy failed: [\s\S]* If the proxy speaks plain HTTP, write its setting as http:\/\/\.$/);
    });

    it("issue 11, item 7: an https:// proxy with rejectUnauthorized: false (http.proxyStrictSSL off) is used unverified; the origin behind it still is verified", async () => {
      const p = await tlsProxy();
      const o = await origin();
      const result = await client({ http: `https://127.0.0.1:${p.port}`, rejectUnauthorized: false }).send(wireRequest(o.url('/')));
      try {
        assert.equal(result.body.toBuffer().toString(), 'from origin');
        assert.equal(result.connection.tls?.authorized, false, 'the proxy was not verified');
      } finally {
        result.dispose();
      }
      // An https:// origin through the same kind of proxy: its own certificate is still checked.
      const t = await tlsOrigin();
      const tunnel = await tlsProxy();
      const err = await rejection(client({ https: `https://127.0.0.1:${tunnel.port}`, rejectUnauthorized: false }).send(wireRequest(`https://localhost:${t.port}/`)));
      assert.equal(err.code, 'HW_TLS');
    });

    for (const scheme of ['socks5', 'socks4a', 'ftp']) {
      it(`the proxy ${scheme}://… → HW_PROXY naming the scheme, and no connection is opened`, async () => {
        const o = await origin();
        const err = await rejection(client({ http: `${scheme}://user:secret@127.0.0.1:${proxy.port}` }).send(wireRequest(o.url('/'))));
        assert.equal(err.code, 'HW_PROXY');
        assert.match(err.message, new RegExp(`\\b${scheme}\\b.*not support`));
        assert.doesNotMatch(err.message, /secret/);
        assert.equal((err.detail as { scheme?: string }).scheme, scheme);
        assert.equal(proxy.seen.length, 0);
        assert.equal(o.requests.length, 0);
      });
    }

    it('an IPv6 literal keeps its brackets in CONNECT, its Host, and the Host inside the tunnel', async () => {
      const o = await tlsOrigin();
      proxy.routes.set(`::1:${o.port}`, { host: '127.0.0.1', port: o.port });
      const c = client({ https: `http://127.0.0.1:${proxy.port}` }, trustingCa);
      const result = await c.send(wireRequest(`https://[::1]:${o.port}/v6`));
      result.dispose();
      assert.equal(proxy.seen[0]!.target, `[::1]:${o.port}`);
      assert.deepEqual(proxy.seen[0]!.headers.filter(([n]) => n.toLowerCase() === 'host').map(([, v]) => v), [`[::1]:${o.port}`]);
      assert.deepEqual(valuesOf(o.requests[0]!, 'host'), [`[::1]:${o.port}`]);
    });
  });

  describe('a proxy refusing the tunnel', () => {
    const rows = [
      { name: 'a bare 407', answer: 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\n\r\n', status: 407 },
      {
        name: 'a 407 with an HTML page (as squid sends)',
        answer: 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Type: text/html\r\nContent-Length: 31\r\n\r\n<html>Access denied</html>\n\n\n\n\n',
        status: 407,
      },
      { name: 'a 403', answer: 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', status: 403 },
    ];
    for (const row of rows) {
      it(`${row.name} → HW_PROXY naming the status`, async () => {
        proxy.connectAnswer = Buffer.from(row.answer, 'latin1');
        const c = client({ https: `http://127.0.0.1:${proxy.port}` }, { tlsForHost: () => ({ ca: f.caCert }) });
        const err = await rejection(c.send(wireRequest('https://localhost:1/')));
        assert.equal(err.code, 'HW_PROXY');
        assert.equal(errorClassOf(err.code), 'connect');
        assert.ok(err.message.includes(String(row.status)), err.message);
        assert.equal((err.detail as { status?: number }).status, row.status);
      });
    }
  });

  it('a proxy that is not listening → HW_PROXY naming the proxy and where its setting comes from, not the URL\'s host', async () => {
    const port = await closedPort();
    const err = await rejection(client({ http: `http://127.0.0.1:${port}` }).send(wireRequest('http://example.test/')));
    assert.equal(err.code, 'HW_PROXY');
    assert.equal(err.detail.reachCode, 'HW_CONNECT_REFUSED');
    assert.match(err.message, new RegExp(`^The proxy 127\\.0\\.0\\.1:${port} could not be reached: Connection refused by 127\\.0\\.0\\.1:${port}: nothing listens there\\. Check the proxy setting \\(HTTP_PROXY or HTTPS_PROXY`));
  });

  it('a proxy whose name is unknown → HW_PROXY too (an https:// URL, which would tunnel through it)', async () => {
    const err = await rejection(client({ https: 'http://no-such-proxy.invalid:3128' }).send(wireRequest('https://example.test/')));
    assert.equal(err.code, 'HW_PROXY');
    assert.match(err.message, /^The proxy no-such-proxy\.invalid:3128 could not be reached: Could not resolve/);
  });

  describe('noProxy', () => {
    it('a bypassed host is reached directly, in origin form', async () => {
      const o = await origin();
      const c = client({ http: `http://127.0.0.1:${proxy.port}`, noProxy: 'localhost, 127.0.0.1' });
      const result = await c.send(wireRequest(o.url('/direct')));
      result.dispose();
      assert.equal(proxy.seen.length, 0);
      assert.equal(o.requests[0]!.target, '/direct');
      assert.equal(result.connection.proxy, undefined);
    });

    const rows: Array<{ noProxy: string; url: string; bypass: boolean }> = [
      { noProxy: '*', url: 'http://anything.test/', bypass: true },
      { noProxy: 'example.com', url: 'http://example.com/', bypass: true },
      { noProxy: 'example.com', url: 'http://api.example.com/', bypass: true },
      { noProxy: '.example.com', url: 'http://api.example.com/', bypass: true },
      { noProxy: 'example.com', url: 'http://notexample.com/', bypass: false },
      { noProxy: 'example.com', url: 'http://example.com.evil.test/', bypass: false },
      { noProxy: 'EXAMPLE.com', url: 'http://Example.COM/', bypass: true },
      { noProxy: 'example.com:8080', url: 'http://example.com:8080/', bypass: true },
      { noProxy: 'example.com:8080', url: 'http://example.com/', bypass: false },
      { noProxy: 'a.test,b.test', url: 'http://b.test/', bypass: true },
      { noProxy: '', url: 'http://a.test/', bypass: false },
      { noProxy: '[::1]', url: 'http://[::1]:8080/', bypass: true },
      // As curl and Go read them: a bare IPv6 address, and CIDR ranges.
      { noProxy: 'localhost,127.0.0.1,::1', url: 'http://[::1]:8080/', bypass: true },
      { noProxy: '::1', url: 'http://[::2]/', bypass: false },
      { noProxy: '0:0:0:0:0:0:0:1', url: 'http://[::1]/', bypass: true },
      { noProxy: 'fd12:0:0::1', url: 'http://[fd12::1]/', bypass: true },
      { noProxy: '127.0.0.0/8', url: 'http://127.1.2.3/', bypass: true },
      { noProxy: '10.0.0.0/8', url: 'http://11.0.0.1/', bypass: false },
      { noProxy: 'fd00::/8', url: 'http://[fd12::1]/', bypass: true },
      { noProxy: '10.0.0.0/8', url: 'http://ten.test/', bypass: false },
      { noProxy: '10.0.0.0/99', url: 'http://10.0.0.1/', bypass: false },
    ];
    for (const row of rows) {
      it(`NO_PROXY=${JSON.stringify(row.noProxy)} ${row.bypass ? 'bypasses' : 'does not bypass'} ${row.url}`, () => {
        const got = proxyFor(new URL(row.url), { http: 'http://proxy.test:3128', noProxy: row.noProxy });
        assert.equal(got === undefined, row.bypass);
      });
    }
  });

  describe('proxySettingsFromEnv', () => {
    const rows: Array<{ name: string; env: NodeJS.ProcessEnv; want: ProxySettings }> = [
      { name: 'nothing set', env: {}, want: { http: undefined, https: undefined, noProxy: undefined } },
      { name: 'HTTP_PROXY', env: { HTTP_PROXY: 'http://p:1' }, want: { http: 'http://p:1', https: undefined, noProxy: undefined } },
      { name: 'https_proxy in lower case', env: { https_proxy: 'http://p:2' }, want: { http: undefined, https: 'http://p:2', noProxy: undefined } },
      { name: 'NO_PROXY', env: { HTTP_PROXY: 'http://p:1', NO_PROXY: 'localhost,.internal' }, want: { http: 'http://p:1', https: undefined, noProxy: 'localhost,.internal' } },
      { name: 'no_proxy in lower case', env: { no_proxy: '*' }, want: { http: undefined, https: undefined, noProxy: '*' } },
      { name: 'empty values are unset', env: { HTTP_PROXY: '', HTTPS_PROXY: '' }, want: { http: undefined, https: undefined, noProxy: undefined } },
    ];
    for (const row of rows) {
      it(row.name, () => {
        assert.deepEqual(proxySettingsFromEnv(row.env), row.want);
      });
    }

    it('a setting read from the environment routes requests', async () => {
      const o = await origin();
      const c = client(proxySettingsFromEnv({ http_proxy: `http://127.0.0.1:${proxy.port}` }));
      const result = await c.send(wireRequest(o.url('/via-env')));
      result.dispose();
      assert.equal(proxy.seen[0]?.target, o.url('/via-env'));
    });
  });
});
