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

/** What WHATWG's parser leaves alone, by code unit below 128: in a path segment, in a special URL's query. */
const IN_PATH = 1;
const IN_QUERY = 2;
const KEPT = ((): Uint8Array => {
  const kept = new Uint8Array(128);
  const both = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&()*+,;=:@';
  for (let k = 0; k < both.length; k++) kept[both.charCodeAt(k)] = IN_PATH | IN_QUERY;
  kept[39 /* ' */] = IN_PATH; // encoded as %27 in the query of an http(s) URL
  kept[47 /* / */] = IN_QUERY;
  kept[63 /* ? */] = IN_QUERY;
  return kept;
})();
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=\/|$)/i;

function isHexAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i) | 0x20;
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** `s[start, end)` is a decimal octet as WHATWG writes one: 0-255, no leading zero. */
function isOctet(s: string, start: number, end: number): boolean {
  const length = end - start;
  if (length > 3 || (length > 1 && s.charCodeAt(start) === 48)) return false;
  return Number(s.slice(start, end)) <= 255;
}

/**
 * The href of `candidate` without building a URL object, or undefined when it needs the real
 * parser: an absolute http(s) URL already in the form WHATWG's parser gives back, checked
 * conservatively in one pass: lower-case host name (labels of letters, digits and inner hyphens,
 * the last starting with a letter; punycode `xn--` labels go to the parser, which refuses invalid
 * ones) or an IPv4 address in dotted decimal without leading zeros (other forms such as `127.1`
 * get rewritten), no default port, no dot segments, no userinfo, no fragment, and only characters
 * the parser leaves alone in path and query. Hand-scanned: the regular expression it replaces was
 * a tenth of a 5,000-request file's parse.
 */
export function canonicalHref(candidate: string): string | undefined {
  const n = candidate.length;
  let i = candidate.startsWith('http://') ? 7 : candidate.startsWith('https://') ? 8 : -1;
  if (i === -1) return undefined;
  const isHttps = i === 8;
  let labels = 0;
  let isDottedDecimal = true;
  let lastStartsWithLetter = false;
  for (;;) {
    const start = i;
    let isNumeric = true;
    for (; i < n; i++) {
      const c = candidate.charCodeAt(i);
      if ((c >= 97 && c <= 122) || c === 45) isNumeric = false;
      else if (c < 48 || c > 57) break;
    }
    if (i === start || candidate.charCodeAt(start) === 45 || candidate.charCodeAt(i - 1) === 45 || candidate.startsWith('xn--', start)) return undefined;
    labels++;
    if (!isNumeric || !isOctet(candidate, start, i)) isDottedDecimal = false;
    lastStartsWithLetter = candidate.charCodeAt(start) >= 97;
    if (candidate.charCodeAt(i) !== 46 /* . */) break;
    i++;
  }
  if (!lastStartsWithLetter && !(isDottedDecimal && labels === 4)) return undefined;
  if (candidate.charCodeAt(i) === 58 /* : */) {
    const start = ++i;
    let port = 0;
    for (; i < n && i - start < 6; i++) {
      const c = candidate.charCodeAt(i);
      if (c < 48 || c > 57) break;
      port = port * 10 + (c - 48);
    }
    if (i === start || candidate.charCodeAt(start) === 48 || port > 65535 || port === (isHttps ? 443 : 80)) return undefined;
  }
  const pathStart = i;
  // What follows the authority is a path, a query or nothing (not userinfo, not a fragment).
  if (i < n && candidate.charCodeAt(i) !== 47 /* / */ && candidate.charCodeAt(i) !== 63 /* ? */) return undefined;
  let mayHaveDotSegment = false;
  for (; i < n; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 63 /* ? */) break;
    if (c === 37 /* % */) {
      if (!isHexAt(candidate, i + 1) || !isHexAt(candidate, i + 2)) return undefined;
      mayHaveDotSegment = true;
      i += 2;
    } else if (c === 47 /* / */) {
      continue;
    } else if (c >= 128 || (KEPT[c]! & IN_PATH) === 0) {
      return undefined;
    } else if (c === 46 /* . */) {
      mayHaveDotSegment = true;
    }
  }
  const queryStart = i;
  for (i++; i < n; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 37 /* % */) {
      if (!isHexAt(candidate, i + 1) || !isHexAt(candidate, i + 2)) return undefined;
      i += 2;
    } else if (c >= 128 || (KEPT[c]! & IN_QUERY) === 0) {
      return undefined;
    }
  }
  if (mayHaveDotSegment && DOT_SEGMENT.test(candidate.slice(pathStart, queryStart))) return undefined;
  return pathStart === queryStart ? `${candidate.slice(0, pathStart)}/${candidate.slice(pathStart)}` : candidate;
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
  // Most targets are plain absolute URLs: a 5,000-request file parses ~20% faster this way.
  const fast = canonicalHref(expanded);
  if (fast !== undefined) return fast;
  const result = buildUrl(expanded, host);
  if ('url' in result) return result.url.href;
  sink.add('error', result.isUnsupportedScheme ? DiagnosticCodes.notSupported : DiagnosticCodes.invalidUrl, result.error, line, column, end);
  return null;
}
