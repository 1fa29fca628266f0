import { isSameName } from '../ascii';
import { matchFileInclude } from './line-kinds';
import { Eol, eolText, isCommentAt, skipSpacesIn, type SplitLines } from './lines';
import type { Body, BodyKind, BodyPart, Header } from './model';

/** Value of the first header with this name (case-insensitive), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  for (const h of headers) if (isSameName(h.name, name)) return h.value;
  return undefined;
}

/**
 * The body's kind, from the request's method and its X-Request-Type and Content-Type headers; `firstLine` (the first body line) is the
 * fallback when there is no Content-Type: `{` or `[` is JSON, `<` (not a file include) is XML.
 */
export function detectBodyKind(method: string, requestType: string | undefined, contentType: string | undefined, firstLine: string): BodyKind {
  // REST Client marks GraphQL with a header (X-Request-Type) and sends Content-Type:
  // application/json as well, so the marker wins over the content type.
  if (method.toUpperCase() === 'GRAPHQL' || requestType?.trim().toLowerCase() === 'graphql') {
    return 'graphql';
  }
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
 * Builds a body from its lines (`indices` into `split`, trailing blank lines already removed).
 * Line ends stay as written, except in multipart bodies where RFC 2046 §5.1.1 wants CRLF; form
 * lines that start with `&` join the line before them.
 */
export function buildBody(kind: BodyKind, split: SplitLines, indices: readonly number[]): Body | undefined {
  const { text, starts, ends, eols } = split;
  const parts: BodyPart[] = [];
  // A run of consecutive lines kept as written is one slice of the file's text (no copying);
  // only runs that change something (dropped comments, joined form lines, multipart CRLF) are
  // built up line by line, from `built` on.
  let runFirst = -1;
  let runLast = -1;
  let built: string | undefined;
  let textStart = -1;
  let pendingEol = '';
  const current = (): string => built ?? (runFirst === -1 ? '' : text.slice(starts[runFirst]!, ends[runLast]!));
  const flush = (): void => {
    if (textStart !== -1) parts.push({ type: 'text', text: current() + pendingEol, startLine: textStart, endLine: runLast === -1 ? textStart : runLast });
    built = undefined;
    runFirst = -1;
    runLast = -1;
    textStart = -1;
  };
  const isCrlfKind = kind === 'multipart';
  const dropsComments = !keepsCommentLines(kind);
  for (const i of indices) {
    const start = starts[i]!;
    const end = ends[i]!;
    if (dropsComments && isCommentAt(text, skipSpacesIn(text, start, end), end)) {
      if (runFirst !== -1 && built === undefined) built = current();
      continue;
    }
    const include = text.charCodeAt(start) === 60 /* < */ ? matchFileInclude(text.slice(start, end)) : undefined;
    if (include) {
      if (pendingEol !== '' && textStart === -1) textStart = i;
      flush();
      pendingEol = '';
      parts.push({ type: 'file', ...include, line: i });
    } else {
      let eol = pendingEol;
      // The line's text when it differs from what is written (a form continuation, trimmed).
      let changed: string | undefined;
      if (kind === 'form') {
        const trimmed = text.slice(start, end).trim();
        if (trimmed.startsWith('&')) {
          eol = '';
          if (trimmed.length !== end - start) changed = trimmed;
        }
      }
      if (textStart === -1) textStart = i;
      const isContiguous = runFirst !== -1 && runLast === i - 1 && built === undefined && changed === undefined && eol === eolText(eols[i - 1] ?? Eol.none);
      if (runFirst === -1 && built === undefined && eol === '' && changed === undefined) {
        runFirst = i;
      } else if (!isContiguous) {
        built = current() + eol + (changed ?? text.slice(start, end));
      }
      runLast = i;
      pendingEol = '';
    }
    const written = eols[i] ?? Eol.none;
    pendingEol = isCrlfKind && written !== Eol.none ? '\r\n' : eolText(written);
  }
  pendingEol = '';
  flush();
  if (parts.length === 0) return undefined;
  return { kind, parts, startLine: indices[0]!, endLine: indices[indices.length - 1]! };
}
