import { isComment, matchFileInclude } from './line-kinds';
import { Eol, eolText } from './lines';
import type { Body, BodyKind, BodyPart, Header } from './model';

/** Value of the first header with this name (case-insensitive), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/**
 * The body's kind, from the request's headers and method; `firstLine` (the first body line) is the
 * fallback when there is no Content-Type: `{` or `[` is JSON, `<` (not a file include) is XML.
 */
export function detectBodyKind(method: string, headers: readonly Header[], firstLine: string): BodyKind {
  // REST Client marks GraphQL with a header and sends Content-Type: application/json as well, so
  // the marker wins over the content type.
  if (method.toUpperCase() === 'GRAPHQL' || headerValue(headers, 'X-Request-Type')?.trim().toLowerCase() === 'graphql') {
    return 'graphql';
  }
  const contentType = headerValue(headers, 'Content-Type');
  if (contentType !== undefined && !contentType.includes('{{')) {
    const mime = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
    if (mime === 'application/x-www-form-urlencoded') return 'form';
    if (mime.startsWith('multipart/')) return 'multipart';
    if (mime === 'application/graphql') return 'graphql';
    if (mime.endsWith('json')) return 'json';
    if (mime.endsWith('xml')) return 'xml';
    return 'text';
  }
  const first = firstLine.trimStart();
  if (first.startsWith('{') || first.startsWith('[')) return 'json';
  if (first.startsWith('<') && matchFileInclude(first) === undefined) return 'xml';
  return 'text';
}

/**
 * Whole-line `#` and `//` comments are dropped from JSON and form bodies (what REST Client and
 * JetBrains users expect); everywhere else they are content (REST Client's stripping corrupts
 * YAML, CSV and GraphQL bodies: its issue #946).
 */
export function keepsCommentLines(kind: BodyKind): boolean {
  return kind !== 'json' && kind !== 'form';
}

/**
 * Builds a body from its lines (`indices` into `lines`, trailing blank lines already removed).
 * Line ends stay as written, except in multipart bodies where RFC 2046 §5.1.1 wants CRLF; form
 * lines that start with `&` join the line before them.
 */
export function buildBody(kind: BodyKind, lines: readonly string[], eols: Uint8Array, indices: readonly number[]): Body | undefined {
  const parts: BodyPart[] = [];
  let text = '';
  let textStart = -1;
  let textEnd = -1;
  let pendingEol = '';
  const flush = (): void => {
    if (textStart !== -1) parts.push({ type: 'text', text, startLine: textStart, endLine: textEnd });
    text = '';
    textStart = -1;
  };
  for (const i of indices) {
    let line = lines[i]!;
    if (!keepsCommentLines(kind) && isComment(line)) continue;
    const include = matchFileInclude(line);
    if (include) {
      if (pendingEol !== '' && textStart === -1) textStart = i;
      text += pendingEol;
      flush();
      parts.push({ type: 'file', ...include, line: i });
    } else {
      let eol = pendingEol;
      if (kind === 'form') {
        const trimmed = line.trim();
        if (trimmed.startsWith('&')) {
          eol = '';
          line = trimmed;
        }
      }
      if (textStart === -1) textStart = i;
      text += eol + line;
      textEnd = i;
    }
    const written = eols[i] ?? Eol.none;
    pendingEol = kind === 'multipart' && written !== Eol.none ? '\r\n' : eolText(written);
  }
  flush();
  if (parts.length === 0) return undefined;
  return { kind, parts, startLine: indices[0]!, endLine: indices[indices.length - 1]! };
}
