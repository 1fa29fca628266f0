import { buildBody, detectBodyKind, headerValue, keepsCommentLines } from './body';
import { checkDuplicateNames, checkRequest, checkVariables, isOtherProtocol } from './checks';
import { DiagnosticCodes } from './diagnostic-codes';
import { DiagnosticSink } from './diagnostics';
import * as kinds from './line-kinds';
import { VariableExpander } from './file-variables';
import { splitLines, type SplitLines } from './lines';
import type { Body, FileVariable, GraphqlFragment, Header, HttpFile, HttpRequest, Metadata, UnsupportedBlock } from './model';
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
  metadata: Metadata[];
  /** First of the comment lines directly above the request line. */
  leadStart: number;
  requestLine: ParsedRequestLine | undefined;
  requestLineAt: number;
  requestLineEnd: number;
  headers: Header[];
  bodyLines: number[];
  hasBodyContent: boolean;
  unsupported: UnsupportedBlock[];
  pastedStart: number;
  /** First line after the request's block, set when it is finished. */
  next: number;
}

/** `end` moved back over spaces and tabs, not past `floor`. */
function trimEndAt(line: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && (line.charCodeAt(i - 1) === 32 || line.charCodeAt(i - 1) === 9)) i--;
  return i;
}

const closesBlockComment = (line: string): boolean => line.includes('*/');
const closesScript = (line: string): boolean => line.includes('%}');

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
  private readonly lines: string[];
  private readonly sink = new DiagnosticSink();
  private readonly drafts: Draft[] = [];
  private readonly variables: FileVariable[] = [];
  private readonly fragments: GraphqlFragment[] = [];
  private state: State = 'preamble';
  private draft: Draft;
  /** Last line eaten by a multi-line construct; walking back for comments stops there. */
  private consumedUpTo = -1;

  private readonly hasNul: boolean;
  /** Per closing-line test, the sorted indices of the lines that pass it (see findLine). */
  private readonly closers = new Map<(line: string) => boolean, number[]>();

  constructor(
    text: string,
    private readonly context: RegionContext,
  ) {
    this.split = splitLines(text);
    this.lines = this.split.lines;
    this.hasNul = text.includes('\0');
    this.draft = this.newDraft(0, false, undefined);
  }

  parse(): HttpFile {
    const lines = this.lines;
    let i = 0;
    while (i < lines.length) i = this.step(i, lines[i]!);
    this.finishDraft(lines.length);
    if (this.hasNul) this.reportNul();

    checkVariables(this.variables, this.sink);
    // File variables apply to the whole file, even to requests above their definition, so URLs
    // are resolved once every line has been read.
    const outside = this.context.variables ?? [];
    const expander = new VariableExpander(new Map([...outside, ...this.variables].map((v) => [v.name, v.value])));
    const fragments = this.context.fragments ? [...this.context.fragments, ...this.fragments] : this.fragments;
    const indexOffset = this.context.indexOffset ?? 0;
    const requests = this.drafts.map((d, index) => {
      const request = this.toRequest(d, indexOffset + index, expander);
      checkRequest(request, fragments, this.sink);
      return request;
    });
    checkDuplicateNames(requests, this.sink);
    const diagnostics = this.sink.items.sort((a, b) => a.line - b.line || a.column - b.column);
    return { requests, variables: this.variables, fragments: this.fragments, diagnostics, lineCount: lines.length };
  }

  /** Handles line `i` and returns the index of the next line to read. */
  private step(i: number, line: string): number {
    if (kinds.isSeparator(line)) {
      this.finishDraft(i);
      this.draft = this.newDraft(i, true, kinds.separatorTitle(line));
      this.state = 'preamble';
      return i + 1;
    }
    switch (this.state) {
      case 'preamble':
        return this.preambleLine(i, line);
      case 'target':
        return this.targetLine(i, line);
      case 'headers':
        return this.headerLine(i, line);
      case 'body':
        return this.bodyLine(i, line);
      case 'after':
        return this.afterLine(i, line);
    }
  }

  private preambleLine(i: number, line: string): number {
    const d = this.draft;
    if (kinds.isBlank(line)) {
      d.leadStart = -1;
      return i + 1;
    }
    const between = this.betweenRequestsLine(i, line);
    if (between !== undefined) return between;
    if (kinds.isPastedResponseLine(line)) {
      // A response with no request above it: keep it out of the next request.
      this.state = 'after';
      d.pastedStart = i;
      return i + 1;
    }
    const fragment = kinds.matchGraphqlFragment(line);
    if (fragment !== undefined) return this.readFragment(i, fragment);
    if (kinds.isPreRequestScript(line)) {
      return this.readUnsupported(i, 'pre-request-script', 'Pre-request scripts are not supported yet; the request is sent without running it.');
    }
    if (d.leadStart === -1) d.leadStart = i;
    d.requestLine = parseRequestLine(line, i, this.sink);
    d.requestLineAt = i;
    d.requestLineEnd = i;
    this.state = 'target';
    return i + 1;
  }

  /**
   * Lines that may stand between requests: comments and metadata, file variables, block comments,
   * script blocks and directives. Returns the next line to read, or undefined for any other line.
   */
  private betweenRequestsLine(i: number, line: string): number | undefined {
    const d = this.draft;
    if (kinds.isComment(line)) {
      if (d.leadStart === -1) d.leadStart = i;
      const meta = kinds.matchMetadata(line);
      if (meta && this.state === 'preamble') d.metadata.push({ key: meta.key, value: meta.value, line: i });
      return i + 1;
    }
    const variable = kinds.matchFileVariable(line);
    if (variable) {
      this.variables.push({ name: variable.name, value: variable.value, line: i });
      d.leadStart = -1;
      return i + 1;
    }
    if (kinds.isBlockCommentStart(line)) return this.readBlockComment(i, line);
    if (kinds.isScriptBlockStart(line)) {
      return this.readUnsupported(i, 'script', 'Script blocks are not supported yet; they are kept but not run, and never sent.');
    }
    if (kinds.isDirective(line)) {
      d.unsupported.push({ kind: 'directive', startLine: i, endLine: i, text: line });
      this.sink.add('info', DiagnosticCodes.notSupported, `"${line.trim()}" is a directive of another tool; it is not supported yet and is skipped.`, i, 0, line.length);
      d.leadStart = -1;
      return i + 1;
    }
    return undefined;
  }

  private targetLine(i: number, line: string): number {
    const d = this.draft;
    const trimmed = line.trim();
    const first = trimmed.charAt(0);
    const isContinuation =
      first === '?' || first === '&' || (kinds.isIndented(line) && first !== '{' && first !== '[' && first !== '<');
    if (!isContinuation || d.requestLine === undefined) {
      this.state = 'headers';
      return i;
    }
    // JetBrains allows the version after the last continuation line.
    const version = trimmed.includes('HTTP/') ? /^(.*?)[ \t]+(HTTP\/\S+)$/.exec(trimmed) : null;
    d.requestLine.target += version ? version[1] : trimmed;
    if (version) {
      d.requestLine.httpVersion = version[2]!;
      d.requestLine.isHttpVersionExplicit = true;
    }
    d.requestLineEnd = i;
    return i + 1;
  }

  private headerLine(i: number, line: string): number {
    const d = this.draft;
    if (kinds.isBlank(line)) {
      this.state = 'body';
      return i + 1;
    }
    if (kinds.isImplicitRequestLine(line)) return this.splitAt(i);
    if (kinds.isComment(line)) return i + 1;
    if (kinds.matchFileVariable(line)) return this.betweenRequestsLine(i, line)!;
    if (kinds.isPastedResponseLine(line) || kinds.matchAfterBody(line)) {
      this.state = 'after';
      return i;
    }
    const opensBody = kinds.opensBody(line);
    if (kinds.isIndented(line) && !opensBody) {
      const last = d.headers.pop();
      if (last) {
        // RFC 9112 §5.2 obs-fold, as JetBrains writes long values: the line joins with one space.
        d.headers.push({ ...last, value: `${last.value} ${line.trim()}` });
        return i + 1;
      }
    }
    if (opensBody) {
      // httpYac reads an indented `{`, `[` or `<` as the body's start; unindented, it still is what
      // the author meant, but say that a blank line belongs there.
      if (!kinds.isIndented(line)) {
        this.sink.add('warning', DiagnosticCodes.bodyWithoutBlankLine, 'The body should be separated from the headers by a blank line.', i, 0, line.length);
      }
      this.state = 'body';
      return i;
    }
    this.readHeader(i, line);
    return i + 1;
  }

  private readHeader(i: number, line: string): void {
    const colon = line.indexOf(':');
    const start = kinds.skipSpaces(line, 0);
    if (colon <= start) {
      this.sink.add('error', DiagnosticCodes.invalidHeader, colon === -1 ? 'Expected a header "Name: value" (or a blank line before the body).' : 'The header has no name before the colon.', i, start, line.length);
      return;
    }
    // One slice for the name and one for the value: this runs for every header of the file.
    const nameEnd = trimEndAt(line, colon, start);
    const name = line.slice(start, nameEnd);
    if (nameEnd !== colon) {
      // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon.
      this.sink.add('error', DiagnosticCodes.invalidHeader, `No space is allowed between the header name "${name}" and the colon.`, i, nameEnd, colon);
    }
    const valueColumn = kinds.skipSpaces(line, colon + 1);
    const value = line.slice(valueColumn, trimEndAt(line, line.length, valueColumn));
    this.draft.headers.push({ name, value, line: i, nameColumn: start, valueColumn });
  }

  private bodyLine(i: number, line: string): number {
    const d = this.draft;
    const blank = kinds.isBlank(line);
    if (!blank && this.followsBreak(i) && kinds.isImplicitRequestLine(line)) return this.splitAt(i);
    // A request that declares a Content-Type has a body; one that does not (a GET, mostly) is
    // followed by what stands between requests: variables, block comments, script blocks.
    if (!d.hasBodyContent && !blank && !kinds.isComment(line) && headerValue(d.headers, 'Content-Type') === undefined) {
      const between = this.betweenRequestsLine(i, line);
      if (between !== undefined) return between;
    }
    if (kinds.isPastedResponseLine(line) || kinds.matchAfterBody(line) || (kinds.isScriptBlockStart(line) && this.followsBreak(i))) {
      this.state = 'after';
      return i;
    }
    d.bodyLines.push(i);
    if (!blank && !kinds.isComment(line)) d.hasBodyContent = true;
    return i + 1;
  }

  private afterLine(i: number, line: string): number {
    const d = this.draft;
    if (kinds.isBlank(line)) return i + 1;
    if (this.followsBreak(i) && kinds.isImplicitRequestLine(line)) return this.splitAt(i);
    const after = kinds.matchAfterBody(line);
    if (after !== undefined) {
      const what = after === 'response-handler' ? 'Response handler scripts are' : after === 'output-redirect' ? 'Saving the response with >> is' : 'Response references (<>) are';
      return this.readUnsupported(i, after, `${what} not supported yet; the request is sent without it.`);
    }
    if (kinds.isScriptBlockStart(line)) {
      return this.readUnsupported(i, 'script', 'Script blocks are not supported yet; they are kept but not run, and never sent.');
    }
    if (kinds.isPastedResponseLine(line) && d.pastedStart === -1) d.pastedStart = i;
    if (d.pastedStart === -1 && !kinds.isComment(line)) {
      this.sink.add('warning', DiagnosticCodes.notSupported, 'This line comes after the request and is not sent; start a new request with ### if it is one.', i, 0, line.length);
    }
    return i + 1;
  }

  /** True when line `i` follows a blank line or a comment line (or starts the file). */
  private followsBreak(i: number): boolean {
    if (i === 0) return true;
    const prev = this.lines[i - 1]!;
    return kinds.isBlank(prev) || kinds.isComment(prev);
  }

  /**
   * Line `i` starts a new request without `###`. Comment lines directly above it belong to the new
   * request (they hold its `# @name`), so the new block starts at the first of them.
   */
  private splitAt(i: number): number {
    const floor = Math.max(this.draft.requestLineEnd, this.consumedUpTo);
    let j = i;
    while (j - 1 > floor && kinds.isComment(this.lines[j - 1]!)) j--;
    const d = this.draft;
    while (d.bodyLines.length > 0 && d.bodyLines[d.bodyLines.length - 1]! >= j) d.bodyLines.pop();
    this.finishDraft(j);
    this.draft = this.newDraft(j, false, undefined);
    this.state = 'preamble';
    return j;
  }

  /**
   * Index of the first line at or after `from` that satisfies `isEnd`, or -1. The lines passing
   * each test are listed once, so a file full of unclosed `/*` stays linear instead of scanning to
   * its end from every opener.
   */
  private findLine(from: number, isEnd: (line: string) => boolean): number {
    let list = this.closers.get(isEnd);
    if (list === undefined) {
      list = [];
      for (let k = 0; k < this.lines.length; k++) if (isEnd(this.lines[k]!)) list.push(k);
      this.closers.set(isEnd, list);
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

  private readBlockComment(i: number, line: string): number {
    const closesHere = line.indexOf('*/', line.indexOf('/*') + 2) !== -1;
    const end = closesHere ? i : this.findLine(i + 1, closesBlockComment);
    if (end === -1) {
      this.sink.add('warning', DiagnosticCodes.unterminatedBlock, 'This /* comment is never closed with */; only this line is read as a comment.', i, 0, line.length);
      return i + 1;
    }
    this.consumedUpTo = end;
    this.draft.leadStart = -1;
    return end + 1;
  }

  /** A block we keep and show but do not run: one line, or up to its closing line. */
  private readUnsupported(i: number, kind: UnsupportedBlock['kind'], message: string): number {
    const line = this.lines[i]!;
    let end = i;
    if (kind === 'script') {
      end = this.findLine(i + 1, kinds.isScriptBlockEnd);
    } else if (kinds.opensScript(line)) {
      end = this.findLine(i + 1, closesScript);
    }
    if (end === -1) {
      this.sink.add('warning', DiagnosticCodes.unterminatedBlock, 'This script block is never closed; only this line is skipped.', i, 0, line.length);
      end = i;
    }
    this.draft.unsupported.push({ kind, startLine: i, endLine: end, text: this.lines.slice(i, end + 1).join('\n') });
    this.sink.add('info', DiagnosticCodes.notSupported, message, i, 0, line.length);
    this.consumedUpTo = end;
    this.draft.leadStart = -1;
    return end + 1;
  }

  private readFragment(i: number, name: string): number {
    let depth = 0;
    let opened = false;
    let end = i;
    for (let k = i; k < this.lines.length; k++) {
      for (const ch of this.lines[k]!) {
        if (ch === '{') {
          depth++;
          opened = true;
        } else if (ch === '}') {
          depth--;
        }
      }
      end = k;
      if (opened && depth <= 0) break;
      if (k > i && kinds.isSeparator(this.lines[k + 1] ?? '###')) break;
    }
    this.fragments.push({ name, text: this.lines.slice(i, end + 1).join('\n'), startLine: i, endLine: end });
    this.consumedUpTo = end;
    this.draft.leadStart = -1;
    return end + 1;
  }

  private newDraft(blockStart: number, hasSeparator: boolean, title: string | undefined): Draft {
    return {
      blockStart, hasSeparator, title, metadata: [], leadStart: -1, requestLine: undefined, requestLineAt: -1,
      requestLineEnd: -1, headers: [], bodyLines: [], hasBodyContent: false, unsupported: [], pastedStart: -1, next: -1,
    };
  }

  /** Closes the current draft; `next` is the first line of whatever follows it. */
  private finishDraft(next: number): void {
    const d = this.draft;
    if (d.requestLine === undefined) return;
    d.next = next;
    this.drafts.push(d);
  }

  private lastNonBlank(from: number, floor: number): number {
    let k = from;
    while (k > floor && kinds.isBlank(this.lines[k]!)) k--;
    return k;
  }

  private toBody(d: Draft, method: string): Body | undefined {
    const lines = this.lines;
    const bodyLines = d.bodyLines;
    while (bodyLines.length > 0 && kinds.isBlank(lines[bodyLines[bodyLines.length - 1]!]!)) bodyLines.pop();
    // Leading blank lines are not part of the body either.
    let start = 0;
    while (start < bodyLines.length && kinds.isBlank(lines[bodyLines[start]!]!)) start++;
    if (start === bodyLines.length) return undefined;
    let firstContent = bodyLines[start]!;
    for (let k = start; k < bodyLines.length; k++) {
      if (!kinds.isComment(lines[bodyLines[k]!]!)) {
        firstContent = bodyLines[k]!;
        break;
      }
    }
    const kind = detectBodyKind(method, d.headers, lines[firstContent]!);
    // Comment lines alone are a body only where comments are content and the request declares a
    // body (a text/plain or CSV body of '#' lines); after a GET they are notes between requests.
    if (!d.hasBodyContent && (keepsCommentLines(kind) === false || headerValue(d.headers, 'Content-Type') === undefined)) return undefined;
    return buildBody(kind, this.split, start === 0 ? bodyLines : bodyLines.slice(start));
  }

  private toRequest(d: Draft, index: number, expander: VariableExpander): HttpRequest {
    const next = d.next;
    const rl = d.requestLine!;
    const endLine = this.lastNonBlank(next - 1, d.requestLineAt);
    const body = this.toBody(d, rl.method);
    const nameMeta = d.metadata.find((m) => m.key === 'name');
    // Its own lines start at its `###`, or at the comments, metadata and scripts above it.
    let startLine = d.hasSeparator ? d.blockStart : d.leadStart === -1 ? d.requestLineAt : d.leadStart;
    for (const m of d.metadata) startLine = Math.min(startLine, m.line);
    for (const u of d.unsupported) startLine = Math.min(startLine, u.startLine);
    const url = isOtherProtocol(rl.method, d.requestLineAt, this.sink)
      ? null
      : resolveUrl({ target: rl.target, host: headerValue(d.headers, 'Host'), fileVariables: expander, line: d.requestLineAt, column: rl.targetColumn }, this.sink);
    return {
      index,
      name: nameMeta?.value || d.title,
      title: d.title,
      range: { startLine, endLine },
      // Without a `###`, what stands above the request's own lines (variables at the top of the
      // file) belongs to no request.
      extent: { startLine: d.hasSeparator ? d.blockStart : startLine, endLine: next - 1 },
      metadata: d.metadata,
      requestLine: {
        line: d.requestLineAt,
        endLine: d.requestLineEnd,
        method: rl.method,
        isMethodExplicit: rl.isMethodExplicit,
        target: rl.target,
        targetColumn: rl.targetColumn,
        url,
        httpVersion: rl.httpVersion,
        isHttpVersionExplicit: rl.isHttpVersionExplicit,
      },
      headers: d.headers,
      body,
      unsupported: d.unsupported,
      pastedResponse: d.pastedStart === -1 ? undefined : { startLine: d.pastedStart, endLine: this.lastNonBlank(next - 1, d.pastedStart) },
    };
  }

  private reportNul(): void {
    this.lines.forEach((l, k) => {
      const at = l.indexOf('\0');
      if (at !== -1) this.sink.add('warning', DiagnosticCodes.nulCharacter, 'This line contains a NUL character; is this a binary file?', k, at, at + 1);
    });
  }
}
