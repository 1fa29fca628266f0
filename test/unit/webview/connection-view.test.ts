/**
 * The Timing tab's waterfall and connection table, and the Raw tab's marks for what the client
 * changed (issue 11, item 3): the host-side models from real sends and plain data, and the UI's
 * DOM-free geometry and line marking.
 */
import * as assert from 'node:assert/strict';
import { SecretMasker } from '../../../src/core/secret-masker';
import type { TlsInfo } from '../../../src/core/wire/connect';
import type { ConnectionInfo, SendResult, Timings } from '../../../src/core/wire/send-result';
import { clientChanges, connectionView, timingPhases } from '../../../src/webview/connection-view';
import type { ClientChangeView } from '../../../src/webview/protocol';
import { markSentLines } from '../../../src/webview/ui/sent-lines';
import { barGeometry } from '../../../src/webview/ui/waterfall-geometry';

const TIMINGS: Timings = { dnsMs: 1, connectMs: 2, tlsMs: 3, proxyMs: 0, sendMs: 0.5, waitMs: 10, downloadMs: 4, firstByteMs: 16.5, totalMs: 20.5 };

function connection(over: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return { id: 2, requestIndex: 3, isReused: true, remoteAddress: '127.0.0.1', remotePort: 8081, attempts: [], tls: undefined, proxy: undefined, isRetry: false, ...over };
}

describe('webview: Timing waterfall and connection (issue 11, item 3)', () => {
  it('lays the phases end to end from 0', () => {
    const phases = timingPhases(TIMINGS, connection(), false);
    assert.deepEqual(
      phases.map((p) => [p.name, p.startMs, p.ms]),
      [['DNS', 0, 1], ['Connect', 1, 2], ['TLS', 3, 3], ['Send', 6, 0.5], ['Wait (first byte)', 6.5, 10], ['Download', 16.5, 4]],
    );
  });

  it('puts the redirect hops before the final exchange as one phase, and a proxy phase when there is one', () => {
    const phases = timingPhases({ ...TIMINGS, proxyMs: 1.5, totalMs: 52 }, connection({ proxy: 'http://127.0.0.1:3128' }), true);
    assert.deepEqual(phases.slice(0, 4).map((p) => [p.name, p.startMs, p.ms]), [['Redirects before', 0, 30], ['DNS', 30, 1], ['Connect', 31, 2], ['Proxy', 33, 1.5]]);
    assert.equal(phases.at(-1)!.startMs + phases.at(-1)!.ms, 52);
  });

  it('places each bar in percent of the whole send, a 0 ms phase as a hairline', () => {
    assert.deepEqual(barGeometry({ name: 'Wait', startMs: 5, ms: 10 }, 20), { leftPercent: 25, widthPercent: 50 });
    assert.deepEqual(barGeometry({ name: 'DNS', startMs: 0, ms: 0 }, 20), { leftPercent: 0, widthPercent: 0.25 });
    // Never past the end of the track, even when rounding makes a phase end after the total.
    const late = barGeometry({ name: 'Download', startMs: 19, ms: 2 }, 20);
    assert.ok(late.leftPercent + late.widthPercent <= 100.0001, JSON.stringify(late));
  });

  it('shows the remote address, the reuse, the addresses tried and the certificate', () => {
    const tls: TlsInfo = {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      alpnProtocol: 'http/1.1',
      authorized: false,
      authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
      certificate: { subject: 'CN=localhost', issuer: 'CN=Test CA', validFrom: 'Jan 1 2026', validTo: 'Jan 1 2027', fingerprint256: 'AA:BB', subjectAltName: 'DNS:localhost, IP Address:127.0.0.1' },
    };
    const c = connection({
      remoteAddress: '::1',
      isReused: false,
      requestIndex: 1,
      tls,
      attempts: [
        { address: '::1', family: 6, startMs: 0, outcome: 'connected' },
        { address: '127.0.0.1', family: 4, startMs: 250, outcome: 'abandoned' },
      ],
    });
    const result = { connection: c, capture: { sentBytes: 120, receivedBytes: 2048 } } as unknown as SendResult;
    const view = connectionView(result, SecretMasker.create());
    const rows = Object.fromEntries(view.rows.filter(([label]) => label !== ''));
    assert.equal(rows['Remote address'], '[::1]:8081');
    assert.equal(rows['Connection'], 'connection #2, request 1 on it (new)');
    assert.deepEqual(view.rows.filter(([label]) => label === 'Addresses tried' || label === '').map(([, v]) => v), ['::1 (IPv6) at 0.0 ms: connected', '127.0.0.1 (IPv4) at 250.0 ms: abandoned']);
    assert.equal(rows['Received'], '2.0 KB');
    const cert = Object.fromEntries(view.tls ?? []);
    assert.equal(cert['Verified'], 'no (SELF_SIGNED_CERT_IN_CHAIN)');
    assert.equal(cert['Subject'], 'CN=localhost');
    assert.equal(cert['Names'], 'DNS:localhost, IP Address:127.0.0.1');
    assert.equal(connectionView({ ...result, connection: connection() } as SendResult, SecretMasker.create()).tls, undefined);
  });

  it('masks the credentials of a proxy', () => {
    const masker = SecretMasker.create();
    masker.addUrlCredentials('http://user:hunter22@127.0.0.1:3128');
    const result = { connection: connection({ proxy: 'http://user:hunter22@127.0.0.1:3128' }), capture: { sentBytes: 0, receivedBytes: 0 } } as unknown as SendResult;
    assert.doesNotMatch(JSON.stringify(connectionView(result, masker)), /hunter22/);
  });
});

describe('webview: Raw marks what the client changed (issue 11, item 3)', () => {
  const changes: ClientChangeView[] = clientChanges(
    [
      { name: 'Host', action: 'added', to: '127.0.0.1:8081', reason: 'HTTP/1.1 requires a Host header; taken from the URL.' },
      { name: 'Content-Length', action: 'changed', from: '64', to: '63', reason: 'The body is 63 bytes, not 64.' },
      { name: 'Content-Length', action: 'removed', from: '5', reason: 'A second Content-Length could give the server another end of the body.' },
    ],
    SecretMasker.create(),
  );

  it('describes each change in one line', () => {
    assert.deepEqual(changes.map((c) => c.text), ['Host: 127.0.0.1:8081', 'Content-Length: 64 → 63', 'Content-Length: 5']);
  });

  it('marks the added and changed header lines of the head, not the body or a removed one', () => {
    const sent = 'POST /f HTTP/1.1\r\nHost: 127.0.0.1:8081\r\ncontent-length: 63\r\nX-A: Host: no\r\n\r\nHost: in the body';
    const lines = markSentLines(sent, changes);
    assert.equal(lines.map((l) => l.text).join(''), sent);
    assert.deepEqual(
      lines.map((l) => [l.text.trimEnd(), l.change?.action ?? null]),
      [['POST /f HTTP/1.1', null], ['Host: 127.0.0.1:8081', 'added'], ['content-length: 63', 'changed'], ['X-A: Host: no', null], ['\r\nHost: in the body', null]],
    );
  });

  it('leaves a head without changes unmarked, and a cut head whole', () => {
    const cut = 'GET / HTTP/1.1\r\nAccept: */*\r\nUser-Ag';
    assert.equal(markSentLines(cut, []).map((l) => l.text).join(''), cut);
    assert.ok(markSentLines(cut, []).every((l) => l.change === undefined));
  });
});
