import { indexOfControlChar, isSameNameAt } from '../ascii';
import { bodyKindOfFirstLine, bodyKindOfHeaders, buildBody, headerValue, isGraphqlOperationLine, keepsCommentLines } from './body';
import { ContentTypeCache, ownCopy } from './content-type-cache';
import { mimeTypeOf } from '../response/charset';
import { checkHeaderInBody, checkHeaderName, checkHeaderValue, checkHeaderValueText, checkRequest, indexOfTextCheck } from './checks';
import type { DiagnosticSink } from './diagnostics';
import { headerColonAt, readHeaders, scanHeaderLine, type HeaderSpan } from './header-line';
import { splitTrailingVersion } from './line-kinds';
import type { LineReader } from './line-reader';
import type { Body, BodyKind, GraphqlFragment, Header, Metadata, UnsupportedBlock } from './model';
import { ParsedRequest } from './parsed-request';
import { parseAnyRequestLine, scanSimpleAt, type ParsedRequestLine } from './request-line';
import type { RequestSource } from './request-source';

/** What a Content-Type says of where its body's lines end (see RequestBuilder.mayEndBody). */
interface BodyRules {
  readonly isHttpMessage: boolean;
  /** `--boundary--` of a multipart body. */
  readonly closingDelimiter: string | undefined;
  readonly isDeclaredText: boolean;
}

const UNDECLARED_BODY: BodyRules = { isHttpMessage: false, closingDelimiter: undefined, isDeclaredText: false };

function bodyRulesOf(contentType: string | undefined, kind: BodyKind | undefined): BodyRules {
  if (contentType === undefined) return UNDECLARED_BODY;
  const isDeclaredText = kind === 'text';
  const known = rulesOfContentType.get(contentType);
  if (known !== undefined && known.isDeclaredText === isDeclaredText) return known;
  const mime = mimeTypeOf(contentType);
  const boundary = mime.startsWith('multipart/') ? /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType) : null;
  const rules = {
    isHttpMessage: mime === 'message/http' || mime === 'application/http',
    // An own copy: the rules outlive the file (see ContentTypeCache), a slice of it would keep its text.
    closingDelimiter: boundary ? ownCopy(`--${boundary[1] ?? boundary[2]}--`) : undefined,
    isDeclaredText,
  };
  return rulesOfContentType.set(contentType, rules);
}

const rulesOfContentType = new ContentTypeCache<BodyRules>();

/** A body line that `trimBody` drops at either end of the body: blank, or a comment where the body's kind drops those. */
function isDroppedAtEdge(lines: LineReader, i: number, dropsComments: boolean): boolean {
  return lines.isBlank(i) || (dropsComments && lines.isComment(i));
}

/** Shared by every request that has none of a kind of item; never written to. */
const NONE: readonly never[] = Object.freeze([]);

/** One scratch span for every header line scanned: its offsets are read at once. */
const span: HeaderSpan = { nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0, isTokenName: false };

/**
 * One request as the parser reads it, from its `###` line (or where an implicit request's comments
 * begin) to the line before the next request. The parser hands it each line it has classified:
 * the builder keeps the request line, metadata and blocks, checks header lines as they come, and
 * appends the numbers of its metadata, header and body lines to the file's `RequestSource`.
 * `build` makes the model's request when the next request starts; `check` checks it.
 */
export class RequestBuilder {
  /** `# @key value` lines above the request line, for its name and checks; made on the first. */
  private metadata: Metadata[] | undefined;
  /** First of the comment lines directly above the request line, or -1. */
  leadStart = -1;
  /** Its `line` and `endLine` (after query continuation lines) are set as the lines are read. */
  requestLine: ParsedRequestLine | undefined;
  /**
   * Spaces and tabs before the request line: only lines indented more continue the target or a
   * header value (a whole request may be indented as one block).
   */
  requestLineIndent = 0;
  /**
   * The target has nothing for its checks to find: scanSimpleAt read it whole (see there), and
   * no continuation line added a `{` or a control character to it. Most targets are then not
   * scanned again.
   */
  private isTargetChecked = false;
  /** Where this request's entries in `source` begin: metadata lines, then header lines, then body lines. */
  private readonly metadataFrom: number;
  private headersFrom = -1;
  private bodyFrom = -1;
  /** The last header line read: whose value an obs-fold line continues. */
  private lastHeaderLine = -1;
  private hasFold = false;
  /**
   * First values of the headers the URL and the body need, read line by line; when a value is
   * folded over lines, `build` reads them again from the whole headers.
   */
  host: string | undefined;
  private contentType: string | undefined;
  private requestType: string | undefined;
  private hasContentLength = false;
  /** A body line that is neither blank nor a comment was read. */
  hasBodyContent = false;
  /** What the Content-Type says of the body's lines, read at its first line (see `bodyRules`). */
  private rules: BodyRules | undefined;
  /** A multipart body's closing delimiter line was read: what follows is no longer its parts. */
  private isMultipartClosed = false;
  /** Set by `build`; undefined when the request has no body. */
  private bodyKind: BodyKind | undefined;
  private unsupported: UnsupportedBlock[] | undefined;
  /** First and last line of a pasted response after the request, or -1. */
  private pastedStart = -1;
  private pastedEnd = -1;
  /** What `build` made for `check` only: the headers when there is a Content-Length, and a body to check. */
  private checkedHeaders: readonly Header[] = NONE;
  private checkedBody: Body | undefined;

  constructor(
    private readonly lines: LineReader,
    private readonly sink: DiagnosticSink,
    private readonly source: RequestSource,
    /** Its `###` line, or where an implicit request's comments begin. */
    readonly blockStart: number,
    readonly hasSeparator: boolean,
    readonly title: string | undefined,
  ) {
    this.metadataFrom = source.length;
  }

  /** Whether a Content-Type header was read: without one, what follows a GET is not its body. */
  get hasContentType(): boolean {
    return this.contentType !== undefined;
  }

  /** After `build`: a GraphQL body's Content-Length depends on fragments that may stand further down the file. */
  get isCheckDeferred(): boolean {
    return this.bodyKind === 'graphql' && this.hasContentLength;
  }

  addMetadata(meta: Metadata): void {
    // A literal array holds exactly its items; `[]` then push reserves room for 17.
    if (this.metadata) this.metadata.push(meta);
    else this.metadata = [meta];
    this.source.push(meta.line);
  }

  addUnsupported(block: UnsupportedBlock): void {
    (this.unsupported ??= []).push(block);
  }

  /** Request line `i`, its first character that is not a space or tab at `first`. */
  readRequestLine(i: number, first: number): void {
    const { lines } = this;
    const simple = scanSimpleAt(lines.text, lines.starts[i]!, lines.ends[i]!, i);
    this.isTargetChecked = simple !== undefined;
    this.requestLine = simple ?? parseAnyRequestLine(lines.line(i), i, this.sink);
    this.requestLineIndent = this.lines.indentOf(i, first);
    this.headersFrom = this.source.length;
  }

  /** Query continuation line `i`, `trimmed`; JetBrains allows the version after the last one. */
  continueTarget(i: number, trimmed: string): void {
    const rl = this.requestLine!;
    const version = trimmed.includes('HTTP/') ? splitTrailingVersion(trimmed) : undefined;
    const piece = version ? version.before : trimmed;
    rl.target += piece;
    // A piece without `{` or control character adds nothing for the target's checks to find.
    if (indexOfTextCheck(piece, 0, piece.length) !== -1) this.isTargetChecked = false;
    if (version) {
      rl.httpVersion = version.version;
      rl.isHttpVersionExplicit = true;
    }
    rl.endLine = i;
  }

  /**
   * Line `i` continues the last header's value (RFC 9112 §5.2 obs-fold, as JetBrains writes long
   * values): indented more than the request line, after a header, and neither a body's start nor
   * a `Name: value` line.
   */
  isFoldAt(i: number, first: number, opensBody: boolean): boolean {
    const { lines } = this;
    return this.lastHeaderLine !== -1 && !opensBody && lines.indentOf(i, first) > this.requestLineIndent && headerColonAt(lines.text, first, lines.ends[i]!) === -1;
  }

  /** Reads header line `i` in place: its diagnostics, and the first values of the headers the request needs. */
  readHeader(i: number, first: number): void {
    const { text, starts, split } = this.lines;
    const sink = this.sink;
    if (!scanHeaderLine(split, i, first, span, sink)) return;
    this.source.push(i);
    this.lastHeaderLine = i;
    const { nameStart, nameEnd, valueStart, valueEnd } = span;
    const lineStart = starts[i]!;
    if (!span.isTokenName) checkHeaderName(text, nameStart, nameEnd, i, nameStart - lineStart, sink);
    // One pass rules out both value checks for most values: no control character, no `{`.
    const scanFrom = indexOfTextCheck(text, valueStart, valueEnd);
    if (scanFrom !== -1) checkHeaderValueText(text, nameStart, nameEnd, valueStart, valueEnd, i, valueStart - lineStart, sink, scanFrom);
    // Told apart by length first: no string is made for the name.
    const length = nameEnd - nameStart;
    if (length === 4) {
      if (this.host === undefined && isSameNameAt(text, nameStart, length, 'Host')) this.host = text.slice(valueStart, valueEnd);
    } else if (length === 12) {
      if (this.contentType === undefined && isSameNameAt(text, nameStart, length, 'Content-Type')) this.contentType = text.slice(valueStart, valueEnd);
    } else if (length === 14) {
      if (isSameNameAt(text, nameStart, length, 'Content-Length')) this.hasContentLength = true;
      else if (this.requestType === undefined && isSameNameAt(text, nameStart, length, 'X-Request-Type')) this.requestType = text.slice(valueStart, valueEnd);
    }
  }

  /** Line `i` joins the last header's value (see `isFoldAt`); its part of the value is checked here. */
  foldHeader(i: number): void {
    this.source.push(~i);
    this.hasFold = true;
    const line = this.lines.line(i);
    const start = line.length - line.trimStart().length;
    const end = line.trimEnd().length;
    if (indexOfControlChar(line, start, end) === -1) return;
    const header = this.lastHeaderLine;
    scanHeaderLine(this.lines.split, header, this.lines.firstAt(header), span);
    checkHeaderValue(this.lines.text.slice(span.nameStart, span.nameEnd), line, start, end, i, start, this.sink);
  }

  addBodyLine(i: number, isContent: boolean): void {
    if (this.bodyFrom === -1) this.bodyFrom = this.source.length;
    this.source.push(i);
    if (!isContent) return;
    this.hasBodyContent = true;
    const closing = this.bodyRules.closingDelimiter;
    if (closing !== undefined && !this.isMultipartClosed && this.lines.line(i).trim() === closing) this.isMultipartClosed = true;
  }

  /**
   * Whether a body line may end the body where httpYac ends one without `###` (a request line,
   * a file variable or a `/*` comment after a blank line): never in an HTTP message (message/http,
   * application/http), nor in a multipart body before its closing delimiter (an OData or Google
   * batch holds whole requests in its parts).
   */
  get mayEndBody(): boolean {
    const rules = this.bodyRules;
    return !rules.isHttpMessage && (rules.closingDelimiter === undefined || this.isMultipartClosed);
  }

  /**
   * A body declared as text (text/plain, CSV, YAML, JavaScript, SQL...): a file variable or a
   * `/*` line in it is its own. JSON, XML and form bodies, and undeclared ones, hold neither.
   */
  get isDeclaredText(): boolean {
    return this.bodyRules.isDeclaredText;
  }

  /** POST, PUT, PATCH: a first body line such as `import os` is the body's, not kulala's directive. */
  get expectsBody(): boolean {
    return /^(?:POST|PUT|PATCH)$/i.test(this.requestLine?.method ?? '');
  }

  private get bodyRules(): BodyRules {
    return (this.rules ??= bodyRulesOf(this.contentType, bodyKindOfHeaders(this.requestLine!.method, this.requestType, this.contentType)));
  }

  /** A request starts at line `j` without `###`: body lines from there on are its, not this one's. */
  dropBodyLinesFrom(j: number): void {
    const source = this.source;
    let end = source.length;
    while (this.bodyFrom !== -1 && end > this.bodyFrom && source.at(end - 1) >= j) end--;
    source.truncate(end);
  }

  get hasPastedResponse(): boolean {
    return this.pastedStart !== -1;
  }

  /** Line `i` belongs to a response pasted after the request. */
  addPastedLine(i: number): void {
    if (this.pastedStart === -1) this.pastedStart = i;
    this.pastedEnd = i;
  }

  /** A block without a request line makes no request: its metadata lines are nobody's. */
  discard(): void {
    this.source.truncate(this.metadataFrom);
  }

  /**
   * The model's request, numbered `index`; `next` is the first line of whatever follows it. Its
   * line ranges, metadata, headers and body are made when first asked for; what the checks need
   * of them is made here and dropped after `check`. Its URL is set once the whole file is read
   * (file variables apply to requests above them too).
   */
  build(next: number, index: number): ParsedRequest {
    const { lines, source } = this;
    const rl = this.requestLine!;
    const metadata = this.metadata ?? NONE;
    const unsupported = this.unsupported ?? NONE;
    if (this.bodyFrom === -1) this.bodyFrom = source.length;
    const bodyFrom = this.bodyFrom;
    if (this.hasFold || this.hasContentLength) this.checkedHeaders = readHeaders(lines.split, source.view(this.headersFrom, bodyFrom));
    if (this.hasFold) {
      // A folded value spans lines: the values read line by line may be only its first part.
      this.host = headerValue(this.checkedHeaders, 'Host');
      this.contentType = headerValue(this.checkedHeaders, 'Content-Type');
      this.requestType = headerValue(this.checkedHeaders, 'X-Request-Type');
    }
    this.trimBody();
    const kind = this.bodyKind;
    // Only JSON and GraphQL bodies are checked, and any body against a Content-Length.
    if (kind === 'json' || kind === 'graphql' || (kind !== undefined && this.hasContentLength)) {
      this.checkedBody = buildBody(kind, lines.split, source.view(this.bodyFrom, source.length));
    }
    let name = this.title;
    for (let k = 0; k < metadata.length; k++) {
      if (metadata[k]!.key === 'name') {
        name = metadata[k]!.value || this.title;
        break;
      }
    }
    // Its own lines start at its `###`, or at the comments, metadata and scripts above it.
    let startLine = this.hasSeparator ? this.blockStart : this.leadStart === -1 ? rl.line : this.leadStart;
    for (let k = 0; k < metadata.length; k++) startLine = Math.min(startLine, metadata[k]!.line);
    for (let k = 0; k < unsupported.length; k++) startLine = Math.min(startLine, unsupported[k]!.startLine);
    return new ParsedRequest({
      index,
      name,
      title: this.title,
      requestLine: rl,
      unsupported,
      pastedResponse: this.pastedStart === -1 ? undefined : { startLine: this.pastedStart, endLine: this.pastedEnd },
      rangeStart: startLine,
      rangeEnd: lines.lastNonBlank(next - 1, rl.line),
      // Without a `###`, what stands above the request's own lines (variables at the top of the
      // file) belongs to no request.
      extentStart: this.hasSeparator ? this.blockStart : startLine,
      extentEnd: next - 1,
      source,
      metadataFrom: this.metadataFrom,
      headersFrom: this.headersFrom,
      bodyFrom: this.bodyFrom,
      bodyTo: source.length,
      bodyKind: kind,
    });
  }

  /** Checks the request `build` made; `fragments` are those its GraphQL body may spread. */
  check(fragments: readonly GraphqlFragment[]): void {
    checkRequest(this.requestLine!, this.isTargetChecked, this.metadata ?? NONE, this.checkedHeaders, this.checkedBody, fragments, this.sink, this.lines.split);
    this.checkedHeaders = NONE;
    this.checkedBody = undefined;
  }

  /**
   * Drops blank lines at either end of the body (its entries in `source`), and where the body's
   * kind drops comment lines (JSON, form) the comments there too, so that no blank line they stood
   * beside is left in the body (a form's last value would end in a newline); sets `bodyKind`.
   * Without a body, drops its entries.
   */
  private trimBody(): void {
    const { lines, source, bodyFrom } = this;
    let end = source.length;
    // The line that tells the kind: the first that is no comment, else the first comment.
    let first = -1;
    for (let k = bodyFrom; k < end; k++) {
      const i = source.at(k);
      if (lines.isBlank(i)) continue;
      const isComment = lines.isComment(i);
      if (first === -1 || !isComment) first = i;
      if (!isComment) break;
    }
    if (first === -1) {
      source.truncate(bodyFrom);
      return;
    }
    const firstLine = lines.line(first);
    const declared = bodyKindOfHeaders(this.requestLine!.method, this.requestType, this.contentType);
    const kind = declared === 'json' && isGraphqlOperationLine(firstLine) ? 'graphql' : (declared ?? bodyKindOfFirstLine(firstLine));
    const dropsComments = !keepsCommentLines(kind);
    while (end > bodyFrom && isDroppedAtEdge(lines, source.at(end - 1), dropsComments)) end--;
    let start = bodyFrom;
    while (start < end && isDroppedAtEdge(lines, source.at(start), dropsComments)) start++;
    source.truncate(end);
    if (start > bodyFrom) {
      source.remove(bodyFrom, start - bodyFrom);
      end -= start - bodyFrom;
    }
    // Comment lines alone are a body only where comments are content and the request declares a
    // body (a text/plain or CSV body of '#' lines); after a GET they are notes between requests.
    if (bodyFrom === end || (!this.hasBodyContent && (!keepsCommentLines(kind) || this.contentType === undefined))) {
      source.truncate(bodyFrom);
      return;
    }
    this.bodyKind = kind;
    if (this.lastHeaderLine === -1) checkHeaderInBody(lines.split, first, this.sink);
  }
}
