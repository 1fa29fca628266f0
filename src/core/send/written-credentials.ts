import { isSameName } from '../ascii';
import { basicToken, userInfoOf } from '../basic-credentials';
import { firstHeader, type RawHeader } from '../response/model';
import type { DigestCredentials } from '../wire/digest-auth';
import type { HeaderChange } from '../wire/wire-request';

/**
 * `Basic` credentials written in clear, as REST Client, httpYac and JetBrains' client accept them:
 * `user:password`, or `user password` (the first space parts them). Undefined for a value that is
 * no Basic credentials, or is encoded already (a base64 token holds neither `:` nor a space).
 */
export function clearBasicCredentials(value: string): string | undefined {
  const m = /^[ \t]*basic[ \t]+(\S.*?)[ \t]*$/i.exec(value);
  if (m === null) return undefined;
  const credentials = m[1]!;
  if (credentials.includes(':')) return credentials;
  const space = /[ \t]+/.exec(credentials);
  return space === null ? undefined : `${credentials.slice(0, space.index)}:${credentials.slice(space.index + space[0].length)}`;
}

/**
 * Encodes every `Authorization: Basic user:password` (or `user password`) as RFC 7617 says:
 * base64 of `user:password` in UTF-8. A server reading the clear form would refuse it, and the
 * collections of those tools are full of it. Each change is recorded.
 */
export function encodeBasicCredentials(headers: RawHeader[], changes: HeaderChange[]): void {
  // Most requests have no Authorization: one indexed lookup rules them out (see response/model.ts).
  if (firstHeader(headers, 'authorization') === undefined) return;
  for (let i = 0; i < headers.length; i++) {
    const [name, written] = headers[i]!;
    if (!isSameName(name, 'authorization')) continue;
    const credentials = clearBasicCredentials(written);
    if (credentials === undefined) continue;
    const encoded = `Basic ${basicToken(credentials)}`;
    headers[i] = [name, encoded];
    changes.push({ name, action: 'changed', from: written, to: encoded, reason: 'Basic credentials written in clear are sent base64-encoded (RFC 7617), as REST Client, httpYac and JetBrains do (mark the request # @verbatim to send them as written).' });
  }
}

/**
 * A URL's `user:password@` as Basic credentials, as curl, REST Client and httpYac send them, unless
 * the request has its own Authorization. The URL never carries them on the wire (the target is
 * origin form, Host has no userinfo), so without this they were dropped without a word.
 */
export function sendUrlCredentials(url: URL, headers: RawHeader[], changes: HeaderChange[]): void {
  if (url.username === '' && url.password === '') return;
  if (headers.some(([n]) => isSameName(n, 'authorization'))) return;
  const value = `Basic ${basicToken(userInfoOf(url))}`;
  headers.push(['Authorization', value]);
  changes.push({ name: 'Authorization', action: 'added', to: value, reason: "The URL's user:password@ is sent as Basic credentials (RFC 7617), as curl, REST Client and httpYac do." });
}

/**
 * `Authorization: Digest user password`, as REST Client, httpYac and JetBrains write Digest
 * credentials: taken off the request (sending it would put the password on the wire in clear) to
 * answer the server's challenge (see core/wire/digest-auth). A Digest value written whole
 * (`Digest username="...", response="..."`) is left alone.
 */
export function takeDigestCredentials(headers: RawHeader[], changes: HeaderChange[]): DigestCredentials | undefined {
  if (firstHeader(headers, 'authorization') === undefined) return undefined;
  const at = headers.findIndex(([n, v]) => isSameName(n, 'authorization') && /^[ \t]*digest[ \t]+[^\s=,]+[ \t]+\S/i.test(v));
  if (at === -1) return undefined;
  const [name, value] = headers.splice(at, 1)[0]!;
  const m = /^[ \t]*digest[ \t]+([^\s=,]+)[ \t]+(.*?)[ \t]*$/i.exec(value)!;
  changes.push({ name, action: 'removed', from: `Digest ${m[1]!} ***`, reason: "Digest credentials: the request goes without them, and the server's 401 challenge is answered with them (RFC 7616), as REST Client does." });
  return { user: m[1]!, password: m[2]! };
}
