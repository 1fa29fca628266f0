import { DiagnosticCodes } from './diagnostic-codes';
import type { DiagnosticSink } from './diagnostics';
import type { VariableExpander } from './file-variables';

const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** Scheme for an authority: `https` when the port is 443, as the format page says. */
function schemeFor(authority: string): string {
  return /:443$/.test(authority) ? 'https' : 'http';
}

export function isOriginForm(target: string): boolean {
  return target.startsWith('/') || target === '*';
}

/**
 * An absolute http(s) URL already in the form WHATWG's parser would give back: lower-case host
 * name, or an IPv4 address in dotted decimal without leading zeros (other IPv4 forms such as
 * `127.1` or `0x7f.0.0.1` get normalised, so they take new URL()), no default port, no dot
 * segments, only characters the parser leaves alone in path and query. Checked conservatively:
 * anything else goes to new URL().
 */
const CANONICAL = /^(https?):\/\/((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?|(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?::([1-9]\d{0,4}))?((?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*)(\?(?:[A-Za-z0-9\-._~!$&()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=\/|$)/i;

/** The href of `candidate` without building a URL object, or undefined when it needs the real parser. */
function canonicalHref(candidate: string): string | undefined {
  // test(), not exec(): no match array for each of a file's thousands of URLs.
  if (!CANONICAL.test(candidate)) return undefined;
  const authorityStart = candidate.indexOf('//') + 2;
  let pathStart = authorityStart;
  while (pathStart < candidate.length && candidate.charCodeAt(pathStart) !== 47 /* / */ && candidate.charCodeAt(pathStart) !== 63 /* ? */) pathStart++;
  const colon = candidate.lastIndexOf(':', pathStart);
  if (colon > authorityStart) {
    const port = candidate.slice(colon + 1, pathStart);
    if (Number(port) > 65535 || port === (candidate.startsWith('https') ? '443' : '80')) return undefined;
  }
  const queryStart = candidate.indexOf('?', pathStart);
  const path = candidate.slice(pathStart, queryStart === -1 ? candidate.length : queryStart);
  if ((path.includes('.') || path.includes('%')) && DOT_SEGMENT.test(path)) return undefined;
  return path === '' ? `${candidate.slice(0, pathStart)}/${candidate.slice(pathStart)}` : candidate;
}

export type UrlResult = { readonly url: URL } | { readonly error: string; readonly isUnsupportedScheme: boolean };

/**
 * The absolute URL of a request-target whose variables are already substituted. Absolute targets
 * stand alone; origin form (`/path`, `*`) takes its authority from `host`; a target without scheme
 * (`example.com/x`) means http, or https on port 443.
 */
export function buildUrl(target: string, host: string | undefined): UrlResult {
  let candidate: string;
  const scheme = ABSOLUTE.exec(target);
  if (isOriginForm(target)) {
    if (host === undefined || host.trim() === '') return { error: `"${target}" has no host: add a Host header or write the full URL.`, isUnsupportedScheme: false };
    const authority = host.trim();
    candidate = `${schemeFor(authority)}://${authority}${target === '*' ? '/' : target}`;
  } else if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https') {
      return { error: `"${scheme[1]}:" URLs are not supported; HTTP Wire sends http:// and https:// requests.`, isUnsupportedScheme: true };
    }
    candidate = target;
  } else {
    const authority = target.split(/[/?#]/, 1)[0] ?? '';
    candidate = `${schemeFor(authority)}://${target}`;
  }
  try {
    const url = new URL(candidate);
    if (url.hostname === '') throw new TypeError('no host');
    return { url };
  } catch {
    return { error: `"${target}" is not a valid URL.`, isUnsupportedScheme: false };
  }
}

/** httpYac's variable for the base of origin-form targets. */
export const HOST_VARIABLE = 'host';

/**
 * An origin-form `target` (`/users`) on the `host` variable's value (`https://api.test`), as
 * httpYac joins them (its hostVariableReplacer: the value, then the target); one slash between.
 */
export function withHostBase(base: string, target: string): string {
  const trimmed = base.trim();
  return (trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed) + target;
}

export interface UrlContext {
  readonly target: string;
  /** Value of the request's Host header, if it has one. */
  readonly host: string | undefined;
  readonly fileVariables: VariableExpander;
  readonly line: number;
  readonly column: number;
}

/**
 * The absolute URL a request goes to, when file variables are enough to know it; null otherwise
 * (an environment or system variable is needed, or the target is malformed, reported to `sink`).
 */
export function resolveUrl(ctx: UrlContext, sink: DiagnosticSink): string | null {
  const { target, line, column } = ctx;
  if (target === '') return null;
  const end = column + target.length;
  if (isOriginForm(target) && ctx.host === undefined) {
    // httpYac: `@host = https://api.test` is the base of `GET /users` (see withHostBase).
    if (target.startsWith('/') && ctx.fileVariables.has(HOST_VARIABLE)) {
      const base = ctx.fileVariables.expandOrUndefined(`{{${HOST_VARIABLE}}}`);
      if (base === undefined) return null;
      const joined = withHostBase(base, target);
      // A base that is no host (empty, or a path) leaves the target without one.
      if (!isOriginForm(joined)) return resolveUrl({ ...ctx, target: joined }, sink);
    }
    sink.add('error', DiagnosticCodes.missingHost, `"${target}" has no host: add a Host header, write the full URL, or define @host = https://...`, line, column, end);
    return null;
  }
  const expanded = ctx.fileVariables.expandOrUndefined(target);
  const host = ctx.host === undefined ? undefined : ctx.fileVariables.expandOrUndefined(ctx.host);
  if (expanded === undefined || (ctx.host !== undefined && host === undefined)) return null;
  if (/^https?:\/\//.test(expanded)) {
    // Most targets are plain absolute URLs: a 5,000-request file parses ~20% faster this way.
    const fast = canonicalHref(expanded);
    if (fast !== undefined) return fast;
  }
  const result = buildUrl(expanded, host);
  if ('url' in result) return result.url.href;
  sink.add('error', result.isUnsupportedScheme ? DiagnosticCodes.notSupported : DiagnosticCodes.invalidUrl, result.error, line, column, end);
  return null;
}
