import { createHash, randomBytes } from 'node:crypto';
import { isSameName } from '../ascii';
import type { RawHeader, ResponseHead } from '../response/model';

/** The user and password of `Authorization: Digest user password`, as REST Client, httpYac and JetBrains write them. */
export interface DigestCredentials {
  readonly user: string;
  readonly password: string;
}

/** A server's `WWW-Authenticate: Digest ...` challenge (RFC 7616 §3.3), the parameters we use. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: string;
  /** The qop we answer with: `auth`, or none for a server of RFC 2069. */
  readonly qop?: 'auth';
}

const HASHES: Readonly<Record<string, 'md5' | 'sha256'>> = { 'MD5': 'md5', 'MD5-SESS': 'md5', 'SHA-256': 'sha256', 'SHA-256-SESS': 'sha256' };

/**
 * The Digest challenge of a 401, or undefined when it has none we can answer: another scheme, an
 * algorithm other than MD5 and SHA-256 (and their -sess), or a qop without `auth` (`auth-int`
 * alone would hash the body). A header may hold several challenges; the first Digest one is read.
 */
export function digestChallengeOf(head: ResponseHead): DigestChallenge | undefined {
  if (head.status !== 401) return undefined;
  for (const [name, value] of head.headers) {
    if (!isSameName(name, 'www-authenticate')) continue;
    const at = value.search(/(?:^|,)\s*digest\s/i);
    if (at === -1) continue;
    const params = authParams(value.slice(value.toLowerCase().indexOf('digest', at) + 6));
    const realm = params.get('realm');
    const nonce = params.get('nonce');
    // As the server wrote it, echoed back; compared without case.
    const algorithm = params.get('algorithm') ?? 'MD5';
    if (realm === undefined || nonce === undefined || HASHES[algorithm.toUpperCase()] === undefined) continue;
    const qops = params.get('qop')?.split(',').map((q) => q.trim().toLowerCase());
    if (qops !== undefined && !qops.includes('auth')) continue;
    const opaque = params.get('opaque');
    return { realm, nonce, algorithm, ...(opaque !== undefined ? { opaque } : {}), ...(qops !== undefined ? { qop: 'auth' as const } : {}) };
  }
  return undefined;
}

/**
 * `name=value` and `name="quoted value"` parameters, up to the next challenge's scheme (a token
 * followed by a space, not by `=`). Quoted values lose their backslash escapes (RFC 9110 §5.6.4).
 */
function authParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/y;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  }
  return params;
}

/**
 * The `Authorization` value answering `challenge` for a request of `method` to `uri` (its
 * request-target), RFC 7616 §3.4: nc is 1, as each send answers a fresh challenge.
 */
export function digestAuthorization(challenge: DigestChallenge, credentials: DigestCredentials, method: string, uri: string, cnonce: string = randomBytes(16).toString('hex')): string {
  const hash = HASHES[challenge.algorithm.toUpperCase()]!;
  const h = (s: string): string => createHash(hash).update(s, 'utf8').digest('hex');
  const nc = '00000001';
  let ha1 = h(`${credentials.user}:${challenge.realm}:${credentials.password}`);
  if (challenge.algorithm.toUpperCase().endsWith('-SESS')) ha1 = h(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = h(`${method}:${uri}`);
  const response = challenge.qop === 'auth' ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`) : h(`${ha1}:${challenge.nonce}:${ha2}`);
  const quoted = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;
  const parts = [`username=${quoted(credentials.user)}`, `realm=${quoted(challenge.realm)}`, `nonce=${quoted(challenge.nonce)}`, `uri=${quoted(uri)}`, `algorithm=${challenge.algorithm}`, `response=${quoted(response)}`];
  if (challenge.qop === 'auth') parts.push('qop=auth', `nc=${nc}`, `cnonce=${quoted(cnonce)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoted(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/** `headers` with an Authorization added: the answer to the challenge. */
export function withAuthorization(headers: readonly RawHeader[], value: string): RawHeader[] {
  return [...headers.filter(([n]) => !isSameName(n, 'authorization')), ['Authorization', value]];
}
