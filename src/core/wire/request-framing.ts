import { isSameName } from '../ascii';
import { bodyLength, type WireRequest } from './wire-request';

/**
 * Why the server might find another end to this request's body than the bytes we sent, as a
 * sentence for the result's warnings; undefined when the framing is exact: one Content-Length
 * equal to the body, neither header and no body, or a chunked body framed by the client itself
 * (RFC 9112 §6.3).
 *
 * Doubtful are a Transfer-Encoding (its chunks are bytes the user wrote, and a server may not
 * take it at all), Transfer-Encoding with Content-Length, several Content-Length headers, and a
 * Content-Length that is not the body's length or is missing for a body (what `# @verbatim` can
 * send). A server reading such a request may take the rest of the body as a second request and
 * answer it (RFC 9112 §11.2, request smuggling): after the exchange the client closes the
 * connection, so that answer can never be read as the response to a later request.
 */
export function requestFramingDoubt(request: WireRequest): string | undefined {
  const headers = request.headers;
  let contentLengths = 0;
  let written = '';
  let hasTransferEncoding = false;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    // Told apart by length first (see firstHeader).
    if (name.length === 14 && isSameName(name, 'content-length')) {
      if (contentLengths++ === 0) written = headers[i]![1];
    } else if (name.length === 17 && isSameName(name, 'transfer-encoding')) {
      hasTransferEncoding = true;
    }
  }
  const size = bodyLength(request.body);
  let doubt: string | undefined;
  if (hasTransferEncoding && contentLengths === 0 && request.unchunkedBody !== undefined) doubt = undefined;
  else if (hasTransferEncoding) doubt = contentLengths > 0 ? 'it has both Transfer-Encoding and Content-Length' : 'its Transfer-Encoding framing was written by hand';
  else if (contentLengths > 1) doubt = `it has ${contentLengths} Content-Length headers`;
  else if (contentLengths === 1 && written.trim() !== String(size)) doubt = `its Content-Length ${written.trim()} is not the body's ${size} bytes`;
  else if (contentLengths === 0 && size > 0) doubt = `its ${size}-byte body has no Content-Length`;
  return doubt === undefined ? undefined : `The request's framing was in doubt (${doubt}): its connection was closed after the response and not reused.`;
}
