import { bodyKindOfFirstLine, bodyKindOfHeaders, headerValue, keepsCommentLines } from './body';
import { indexOfControlChar } from '../ascii';
import { checkDuplicateNames, checkHeaderName, checkHeaderValue, checkRequest, checkVariables, isOtherProtocol } from './checks';
import { DiagnosticCodes } from './diagnostic-codes';
import { compareDiagnostics, DiagnosticSink } from './diagnostics';
import * as kinds from './line-kinds';
import { VariableExpander } from './file-variables';
import { headerColonAt, isSpanNamed, scanHeaderLine, type HeaderSpan } from './header-line';
import { isCommentAt, isSeparatorAt, lineHas, skipSpacesIn, splitLines, type SplitLines } from './lines';
import type { FileVariable, GraphqlFragment, HttpFile, Metadata, UnsupportedBlock } from './model';
import { IntList } from './int-list';
import { ParsedRequest, readBody, readHeaders, SlotTable, type RequestSlots, type RequestSource } from './parsed-request';
import { parseRequestLine, type ParsedRequestLine } from './request-line';
import { resolveUrl } from './resolve-url';

/**
 * Where the parser stands in the current request:
 * preamble (comments, metadata, variables) → target (query continuation lines) → headers → body
 * → after (pasted response, response handlers), and back to preamble at the next request.
 */
type State = 'preamble' | 'target' | 'headers' | 'body' | 'after';

/** A request under construction. */
interface Draft {
  /** First line of the block: its `###` line, or where an implicit request's comments begin. */
  blockStart: number;
  hasSeparator: boolean;
  title: string | undefined;
  /**
   * Made on first use: most requests have no unsupported blocks, and one metadata line or none.
   * The metadata objects serve the request's checks; the request reads them again when asked.
   */
  metadata: Metadata[] | undefined;
  /** Where this request's entries in `RequestSource.metadataLines` begin. */
  metadataFrom: number;
  /** First of the comment lines directly above the request line. */
  leadStart: number;
  requestLine: ParsedRequestLine | undefined;
  requestLineAt: number;
  requestLineEnd: number;
  /**
   * Spaces and tabs before the request line: only lines indented more continue the target or a
   * header value (a whole request may be indented as one block).
   */
  requestLineIndent: number;
  /** Where this request's entries in `RequestSource.headerLines` begin. */
  headersFrom: number;
  /** Header lines read so far (an indented line after one continues it: obs-fold). */
  headerCount: number;
  /** The last header line read: whose value an obs-fold line continues. */
  lastHeaderLine: number;
  hasFold: boolean;
  /** First values of the headers the URL and the body need (folded values: set at finish). */
  host: string | undefined;
  contentType: string | undefined;
  requestType: string | undefined;
  hasContentLength: boolean;
  /** The body's lines so far: one array for every draft, emptied when a draft starts. */
  readonly bodyLines: number[];
  hasBodyContent: boolean;
  unsupported: UnsupportedBlock[] | undefined;
  pastedStart: number;
  /** Last line of the pasted response (not the variables, comments or scripts after it). */
  pastedEnd: number;
}

/** Shared by every request that has none of a kind of item; never written to. */
const NONE: readonly never[] = Object.freeze([]);

/** How a multi-line block ends: the lines that hold `needle` and pass `test`. */
interface Closer {
  readonly needle: string;
  readonly test?: (line: string) => boolean;
}
const BLOCK_COMMENT_END: Closer = { needle: '*/' };
const SCRIPT_END: Closer = { needle: '%}' };
const SCRIPT_BLOCK_END: Closer = { needle: '}}', test: kinds.isScriptBlockEnd };

/**
 * Parses the text of a `.http` file into requests, file variables and diagnostics. Never throws:
 * anything malformed becomes a diagnostic and the rest of the file still parses.
 */
export function parseHttpFile(text: string): HttpFile {
  return new FileParser(text, {}).parse();
}

/** For re-parsing one region of a file: what the rest of the file defines, and where it starts. */
export interface RegionContext {
  /** File variables defined outside the region (they apply inside it too). */
  readonly variables?: readonly FileVariable[];
  readonly fragments?: readonly GraphqlFragment[];
  /** Index of the region's first request among the file's requests. */
  readonly indexOffset?: number;
}

/**
 * Parses `text` as the region of a larger file, with that file's variables and fragments. Line
 * numbers are those of `text`; the caller pads or shifts. Used by reparse.ts.
 */
export function parseRegion(text: string, context: RegionContext): HttpFile {
  return new FileParser(text, context).parse();
}

class FileParser {
  private readonly split: SplitLines;
  private readonly text: string;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly count: number;
  private readonly sink = new DiagnosticSink();
  private readonly source: RequestSource;
  private readonly requests: ParsedRequest[] = [];
  /** Per request, its Host header's value: URLs are resolved once the whole file is read. */
  private readonly hosts = new Map<number, string>();
  /** Requests whose checks wait for the whole file: a GraphQL body may use fragments below it. */
  private readonly deferredChecks = new Set<number>();
  private readonly span: HeaderSpan = { nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0 };
  /** The slots of the request being finished, one object reused for every request. */
  private readonly slots: RequestSlots = {
    headersFrom: 0, headersTo: 0, bodyKind: undefined, bodyFrom: 0, bodyTo: 0, metadataFrom: 0, metadataTo: 0, rangeStart: 0, rangeEnd: 0, extentStart: 0, extentEnd: 0,
  };
  private readonly variables: FileVariable[] = [];
  private readonly fragments: GraphqlFragment[] = [];
  private state: State = 'preamble';
  private draft: Draft;
  /** Last line eaten by a multi-line construct; walking back for comments stops there. */
  private consumedUpTo = -1;

  private readonly hasNul: boolean;
  /** Per kind of closing line, the sorted indices of the lines that are one (see findLine). */
  private readonly closers = new Map<Closer, number[]>();

  constructor(
    text: string,
    private readonly context: RegionContext,
  ) {
    this.split = splitLines(text);
    this.text = this.split.text;
    this.starts = this.split.starts;
    this.ends = this.split.ends;
    this.count = this.split.count;
    // Capacities guessed from the line count (a 52,625-line file has ~16,000 header lines).
    const lines = this.count;
    this.source = {
      split: this.split,
      headerLines: new IntList(lines >>> 2),
      bodyLines: new IntList(lines >>> 2),
      metadataLines: new IntList(lines >>> 3),
      slots: new SlotTable(lines >>> 3),
    };
    this.hasNul = text.includes('\0');
    this.draft = {
      blockStart: 0, hasSeparator: false, title: undefined, metadata: undefined, metadataFrom: 0, leadStart: -1, requestLine: undefined, requestLineAt: -1, requestLineEnd: -1, requestLineIndent: 0,
      headersFrom: 0, headerCount: 0, lastHeaderLine: -1, hasFold: false, host: undefined, contentType: undefined, requestType: undefined,
      hasContentLength: false, bodyLines: [], hasBodyContent: false, unsupported: undefined, pastedStart: -1, pastedEnd: -1,
    };
  }

  parse(): HttpFile {
    const { text, starts, ends, count } = this;
    let i = 0;
    while (i < count) i = this.step(i, skipSpacesIn(text, starts[i]!, ends[i]!));
    this.finishDraft(count);
    if (this.hasNul) this.reportNul();

    checkVariables(this.variables, this.sink);
    // File variables apply to the whole file, even to requests above their definition, so URLs
    // are resolved once every line has been read.
    const outside = this.context.variables ?? [];
    const expander = new VariableExpander(new Map([...outside, ...this.variables].map((v) => [v.name, v.value])));
    const fragments = this.context.fragments ? [...this.context.fragments, ...this.fragments] : this.fragments;
    const requests = this.requests;
    for (let k = 0; k < requests.length; k++) {
      const r = requests[k]!;
      const rl = r.requestLine as ParsedRequestLine;
      rl.url = isOtherProtocol(rl.method, rl.line, this.sink)
        ? null
        : resolveUrl({ target: rl.target, host: this.hosts.get(k), fileVariables: expander, line: rl.line, column: rl.targetColumn }, this.sink);
      if (this.deferredChecks.has(k)) checkRequest(rl, r.metadata, r.headers, r.body, fragments, this.sink);
    }
    checkDuplicateNames(requests, this.sink);
    const source = this.source;
    source.headerLines.trim();
    source.bodyLines.trim();
    source.metadataLines.trim();
    source.slots.trim();
    const diagnostics = this.sink.items.sort(compareDiagnostics);
    return { requests, variables: this.variables, fragments: this.fragments, diagnostics, lineCount: count };
  }

  /** Line `i`'s text. Sliced only where something of it is kept or a pattern must run on it. */
  private line(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  private isBlankLine(i: number): boolean {
    return skipSpacesIn(this.text, this.starts[i]!, this.ends[i]!) === this.ends[i]!;
  }

  private isCommentLine(i: number): boolean {
    const end = this.ends[i]!;
    return isCommentAt(this.text, skipSpacesIn(this.text, this.starts[i]!, end), end);
  }

  /**
   * A line that is no comment stands between the comments above and the request line: those
   * comments are not the request's own. Only before the request line, where they are read.
   */
  private breakLead(): void {
    if (this.state === 'preamble') this.draft.leadStart = -1;
  }

  /** Lines `from` to `to` joined with `\n`, as blocks kept for display are. */
  private joinLines(from: number, to: number): string {
    const parts: string[] = [];
    for (let k = from; k <= to; k++) parts.push(this.line(k));
    return parts.join('\n');
  }

  /**
   * Handles line `i`, whose first character that is not a space or tab is at offset `first`
   * (its end offset when the line is blank), and returns the index of the next line to read.
   */
  private step(i: number, first: number): number {
    if (isSeparatorAt(this.text, first, this.ends[i]!)) {
      this.finishDraft(i);
      this.startDraft(i, true, kinds.separatorTitle(this.line(i)));
      this.state = 'preamble';
      return i + 1;
    }
    switch (this.state) {
      case 'preamble':
        return this.preambleLine(i, first);
      case 'target':
        return this.targetLine(i, first);
      case 'headers':
        return this.headerLine(i, first);
      case 'body':
        return this.bodyLine(i, first);
      case 'after':
        return this.afterLine(i, first);
    }
  }

  private preambleLine(i: number, first: number): number {
    const d = this.draft;
    const text = this.text;
    if (first === this.ends[i]!) {
      d.leadStart = -1;
      return i + 1;
    }
    const between = this.betweenRequestsLine(i, first);
    if (between !== undefined) return between;
    if (this.isPastedResponseAt(i)) {
      // A response with no request above it: keep it out of the next request.
      this.state = 'after';
      d.pastedStart = i;
      d.pastedEnd = i;
      return i + 1;
    }
    const c = text.charCodeAt(first);
    if (c === 102 /* f */ || kinds.isOtherSpace(c)) {
      const fragment = kinds.matchGraphqlFragment(this.line(i));
      if (fragment !== undefined) return this.readFragment(i, fragment);
    }
    if ((c === 60 /* < */ || kinds.isOtherSpace(c)) && kinds.isPreRequestScript(this.line(i))) {
      return this.readUnsupported(i, 'pre-request-script', 'Pre-request scripts are not supported yet; the request is sent without running it.');
    }
    if (c === 99 /* c */ && kinds.isCurlCommand(this.line(i))) return this.readCurl(i);
    if (d.leadStart === -1) d.leadStart = i;
    d.requestLine = parseRequestLine(this.line(i), i, this.sink);
    d.requestLineAt = i;
    d.requestLineEnd = i;
    d.requestLineIndent = first - this.starts[i]!;
    this.state = 'target';
    return i + 1;
  }

  /**
   * Lines that may stand between requests: comments and metadata, file variables, block comments,
   * script blocks and directives. Returns the next line to read, or undefined for any other line.
   */
  private betweenRequestsLine(i: number, first: number): number | undefined {
    const d = this.draft;
    const text = this.text;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    if (isCommentAt(text, first, end)) {
      if (this.state !== 'preamble') return i + 1;
      if (d.leadStart === -1) d.leadStart = i;
      if (lineHas(text, first, end, 64 /* @ */)) {
        const meta = kinds.readMetadataAt(text, first, end, i);
        // A literal array holds exactly its items; `[]` then push reserves room for 17.
        if (meta) {
          if (d.metadata) d.metadata.push(meta);
          else d.metadata = [meta];
          this.source.metadataLines.push(i);
        }
      }
      return i + 1;
    }
    const c = text.charCodeAt(first);
    if (c === 64 /* @ */) {
      const variable = kinds.matchFileVariable(this.line(i));
      if (variable) {
        this.variables.push({ name: variable.name, value: variable.value, line: i });
        this.breakLead();
        return i + 1;
      }
    }
    if (this.isBlockCommentStartAt(first)) return this.readBlockComment(i, this.line(i));
    if (this.isScriptBlockStartAt(i)) {
      return this.readUnsupported(i, 'script', 'Script blocks are not supported yet; they are kept but not run, and never sent.');
    }
    if ((c === 105 /* i */ || c === 114 /* r */ || kinds.isOtherSpace(c)) && kinds.isDirective(this.line(i))) {
      const line = this.line(i);
      (d.unsupported ??= []).push({ kind: 'directive', startLine: i, endLine: i, text: line });
      this.sink.add('info', DiagnosticCodes.notSupported, `"${line.trim()}" is a directive of another tool; it is not supported yet and is skipped.`, i, 0, end - start);
      this.breakLead();
      return i + 1;
    }
    if (this.isAssertionAt(i, first)) return this.readAssertion(i);
    return undefined;
  }

  private targetLine(i: number, first: number): number {
    const d = this.draft;
    const { text } = this;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const c = text.charCodeAt(start);
    // A line that starts with a visible ASCII character other than `?` and `&` (a header, mostly)
    // is no continuation: decided without slicing it. Nor is a comment, or a `Name: value` line,
    // however they are indented.
    const rl = d.requestLine;
    const isNoContinuation =
      first === end ||
      (c > 32 && c < 128 && c !== 63 && c !== 38) ||
      isCommentAt(text, first, end) ||
      this.isBlockCommentStartAt(first) ||
      headerColonAt(text, first, end) !== -1;
    if (rl === undefined || isNoContinuation) {
      this.state = 'headers';
      return i;
    }
    const line = this.line(i);
    const trimmed = line.trim();
    const head = trimmed.charAt(0);
    const isIndentedMore = first - start > d.requestLineIndent && kinds.isIndented(line);
    const isContinuation = head === '?' || head === '&' || (isIndentedMore && head !== '{' && head !== '[' && head !== '<');
    if (!isContinuation || (head === '?' && trimmed.charCodeAt(1) === 63 /* ? */ && kinds.isAssertion(line))) {
      this.state = 'headers';
      return i;
    }
    // JetBrains allows the version after the last continuation line.
    const version = trimmed.includes('HTTP/') ? kinds.splitTrailingVersion(trimmed) : undefined;
    rl.target += version ? version.before : trimmed;
    if (version) {
      rl.httpVersion = version.version;
      rl.isHttpVersionExplicit = true;
    }
    d.requestLineEnd = i;
    return i + 1;
  }

  private headerLine(i: number, first: number): number {
    const d = this.draft;
    const text = this.text;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    if (first === end) {
      this.state = 'body';
      return i + 1;
    }
    if (this.isImplicitRequestAt(i)) return this.splitAt(i);
    if (isCommentAt(text, first, end)) return i + 1;
    // httpYac reads a `/*` line straight after the headers as a block comment, `###` lines in it too.
    if (this.isBlockCommentStartAt(first)) return this.readBlockComment(i, this.line(i));
    if (text.charCodeAt(first) === 64 /* @ */ && kinds.matchFileVariable(this.line(i))) return this.betweenRequestsLine(i, first)!;
    if (this.isAssertionAt(i, first)) return this.readAssertion(i);
    if (this.endsBodyAt(i)) {
      this.state = 'after';
      return i;
    }
    const opensBody = kinds.opensBodyAt(text, first, end);
    const isIndented = first > start;
    if (first - start > d.requestLineIndent && !opensBody && d.headerCount > 0 && headerColonAt(text, first, end) === -1) {
      // RFC 9112 §5.2 obs-fold, as JetBrains writes long values: the line continues the header.
      this.source.headerLines.push(~i);
      d.hasFold = true;
      this.checkFoldedValue(i);
      return i + 1;
    }
    if (opensBody) {
      // httpYac reads an indented `{`, `[` or `<` as the body's start; unindented, it still is what
      // the author meant, but say that a blank line belongs there.
      if (!isIndented) {
        this.sink.add('warning', DiagnosticCodes.bodyWithoutBlankLine, 'The body should be separated from the headers by a blank line.', i, 0, end - start);
      }
      this.state = 'body';
      return i;
    }
    this.readHeader(i, first);
    return i + 1;
  }

  /**
   * Reads header line `i` in place: its diagnostics, its entry in the source, and the first values
   * of the headers that finishing the request needs (the others are made only when asked for).
   */
  private readHeader(i: number, first: number): void {
    const { text, span, sink } = this;
    if (!scanHeaderLine(this.split, i, first, span, sink)) return;
    const d = this.draft;
    const lineStart = this.starts[i]!;
    this.source.headerLines.push(i);
    d.headerCount++;
    d.lastHeaderLine = i;
    checkHeaderName(text, span.nameStart, span.nameEnd, i, span.nameStart - lineStart, sink);
    const valueColumn = span.valueStart - lineStart;
    if (indexOfControlChar(text, span.valueStart, span.valueEnd) !== -1) {
      checkHeaderValue(text.slice(span.nameStart, span.nameEnd), text, span.valueStart, span.valueEnd, i, valueColumn, sink);
    }
    switch (span.nameEnd - span.nameStart) {
      case 4:
        if (d.host === undefined && isSpanNamed(text, span, 'Host')) d.host = text.slice(span.valueStart, span.valueEnd);
        break;
      case 12:
        if (d.contentType === undefined && isSpanNamed(text, span, 'Content-Type')) d.contentType = text.slice(span.valueStart, span.valueEnd);
        break;
      case 14:
        if (isSpanNamed(text, span, 'Content-Length')) d.hasContentLength = true;
        else if (d.requestType === undefined && isSpanNamed(text, span, 'X-Request-Type')) d.requestType = text.slice(span.valueStart, span.valueEnd);
        break;
    }
  }

  /** The part of a folded value on line `i` (the line trimmed, as it joins the value). */
  private checkFoldedValue(i: number): void {
    const line = this.line(i);
    const trimmedStart = line.length - line.trimStart().length;
    const trimmedEnd = line.trimEnd().length;
    if (indexOfControlChar(line, trimmedStart, trimmedEnd) === -1) return;
    const header = this.draft.lastHeaderLine;
    const span = this.span;
    scanHeaderLine(this.split, header, skipSpacesIn(this.text, this.starts[header]!, this.ends[header]!), span);
    checkHeaderValue(this.text.slice(span.nameStart, span.nameEnd), line, trimmedStart, trimmedEnd, i, trimmedStart, this.sink);
  }

  private bodyLine(i: number, first: number): number {
    const d = this.draft;
    const end = this.ends[i]!;
    const blank = first === end;
    if (!blank && this.isImplicitRequestAt(i) && this.followsBreak(i)) return this.splitAt(i);
    // httpYac reads its assertions wherever they stand in a request, between body lines too.
    if (!blank && this.isAssertionAt(i, first)) return this.readAssertion(i);
    const isComment = isCommentAt(this.text, first, end);
    // A request that declares a Content-Type has a body; one that does not (a GET, mostly) is
    // followed by what stands between requests: variables, block comments, script blocks.
    if (!d.hasBodyContent && !blank && !isComment && d.contentType === undefined) {
      const between = this.betweenRequestsLine(i, first);
      if (between !== undefined) return between;
    }
    if (this.endsBodyAt(i) || (this.isScriptBlockStartAt(i) && this.followsBreak(i))) {
      this.state = 'after';
      return i;
    }
    d.bodyLines.push(i);
    if (!blank && !isComment) d.hasBodyContent = true;
    return i + 1;
  }

  /**
   * After the body: response handlers and other blocks of other tools, a pasted response, and
   * what may stand between requests (file variables, comments, block comments, script blocks).
   */
  private afterLine(i: number, first: number): number {
    const d = this.draft;
    if (first === this.ends[i]!) return i + 1;
    const line = this.line(i);
    if (this.followsBreak(i) && kinds.isImplicitRequestLine(line)) return this.splitAt(i);
    const after = kinds.matchAfterBody(line);
    if (after !== undefined) {
      const what = after === 'response-handler' ? 'Response handler scripts are' : after === 'output-redirect' ? 'Saving the response with >> is' : 'Response references (<>) are';
      return this.readUnsupported(i, after, `${what} not supported yet; the request is sent without it.`);
    }
    const between = this.betweenRequestsLine(i, first);
    if (between !== undefined) return between;
    if (kinds.isPastedResponseLine(line) && d.pastedStart === -1) d.pastedStart = i;
    if (d.pastedStart === -1) {
      this.sink.add('warning', DiagnosticCodes.notSupported, 'This line comes after the request and is not sent; start a new request with ### if it is one.', i, 0, line.length);
    } else {
      d.pastedEnd = i;
    }
    return i + 1;
  }

  /*
   * Line tests that first rule out most lines by a character or two, then slice the line for the
   * pattern in line-kinds.ts.
   */

  private isImplicitRequestAt(i: number): boolean {
    return kinds.mayBeImplicitRequestAt(this.text, this.starts[i]!, this.ends[i]!) && kinds.isImplicitRequestLine(this.line(i));
  }

  private isPastedResponseAt(i: number): boolean {
    return this.text.startsWith('HTTP/', this.starts[i]!) && kinds.isPastedResponseLine(this.line(i));
  }

  private isScriptBlockStartAt(i: number): boolean {
    const start = this.starts[i]!;
    return this.text.charCodeAt(start) === 123 && this.text.charCodeAt(start + 1) === 123 && kinds.isScriptBlockStart(this.line(i));
  }

  private isBlockCommentStartAt(first: number): boolean {
    return this.text.charCodeAt(first) === 47 /* / */ && this.text.charCodeAt(first + 1) === 42 /* * */;
  }

  private isAssertionAt(i: number, first: number): boolean {
    return this.text.charCodeAt(first) === 63 /* ? */ && this.text.charCodeAt(first + 1) === 63 && kinds.isAssertion(this.line(i));
  }

  /**
   * A curl command and its `\`-continued lines, where a request line could stand. Not a request
   * yet: it is reported once, instead of as a request line with a malformed URL.
   */
  private readCurl(i: number): number {
    let end = i;
    while (end + 1 < this.count && kinds.continuesOnNextLine(this.line(end)) && !kinds.isSeparator(this.line(end + 1))) end++;
    this.sink.add('info', DiagnosticCodes.notSupported, 'curl commands are not supported yet; write the request as a request line, headers and body to send it.', i, 0, this.ends[i]! - this.starts[i]!);
    this.consumedUpTo = end;
    this.breakLead();
    return end + 1;
  }

  /** An httpYac assertion line: kept and shown with the request, not checked yet, never sent. */
  private readAssertion(i: number): number {
    const line = this.line(i);
    (this.draft.unsupported ??= []).push({ kind: 'assertion', startLine: i, endLine: i, text: line });
    this.sink.add('info', DiagnosticCodes.notSupported, 'Assertions (??) are not supported yet; the request is sent without checking it.', i, 0, line.length);
    return i + 1;
  }

  /** A pasted response, a response handler, `>>` or `<>`: what ends a body. */
  private endsBodyAt(i: number): boolean {
    if (this.isPastedResponseAt(i)) return true;
    const c = this.text.charCodeAt(this.starts[i]!);
    return (c === 62 /* > */ || c === 60 /* < */) && kinds.matchAfterBody(this.line(i)) !== undefined;
  }

  /**
   * True when line `i` follows a blank line, a comment line or the end of a block comment or
   * script block (or starts the file).
   */
  private followsBreak(i: number): boolean {
    return i === 0 || this.consumedUpTo === i - 1 || this.isBlankLine(i - 1) || this.isCommentLine(i - 1);
  }

  /**
   * Line `i` starts a new request without `###`. Comment lines directly above it belong to the new
   * request (they hold its `# @name`), so the new block starts at the first of them.
   */
  private splitAt(i: number): number {
    const floor = Math.max(this.draft.requestLineEnd, this.consumedUpTo);
    let j = i;
    while (j - 1 > floor && this.isCommentLine(j - 1)) j--;
    const bodyLines = this.draft.bodyLines;
    while (bodyLines.length > 0 && bodyLines[bodyLines.length - 1]! >= j) bodyLines.pop();
    this.finishDraft(j);
    this.startDraft(j, false, undefined);
    this.state = 'preamble';
    return j;
  }

  /**
   * Index of the first line at or after `from` that is a `closer`, or -1. The lines of each kind
   * are listed once, by searching the text for the closer's characters, so a file full of unclosed
   * `/*` stays linear instead of scanning to its end from every opener.
   */
  private findLine(from: number, closer: Closer): number {
    let list = this.closers.get(closer);
    if (list === undefined) {
      list = this.linesHolding(closer);
      this.closers.set(closer, list);
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list[lo]! : -1;
  }

  private linesHolding(closer: Closer): number[] {
    const { text, ends, count } = this;
    const list: number[] = [];
    let k = 0;
    for (let at = text.indexOf(closer.needle); at !== -1; at = text.indexOf(closer.needle, at + 1)) {
      while (k < count && ends[k]! < at + closer.needle.length) k++;
      if (k === count) break;
      if (list[list.length - 1] === k) continue;
      if (closer.test === undefined || closer.test(this.line(k))) list.push(k);
    }
    return list;
  }

  private readBlockComment(i: number, line: string): number {
    const closesHere = line.indexOf('*/', line.indexOf('/*') + 2) !== -1;
    const end = closesHere ? i : this.findLine(i + 1, BLOCK_COMMENT_END);
    if (end === -1) {
      this.sink.add('warning', DiagnosticCodes.unterminatedBlock, 'This /* comment is never closed with */; only this line is read as a comment.', i, 0, line.length);
      return i + 1;
    }
    this.consumedUpTo = end;
    this.breakLead();
    return end + 1;
  }

  /** A block we keep and show but do not run: one line, or up to its closing line. */
  private readUnsupported(i: number, kind: UnsupportedBlock['kind'], message: string): number {
    const line = this.line(i);
    let end = i;
    if (kind === 'script') {
      end = this.findLine(i + 1, SCRIPT_BLOCK_END);
    } else if (kinds.opensScript(line)) {
      end = this.findLine(i + 1, SCRIPT_END);
    }
    if (end === -1) {
      this.sink.add('warning', DiagnosticCodes.unterminatedBlock, 'This script block is never closed; only this line is skipped.', i, 0, line.length);
      end = i;
    }
    (this.draft.unsupported ??= []).push({ kind, startLine: i, endLine: end, text: this.joinLines(i, end) });
    this.sink.add('info', DiagnosticCodes.notSupported, message, i, 0, line.length);
    this.consumedUpTo = end;
    this.breakLead();
    return end + 1;
  }

  /**
   * `fragment Name on Type { ... }`: up to the line that closes its braces. One never closed ends
   * at the next blank line, as the grammar reads it. Looking for the closing brace stops at a `###`
   * line, a request line or the next fragment, none of which a fragment can hold: a file full of
   * unclosed fragments stays linear.
   */
  private readFragment(i: number, name: string): number {
    const { text, starts, ends, count } = this;
    let depth = 0;
    let opened = false;
    let end = -1;
    let lastBeforeBlank = -1;
    let k = i;
    for (; k < count; k++) {
      if (k > i) {
        if (this.isBlankLine(k)) {
          if (lastBeforeBlank === -1) lastBeforeBlank = k - 1;
          continue;
        }
        if (kinds.isSeparator(this.line(k)) || this.isImplicitRequestAt(k) || kinds.matchGraphqlFragment(this.line(k)) !== undefined) break;
      }
      for (let at = starts[k]!; at < ends[k]!; at++) {
        const c = text.charCodeAt(at);
        if (c === 123 /* { */) {
          depth++;
          opened = true;
        } else if (c === 125 /* } */) {
          depth--;
        }
      }
      if (opened && depth <= 0) {
        end = k;
        break;
      }
    }
    if (end === -1) end = lastBeforeBlank !== -1 ? lastBeforeBlank : this.lastNonBlank(k - 1, i);
    this.fragments.push({ name, text: this.joinLines(i, end), startLine: i, endLine: end });
    this.consumedUpTo = end;
    this.breakLead();
    return end + 1;
  }

  /**
   * Starts the next request in the one draft object: a draft is finished into a request before the
   * next one starts, and what the request keeps (metadata, unsupported blocks, the request line)
   * is handed over, not reused.
   */
  private startDraft(blockStart: number, hasSeparator: boolean, title: string | undefined): void {
    const d = this.draft;
    d.blockStart = blockStart;
    d.hasSeparator = hasSeparator;
    d.title = title;
    d.metadata = undefined;
    d.metadataFrom = this.source.metadataLines.length;
    d.leadStart = -1;
    d.requestLine = undefined;
    d.requestLineAt = -1;
    d.requestLineEnd = -1;
    d.requestLineIndent = 0;
    d.headersFrom = this.source.headerLines.length;
    d.headerCount = 0;
    d.lastHeaderLine = -1;
    d.hasFold = false;
    d.host = undefined;
    d.contentType = undefined;
    d.requestType = undefined;
    d.hasContentLength = false;
    d.bodyLines.length = 0;
    d.hasBodyContent = false;
    d.unsupported = undefined;
    d.pastedStart = -1;
    d.pastedEnd = -1;
  }

  /**
   * Closes the current draft; `next` is the first line of whatever follows it. A draft with a
   * request line becomes a request, checked at once (its header lines were checked as they were
   * read). `Header` objects are made here only when a value is folded over lines or a
   * Content-Length must be compared with the body, and dropped after (see ParsedRequest).
   */
  private finishDraft(next: number): void {
    const d = this.draft;
    if (d.requestLine === undefined) return;
    const { source, slots, sink } = this;
    slots.headersFrom = d.headersFrom;
    slots.headersTo = source.headerLines.length;
    const headers = d.hasFold || d.hasContentLength ? readHeaders(source, slots.headersFrom, slots.headersTo) : undefined;
    if (d.hasFold) {
      // A folded value spans lines: the values read line by line may be only its first part.
      d.host = headerValue(headers!, 'Host');
      d.contentType = headerValue(headers!, 'Content-Type');
      d.requestType = headerValue(headers!, 'X-Request-Type');
    }
    const firstBodyLine = this.recordBody(d);
    if (firstBodyLine !== -1 && d.headerCount === 0) this.checkHeaderInBody(firstBodyLine);
    // Only JSON and GraphQL bodies are checked, and any body against a Content-Length.
    const isBodyChecked = slots.bodyKind === 'json' || slots.bodyKind === 'graphql' || d.hasContentLength;
    const body = isBodyChecked ? readBody(source, slots.bodyKind, slots.bodyFrom, slots.bodyTo) : undefined;
    const request = this.toRequest(d, next);
    const k = this.requests.length;
    this.requests.push(request);
    if (d.host !== undefined) this.hosts.set(k, d.host);
    // A GraphQL body's Content-Length depends on fragments that may stand further down the file.
    if (slots.bodyKind === 'graphql' && d.hasContentLength) this.deferredChecks.add(k);
    else checkRequest(request.requestLine, d.metadata ?? NONE, headers ?? NONE, body, this.fragments, sink);
  }

  private lastNonBlank(from: number, floor: number): number {
    let k = from;
    while (k > floor && this.isBlankLine(k)) k--;
    return k;
  }

  /**
   * A request with no headers whose body starts with what reads as a header: the author most likely
   * left a blank line between the request line and the headers (REST Client and JetBrains send
   * such lines as the body too). Sent as written; the warning says so.
   */
  private checkHeaderInBody(i: number): void {
    const start = this.starts[i]!;
    const colon = headerColonAt(this.text, start, this.ends[i]!) - start;
    if (colon < 0) return;
    const line = this.line(i);
    this.sink.add('warning', DiagnosticCodes.headerInBody, `"${line.slice(0, colon)}" looks like a header, but it follows the blank line that ends the headers, so it is sent as the body. Remove the blank line above it to send it as a header.`, i, 0, colon);
  }

  /**
   * Sets `slots.bodyKind` and the body's lines in the source (no kind: no body). Returns the body's
   * first line that is not a comment, or -1 without a body.
   */
  private recordBody(d: Draft): number {
    const slots = this.slots;
    slots.bodyKind = undefined;
    const bodyLines = d.bodyLines;
    while (bodyLines.length > 0 && this.isBlankLine(bodyLines[bodyLines.length - 1]!)) bodyLines.pop();
    // Leading blank lines are not part of the body either.
    let start = 0;
    while (start < bodyLines.length && this.isBlankLine(bodyLines[start]!)) start++;
    if (start === bodyLines.length) return -1;
    let firstContent = bodyLines[start]!;
    for (let k = start; k < bodyLines.length; k++) {
      if (!this.isCommentLine(bodyLines[k]!)) {
        firstContent = bodyLines[k]!;
        break;
      }
    }
    const kind = bodyKindOfHeaders(d.requestLine!.method, d.requestType, d.contentType) ?? bodyKindOfFirstLine(this.line(firstContent));
    // Comment lines alone are a body only where comments are content and the request declares a
    // body (a text/plain or CSV body of '#' lines); after a GET they are notes between requests.
    if (!d.hasBodyContent && (keepsCommentLines(kind) === false || d.contentType === undefined)) return -1;
    const list = this.source.bodyLines;
    slots.bodyKind = kind;
    slots.bodyFrom = list.length;
    for (let k = start; k < bodyLines.length; k++) list.push(bodyLines[k]!);
    slots.bodyTo = list.length;
    return firstContent;
  }

  private toRequest(d: Draft, next: number): ParsedRequest {
    const rl = d.requestLine!;
    const metadata = d.metadata ?? NONE;
    const unsupported = d.unsupported ?? NONE;
    const endLine = this.lastNonBlank(next - 1, d.requestLineAt);
    let name = d.title;
    for (let k = 0; k < metadata.length; k++) {
      if (metadata[k]!.key === 'name') {
        name = metadata[k]!.value || d.title;
        break;
      }
    }
    // Its own lines start at its `###`, or at the comments, metadata and scripts above it.
    let startLine = d.hasSeparator ? d.blockStart : d.leadStart === -1 ? d.requestLineAt : d.leadStart;
    for (let k = 0; k < metadata.length; k++) startLine = Math.min(startLine, metadata[k]!.line);
    for (let k = 0; k < unsupported.length; k++) startLine = Math.min(startLine, unsupported[k]!.startLine);
    // The request line under construction becomes the model's; its URL is set once the file's
    // variables are known.
    rl.line = d.requestLineAt;
    rl.endLine = d.requestLineEnd;
    const index = (this.context.indexOffset ?? 0) + this.requests.length;
    const slots = this.slots;
    slots.metadataFrom = d.metadataFrom;
    slots.metadataTo = this.source.metadataLines.length;
    slots.rangeStart = startLine;
    slots.rangeEnd = endLine;
    // Without a `###`, what stands above the request's own lines (variables at the top of the
    // file) belongs to no request.
    slots.extentStart = d.hasSeparator ? d.blockStart : startLine;
    slots.extentEnd = next - 1;
    const pasted = d.pastedStart === -1 ? undefined : { startLine: d.pastedStart, endLine: d.pastedEnd };
    return new ParsedRequest(index, name, d.title, rl, unsupported, pasted, this.source, this.source.slots.add(slots));
  }

  private reportNul(): void {
    const { text, starts, ends, count } = this;
    for (let k = 0; k < count; k++) {
      if (!lineHas(text, starts[k]!, ends[k]!, 0)) continue;
      const at = text.indexOf('\0', starts[k]!) - starts[k]!;
      this.sink.add('warning', DiagnosticCodes.nulCharacter, 'This line contains a NUL character; is this a binary file?', k, at, at + 1);
    }
  }
}
