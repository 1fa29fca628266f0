import { CookieJar } from 'tough-cookie';

/**
 * The cookies of one editor session or one CLI run. RFC 6265's rules (domain, path, expiry,
 * Secure, HttpOnly, SameSite, public suffixes) come from tough-cookie, the jar jsdom and many Node
 * clients use; this class only adapts it to our header pairs.
 */
export class CookieStore {
  private readonly jar = new CookieJar(undefined, { looseMode: true });

  /** The `Cookie` header value for a request to `url`, or undefined when no cookie applies. */
  cookieHeaderFor(url: URL): string | undefined {
    const value = this.jar.getCookieStringSync(url.href);
    return value === '' ? undefined : value;
  }

  /** Stores each `Set-Cookie` of a response from `url`; malformed ones are ignored, as browsers do. */
  storeFrom(url: URL, setCookies: readonly string[]): void {
    for (const header of setCookies) {
      try {
        this.jar.setCookieSync(header, url.href, { ignoreError: true });
      } catch {
        // A cookie the jar refuses (bad domain, public suffix) is dropped.
      }
    }
  }

  /** Every stored cookie, for display. */
  list(): { key: string; value: string; domain: string | null; path: string | null }[] {
    return this.jar.serializeSync()!.cookies.map((c) => ({ key: String(c.key), value: String(c.value), domain: (c.domain as string) ?? null, path: (c.path as string) ?? null }));
  }
}
