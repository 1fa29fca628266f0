import { DiagnosticCodes } from './diagnostic-codes';
import type { DiagnosticSink } from './diagnostics';
import { substituteFileVariables } from './file-variables';

const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** Scheme for an authority: `https` when the port is 443, as the format page says. */
function schemeFor(authority: string): string {
  return /:443$/.test(authority) ? 'https' : 'http';
}

export interface UrlContext {
  readonly target: string;
  /** Value of the request's Host header, if it has one. */
  readonly host: string | undefined;
  readonly fileVariables: ReadonlyMap<string, string>;
  readonly line: number;
  readonly column: number;
}

/**
 * The absolute URL a request goes to, when file variables are enough to know it; null otherwise.
 * Absolute targets stand alone; origin form (`/path`, `*`) takes its authority from Host; a target
 * without scheme (`example.com/x`) means http, or https on port 443.
 */
export function resolveUrl(ctx: UrlContext, sink: DiagnosticSink): string | null {
  const { target, line, column } = ctx;
  if (target === '') return null;
  const end = column + target.length;
  const isOriginForm = target.startsWith('/') || target === '*';
  if (isOriginForm && ctx.host === undefined) {
    sink.add('error', DiagnosticCodes.missingHost, `"${target}" has no host: add a Host header or write the full URL.`, line, column, end);
    return null;
  }
  const expanded = substituteFileVariables(target, ctx.fileVariables);
  if (expanded === undefined) return null;

  let candidate: string;
  const scheme = ABSOLUTE.exec(expanded);
  if (isOriginForm) {
    const host = substituteFileVariables(ctx.host!.trim(), ctx.fileVariables);
    if (host === undefined) return null;
    candidate = `${schemeFor(host)}://${host}${target === '*' ? '/' : expanded}`;
  } else if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https') {
      const code = name === 'ws' || name === 'wss' ? DiagnosticCodes.notSupported : DiagnosticCodes.invalidUrl;
      sink.add('error', code, `"${scheme[1]}:" URLs are not supported; HTTP Wire sends http:// and https:// requests.`, line, column, end);
      return null;
    }
    candidate = expanded;
  } else {
    const authority = expanded.split(/[/?#]/, 1)[0] ?? '';
    candidate = `${schemeFor(authority)}://${expanded}`;
  }
  try {
    const url = new URL(candidate);
    if (url.hostname === '') throw new TypeError('no host');
    return url.href;
  } catch {
    sink.add('error', DiagnosticCodes.invalidUrl, `"${expanded}" is not a valid URL.`, line, column, end);
    return null;
  }
}
