// Host side, no DOM and no `vscode`: the Timing view's waterfall, the connection and the peer's
// certificate, and what the client changed in the request, from a SendResult (protocol.ts).
import { formatByteSize } from '../core/response/exchange-summary';
import type { SecretMasker } from '../core/secret-masker';
import { formatAuthority, type TlsInfo } from '../core/wire/connect';
import type { AddressAttempt } from '../core/wire/happy-eyeballs';
import type { ConnectionInfo, SendResult, Timings } from '../core/wire/send-result';
import type { HeaderChange } from '../core/wire/wire-request';
import type { ClientChangeView, ConnectionView, LabelledValue, TimingPhase } from './protocol';
import { formatMs } from './units';

/** "connection #2, request 3 on it (reused)". */
export function connectionText(connection: ConnectionInfo): string {
  const how = connection.isReused ? 'reused' : 'new';
  const retry = connection.isRetry ? ', sent again after a closed keep-alive socket' : '';
  return `connection #${connection.id}, request ${connection.requestIndex} on it (${how}${retry})`;
}

/**
 * The final exchange's phases one after the other, as a waterfall: DNS, connect, proxy and TLS
 * (all 0 on a reused connection), send, wait for the first byte, download. Earlier redirect hops
 * come first as one phase, the rest of the total.
 */
export function timingPhases(t: Timings, connection: ConnectionInfo, hasRedirects: boolean): TimingPhase[] {
  const steps: Array<[string, number]> = [
    ['DNS', t.dnsMs],
    ['Connect', t.connectMs],
    ...(connection.proxy !== undefined ? [['Proxy', t.proxyMs] as [string, number]] : []),
    ['TLS', t.tlsMs],
    ['Send', t.sendMs],
    ['Wait (first byte)', t.waitMs],
    ['Download', t.downloadMs],
  ];
  const final = steps.reduce((sum, [, ms]) => sum + ms, 0);
  const earlier = hasRedirects ? Math.max(0, t.totalMs - final) : 0;
  const phases: TimingPhase[] = [];
  let at = 0;
  if (hasRedirects) {
    phases.push({ name: 'Redirects before', startMs: 0, ms: earlier });
    at = earlier;
  }
  for (const [name, ms] of steps) {
    phases.push({ name, startMs: at, ms });
    at += ms;
  }
  return phases;
}

function attemptText(a: AddressAttempt): string {
  const family = a.family === 6 ? 'IPv6' : 'IPv4';
  const outcome = a.outcome === 'failed' ? `failed${a.error === undefined ? '' : ` (${a.error})`}` : a.outcome;
  return `${a.address} (${family}) at ${formatMs(a.startMs)}: ${outcome}`;
}

function tlsRows(tls: TlsInfo): LabelledValue[] {
  const rows: LabelledValue[] = [
    ['Protocol', tls.protocol ?? 'unknown'],
    ['Cipher', tls.cipher ?? 'unknown'],
    ['ALPN', tls.alpnProtocol ?? 'none'],
    ['Verified', tls.authorized ? 'yes' : `no${tls.authorizationError === null ? '' : ` (${tls.authorizationError})`}`],
  ];
  const cert = tls.certificate;
  if (cert === null) return [...rows, ['Certificate', 'none presented']];
  return [
    ...rows,
    ['Subject', cert.subject],
    ['Issuer', cert.issuer],
    ['Valid from', cert.validFrom],
    ['Valid to', cert.validTo],
    ...(cert.subjectAltName === null ? [] : [['Names', cert.subjectAltName] as LabelledValue]),
    ['SHA-256 fingerprint', cert.fingerprint256],
  ];
}

/** Where the answer came from, the addresses tried, and the TLS session and certificate. */
export function connectionView(result: SendResult, masker: SecretMasker): ConnectionView {
  const c = result.connection;
  const remote = formatAuthority(c.remoteAddress, c.remotePort);
  const rows: LabelledValue[] = [
    [c.proxy === undefined ? 'Remote address' : 'Proxy address', remote],
    ['Connection', connectionText(c)],
    ...(c.proxy === undefined ? [] : [['Proxy', masker.maskText(c.proxy)] as LabelledValue]),
    ...c.attempts.map((a, i): LabelledValue => [i === 0 ? 'Addresses tried' : '', attemptText(a)]),
    ['Sent', `${formatByteSize(result.capture.sentBytes)}`],
    ['Received', `${formatByteSize(result.capture.receivedBytes)}`],
  ];
  return { rows, tls: c.tls === undefined ? undefined : tlsRows(c.tls) };
}

/** The header changes of the request as sent, values masked. */
export function clientChanges(changes: readonly HeaderChange[], masker: SecretMasker): ClientChangeView[] {
  return changes.map((ch) => {
    const from = ch.from === undefined ? undefined : masker.maskText(ch.from);
    const to = ch.to === undefined ? undefined : masker.maskText(ch.to);
    const text = ch.action === 'changed' ? `${ch.name}: ${from ?? ''} → ${to ?? ''}` : `${ch.name}: ${(ch.action === 'added' ? to : from) ?? ''}`;
    return { name: ch.name, action: ch.action, text, reason: ch.reason };
  });
}
