import { createHash } from 'node:crypto';
import type { TlsOptions } from './connect';
import type { ClientOptions } from './client-options';
import { ipFamily } from './ip-literal';
import { proxyAuthorization, proxyFor } from './proxy';
import type { RawHeader } from '../response/model';
import type { HeaderChange, WireRequest } from './wire-request';

/** Where a request's connection goes, and the pool key of the connections that may carry it. */
export interface Route {
  readonly key: string;
  /** The address to dial (the URL's host, or its --connect-to address), IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  /** TLS to the origin, for https:// URLs; its `hostname` is always the URL's host. */
  readonly tls: TlsOptions | undefined;
  readonly proxy: URL | undefined;
  /** TLS to the proxy itself, for an https:// proxy: verified like any host. */
  readonly proxyTls: TlsOptions | undefined;
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
   * http: routes by host and verification (`host:port|true`), for the life of the options that
   * shape them: a route depends on nothing else of the URL, and the requests of one origin have
   * URLs of their own (one per text, see buildUrl). Bounded by the origins a session talks to.
   */
  private readonly known = new Map<string, Route>();
  /**
   * The same routes by URL object, verified and not: requests to one URL share its object (see
   * buildUrl), which finds the route without making and hashing its key text per send.
   */
  private readonly knownByUrl = new WeakMap<Readonly<URL>, Route>();
  private readonly knownByUrlUnverified = new WeakMap<Readonly<URL>, Route>();

  constructor(private readonly options: ClientOptions) {}

  get(url: Readonly<URL>, rejectUnauthorized: boolean): Route {
    const byUrl = rejectUnauthorized ? this.knownByUrl : this.knownByUrlUnverified;
    const knownForUrl = byUrl.get(url);
    if (knownForUrl !== undefined) return knownForUrl;
    // https routes carry TLS material from tlsForHost, which may change between sends: not cached.
    if (url.protocol !== 'http:') return this.compute(url, rejectUnauthorized);
    const originKey = `${url.host}|${rejectUnauthorized}`;
    let route = this.known.get(originKey);
    if (route === undefined) {
      route = this.compute(url, rejectUnauthorized);
      // Through an https:// proxy an http: route carries TLS material too: not cached either.
      if (route.proxyTls !== undefined) return route;
      this.known.set(originKey, route);
    }
    byUrl.set(url, route);
    return route;
  }

  private compute(url: Readonly<URL>, rejectUnauthorized: boolean): Route {
    const hostname = url.hostname.charCodeAt(0) === 91 /* [ */ ? url.hostname.slice(1, -1) : url.hostname;
    const port = defaultPort(url);
    const override = this.options.connectTo?.get(`${hostname}:${port}`);
    const tls = url.protocol === 'https:' ? this.tlsFor(hostname, rejectUnauthorized) : undefined;
    const proxy = proxyFor(url, this.options.proxy);
    // The request's "# @no-reject-unauthorized" (or --insecure) is about the server it names, not
    // the proxy (curl keeps --proxy-insecure apart too): the proxy setting's own rejectUnauthorized
    // is, and tlsForHost (asked for the 'proxy' role) can still turn it off for the proxy's host or
    // give it a CA. A client certificate is for the servers (curl keeps --proxy-cert apart): the
    // proxy never sees it.
    const proxyTls = proxy?.protocol === 'https:' ? this.tlsFor(proxy.hostname.replace(/^\[|\]$/g, ''), this.options.proxy?.rejectUnauthorized ?? true, true) : undefined;
    return {
      key: `${url.protocol}//${hostname}:${port}|${override ? `${override.host}:${override.port}` : ''}|${tls?.key ?? 'plain'}|${proxy?.href ?? ''}|${proxyTls?.key ?? ''}`,
      host: override?.host ?? hostname,
      port: override?.port ?? port,
      tls: tls?.options,
      proxy,
      proxyTls: proxyTls?.options,
    };
  }

  /** TLS options for `hostname` (the user's per-host settings over the defaults; for a proxy, no client certificate) and their key. */
  private tlsFor(hostname: string, rejectUnauthorized: boolean, isProxy = false): { options: TlsOptions; key: string } {
    const forHost = this.options.tlsForHost?.(hostname, isProxy ? 'proxy' : 'server');
    const perHost = isProxy && forHost !== undefined ? withoutClientCertificate(forHost) : forHost;
    // RFC 6066 §3: SNI carries host names only, never an IP address.
    const servername = ipFamily(hostname) !== 0 ? undefined : hostname;
    const options: TlsOptions = { rejectUnauthorized, servername, ...perHost, hostname };
    return { options, key: `tls:${options.rejectUnauthorized}:${options.servername ?? ''}:${tlsMaterialKey(perHost)}` };
  }
}

/**
 * `headers` with the cookie jar's Cookie header for the URL (`jarCookies`) added, or appended to
 * the Cookie header written, as the client sends them; each change recorded in `changes`. The
 * curl command built for a request (core/curl) adds them the same way.
 */
export function withJarCookies(headers: readonly RawHeader[], jarCookies: string, changes: HeaderChange[]): readonly RawHeader[] {
  const at = headers.findIndex(([n]) => n.toLowerCase() === 'cookie');
  if (at === -1) {
    changes.push({ name: 'Cookie', action: 'added', to: jarCookies, reason: 'Cookies from the cookie jar for this URL.' });
    return [...headers, ['Cookie', jarCookies]];
  }
  const [name, written] = headers[at]!;
  const merged = `${written}; ${jarCookies}`;
  changes.push({ name, action: 'changed', from: written, to: merged, reason: 'Cookies from the cookie jar for this URL were appended.' });
  return headers.map((h, i) => (i === at ? [name, merged] : h));
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
  if (jarCookies !== undefined) headers = withJarCookies(headers, jarCookies, changes);
  if (isHttpProxy) {
    // An HTTP proxy takes the absolute form (RFC 9112 §3.2.2) and its own credentials; `OPTIONS *`
    // goes as the origin alone, without a path (§3.2.4).
    if (target.startsWith('/')) target = `${base.url.protocol}//${base.url.host}${target}`;
    else if (target === '*') target = `${base.url.protocol}//${base.url.host}`;
    const auth = proxyAuthorization(route.proxy!);
    if (auth !== undefined && !headers.some(([n]) => n.toLowerCase() === 'proxy-authorization')) {
      headers = [...headers, ['Proxy-Authorization', auth]];
      changes.push({ name: 'Proxy-Authorization', action: 'added', to: 'Basic …', reason: 'Credentials of the proxy setting.' });
    }
  }
  return headers === base.headers && target === base.target ? base : { ...base, headers, target, changes };
}

/** Per-host TLS settings without the client certificate, its key and passphrase. */
function withoutClientCertificate(material: Partial<Omit<TlsOptions, 'hostname'>>): Partial<Omit<TlsOptions, 'hostname'>> {
  const { cert: _cert, key: _key, pfx: _pfx, passphrase: _passphrase, ...rest } = material;
  return rest;
}
