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
    sink.add('error', DiagnosticCodes.missingHost, `"${target}" has no host: add a Host header or write the full URL.`, line, column, end);
    return null;
  }
  const expanded = ctx.fileVariables.expandOrUndefined(target);
  const host = ctx.host === undefined ? undefined : ctx.fileVariables.expandOrUndefined(ctx.host);
  if (expanded === undefined || (ctx.host !== undefined && host === undefined)) return null;
  const result = buildUrl(expanded, host);
  if ('url' in result) return result.url.href;
  sink.add('error', result.isUnsupportedScheme ? DiagnosticCodes.notSupported : DiagnosticCodes.invalidUrl, result.error, line, column, end);
  return null;
}
