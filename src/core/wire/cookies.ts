import type { CookieJar } from 'tough-cookie';
import { utf8IfValid } from './header-text';

/**
 * The cookies of one editor session or one CLI run. RFC 6265's rules (domain, path, expiry,
 * Secure, HttpOnly, SameSite, public suffixes) come from tough-cookie, the jar jsdom and many Node
 * clients use; this class only adapts it to our header pairs.
 *
 * The jar, and tough-cookie itself with its public suffix list, are loaded when the first
 * `Set-Cookie` arrives: most runs never see one, and asking an empty jar for a Cookie header on
 * every request, and loading the library at start, were a fifth of a 2,000-request CLI run.
 */
export class CookieStore {
  private jar: CookieJar | undefined;

  /** The `Cookie` header value for a request to `url`, or undefined when no cookie applies. */
  cookieHeaderFor(url: URL): string | undefined {
    if (this.jar === undefined) return undefined;
    const value = this.jar.getCookieStringSync(url.href);
    return value === '' ? undefined : value;
  }

  /**
   * Stores each `Set-Cookie` of a response from `url`; malformed ones are ignored, as browsers do.
   * A domain keeps at most MAX_PER_DOMAIN cookies and the jar MAX_TOTAL, the oldest going first
   * (RFC 6265 §6.1 lets a user agent evict): a server cannot grow the Cookie header of every later
   * request without bound (3,000 cookies made it 26 KB).
   */
  storeFrom(url: URL, setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    const jar = (this.jar ??= newJar());
    for (const header of setCookies) {
      try {
        // Read as UTF-8 when its bytes are (see utf8IfValid): sent back as UTF-8, it is the same bytes.
        jar.setCookieSync(utf8IfValid(header), url.href, { ignoreError: true });
      } catch {
        // A cookie the jar refuses (bad domain, public suffix) is dropped.
      }
    }
    this.evictOverLimits(jar);
  }

  private evictOverLimits(jar: CookieJar): void {
    const all = jar.serializeSync()!.cookies;
    if (all.length <= MAX_PER_DOMAIN) return;
    // Oldest first: creation times are ISO strings, which sort as they read.
    const oldestFirst = [...all].sort((a, b) => String(a.creation).localeCompare(String(b.creation)));
    const perDomain = new Map<string, number>();
    for (const c of all) perDomain.set(String(c.domain), (perDomain.get(String(c.domain)) ?? 0) + 1);
    let total = all.length;
    for (const c of oldestFirst) {
      const domain = String(c.domain);
      const count = perDomain.get(domain)!;
      if (count <= MAX_PER_DOMAIN && total <= MAX_TOTAL) continue;
      jar.store.removeCookie(domain, String(c.path), String(c.key), () => undefined);
      perDomain.set(domain, count - 1);
      total--;
    }
  }

  /** Forgets every cookie; returns how many there were. */
  clear(): number {
    const count = this.list().length;
    this.jar = undefined;
    return count;
  }

  /** Every stored cookie, for display. */
  list(): { key: string; value: string; domain: string | null; path: string | null }[] {
    if (this.jar === undefined) return [];
    return this.jar.serializeSync()!.cookies.map((c) => ({ key: String(c.key), value: String(c.value), domain: (c.domain as string) ?? null, path: (c.path as string) ?? null }));
  }
}

/** Per domain and in all: Firefox keeps 150 and Chrome 180 per domain, about 3,000 in all. */
const MAX_PER_DOMAIN = 180;
const MAX_TOTAL = 3000;

function newJar(): CookieJar {
  // A require() here, not an import at the top: the bundle then evaluates tough-cookie on first use.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CookieJar: Jar } = require('tough-cookie') as typeof import('tough-cookie');
  return new Jar(undefined, { looseMode: true });
}
