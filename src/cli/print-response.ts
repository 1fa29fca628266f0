import type { HttpWireError } from '../core/errors';
import type { BodyDigest, ByteTarget } from '../core/response/body-sink';
import { statusLineOf, type ResponseHead } from '../core/response/model';
import type { PartialExchange } from '../core/wire/exchange';
import type { ResponseStart, SinkSendResult } from '../core/wire/send-result';
import type { SecretMasker } from '../core/secret-masker';
import { formatAuthority } from '../core/wire/connect';
import { utf8IfValid } from '../core/wire/header-text';

export interface Printer {
  readonly isColor: boolean;
  readonly isTty: boolean;
  out(text: string | Buffer): void;
  /** Where `out` writes (stdout): bodies are streamed to it with backpressure. */
  readonly stream: ByteTarget;
}

const COLORS = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', reset: '\x1b[0m' };

function paint(p: Printer, color: keyof typeof COLORS, text: string): string {
  return p.isColor ? `${COLORS[color]}${text}${COLORS.reset}` : text;
}

function statusColor(status: number): keyof typeof COLORS {
  return status >= 500 ? 'red' : status >= 400 ? 'yellow' : status >= 300 ? 'cyan' : 'green';
}

/**
 * The head as received. Its bytes are kept as latin1 characters; printed as such they came out as
 * mojibake (`café` as `cafÃ©`): UTF-8 is printed as the bytes it came as, as curl prints them.
 */
function printHead(p: Printer, head: ResponseHead, masker: SecretMasker): void {
  p.out(`${paint(p, 'bold', paint(p, statusColor(head.status), utf8IfValid(statusLineOf(head))))}\r\n`);
  for (const [name, value] of masker.maskHeaders(head.headers)) p.out(`${paint(p, 'cyan', name)}: ${utf8IfValid(value)}\r\n`);
  p.out('\r\n');
}

/**
 * Before the body, like `curl -i`: with `includeRequest` the hops, the connection and the request
 * bytes first, then the informational heads and the final status line and headers as received.
 */
export function printPreamble(p: Printer, start: ResponseStart, includeRequest: boolean, masker: SecretMasker): void {
  if (includeRequest) {
    for (const hop of start.redirects) {
      p.out(paint(p, 'dim', masker.maskText(`> ${hop.request.method} ${hop.request.url}\n< ${hop.response.httpVersion} ${hop.response.status} ${hop.response.reason} → ${hop.location}\n`)));
    }
    const c = start.connection;
    const how = `${c.isReused ? 'reused' : 'new'}${c.isRetry ? ', retried after a stale keep-alive socket' : ''}${c.proxy ? `, via ${c.proxy}` : ''}`;
    p.out(paint(p, 'dim', `* connection #${c.id} to ${formatAuthority(c.remoteAddress, c.remotePort)}, request ${c.requestIndex} on it (${how})\n`));
    if (c.attempts.length > 1) p.out(paint(p, 'dim', `* addresses tried: ${c.attempts.map((a) => `${a.address} (${a.outcome === 'failed' ? (a.error ?? 'failed') : a.outcome})`).join(', ')}\n`));
    if (c.tls) p.out(paint(p, 'dim', `* ${c.tls.protocol ?? 'TLS'} ${c.tls.cipher ?? ''}, certificate ${c.tls.certificate?.subject ?? '(none)'}\n`));
    const sent = masker.maskBytes(start.requestBytes()).toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
    p.out(paint(p, 'dim', sent.replace(/^/gm, '> ')));
    p.out('\n\n');
  }
  for (const info of start.informational) printHead(p, info, masker);
  printHead(p, start.response, masker);
}

/** A binary body on a terminal: how many bytes, not the bytes. */
export function printBinaryNote(p: Printer, length: number, isUndecoded: boolean): void {
  p.out(paint(p, 'dim', `[${length} bytes of binary data${isUndecoded ? ', not decoded' : ''}; redirect stdout to a file to save them]`));
}

/** `--body digest` without --json: the digest where the body would be. */
export function printDigest(p: Printer, digest: BodyDigest): void {
  p.out(paint(p, 'dim', `[${digest.length} bytes, sha256 ${digest.sha256}]`));
  p.out('\n');
}

/**
 * After the body (which the sink printed as it came): the trailers, then with `includeRequest`
 * what is only known at the end, the capture's cut and the timings.
 */
export function printEpilogue(p: Printer, result: SinkSendResult<unknown>, includeRequest: boolean, bodyBytes: number, masker: SecretMasker): void {
  if (result.trailers.length > 0) {
    p.out('\r\n');
    for (const [name, value] of masker.maskHeaders(result.trailers)) p.out(`${paint(p, 'cyan', name)}: ${value}\r\n`);
  }
  // On a terminal the prompt, with --include the lines below, would follow a body without a final newline on its line.
  if (bodyBytes > 0 && (p.isTty || includeRequest)) p.out('\n');
  if (!includeRequest) return;
  const cap = result.capture;
  if (cap.isTruncated) {
    p.out(paint(p, 'dim', `* raw capture cut at ${cap.limitBytes} bytes per direction (${cap.sentBytes} sent, ${cap.receivedBytes} received)\n`));
  }
  const t = result.timings;
  p.out(paint(p, 'dim', `* ${t.totalMs.toFixed(1)} ms: dns ${t.dnsMs.toFixed(1)}, connect ${t.connectMs.toFixed(1)}, tls ${t.tlsMs.toFixed(1)}, first byte ${t.firstByteMs.toFixed(1)}, download ${t.downloadMs.toFixed(1)}\n`));
}

/**
 * A failed request: the error in one sentence, then whatever arrived before it, unless the head
 * and the body so far are on stdout already (`isShown`).
 */
export function printFailure(p: Printer, err: HttpWireError, label: string, isShown: boolean, masker: SecretMasker): void {
  process.stderr.write(masker.maskText(`http-wire: ${label}: ${err.message} [${err.code}]\n`));
  const partial = (err.detail as { partial?: PartialExchange }).partial;
  if (partial && partial.capture.receivedBytes > 0 && !isShown) {
    // Said where it is read (stderr) and where the bytes go (stdout): apart in a CI log that keeps the two.
    process.stderr.write(`http-wire: the ${partial.capture.receivedBytes} bytes received before that follow on stdout.\n`);
    p.out(masker.maskBytes(partial.capture.received));
    p.out('\n');
  }
}
