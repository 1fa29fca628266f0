/**
 * TLS: verification on by default, a CA the user trusts, verification off per request, host name
 * checks, client certificates, SNI and the connection details shown for a TLS response. The
 * certificates are made with openssl at test time (support-b.ts).
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { errorClassOf } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/wire/client';
import type { ClientOptions } from '../../../src/core/wire/client-options';
import { createConnector } from '../../../src/core/wire/connect';
import { wireRequest } from '../../support/wire-request';
import { respond, TestProxy, tlsFixtures, TlsRecordingServer, valuesOf, type TlsFixtures } from './support-b';
import { RawServer } from '../../support/raw-server';
import { rejection } from '../../support/rejection';


describe('wire: TLS', function () {
  // openssl makes the certificates once per process, in the first test that needs them.
  this.timeout(20_000);
  let f: TlsFixtures;
  const servers: TlsRecordingServer[] = [];
  const clients: HttpClient[] = [];

  before(() => {
    f = tlsFixtures();
  });

  const start = async (options: tls.TlsOptions, body = 'secure hello'): Promise<TlsRecordingServer> => {
    const s = await TlsRecordingServer.start(options, () => respond(200, 'OK', [['Content-Type', 'text/plain']], body));
    servers.push(s);
    return s;
  };
  const client = (options: ClientOptions = {}): HttpClient => {
    const c = new HttpClient(options);
    clients.push(c);
    return c;
  };
  const trusting = (extra: ClientOptions = {}): HttpClient => client({ tlsForHost: () => ({ ca: f.caCert }), ...extra });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('verification is on by default: a self-signed certificate → HW_TLS naming the reason', async () => {
    const s = await start({ cert: f.selfSignedCert, key: f.selfSignedKey });
    const err = await rejection(client().send(wireRequest(`https://localhost:${s.port}/`)));
    assert.equal(err.code, 'HW_TLS');
    assert.equal(errorClassOf(err.code), 'tls');
    assert.match(err.message, /self-signed/);
    // The ways out, trust first, in the file and in the CLI.
    assert.match(err.message, /Trust the server's CA \(the CLI's --cacert FILE, or NODE_EXTRA_CA_CERTS\), or turn verification off with # @no-reject-unauthorized for this request \(the CLI's --insecure for the run\)/);
    assert.equal((err.detail as { tlsCode?: string }).tlsCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.ok(err.cause instanceof Error, 'the TLS error is kept as cause');
    assert.equal(s.requests.length, 0, 'no request bytes reach an unverified server');
  });

  it('https:// to a plain HTTP server → HW_TLS saying so in a sentence, not OpenSSL\'s raw error line', async () => {
    const plain = await RawServer.start((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    try {
      const err = await rejection(client().send(wireRequest(plain.url('/').replace('http:', 'https:'))));
      assert.equal(err.code, 'HW_TLS');
      assert.match(err.message, /^TLS handshake with 127\.0\.0\.1:\d+ failed: (wrong version number|packet length too long)\. The server seems to speak plain HTTP on this port: try http:\/\/\.$/);
    } finally {
      await plain.close();
    }
  });

  it('a certificate from an untrusted CA → HW_TLS', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey });
    const err = await rejection(client().send(wireRequest(`https://localhost:${s.port}/`)));
    assert.equal(err.code, 'HW_TLS');
    assert.match(err.message, /not signed by a trusted authority|issuer is not trusted/);
    assert.equal(s.requests.length, 0);
  });

  it('trusted with tlsForHost(() => ({ ca })) → success, with the connection details', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey, ALPNProtocols: ['http/1.1'] });
    const result = await trusting().send(wireRequest(`https://localhost:${s.port}/`));
    try {
      assert.equal(result.response.status, 200);
      assert.equal(result.body.toBuffer().toString(), 'secure hello');
      const info = result.connection.tls;
      assert.ok(info, 'connection.tls is set for https');
      assert.match(info.protocol ?? '', /^TLSv1\.[23]$/);
      assert.ok(info.cipher && info.cipher.length > 0, 'cipher named');
      assert.equal(info.alpnProtocol, 'http/1.1');
      assert.equal(info.authorized, true);
      assert.equal(info.authorizationError, null);
      const cert = info.certificate;
      assert.ok(cert);
      assert.match(cert.subject, /CN=localhost/);
      assert.match(cert.issuer, /CN=HTTP Wire Test CA/);
      const x509 = new X509Certificate(f.serverCert);
      assert.equal(cert.validFrom, x509.validFrom);
      assert.equal(cert.validTo, x509.validTo);
      assert.equal(cert.fingerprint256, x509.fingerprint256);
      assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
      assert.ok(result.timings.tlsMs > 0, 'the handshake is timed');
      assert.equal(s.peers[0]?.alpnProtocol, 'http/1.1', 'the client offers http/1.1 in ALPN');
    } finally {
      result.dispose();
    }
  });

  it('a server without ALPN: alpnProtocol is null and the request still works', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey });
    const result = await trusting().send(wireRequest(`https://localhost:${s.port}/`));
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.equal(result.connection.tls?.alpnProtocol, null);
  });

  it('rejectUnauthorized: false (# @no-reject-unauthorized) → success with authorized: false', async () => {
    const s = await start({ cert: f.selfSignedCert, key: f.selfSignedKey });
    const result = await client().send(wireRequest(`https://localhost:${s.port}/`), { rejectUnauthorized: false });
    try {
      assert.equal(result.response.status, 200);
      assert.equal(result.connection.tls?.authorized, false);
      assert.equal(result.connection.tls?.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(result.connection.tls?.certificate?.subject ?? '', /CN=localhost/);
    } finally {
      result.dispose();
    }
  });

  it('a connection opened without verification is not reused for a verifying request', async () => {
    const s = await start({ cert: f.selfSignedCert, key: f.selfSignedKey });
    const c = client();
    const insecure = await c.send(wireRequest(`https://localhost:${s.port}/`), { rejectUnauthorized: false });
    insecure.dispose();
    const err = await rejection(c.send(wireRequest(`https://localhost:${s.port}/`)));
    assert.equal(err.code, 'HW_TLS');
  });

  it('a certificate for another host name (other.test) → HW_TLS', async () => {
    const s = await start({ cert: f.otherCert, key: f.otherKey });
    const err = await rejection(trusting().send(wireRequest(`https://localhost:${s.port}/`)));
    assert.equal(err.code, 'HW_TLS');
    assert.match(err.message, /host name|localhost/);
    assert.equal((err.detail as { tlsCode?: string }).tlsCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.equal(s.requests.length, 0);
  });

  describe('issue 10, item 4: the certificate is checked against the URL host, not the address dialled', () => {
    const proxies: TestProxy[] = [];
    afterEach(async () => {
      await Promise.all(proxies.splice(0).map((p) => p.close()));
    });
    /** A way to reach the test server on 127.0.0.1 for a URL naming `host`. */
    interface Dial {
      readonly name: string;
      readonly url: (port: number) => string;
      readonly options: (port: number) => Promise<ClientOptions>;
    }
    const tunnel = async (host: string, port: number): Promise<ClientOptions> => {
      const p = await TestProxy.start();
      proxies.push(p);
      p.routes.set(`${host}:443`, { host: '127.0.0.1', port });
      return { proxy: { https: `http://127.0.0.1:${p.port}` } };
    };
    const dialsTo = (host: string): Dial[] => [
      { name: '--connect-to', url: () => `https://${host}/`, options: (port) => Promise.resolve({ connectTo: new Map([[`${host}:443`, { host: '127.0.0.1', port }]]) }) },
      { name: 'a CONNECT tunnel', url: () => `https://${host}/`, options: (port) => tunnel(host, port) },
    ];
    const resolver: Dial = {
      name: 'a resolver answering 127.0.0.1',
      url: (port) => `https://api.test:${port}/`,
      options: () => Promise.resolve({ connector: createConnector({ lookup: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]) }) }),
    };
    const send = async (dial: Dial, port: number): Promise<void> => {
      const result = await trusting(await dial.options(port)).send(wireRequest(dial.url(port)));
      result.dispose();
    };

    for (const dial of [...dialsTo('api.test'), resolver]) {
      it(`api.test by ${dial.name}: its own certificate passes; other.test's, or 127.0.0.1's, → HW_TLS`, async () => {
        const right = await start({ cert: f.apiCert, key: f.apiKey });
        await send(dial, right.port);
        assert.equal(right.peers[0]?.servername, 'api.test');
        for (const wrong of [{ cert: f.otherCert, key: f.otherKey }, { cert: f.serverCert, key: f.serverKey }]) {
          const s = await start(wrong);
          const err = await rejection(send(dial, s.port));
          assert.equal(err.code, 'HW_TLS');
          assert.equal((err.detail as { tlsCode?: string }).tlsCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
          assert.equal(s.requests.length, 0, 'nothing was sent to a server with the wrong certificate');
        }
      });
    }

    // An IP-literal URL has no SNI: Node checked the certificate against the host of the socket
    // TLS ran over, 127.0.0.1 here, which the server's certificate covers.
    for (const dial of dialsTo('127.0.0.2')) {
      it(`https://127.0.0.2/ by ${dial.name} to 127.0.0.1: a certificate for 127.0.0.1 → HW_TLS; one for 127.0.0.2 passes`, async () => {
        const wrong = await start({ cert: f.serverCert, key: f.serverKey });
        const err = await rejection(send(dial, wrong.port));
        assert.equal(err.code, 'HW_TLS');
        assert.equal((err.detail as { tlsCode?: string }).tlsCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
        assert.match(err.message, /^TLS verification failed for 127\.0\.0\.2( at 127\.0\.0\.1)?:\d+: the certificate is not for this host name/);
        assert.equal(wrong.requests.length, 0, 'nothing was sent to a server with the wrong certificate');
        const right = await start({ cert: f.apiCert, key: f.apiKey });
        await send(dial, right.port);
        assert.equal(right.requests.length, 1);
      });
    }
  });

  describe('client certificate required by the server', () => {
    const mutual = (): tls.TlsOptions => ({ cert: f.serverCert, key: f.serverKey, ca: f.caCert, requestCert: true, rejectUnauthorized: true });

    // TLS 1.2 refuses during the handshake; TLS 1.3 finishes the client's side first and sends the
    // "certificate required" alert after it (RFC 8446 §4.4.2.4): both are TLS failures.
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      it(`fails without a client certificate, as a TLS error (${maxVersion})`, async () => {
        const s = await start({ ...mutual(), maxVersion });
        const err = await rejection(trusting().send(wireRequest(`https://localhost:${s.port}/`)));
        assert.equal(err.code, 'HW_TLS', `got ${err.code}: ${err.message}`);
        assert.match(err.message, /certificate|handshake/i);
        assert.equal(s.requests.length, 0);
      });
    }

    it('succeeds with tlsForHost(() => ({ ca, cert, key }))', async () => {
      const s = await start(mutual());
      const c = client({ tlsForHost: () => ({ ca: f.caCert, cert: f.clientCert, key: f.clientKey }) });
      const result = await c.send(wireRequest(`https://localhost:${s.port}/`));
      result.dispose();
      assert.equal(result.response.status, 200);
      assert.equal(s.peers[0]?.authorized, true);
      assert.equal(s.peers[0]?.peerCertificateSubject, 'HTTP Wire Test Client');
    });
  });

  it('SNI: the server sees the URL host as servername when connectTo maps example.test:443', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey });
    const c = trusting({ connectTo: new Map([['example.test:443', { host: '127.0.0.1', port: s.port }]]) });
    const result = await c.send(wireRequest('https://example.test/sni'));
    try {
      assert.equal(result.response.status, 200);
      assert.equal(s.peers[0]?.servername, 'example.test');
      assert.deepEqual(valuesOf(s.requests[0]!, 'host'), ['example.test'], 'Host keeps the URL authority');
      assert.equal(result.connection.remotePort, s.port);
      assert.equal(result.url, 'https://example.test/sni');
    } finally {
      result.dispose();
    }
  });

  it('SNI is not sent for an IP address (RFC 6066 §3); the IP is still verified', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey });
    const result = await trusting().send(wireRequest(`https://127.0.0.1:${s.port}/`));
    result.dispose();
    assert.equal(result.response.status, 200);
    assert.ok(!s.peers[0]?.servername, `servername was ${String(s.peers[0]?.servername)}`);
  });

  it('keep-alive: a second request reuses the TLS connection, without a new handshake', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey });
    const c = trusting();
    const first = await c.send(wireRequest(`https://localhost:${s.port}/1`));
    first.dispose();
    const second = await c.send(wireRequest(`https://localhost:${s.port}/2`));
    second.dispose();
    assert.equal(first.connection.isReused, false);
    assert.equal(second.connection.isReused, true);
    assert.equal(second.connection.id, first.connection.id);
    assert.equal(second.connection.requestIndex, 2);
    assert.equal(second.timings.tlsMs, 0);
    assert.ok(second.connection.tls, 'a reused connection still shows its TLS details');
    assert.equal(s.peers.length, 1, 'one handshake');
    assert.deepEqual(s.requests.map((r) => r.target), ['/1', '/2']);
  });

  it('a changed CA for the same host is not served by a connection verified with the old one', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey });
    let ca = f.caCert;
    const c = client({ tlsForHost: () => ({ ca }) });
    const first = await c.send(wireRequest(`https://localhost:${s.port}/`));
    first.dispose();
    // Now trust only an unrelated certificate: the server's chain no longer verifies.
    ca = f.selfSignedCert;
    const err = await rejection(c.send(wireRequest(`https://localhost:${s.port}/`)));
    assert.equal(err.code, 'HW_TLS');
  });

  it('different TLS settings for the same host do not share a connection', async () => {
    const s = await start({ cert: f.serverCert, key: f.serverKey, ca: f.caCert, requestCert: true, rejectUnauthorized: false });
    let withCert = false;
    const c = client({ tlsForHost: () => (withCert ? { ca: f.caCert, cert: f.clientCert, key: f.clientKey } : { ca: f.caCert }) });
    const anonymous = await c.send(wireRequest(`https://localhost:${s.port}/`));
    anonymous.dispose();
    withCert = true;
    const identified = await c.send(wireRequest(`https://localhost:${s.port}/`));
    identified.dispose();
    assert.equal(identified.connection.isReused, false);
    assert.equal(s.peers.length, 2);
    assert.equal(s.peers[1]?.peerCertificateSubject, 'HTTP Wire Test Client');
  });
});
