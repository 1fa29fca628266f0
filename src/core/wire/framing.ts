import { ErrorCodes, HttpWireError } from '../errors';
import { isSameName } from '../ascii';
import type { ResponseHead } from '../response/model';

/** How the body of a response is delimited (RFC 9112 §6.3). */
export type Framing =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  | { readonly kind: 'close' };

export interface FramingDecision {
  readonly framing: Framing;
  /** May the connection carry another request after this response? */
  readonly isKeepAlive: boolean;
  /** Transfer codings other than chunked, outermost last (e.g. `gzip` of `gzip, chunked`). */
  readonly transferCodings: readonly string[];
  /** Things a careful reader should know, e.g. both Transfer-Encoding and Content-Length. */
  readonly warnings: readonly string[];
}

const DIGITS = /^\d+$/;
const NONE: readonly string[] = [];

function commaList(values: readonly string[]): string[] {
  if (values.length === 0) return [];
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function lowerTokens(values: readonly string[] | undefined): readonly string[] {
  if (values === undefined) return NONE;
  // The usual one token (`Connection: keep-alive`, `Transfer-Encoding: chunked`), without the
  // three arrays of a list: 5 µs of every keep-alive response.
  if (values.length === 1 && !values[0]!.includes(',')) {
    const token = values[0]!.trim().toLowerCase();
    return token === '' ? NONE : [token];
  }
  return commaList(values).map((t) => t.toLowerCase());
}

/** RFC 9112 §6.3 rules 5 and 6: one length, or a list of identical ones (RFC 9110 §8.6); anything else is refused. */
function contentLength(lengths: readonly string[], offset: number): number {
  // The usual single plain number, read without splitting lists.
  if (lengths.length === 1 && lengths[0]!.length < 16 && DIGITS.test(lengths[0]!)) return Number(lengths[0]);
  const values = commaList(lengths);
  const first = values[0];
  if (first === undefined || values.some((v) => !DIGITS.test(v))) {
    throw new HttpWireError(ErrorCodes.protocol, `Invalid Content-Length ${JSON.stringify(lengths.join(', '))}: it must be a number of bytes.`, { offset });
  }
  if (values.some((v) => v !== first)) {
    throw new HttpWireError(ErrorCodes.protocol, `Conflicting Content-Length values: ${values.join(', ')}.`, { offset });
  }
  const length = Number(first);
  if (!Number.isSafeInteger(length)) throw new HttpWireError(ErrorCodes.protocol, `Content-Length ${first} is too large.`, { offset });
  return length;
}

/**
 * Decides the framing of a final response. `isHeadRequest`: responses to HEAD never have a body.
 * Throws HW_PROTOCOL for an invalid or conflicting Content-Length.
 */
export function decideFraming(head: ResponseHead, isHeadRequest: boolean, offset: number, isConnectRequest = false): FramingDecision {
  const warnings: string[] = [];
  // One pass for the three headers that decide; lists are made only for those present.
  let connectionValues: string[] | undefined;
  let transferValues: string[] | undefined;
  let lengths: string[] | undefined;
  const headers = head.headers;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    const value = headers[i]![1];
    // Told apart by length first (see firstHeader): most names are none of the three.
    switch (name.length) {
      case 14:
        if (isSameName(name, 'content-length')) (lengths ??= []).push(value);
        break;
      case 10:
        if (isSameName(name, 'connection')) (connectionValues ??= []).push(value);
        break;
      case 17:
        if (isSameName(name, 'transfer-encoding')) (transferValues ??= []).push(value);
        break;
    }
  }
  const connection = lowerTokens(connectionValues);
  let isKeepAlive = head.httpVersion === 'HTTP/1.0' ? connection.includes('keep-alive') : !connection.includes('close');
  const status = head.status;

  // §6.3 rule 2: a 2xx to CONNECT has no content; the connection is a tunnel from there on, which
  // HTTP Wire does not use: it is not reused.
  if (isConnectRequest && status >= 200 && status < 300) {
    warnings.push('The tunnel this CONNECT opened is not used: HTTP Wire closes the connection after the answer.');
    return { framing: { kind: 'none' }, isKeepAlive: false, transferCodings: [], warnings };
  }
  // §6.3 rule 1: these never have content, whatever their headers say. A 101 hands the connection
  // to another protocol, which we do not speak, so it is not reused.
  if (isHeadRequest || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    if (status === 101) isKeepAlive = false;
    return { framing: { kind: 'none' }, isKeepAlive, transferCodings: [], warnings };
  }
  const transferEncoding = lowerTokens(transferValues);
  if (transferEncoding.length > 0) {
    if (lengths !== undefined) {
      // §6.1: Transfer-Encoding overrides Content-Length, and such a message is suspect: never reuse
      // the connection after it.
      warnings.push('The response has both Transfer-Encoding and Content-Length; Content-Length was ignored (RFC 9112 §6.1).');
      isKeepAlive = false;
    }
    // §6.1: chunked at most once; §6.3 rule 4: when it is not the last coding, the body runs until
    // the server closes the connection.
    if (transferEncoding.filter((t) => t === 'chunked').length > 1) {
      throw new HttpWireError(ErrorCodes.protocol, `Transfer-Encoding applies chunked more than once: "${transferEncoding.join(', ')}".`, { offset });
    }
    const isChunked = transferEncoding[transferEncoding.length - 1] === 'chunked';
    const others = isChunked ? transferEncoding.slice(0, -1) : transferEncoding;
    // §6.1: Transfer-Encoding in an HTTP/1.0 message means its framing is faulty; close after it.
    if (!isChunked || head.httpVersion === 'HTTP/1.0') isKeepAlive = false;
    if (!isChunked) return { framing: { kind: 'close' }, isKeepAlive, transferCodings: others, warnings };
    return { framing: { kind: 'chunked' }, isKeepAlive, transferCodings: others, warnings };
  }
  if (lengths !== undefined) {
    return { framing: { kind: 'length', length: contentLength(lengths, offset) }, isKeepAlive, transferCodings: [], warnings };
  }
  // §6.3 rule 8: no length at all means the body runs until the server closes the connection.
  return { framing: { kind: 'close' }, isKeepAlive: false, transferCodings: [], warnings };
}
