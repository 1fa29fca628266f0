import type { ClientOptions, SendOptions, TlsRole } from '../wire/client-options';
import type { TlsOptions } from '../wire/connect';
import { ipFamily } from '../wire/ip-literal';
import type { ProxySettings } from '../wire/proxy';

/**
 * One place proxy settings come from. The editor passes its own `httpWire.proxy*` first, then
 * VS Code's `http.proxy*`; a field left unset (undefined, '' or an empty list) falls through to
 * the next source, and past the last one to the environment.
 */
export interface ProxySource {
  /** The proxy for http:// and https:// URLs alike: `http://host:port`, credentials allowed. */
  readonly url?: string;
  /** Hosts reached directly: names, `.suffix` or `*.suffix`, `host:port`, `*`. */
  readonly noProxy?: readonly string[];
  /** Verify an https:// proxy's own certificate. */
  readonly strictSSL?: boolean;
}

/**
 * What a run brings to every send, as plain values: the editor's settings or the CLI's flags,
 * already read. Every field is optional; an unset one leaves the built-in default
 * (`DEFAULT_SEND_OPTIONS`). Values that make no sense (a negative timeout, a fraction) are
 * ignored and named in `invalid` by the mapping functions below.
 */
export interface SendSettings {
  readonly connectTimeoutMs?: number;
  /** Waiting for the response head, and between body chunks (as `# @timeout`). */
  readonly responseTimeoutMs?: number;
  /** The whole send, redirects included; 0 for no limit. */
  readonly totalTimeoutMs?: number;
  readonly followRedirects?: boolean;
  /** 0 means redirects are not followed. */
  readonly maxRedirects?: number;
  readonly maxBodyBytes?: number;
  readonly captureLimitBytes?: number;
  /** Verify servers' certificates; false turns verification off for every host. */
  readonly verifyTls?: boolean;
  /** Hosts whose certificates are not verified: names, IP addresses, or `*.example.com` for subdomains. */
  readonly insecureHosts?: readonly string[];
  /** TLS material (a CA, a client certificate) for every server: the CLI's --cacert, --cert... */
  readonly tlsMaterial?: Partial<Omit<TlsOptions, 'hostname'>>;
  /**
   * The CA an https:// proxy's certificate is verified with (the CLI's --proxy-cacert): not
   * `tlsMaterial`'s, which would replace the trust roots a public proxy needs.
   */
  readonly proxyCa?: Buffer;
  /** Proxy sources, first wins per field (see ProxySource). */
  readonly proxySources?: readonly ProxySource[];
  /** The environment's HTTP_PROXY, HTTPS_PROXY and NO_PROXY: used when no source sets a field. */
  readonly envProxy?: ProxySettings;
}

type OptionValues = { -readonly [K in keyof SendOptions]?: SendOptions[K] };

/** The send options of a run, and the names of the settings ignored as invalid. */
export interface SendDefaults {
  readonly options: Partial<SendOptions>;
  readonly invalid: readonly string[];
}

/** The client options a run's settings shape, and the names of the settings ignored as invalid. */
export interface ClientDefaults {
  readonly options: Pick<ClientOptions, 'proxy' | 'tlsForHost'>;
  readonly invalid: readonly string[];
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The base send options of a run (under each request's `# @` metadata, see `sendOptionsFor`):
 *
 * | setting               | option                                                   |
 * |-----------------------|----------------------------------------------------------|
 * | `connectTimeoutMs`    | `connectTimeoutMs` (from 1)                              |
 * | `responseTimeoutMs`   | `headersTimeoutMs` and `bodyTimeoutMs` (from 1)          |
 * | `totalTimeoutMs`      | `totalTimeoutMs` (0: no limit)                           |
 * | `followRedirects`     | `followRedirects`                                        |
 * | `maxRedirects`        | `maxRedirects`; 0 also sets `followRedirects: false`     |
 * | `maxBodyBytes`        | `maxBodyBytes`                                           |
 * | `captureLimitBytes`   | `captureLimitBytes`                                      |
 * | `verifyTls: false`    | `rejectUnauthorized: false`                              |
 *
 * Only the options a setting changes are present: the rest stay the client's defaults.
 */
export function sendDefaultsFrom(settings: SendSettings): SendDefaults {
  const options: OptionValues = {};
  const invalid: string[] = [];
  const count = (name: keyof SendSettings, min: number, set: (n: number) => void): void => {
    const value = settings[name];
    if (value === undefined) return;
    if (isCount(value) && value >= min) set(value);
    else invalid.push(name);
  };
  count('connectTimeoutMs', 1, (n) => (options.connectTimeoutMs = n));
  count('responseTimeoutMs', 1, (n) => {
    options.headersTimeoutMs = n;
    options.bodyTimeoutMs = n;
  });
  count('totalTimeoutMs', 0, (n) => (options.totalTimeoutMs = n));
  count('maxBodyBytes', 0, (n) => (options.maxBodyBytes = n));
  count('captureLimitBytes', 0, (n) => (options.captureLimitBytes = n));
  if (settings.followRedirects === false) options.followRedirects = false;
  count('maxRedirects', 0, (n) => {
    options.maxRedirects = n;
    // "At most 0 redirects" is not following them, rather than failing at the first one.
    if (n === 0) options.followRedirects = false;
  });
  if (settings.verifyTls === false) options.rejectUnauthorized = false;
  return { options, invalid };
}

/**
 * The client options of a run: its proxy (sources in order, then the environment) and its
 * per-host TLS (`tlsMaterial` for every server, `proxyCa` for an https:// proxy, verification
 * off for `insecureHosts`).
 */
export function clientDefaultsFrom(settings: SendSettings): ClientDefaults {
  const invalid: string[] = [];
  const patterns = hostPatterns(settings.insecureHosts ?? [], invalid);
  const forServers = settings.tlsMaterial;
  const forProxy = settings.proxyCa !== undefined ? { ca: settings.proxyCa } : undefined;
  const tlsForHost =
    patterns.length === 0 && forServers === undefined && forProxy === undefined
      ? undefined
      : (host: string, role: TlsRole): Partial<Omit<TlsOptions, 'hostname'>> | undefined => {
          const material = role === 'proxy' ? forProxy : forServers;
          return patterns.some((p) => p(host)) ? { ...material, rejectUnauthorized: false } : material;
        };
  const proxy = proxyFrom(settings.proxySources ?? [], settings.envProxy);
  return { options: { ...(proxy !== undefined ? { proxy } : {}), ...(tlsForHost !== undefined ? { tlsForHost } : {}) }, invalid };
}

function proxyFrom(sources: readonly ProxySource[], env: ProxySettings | undefined): ProxySettings | undefined {
  const url = sources.find((s) => s.url !== undefined && s.url.trim() !== '')?.url?.trim();
  const noProxy = sources.find((s) => s.noProxy !== undefined && s.noProxy.length > 0)?.noProxy?.join(',');
  const strictSSL = sources.find((s) => s.strictSSL !== undefined)?.strictSSL;
  const proxy: ProxySettings = {
    ...(url !== undefined ? { http: url, https: url } : { http: env?.http, https: env?.https }),
    noProxy: noProxy ?? env?.noProxy,
    ...(strictSSL === false ? { rejectUnauthorized: false } : {}),
  };
  return proxy.http === undefined && proxy.https === undefined ? undefined : proxy;
}

/** The host as `tlsForHost` gets it and patterns are written: lower case, no brackets, no final dot. */
function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * Matchers for `insecureHosts` entries: `example.com` (that host only), `*.example.com` (its
 * subdomains, not itself), an IPv4 or IPv6 address. An entry with a port or a path is invalid
 * (the certificate belongs to the host, whatever the port) and named in `invalid`.
 */
function hostPatterns(entries: readonly string[], invalid: string[]): ((host: string) => boolean)[] {
  const patterns: ((host: string) => boolean)[] = [];
  for (const entry of entries) {
    const host = typeof entry === 'string' ? normalHost(entry) : '';
    const isAddress = ipFamily(host) !== 0;
    if (host === '' || (!isAddress && !/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host))) {
      invalid.push(`insecureHosts: ${String(entry)}`);
      continue;
    }
    if (host.startsWith('*.')) {
      const suffix = host.slice(1);
      patterns.push((h) => normalHost(h).endsWith(suffix));
    } else {
      patterns.push((h) => normalHost(h) === host);
    }
  }
  return patterns;
}
