import { isSameName } from '../ascii';
import { mimeTypeOf } from '../response/charset';
import { ContentTypeCache } from './content-type-cache';
import { matchFileInclude } from './line-kinds';
import type { LineNumbers } from './request-source';
import { Eol, eolText, isCommentAt, skipSpacesIn, type SplitLines } from './lines';
import type { Body, BodyKind, BodyPart, Header } from './model';

/** Value of the first header with this name (case-insensitive), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  for (const h of headers) if (isSameName(h.name, name)) return h.value;
  return undefined;
}

/**
 * The body's kind as the request's method and its X-Request-Type and Content-Type headers say, or
 * undefined when they do not (then `bodyKindOfFirstLine` decides).
 */
/**
 * Newline-delimited JSON (`application/x-ndjson`): every line ends with a newline, the last one
 * too, so HTTP Wire adds it to a body written without (see prepareRequest) and the Content-Length
 * check counts it.
 */
export function isNewlineDelimitedJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*application\/(?:x-)?ndjson\s*(?:;|$)/i.test(contentType);
}

export function bodyKindOfHeaders(method: string, requestType: string | undefined, contentType: string | undefined): BodyKind | undefined {
  // REST Client marks GraphQL with a header (X-Request-Type) and sends Content-Type:
  // application/json as well, so the marker wins over the content type.
  if ((method.length === 7 && method.toUpperCase() === 'GRAPHQL') || (requestType !== undefined && requestType.trim().toLowerCase() === 'graphql')) {
    return 'graphql';
  }
  if (contentType === undefined || contentType.includes('{{')) return undefined;
  return kindOfContentType.get(contentType) ?? kindOfContentType.set(contentType, bodyKindOfMime(mimeTypeOf(contentType)));
}

const kindOfContentType = new ContentTypeCache<BodyKind>();

function bodyKindOfMime(mime: string): BodyKind {
  if (mime === 'application/x-www-form-urlencoded') return 'form';
  if (mime.startsWith('multipart/')) return 'multipart';
  if (mime === 'application/graphql') return 'graphql';
  // Lines of JSON, not one document: not checked as JSON, and `#` lines are content.
  if (isNewlineDelimitedJson(mime)) return 'text';
  if (mime.endsWith('json')) return 'json';
  if (mime.endsWith('xml')) return 'xml';
  return 'text';
}

/**
 * httpYac's GraphQL: a body that starts with an operation (`query`, `mutation`, `subscription`),
 * its variables as JSON after a blank line, is sent as GraphQL JSON; with a JSON Content-Type or
 * none (a JSON body cannot start so).
 */
const GRAPHQL_OPERATION = /^\s*(?:query|mutation|subscription)\b/;

export function isGraphqlOperationLine(line: string): boolean {
  return GRAPHQL_OPERATION.test(line);
}

/** The fallback without a Content-Type: `{` or `[` first is JSON, `<` (not a file include) XML, an operation GraphQL. */
export function bodyKindOfFirstLine(firstLine: string): BodyKind {
  if (isGraphqlOperationLine(firstLine)) return 'graphql';
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
 * Builds a body from its lines (`indices` into `split`, blank lines at either end already removed).
 * Line ends stay as written, except in multipart bodies where RFC 2046 §5.1.1 wants CRLF; form
 * lines that start with `&` join the line before them.
 */
export function buildBody(kind: BodyKind, split: SplitLines, indices: LineNumbers): Body | undefined {
  return new BodyBuilder(kind, split).build(indices);
}

/**
 * Collects a body's parts. A run of consecutive lines kept as written is one slice of the file's
 * text (no copying); only runs that change something (dropped comments, joined form lines,
 * multipart CRLF) are built up line by line, from `built` on.
 */
class BodyBuilder {
  private readonly parts: BodyPart[] = [];
  private runFirst = -1;
  private runLast = -1;
  private built: string | undefined;
  private textStart = -1;
  private pendingEol = '';

  constructor(
    private readonly kind: BodyKind,
    private readonly split: SplitLines,
  ) {}

  build(indices: LineNumbers): Body | undefined {
    const { kind, split } = this;
    const { text, starts, ends, eols } = split;
    const isCrlfKind = kind === 'multipart';
    const dropsComments = !keepsCommentLines(kind);
    for (let n = 0; n < indices.length; n++) {
      const i = indices.at(n);
      const start = starts[i]!;
      const end = ends[i]!;
      if (dropsComments && isCommentAt(text, skipSpacesIn(text, start, end), end)) {
        if (this.runFirst !== -1 && this.built === undefined) this.built = this.current();
        continue;
      }
      const include = text.charCodeAt(start) === 60 /* < */ ? matchFileInclude(text.slice(start, end)) : undefined;
      if (include) {
        if (this.pendingEol !== '' && this.textStart === -1) this.textStart = i;
        this.flush();
        this.pendingEol = '';
        this.parts.push({ type: 'file', ...include, line: i });
      } else {
        let eol = this.pendingEol;
        // The line's text when it differs from what is written (a form continuation, trimmed).
        let changed: string | undefined;
        if (kind === 'form') {
          const trimmed = text.slice(start, end).trim();
          if (trimmed.startsWith('&')) {
            eol = '';
            if (trimmed.length !== end - start) changed = trimmed;
          }
        }
        if (this.textStart === -1) this.textStart = i;
        const isContiguous = this.runFirst !== -1 && this.runLast === i - 1 && this.built === undefined && changed === undefined && eol === eolText(eols[i - 1] ?? Eol.none);
        if (this.runFirst === -1 && this.built === undefined && eol === '' && changed === undefined) {
          this.runFirst = i;
        } else if (!isContiguous) {
          this.built = this.current() + eol + (changed ?? text.slice(start, end));
        }
        this.runLast = i;
        this.pendingEol = '';
      }
      const written = eols[i] ?? Eol.none;
      this.pendingEol = isCrlfKind && written !== Eol.none ? '\r\n' : eolText(written);
    }
    this.pendingEol = '';
    this.flush();
    if (this.parts.length === 0) return undefined;
    return { kind, parts: this.parts, startLine: indices.at(0), endLine: indices.at(indices.length - 1) };
  }

  private current(): string {
    if (this.built !== undefined) return this.built;
    return this.runFirst === -1 ? '' : this.split.text.slice(this.split.starts[this.runFirst]!, this.split.ends[this.runLast]!);
  }

  private flush(): void {
    if (this.textStart !== -1) {
      this.parts.push({ type: 'text', text: this.current() + this.pendingEol, startLine: this.textStart, endLine: this.runLast === -1 ? this.textStart : this.runLast });
    }
    this.built = undefined;
    this.runFirst = -1;
    this.runLast = -1;
    this.textStart = -1;
  }
}
