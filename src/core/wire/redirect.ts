import { ErrorCodes, HttpWireError } from '../errors';
import type { RawHeader } from '../response/model';
import type { HeaderChange, WireRequest } from './wire-request';
import { utf8IfValid } from './header-text';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** Headers that describe a body; they go when a redirect drops the body. */
const BODY_HEADERS = new Set(['content-length', 'content-type', 'transfer-encoding', 'content-encoding', 'content-language', 'content-location', 'expect']);
/** Credentials never follow a redirect to another origin (undici and browsers agree). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The request a redirect asks for (RFC 9110 §15.4): `location` resolved against the current URL;
 * 303 (and 301/302 after a POST, as every browser does) becomes a GET without body, 307 and 308
 * keep method and body; a Host header stays within the origin and becomes the new URL's on
 * another, where credentials are dropped.
 * Throws HW_PROTOCOL for a Location that is not an http(s) URL.
 */
export function redirectRequest(previous: WireRequest, status: number, location: string): WireRequest {
  let url: URL;
  try {
    // The parser keeps a header's bytes as latin1; a Location of UTF-8 bytes is read as UTF-8, as
    // browsers and curl read it (`/café` → /caf%C3%A9, not /caf%C3%83%C2%A9).
    url = new URL(utf8IfValid(location), previous.url);
  } catch (err) {
    throw new HttpWireError(ErrorCodes.protocol, `The redirect's Location ${JSON.stringify(location)} is not a valid URL.`, {}, err);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpWireError(ErrorCodes.protocol, `The redirect goes to a ${url.protocol} URL, which HTTP Wire does not follow.`);
  }
  url.hash = '';
  const changesMethod = status === 303 ? previous.method !== 'HEAD' : (status === 301 || status === 302) && previous.method === 'POST';
  const method = changesMethod ? 'GET' : previous.method;
  const isCrossOrigin = url.origin !== previous.url.origin;
  const changes: HeaderChange[] = [];
  const headers: RawHeader[] = [];
  for (const [name, value] of previous.headers) {
    const lower = name.toLowerCase();
    if (changesMethod && BODY_HEADERS.has(lower)) {
      changes.push({ name, action: 'removed', from: value, reason: `The ${status} redirect turns the request into a GET without body.` });
    } else if (lower === 'authorization' && previous.digest !== undefined && !isCrossOrigin) {
      // Our answer to the last hop's Digest challenge, for its URI: the next hop answers its own.
      changes.push({ name, action: 'removed', from: value, reason: 'The Digest answer was for the URL before the redirect; the next challenge gets its own.' });
    } else if (isCrossOrigin && CREDENTIAL_HEADERS.has(lower)) {
      changes.push({ name, action: 'removed', from: value, reason: `Credentials are not sent to another origin (${url.origin}).` });
    } else if (lower === 'host' && !isCrossOrigin) {
      // A Host written by hand names a virtual host behind the URL's address: the same origin's
      // next URL is on that virtual host too (curl keeps it so).
      headers.push([name, value]);
    } else if (lower === 'host') {
      if (value !== url.host) changes.push({ name, action: 'changed', from: value, to: url.host, reason: 'Host follows the redirect to another origin.' });
      headers.push([name, url.host]);
    } else {
      headers.push([name, value]);
    }
  }
  return {
    method,
    target: `${url.pathname}${url.search}`,
    url,
    httpVersion: previous.httpVersion,
    headers,
    body: changesMethod ? [] : previous.body,
    changes,
    // The body goes on as framed; Digest credentials go on to the same origin only, like the headers above.
    ...(!changesMethod && previous.unchunkedBody !== undefined ? { unchunkedBody: previous.unchunkedBody } : {}),
    ...(!isCrossOrigin && previous.digest !== undefined ? { digest: previous.digest } : {}),
  };
}
