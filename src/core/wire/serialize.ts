import { TOKEN } from '../ascii';
import { ErrorCodes, HttpWireError } from '../errors';
import type { RawHeader } from '../response/model';
import type { WireRequest } from './wire-request';

 
const CR_LF_NUL = /[\r\n\0]/;
// eslint-disable-next-line no-control-regex
const TARGET_FORBIDDEN = /[\x00-\x20\x7f]/;

function invalid(message: string, detail: Record<string, unknown>): HttpWireError {
  return new HttpWireError(ErrorCodes.invalidRequest, message, detail);
}

function describeChar(c: string): string {
  return c === '\r' ? 'CR' : c === '\n' ? 'LF' : c === '\0' ? 'NUL' : c === ' ' ? 'a space' : `0x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * Refuses what would corrupt the message on the wire, before a byte is written: a method that is
 * not a token, a target with spaces or controls, header names that are not tokens, and CR, LF or
 * NUL in header values (header injection, as undici's test/request-crlf.js guards against).
 */
export function validateRequest(method: string, target: string, headers: readonly RawHeader[]): void {
  if (!TOKEN.test(method)) throw invalid(`The method ${JSON.stringify(method)} is not a valid token.`, { field: 'method' });
  const bad = TARGET_FORBIDDEN.exec(target);
  if (bad || target === '') {
    throw invalid(bad ? `The request-target contains ${describeChar(bad[0])}: ${JSON.stringify(target)}.` : 'The request-target is empty.', { field: 'target' });
  }
  // Indexed, not `for (const [name, value] of ...)`: see response/model.ts.
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    const value = headers[i]![1];
    if (!TOKEN.test(name)) {
      const c = CR_LF_NUL.exec(name);
      throw invalid(c ? `The header name ${JSON.stringify(name)} contains ${describeChar(c[0])}.` : `The header name ${JSON.stringify(name)} is not a valid token.`, { field: 'header', header: name });
    }
    const c = CR_LF_NUL.exec(value);
    if (c) throw invalid(`The value of header "${name}" contains ${describeChar(c[0])}; refusing to send it.`, { field: 'header', header: name });
  }
}

/**
 * The request line and headers, CRLF-terminated, with the blank line that ends them. Validates
 * first unless the caller already did (`isValidated`).
 */
export function serializeHead(request: WireRequest, shouldValidate = true): Buffer {
  if (shouldValidate) validateRequest(request.method, request.target, request.headers);
  let head = `${request.method} ${request.target} ${request.httpVersion}\r\n`;
  const headers = request.headers;
  for (let i = 0; i < headers.length; i++) head += `${headers[i]![0]}: ${headers[i]![1]}\r\n`;
  head += '\r\n';
  // The bytes as the user wrote them: .http files are UTF-8 text, so non-ASCII in a value
  // (`X-Name: García`) goes out as its UTF-8 bytes, as curl sends it.
  return Buffer.from(head, 'utf8');
}
