import { DiagnosticCodes } from './diagnostic-codes';
import type { DiagnosticSink } from './diagnostics';
import * as kinds from './line-kinds';
import type { LineReader } from './line-reader';
import type { GraphqlFragment, UnsupportedBlock } from './model';

/** How a multi-line block ends: the lines that hold `needle` and pass `test`. */
interface Closer {
  readonly needle: string;
  readonly test?: (line: string) => boolean;
}
const BLOCK_COMMENT_END: Closer = { needle: '*/' };
const SCRIPT_END: Closer = { needle: '%}' };
const SCRIPT_BLOCK_END: Closer = { needle: '}}', test: kinds.isScriptBlockEnd };

/** The blocks of other tools that run over lines, kept but not run, and what is said about each. */
export type ScriptKind = 'script' | 'pre-request-script' | kinds.AfterBodyKind;
const NOT_SUPPORTED: Readonly<Record<ScriptKind, string>> = {
  script: 'Script blocks are not supported yet; they are kept but not run, and never sent.',
  'pre-request-script': 'Pre-request scripts are not supported yet; the request is sent without running it.',
  'response-handler': 'Response handler scripts are not supported yet; they are kept but not run when the response arrives.',
  'output-redirect': 'Saving the response with >> is not supported yet; the request is sent without it.',
  'response-reference': 'Response references (<>) are not supported yet; the request is sent without it.',
};

/**
 * Reads the blocks that run over several lines from their first line: block comments, other
 * tools' scripts and directives (kept, never run), GraphQL fragments, curl commands. Each read
 * says where the block ends and reports what it must; the parser goes on after that line.
 */
export class BlockReader {
  /** Per kind of closing line, the sorted indices of the lines that are one (see findLine). */
  private readonly closers = new Map<Closer, number[]>();

  constructor(
    private readonly lines: LineReader,
    private readonly sink: DiagnosticSink,
  ) {}

  /**
   * The last line of the `/* ... *\/` comment opened on line `i`, or undefined when it is never
   * closed: then only line `i` is a comment, as a `#` line would be.
   */
  blockCommentEnd(i: number): number | undefined {
    const line = this.lines.line(i);
    if (line.indexOf('*/', line.indexOf('/*') + 2) !== -1) return i;
    const end = this.findLine(i + 1, BLOCK_COMMENT_END);
    if (end !== -1) return end;
    this.sink.add('warning', DiagnosticCodes.unterminatedBlock, 'This /* comment is never closed with */; only this line is read as a comment.', i, 0, line.length);
    return undefined;
  }

  /** A block kept and shown but not run: one line, or up to its closing line. */
  script(i: number, kind: ScriptKind): UnsupportedBlock {
    const line = this.lines.line(i);
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
    this.sink.add('info', DiagnosticCodes.notSupported, NOT_SUPPORTED[kind], i, 0, line.length);
    return { kind, startLine: i, endLine: end, text: this.lines.joinLines(i, end) };
  }

  /** An httpYac assertion line: kept and shown with the request, not checked yet, never sent. */
  assertion(i: number): UnsupportedBlock {
    const line = this.lines.line(i);
    this.sink.add('info', DiagnosticCodes.notSupported, 'Assertions (??) are not supported yet; the request is sent without checking it.', i, 0, line.length);
    return { kind: 'assertion', startLine: i, endLine: i, text: line };
  }

  /** kulala's `import` and `run` lines. */
  directive(i: number): UnsupportedBlock {
    const line = this.lines.line(i);
    this.sink.add('info', DiagnosticCodes.notSupported, `"${line.trim()}" is a directive of another tool; it is not supported yet and is skipped.`, i, 0, line.length);
    return { kind: 'directive', startLine: i, endLine: i, text: line };
  }

  /**
   * A curl command and its `\`-continued lines, where a request line could stand. Not a request
   * yet: it is reported once, instead of as a request line with a malformed URL. Returns its last line.
   */
  curlEnd(i: number): number {
    const lines = this.lines;
    let end = i;
    while (end + 1 < lines.count && kinds.continuesOnNextLine(lines.line(end)) && !lines.isSeparator(end + 1)) end++;
    this.sink.add('info', DiagnosticCodes.notSupported, 'curl commands are not supported yet; write the request as a request line, headers and body to send it.', i, 0, lines.ends[i]! - lines.starts[i]!);
    return end;
  }

  /**
   * `fragment Name on Type { ... }`: up to the line that closes its braces. One never closed ends
   * at the next blank line, as the grammar reads it. Looking for the closing brace stops at a `###`
   * line, a request line or the next fragment, none of which a fragment can hold: a file full of
   * unclosed fragments stays linear.
   */
  fragment(i: number, name: string): GraphqlFragment {
    const { text, starts, ends, count } = this.lines;
    let depth = 0;
    let opened = false;
    let end = -1;
    let lastBeforeBlank = -1;
    let k = i;
    for (; k < count; k++) {
      if (k > i) {
        if (this.lines.isBlank(k)) {
          if (lastBeforeBlank === -1) lastBeforeBlank = k - 1;
          continue;
        }
        if (this.lines.isSeparator(k) || this.lines.isImplicitRequestAt(k, this.lines.firstAt(k), 0) || kinds.matchGraphqlFragment(this.lines.line(k)) !== undefined) break;
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
    if (end === -1) end = lastBeforeBlank !== -1 ? lastBeforeBlank : this.lines.lastNonBlank(k - 1, i);
    return { name, text: this.lines.joinLines(i, end), startLine: i, endLine: end };
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
    const { text, ends, count } = this.lines;
    const list: number[] = [];
    let k = 0;
    for (let at = text.indexOf(closer.needle); at !== -1; at = text.indexOf(closer.needle, at + 1)) {
      while (k < count && ends[k]! < at + closer.needle.length) k++;
      if (k === count) break;
      if (list[list.length - 1] === k) continue;
      if (closer.test === undefined || closer.test(this.lines.line(k))) list.push(k);
    }
    return list;
  }
}
