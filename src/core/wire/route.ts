import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { TlsOptions } from './connect';
import type { ClientOptions } from './client-options';
import { proxyAuthorization, proxyFor } from './proxy';
import type { HeaderChange, WireRequest } from './wire-request';

/** Where a request's connection goes, and the pool key of the connections that may carry it. */
export interface Route {
  readonly key: string;
  readonly host: string;
  readonly port: number;
  readonly tls: TlsOptions | undefined;
  readonly proxy: URL | undefined;
}

/**
 * A digest of the TLS material (CA, client certificate, key, passphrase): a connection verified
 * with other material is never reused for it.
 */
function tlsMaterialKey(tls: Partial<TlsOptions> | undefined): string {
  if (tls === undefined) return '';
  const hash = createHash('sha256');
  for (const name of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const) {
    const value = tls[name];
    hash.update(`${name}=`);
    if (value !== undefined) hash.update(typeof value === 'boolean' ? String(value) : value);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export function defaultPort(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** The routes of one client: computed from its options (connectTo, tlsForHost, proxy). */
export class Routes {
  /**
   * Routes of http: URL objects, remembered while the options that shape them stay the same: a
   * keep-alive session sends request after request to one URL, and the key is a string to build.
   */
  private readonly known = new WeakMap<URL, { route: Route; rejectUnauthorized: boolean; href: string }>();

  constructor(private readonly options: ClientOptions) {}

  get(url: URL, rejectUnauthorized: boolean): Route {
    // https routes carry TLS material from tlsForHost, which may change between sends: not cached.
    if (url.protocol !== 'http:') return this.compute(url, rejectUnauthorized);
    const known = this.known.get(url);
    if (known !== undefined && known.rejectUnauthorized === rejectUnauthorized && known.href === url.href) return known.route;
    const route = this.compute(url, rejectUnauthorized);
    this.known.set(url, { route, rejectUnauthorized, href: url.href });
    return route;
  }

  private compute(url: URL, rejectUnauthorized: boolean): Route {
    const hostname = url.hostname.charCodeAt(0) === 91 /* [ */ ? url.hostname.slice(1, -1) : url.hostname;
    const port = defaultPort(url);
    const override = this.options.connectTo?.get(`${hostname}:${port}`);
    const perHost = this.options.tlsForHost?.(hostname);
    // RFC 6066 §3: SNI carries host names only, never an IP address.
    const servername = isIP(hostname) ? undefined : hostname;
    const tls: TlsOptions | undefined = url.protocol === 'https:' ? { rejectUnauthorized, servername, ...perHost } : undefined;
    const proxy = proxyFor(url, this.options.proxy);
    const tlsKey = tls ? `tls:${tls.rejectUnauthorized}:${tls.servername ?? ''}:${tlsMaterialKey(perHost)}` : 'plain';
    return {
      key: `${url.protocol}//${hostname}:${port}|${override ? `${override.host}:${override.port}` : ''}|${tlsKey}|${proxy?.href ?? ''}`,
      host: override?.host ?? hostname,
      port: override?.port ?? port,
      tls,
      proxy,
    };
  }
}

/**
 * Adds what depends on where the request goes: `jarCookies` (the cookie jar's Cookie header for
 * the URL, if any), and through an HTTP proxy the absolute target and the proxy's credentials.
 * Returns `base` itself when nothing changes, as for a direct request without jar cookies.
 */
export function requestForRoute(base: WireRequest, route: Route, jarCookies: string | undefined): WireRequest {
  const isHttpProxy = route.proxy !== undefined && route.tls === undefined;
  if (jarCookies === undefined && !isHttpProxy) return base;
  let headers = base.headers;
  const changes: HeaderChange[] = [...base.changes];
  let target = base.target;
  if (jarCookies !== undefined) {
    const at = headers.findIndex(([n]) => n.toLowerCase() === 'cookie');
    if (at === -1) {
      headers = [...headers, ['Cookie', jarCookies]];
      changes.push({ name: 'Cookie', action: 'added', to: jarCookies, reason: 'Cookies from the cookie jar for this URL.' });
    } else {
      const [name, written] = headers[at]!;
      const merged = `${written}; ${jarCookies}`;
      headers = headers.map((h, i) => (i === at ? [name, merged] : h));
      changes.push({ name, action: 'changed', from: written, to: merged, reason: 'Cookies from the cookie jar for this URL were appended.' });
    }
  }
  if (isHttpProxy) {
    // An HTTP proxy takes the absolute form (RFC 9112 §3.2.2) and its own credentials.
    if (target.startsWith('/')) target = `${base.url.protocol}//${base.url.host}${target}`;
    const auth = proxyAuthorization(route.proxy!);
    if (auth !== undefined && !headers.some(([n]) => n.toLowerCase() === 'proxy-authorization')) {
      headers = [...headers, ['Proxy-Authorization', auth]];
      changes.push({ name: 'Proxy-Authorization', action: 'added', to: 'Basic …', reason: 'Credentials of the proxy setting.' });
    }
  }
  return headers === base.headers && target === base.target ? base : { ...base, headers, target, changes };
}
