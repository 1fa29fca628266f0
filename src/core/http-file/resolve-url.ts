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
 * A label of a host name as WHATWG's parser gives it back: lower-case letters and digits, hyphens
 * only inside. Written as runs of letters and digits joined by hyphens, not as a class that a
 * last letter or digit must end, so the pattern never backtracks inside a label.
 */
const LABEL = '[a-z0-9]+(?:-+[a-z0-9]+)*';
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/**
 * Labels, the last starting with a letter, or an IPv4 address in dotted decimal without leading
 * zeros (the parser rewrites other forms such as `127.1`). Punycode (`xn--`) is sent to the parser
 * before the pattern runs (it refuses invalid labels).
 */
const HOST = `(?:${LABEL}\\.)*[a-z][a-z0-9]*(?:-+[a-z0-9]+)*|(?:${OCTET}\\.){3}${OCTET}`;
/** Runs of the characters the parser leaves alone, between escapes (the "unrolled" form: no step per character). */
const unrolled = (chars: string): string => `${chars}*(?:%[0-9A-Fa-f]{2}${chars}*)*`;
/**
 * An absolute http(s) URL already in the form WHATWG's parser gives back, less the checks a
 * pattern does not make (port range, default port, dot segments). Path and query hold only what
 * the parser leaves alone there (`'` is encoded in the query of an http(s) URL); no userinfo, no
 * fragment. No capture groups: `test` builds no match, and the offsets are found with indexOf.
 */
const CANONICAL = new RegExp(
  `^https?://(?:${HOST})(?::[1-9][0-9]{0,4})?(?:/${unrolled("[A-Za-z0-9\\-._~!$&'()*+,;=:@/]")})?(?:\\?${unrolled('[A-Za-z0-9\\-._~!$&()*+,;=:@/?]')})?$`,
);
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=\/|$)/i;

/**
 * The href of `candidate` without building a URL object, or undefined when it needs the real
 * parser: an absolute http(s) URL already in its canonical form (see CANONICAL), with no default
 * port and no dot segments. A regular expression, not a loop over the characters: a CLI run
 * parses its file once, before V8 has optimized anything, and a pattern runs as machine code from
 * its first calls where a hand-written scan stays interpreted (2,000 URLs in a fresh process: 3 ms
 * against 6-8 ms).
 */
export function canonicalHref(candidate: string): string | undefined {
  if (candidate.includes('xn--') || !CANONICAL.test(candidate)) return undefined;
  // The pattern allows no `/`, `?` or `:` in the host: the first of each after `://` is the path's, the query's, the port's.
  const hostStart = candidate.charCodeAt(4) === 115 /* s */ ? 8 : 7;
  const slash = candidate.indexOf('/', hostStart);
  const query = candidate.indexOf('?', hostStart);
  const pathStart = query !== -1 && query < slash ? -1 : slash;
  const authorityEnd = pathStart !== -1 ? pathStart : query !== -1 ? query : candidate.length;
  const colon = candidate.indexOf(':', hostStart);
  if (colon !== -1 && colon < authorityEnd) {
    const port = candidate.slice(colon + 1, authorityEnd);
    if (Number(port) > 65535 || port === (hostStart === 8 ? '443' : '80')) return undefined;
  }
  if (pathStart === -1) return `${candidate.slice(0, authorityEnd)}/${candidate.slice(authorityEnd)}`;
  const path = candidate.slice(pathStart, query === -1 ? candidate.length : query);
  if ((path.includes('.') || path.includes('%')) && DOT_SEGMENT.test(path)) return undefined;
  return candidate;
}

/**
 * Read-only: buildUrl hands the same object to every request of the same URL (see parsedUrl). A
 * URL of one's own to change is `new URL(url.href)`.
 */
export type UrlResult = { readonly url: Readonly<URL> } | { readonly error: string; readonly isUnsupportedScheme: boolean };

/**
 * URLs parsed by buildUrl, by their text. Parsing one (Node's WHATWG parser, through its binding)
 * cost 7 µs of each request of a cold CLI run, 15 ms of 2,000 GETs: the most of any step of
 * preparing a request. Requests to the same URL are common: a GraphQL or JSON-RPC API has one for
 * everything, a run polls or repeats one. Bounded: emptied when full.
 */
const parsedUrls = new Map<string, Readonly<URL>>();
const PARSED_URLS_MAX = 256;

/** The URL of `candidate`, parsed once; throws a TypeError when it is no URL or has no host. */
function parsedUrl(candidate: string): Readonly<URL> {
  let url = parsedUrls.get(candidate);
  if (url !== undefined) return url;
  url = new URL(candidate);
  if (url.hostname === '') throw new TypeError('no host');
  if (parsedUrls.size >= PARSED_URLS_MAX) parsedUrls.clear();
  parsedUrls.set(candidate, url);
  return url;
}

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
    return { url: parsedUrl(candidate) };
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
