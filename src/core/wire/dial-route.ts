import { ErrorCodes, HttpWireError } from '../errors';
import { formatAuthority, type Connected, type Connector } from './connect';
import { SKIP_VERIFICATION_ADVICE } from './connect-errors';
import { openTunnel, proxyAuthorization } from './proxy';
import { defaultPort, type Route } from './route';

export interface Dialled {
  readonly connected: Connected;
  /** Time spent on the proxy leg beyond TCP: TLS to an https:// proxy and the CONNECT; 0 without. */
  readonly proxyMs: number;
}

/**
 * Opens the connection `route` needs: straight to its host (the URL's, or its --connect-to
 * address); or to its proxy, over TLS for an https:// proxy (verified like any host), then for an
 * https:// URL a CONNECT tunnel (RFC 9110 §9.3.6) and TLS to the origin inside it. An http:// URL
 * through a proxy uses the proxy connection itself (the request goes in absolute form).
 * Rejects like the connector, and with HW_PROXY when the proxy refuses the tunnel.
 */
export async function dialRoute(route: Route, connector: Connector, options: { readonly connectTimeoutMs: number; readonly signal?: AbortSignal }): Promise<Dialled> {
  const timeoutMs = options.connectTimeoutMs;
  const signal = options.signal;
  if (route.proxy === undefined) return { connected: await connector({ host: route.host, port: route.port, tls: route.tls, timeoutMs, signal, isPlainHttp: route.tls === undefined }), proxyMs: 0 };
  const proxyHost = route.proxy.hostname.replace(/^\[|\]$/g, '');
  // Plain HTTP through a plain proxy uses this socket as it is; an https:// URL tunnels through it.
  const toProxy = await connector({ host: proxyHost, port: defaultPort(route.proxy), tls: route.proxyTls, timeoutMs, signal, isPlainHttp: route.tls === undefined && route.proxyTls === undefined }).catch((err: unknown) => {
    throw route.proxyTls !== undefined && err instanceof HttpWireError && err.code === ErrorCodes.tls ? asProxyTlsError(err) : asProxyConnectError(err, formatAuthority(proxyHost, defaultPort(route.proxy!)));
  });
  if (route.tls === undefined) return { connected: toProxy, proxyMs: 0 };
  try {
    const tunnelStart = performance.now();
    // An IPv6 literal keeps its brackets: `CONNECT [::1]:443`.
    await openTunnel(toProxy.socket, formatAuthority(route.host, route.port), proxyAuthorization(route.proxy), timeoutMs, signal);
    const proxyMs = toProxy.timings.tlsMs + performance.now() - tunnelStart;
    const secure = await connector({ host: route.host, port: route.port, tls: route.tls, timeoutMs, signal, through: toProxy.socket });
    return { connected: { ...secure, timings: { ...toProxy.timings, tlsMs: secure.timings.tlsMs }, attempts: toProxy.attempts }, proxyMs };
  } catch (err) {
    toProxy.socket.destroy();
    throw err;
  }
}

/** Failures to reach the proxy itself: said as the proxy's, so that the setting is what gets checked. */
const PROXY_CONNECT_CODES: ReadonlySet<string> = new Set([ErrorCodes.connectRefused, ErrorCodes.dns, ErrorCodes.connectTimeout, ErrorCodes.connect]);

/**
 * The proxy could not be reached (refused, unknown name, timed out): HW_PROXY naming the proxy,
 * since the request's own host was never tried (a CI job read "Connection refused by 127.0.0.1:9"
 * for a URL on example.test, its HTTP_PROXY pointing at nothing). The proxy's password is not in
 * `authority`. A cancel or anything else stays as it was.
 */
function asProxyConnectError(err: unknown, authority: string): unknown {
  if (!(err instanceof HttpWireError) || !PROXY_CONNECT_CODES.has(err.code)) return err;
  return new HttpWireError(ErrorCodes.proxy, `The proxy ${authority} could not be reached: ${err.message} Check the proxy setting (HTTP_PROXY or HTTPS_PROXY; in the editor httpWire.proxy or http.proxy), or NO_PROXY for hosts to reach directly.`, { ...err.detail, isProxy: true, reachCode: err.code }, err);
}

/**
 * A TLS failure with an https:// proxy says it is the proxy's. Its certificate refused: what turns
 * that verification off is not the request's # @no-reject-unauthorized (that is for the server the
 * request names) but the proxy's own trust (its CA in --proxy-cacert or NODE_EXTRA_CA_CERTS;
 * --proxy-insecure, the editor's http.proxyStrictSSL). Any other failure (`wrong version number`) is most often a plain HTTP
 * proxy written as https://.
 */
function asProxyTlsError(err: unknown): unknown {
  if (!(err instanceof HttpWireError) || err.code !== ErrorCodes.tls) return err;
  const isCertificate = err.message.endsWith(SKIP_VERIFICATION_ADVICE);
  const message = isCertificate
    ? `The https:// proxy's certificate: ${err.message.slice(0, -SKIP_VERIFICATION_ADVICE.length)} A request's # @no-reject-unauthorized does not apply to the proxy: trust its CA (the CLI's --proxy-cacert, or NODE_EXTRA_CA_CERTS), or turn its verification off (the CLI's --proxy-insecure; in the editor http.proxyStrictSSL) only if you trust this proxy.`
    : `TLS with the https:// proxy failed: ${err.message.trim()} If the proxy speaks plain HTTP, write its setting as http://.`;
  return new HttpWireError(ErrorCodes.tls, message, { ...err.detail, isProxy: true }, err.cause);
}
