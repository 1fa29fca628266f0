import { BlockReader, type ScriptKind } from './block-reader';
import { DiagnosticCodes } from './diagnostic-codes';
import { DiagnosticSink } from './diagnostics';
import { FileBuilder, type RegionContext } from './file-builder';
import * as kinds from './line-kinds';
import { LineReader } from './line-reader';
import { hasAtSign, isCommentAt, isSeparatorAt } from './lines';
import type { HttpFile } from './model';
import { RequestBuilder } from './request-builder';
import { RequestSource } from './request-source';

export type { RegionContext } from './file-builder';

/**
 * Parses the text of a `.http` file into requests, file variables and diagnostics. Never throws:
 * anything malformed becomes a diagnostic and the rest of the file still parses.
 */
export function parseHttpFile(text: string): HttpFile {
  return new FileParser(text, {}).parse();
}

/**
 * Parses `text` as the region of a larger file, with that file's variables and fragments. Line
 * numbers are those of `text`; the caller pads them with empty lines, which `firstLine` skips.
 * Used by reparse.ts and for a Markdown document's ```http blocks.
 */
export function parseRegion(text: string, context: RegionContext): HttpFile {
  return new FileParser(text, context).parse(context.firstLine ?? 0);
}

/** Where in a request: preamble (comments, metadata) → target (query continuation) → headers → body → after. */
type State = 'preamble' | 'target' | 'headers' | 'body' | 'after';

/**
 * The state machine: each line is classified by the state it is met in, and handed to the request
 * being built (`RequestBuilder`), to the blocks that run over several lines (`BlockReader`), or to
 * the file's variables and fragments. A `###` line, or a request line where httpYac starts one
 * without `###`, finishes the request and starts the next.
 */
class FileParser {
  private readonly lines: LineReader;
  private readonly sink = new DiagnosticSink();
  private readonly blocks: BlockReader;
  private readonly source: RequestSource;
  private readonly file: FileBuilder;
  private state: State = 'preamble';
  private request: RequestBuilder;
  /** Last line eaten by a multi-line block; walking back for comments stops there. */
  private consumedUpTo = -1;
  /**
   * The last body line read as content (neither blank nor a comment): the line after it follows
   * no break. None yet is -2: line 0 would take -1 for the line above it.
   */
  private lastContentLine = -2;
  /** `# @key` lines among the current request's headers, warned about when it ends (see warnMetadataBelow). */
  private metadataBelow: Array<{ readonly line: number; readonly column: number; readonly endColumn: number; readonly key: string }> = [];

  constructor(text: string, context: RegionContext) {
    this.lines = new LineReader(text);
    this.file = new FileBuilder(this.lines, this.sink, context);
    this.blocks = new BlockReader(this.lines, this.sink);
    this.source = new RequestSource(this.lines.split);
    this.request = new RequestBuilder(this.lines, this.sink, this.source, 0, false, undefined);
  }

  /** Reads the lines from `firstLine` (those above it, if any, are blank: see RegionContext.firstLine). */
  parse(firstLine = 0): HttpFile {
    const { lines } = this;
    let i = firstLine;
    while (i < lines.count) i = this.step(i, lines.firstAt(i));
    this.finishRequest(lines.count);
    this.source.trim();
    return this.file.build();
  }

  /**
   * Handles line `i`, whose first character that is not a space or tab is at offset `first`
   * (its end offset when the line is blank), and returns the index of the next line to read.
   */
  private step(i: number, first: number): number {
    if (isSeparatorAt(this.lines.text, first, this.lines.ends[i]!)) {
      this.finishRequest(i);
      this.startRequest(i, true, kinds.separatorTitle(this.lines.line(i)));
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
    const { lines, request } = this;
    if (first === lines.ends[i]!) {
      request.leadStart = -1;
      return i + 1;
    }
    const c = lines.text.charCodeAt(first);
    if (c >= 65 /* A */ && c <= 90 /* Z */ && c !== 72 /* H */) {
      // An upper-case letter first, as a request line's method starts: nothing that may stand
      // between requests (comments, variables, blocks, scripts, directives, assertions) starts so,
      // nor a pasted response (`HTTP/`), a fragment, a script or a curl command.
      return this.requestLineAt(i, first);
    }
    const between = this.betweenRequestsLine(i, first);
    if (between !== undefined) return between;
    if (lines.isPastedResponseAt(i)) {
      // A response with no request above it: keep it out of the next request.
      this.state = 'after';
      request.addPastedLine(i);
      return i + 1;
    }
    if (c === 102 /* f */ || kinds.isOtherSpace(c)) {
      const name = kinds.matchGraphqlFragment(lines.line(i));
      if (name !== undefined) {
        const fragment = this.blocks.fragment(i, name);
        this.file.fragments.push(fragment);
        return this.skipTo(fragment.endLine);
      }
    }
    if ((c === 60 /* < */ || kinds.isOtherSpace(c)) && kinds.isPreRequestScript(lines.line(i))) return this.readScript(i, 'pre-request-script');
    if (c === 99 /* c */ && kinds.isCurlCommand(lines.line(i))) return this.skipTo(this.blocks.curlEnd(i));
    return this.requestLineAt(i, first);
  }

  /** Line `i` is the request's request line. */
  private requestLineAt(i: number, first: number): number {
    const { request } = this;
    if (request.leadStart === -1) request.leadStart = i;
    request.readRequestLine(i, first);
    this.state = 'target';
    return i + 1;
  }

  /**
   * Lines that may stand between requests: comments and metadata, file variables, block comments,
   * script blocks, directives and assertions. Returns the next line to read, or undefined for any
   * other line. `isBodyStart`: the line may be the first of a body, which a directive is not.
   */
  private betweenRequestsLine(i: number, first: number, isBodyStart = false): number | undefined {
    const { lines, request } = this;
    const { text } = lines;
    const end = lines.ends[i]!;
    if (isCommentAt(text, first, end)) {
      // Comments above the request line are its own, and hold its metadata.
      if (this.state !== 'preamble') return i + 1;
      if (request.leadStart === -1) request.leadStart = i;
      if (hasAtSign(text, first, end)) {
        const meta = kinds.readMetadataAt(text, first, end, i);
        if (meta) request.addMetadata(meta);
      }
      return i + 1;
    }
    const c = text.charCodeAt(first);
    if (c === 64 /* @ */) {
      const variable = kinds.matchFileVariable(lines.line(i));
      if (variable) {
        this.file.variables.push({ name: variable.name, value: variable.value, line: i });
        this.breakLead();
        return i + 1;
      }
    }
    if (lines.isBlockCommentStartAt(first)) return this.readBlockComment(i);
    if (lines.isScriptBlockStartAt(i)) return this.readScript(i, 'script');
    if (!isBodyStart && (c === 105 /* i */ || c === 114 /* r */ || kinds.isOtherSpace(c)) && kinds.isDirective(lines.line(i))) {
      request.addUnsupported(this.blocks.directive(i));
      this.breakLead();
      return i + 1;
    }
    if (lines.isAssertionAt(i, first)) return this.readAssertion(i);
    return undefined;
  }

  /** Lines right after the request line that continue its target (REST Client, JetBrains). */
  private targetLine(i: number, first: number): number {
    const trimmed = this.lines.queryContinuationAt(i, first, this.request.requestLineIndent);
    if (trimmed === undefined) {
      // The line after the target is read as a header line at once: `step` has ruled out `###` already.
      this.state = 'headers';
      return this.headerLine(i, first);
    }
    this.request.continueTarget(i, trimmed);
    return i + 1;
  }

  /**
   * A `# @name login` among the headers is a comment here, as in REST Client and JetBrains;
   * httpYac reads it as the request's metadata, so a file written for it loses the name (and the
   * requests that chain on it fail): say so where it stands (a quick fix moves it up). Said when
   * the request ends: comment lines right above a request line that starts the next request
   * without `###` are that request's own (see splitAt).
   */
  private warnMetadataBelow(i: number, first: number, end: number): void {
    if (!hasAtSign(this.lines.text, first, end)) return;
    const metadata = kinds.readMetadataAt(this.lines.text, first, end, i);
    if (metadata === undefined) return;
    const column = first - this.lines.starts[i]!;
    this.metadataBelow.push({ line: i, column, endColumn: column + (end - first), key: metadata.key });
  }

  private headerLine(i: number, first: number): number {
    const { lines, request } = this;
    const { text } = lines;
    const end = lines.ends[i]!;
    if (first === end) return this.enter('body', i + 1);
    const c = text.charCodeAt(first);
    if (first === lines.starts[i]! && (c | 0x20) >= 97 && (c | 0x20) <= 122) {
      // A letter in the first column, as most header lines start: no comment, block, script,
      // assertion, body or folded value starts so; only a request line (upper case) or a pasted
      // response (`HTTP/`) is told from a header before it is read as one. (Saves the tests below,
      // a dozen calls a line while a CLI run's parse is still interpreted.)
      if (c <= 90 && lines.isImplicitRequestAt(i, first, request.requestLineIndent)) return this.splitAt(i);
      if (c === 72 /* H */ && lines.isPastedResponseAt(i)) return this.enter('after', i);
      request.readHeader(i, first);
      return i + 1;
    }
    if (lines.isImplicitRequestAt(i, first, request.requestLineIndent)) return this.splitAt(i);
    // httpYac's {{ script }} right under the request line is a script, not a body opened by `{`.
    if (lines.isScriptBlockStartAt(i)) return this.readScript(i, 'script');
    if (isCommentAt(text, first, end)) {
      this.warnMetadataBelow(i, first, end);
      return i + 1;
    }
    // httpYac reads a `/*` line straight after the headers as a block comment, `###` lines in it too.
    if (lines.isBlockCommentStartAt(first)) return this.readBlockComment(i);
    if (c === 64 /* @ */ && kinds.matchFileVariable(lines.line(i))) return this.betweenRequestsLine(i, first)!;
    if (lines.isAssertionAt(i, first)) return this.readAssertion(i);
    if (lines.endsBodyAt(i)) return this.enter('after', i);
    const opensBody = kinds.opensBodyAt(text, first, end);
    if (request.isFoldAt(i, first, opensBody)) {
      request.foldHeader(i);
      return i + 1;
    }
    if (opensBody) {
      // httpYac reads an indented `{`, `[` or `<` as the body's start; unindented, it still is what
      // the author meant, but say that a blank line belongs there.
      if (first === lines.starts[i]!) {
        this.sink.add('warning', DiagnosticCodes.bodyWithoutBlankLine, 'The body should be separated from the headers by a blank line.', i, 0, end - first);
      }
      return this.enter('body', i);
    }
    request.readHeader(i, first);
    return i + 1;
  }

  private bodyLine(i: number, first: number): number {
    const { lines, request } = this;
    const blank = first === lines.ends[i]!;
    if (!blank && this.lastContentLine === i - 1 && !startsBodyTest(lines.text, first, lines.starts[i]!)) {
      // Right after a line of the body's content nothing can end the body but what the tests
      // below look for at a line's start: most lines of a JSON or XML body skip them.
      request.addBodyLine(i, true);
      this.lastContentLine = i;
      return i + 1;
    }
    const mayEnd = !blank && this.followsBreak(i) && request.mayEndBody;
    if (mayEnd && lines.isImplicitRequestAt(i, first, request.requestLineIndent)) return this.splitAt(i);
    // httpYac reads its assertions wherever they stand in a request, between body lines too.
    if (!blank && lines.isAssertionAt(i, first)) return this.readAssertion(i);
    const isComment = isCommentAt(lines.text, first, lines.ends[i]!);
    // After a blank line, a file variable or a /* */ comment ends the body, as in httpYac: a JSON,
    // XML or form body holds neither. A body declared as text (CSS, SQL, YAML...) keeps them.
    if (mayEnd && !isComment && !request.isDeclaredText) {
      const isVariable = lines.text.charCodeAt(first) === 64 /* @ */ && kinds.matchFileVariable(lines.line(i)) !== undefined;
      if (isVariable || lines.isBlockCommentStartAt(first)) {
        this.state = 'after';
        return this.betweenRequestsLine(i, first)!;
      }
    }
    // A request that declares a Content-Type has a body; one that does not (a GET, mostly) is
    // followed by what stands between requests: variables, block comments, script blocks, and
    // kulala's directives unless the method carries a body (`import os` starting a POST's body).
    if (!request.hasBodyContent && !blank && !isComment && !request.hasContentType) {
      const between = this.betweenRequestsLine(i, first, request.expectsBody);
      if (between !== undefined) return between;
    }
    if (lines.endsBodyAt(i) || (lines.isScriptBlockStartAt(i) && this.followsBreak(i))) return this.enter('after', i);
    request.addBodyLine(i, !blank && !isComment);
    if (!blank && !isComment) this.lastContentLine = i;
    return i + 1;
  }

  /** After the body: other tools' blocks, a pasted response, what may stand between requests. */
  private afterLine(i: number, first: number): number {
    const { lines, request } = this;
    if (first === lines.ends[i]!) return i + 1;
    const line = lines.line(i);
    if (this.followsBreak(i) && lines.isImplicitRequestAt(i, first, request.requestLineIndent)) return this.splitAt(i);
    const after = kinds.matchAfterBody(line);
    if (after !== undefined) return this.readScript(i, after);
    const between = this.betweenRequestsLine(i, first);
    if (between !== undefined) return between;
    if (request.hasPastedResponse || kinds.isPastedResponseLine(line)) {
      request.addPastedLine(i);
    } else {
      this.sink.add('warning', DiagnosticCodes.notSupported, 'This line comes after the request and is not sent; start a new request with ### if it is one.', i, 0, line.length);
    }
    return i + 1;
  }

  private enter(state: State, next: number): number {
    this.state = state;
    return next;
  }

  private readScript(i: number, kind: ScriptKind): number {
    const block = this.blocks.script(i, kind);
    this.request.addUnsupported(block);
    return this.skipTo(block.endLine);
  }

  private readBlockComment(i: number): number {
    const end = this.blocks.blockCommentEnd(i);
    return end === undefined ? i + 1 : this.skipTo(end);
  }

  private readAssertion(i: number): number {
    this.request.addUnsupported(this.blocks.assertion(i));
    return i + 1;
  }

  /** A block read up to line `end`: the next line to read is the one after it. */
  private skipTo(end: number): number {
    this.consumedUpTo = end;
    this.breakLead();
    return end + 1;
  }

  /** Before the request line, a line that is no comment parts it from the comments above. */
  private breakLead(): void {
    if (this.state === 'preamble') this.request.leadStart = -1;
  }

  /**
   * Line `i` follows a blank line, a comment, a file variable (httpYac starts a request after one:
   * `@x = 1` then `GET ...` is a new request, not text after the last one's body), the end of a
   * multi-line block, or starts the file.
   */
  private followsBreak(i: number): boolean {
    return i === 0 || this.consumedUpTo === i - 1 || this.lines.isBlank(i - 1) || this.lines.isComment(i - 1) || this.file.variables.at(-1)?.line === i - 1;
  }

  /**
   * Line `i` starts a new request without `###`. Comment lines directly above it belong to the new
   * request (they hold its `# @name`), so the new block starts at the first of them.
   */
  private splitAt(i: number): number {
    const floor = Math.max(this.request.requestLine?.endLine ?? -1, this.consumedUpTo);
    let j = i;
    while (j - 1 > floor && this.lines.isComment(j - 1)) j--;
    if (this.metadataBelow.length > 0) this.metadataBelow = this.metadataBelow.filter((m) => m.line < j);
    this.request.dropBodyLinesFrom(j);
    this.finishRequest(j);
    this.startRequest(j, false, undefined);
    return j;
  }

  private startRequest(blockStart: number, hasSeparator: boolean, title: string | undefined): void {
    this.request = new RequestBuilder(this.lines, this.sink, this.source, blockStart, hasSeparator, title);
    this.state = 'preamble';
  }

  /**
   * Closes the current request; `next` is the first line of whatever follows it. A block without a
   * request line (comments, variables) makes no request.
   */
  private finishRequest(next: number): void {
    if (this.metadataBelow.length > 0) {
      for (const m of this.metadataBelow) {
        this.sink.add('warning', DiagnosticCodes.metadataBelowRequestLine, `# @${m.key} below the request line is a comment; metadata goes above the request line (httpYac also reads it here).`, m.line, m.column, m.endColumn);
      }
      this.metadataBelow = [];
    }
    if (this.request.requestLine === undefined) this.request.discard();
    else this.file.addRequest(this.request, next);
  }
}

/**
 * Whether a body line starts with what bodyLine tests for after content: an assertion (`??`) or a
 * comment at its first character `first`, a pasted response (`HTTP/`) or a handler's `>` or `<`
 * in its first column `start`. (A request line, a variable or a block comment ends a body only
 * after a break, and a script block only there.)
 */
function startsBodyTest(text: string, first: number, start: number): boolean {
  const c = text.charCodeAt(first);
  if (c === 63 /* ? */ || c === 35 /* # */ || c === 47 /* / */) return true;
  const s = text.charCodeAt(start);
  return s === 72 /* H */ || s === 60 /* < */ || s === 62 /* > */;
}
