import { headerColonAt } from './header-line';
import * as kinds from './line-kinds';
import { isCommentAt, skipSpacesIn, splitLines, type SplitLines } from './lines';

/**
 * The lines of the file being parsed, as offsets into its text (see `lines.ts`), and the tests the
 * parser runs on them. Each test first rules a line out by a character or two where it can, and
 * only then slices the line for the pattern in `line-kinds.ts`: most lines of a large file are
 * headers and body lines that no pattern needs to see.
 */
export class LineReader {
  readonly split: SplitLines;
  readonly text: string;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly count: number;

  constructor(text: string) {
    this.split = splitLines(text);
    this.text = this.split.text;
    this.starts = this.split.starts;
    this.ends = this.split.ends;
    this.count = this.split.count;
  }

  /** Line `i`'s text. Sliced only where something of it is kept or a pattern must run on it. */
  line(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /** Offset of line `i`'s first character that is not a space or tab (its end when blank). */
  firstAt(i: number): number {
    return skipSpacesIn(this.text, this.starts[i]!, this.ends[i]!);
  }

  /** Spaces and tabs before line `i`'s first other character. */
  indentOf(i: number, first: number): number {
    return first - this.starts[i]!;
  }

  isBlank(i: number): boolean {
    return this.firstAt(i) === this.ends[i]!;
  }

  /** `#` (not `###`) or `//` first. */
  isComment(i: number): boolean {
    return isCommentAt(this.text, this.firstAt(i), this.ends[i]!);
  }

  isSeparator(i: number): boolean {
    return kinds.isSeparator(this.line(i));
  }

  /** Lines `from` to `to` joined with `\n`, as blocks kept for display are. */
  joinLines(from: number, to: number): string {
    const parts: string[] = [];
    for (let k = from; k <= to; k++) parts.push(this.line(k));
    return parts.join('\n');
  }

  /** The last line at or before `from` that is not blank, not going below `floor`. */
  lastNonBlank(from: number, floor: number): number {
    let k = from;
    while (k > floor && this.isBlank(k)) k--;
    return k;
  }

  /** A request line that starts a request without `###` (see `isImplicitRequestLine`). */
  isImplicitRequestAt(i: number, first: number, maxIndent: number): boolean {
    // A whole request may be indented as one block: the next one stands as far in (or less).
    if (first - this.starts[i]! > maxIndent) return false;
    const end = this.ends[i]!;
    return kinds.mayBeImplicitRequestAt(this.text, first, end) && kinds.isImplicitRequestLine(first === this.starts[i]! ? this.line(i) : this.text.slice(first, end));
  }

  /** `HTTP/1.1 200 OK`: a response pasted below a request. */
  isPastedResponseAt(i: number): boolean {
    const start = this.starts[i]!;
    // The first letter before the call: most lines are turned away without one.
    return this.text.charCodeAt(start) === 72 /* H */ && this.text.startsWith('HTTP/', start) && kinds.isPastedResponseLine(this.line(i));
  }

  /** httpYac's `{{` script block opener. */
  isScriptBlockStartAt(i: number): boolean {
    const start = this.starts[i]!;
    return this.text.charCodeAt(start) === 123 && this.text.charCodeAt(start + 1) === 123 && kinds.isScriptBlockStart(this.line(i));
  }

  /** `/*` at `first`, the line's first character that is not a space or tab. */
  isBlockCommentStartAt(first: number): boolean {
    return this.text.charCodeAt(first) === 47 /* / */ && this.text.charCodeAt(first + 1) === 42 /* * */;
  }

  /** httpYac's `?? status == 200`, `??` at `first`. */
  isAssertionAt(i: number, first: number): boolean {
    return this.text.charCodeAt(first) === 63 /* ? */ && this.text.charCodeAt(first + 1) === 63 && kinds.isAssertion(this.line(i));
  }

  /**
   * Line `i` as a query continuation line of a request line indented by `requestLineIndent`
   * (spaces and tabs), trimmed; undefined when it is none. A continuation starts with `?` or `&`
   * (REST Client) or is indented more than the request line (JetBrains), and is no comment, no
   * `Name: value` header, no body's start and no `??` assertion, however it is indented.
   */
  queryContinuationAt(i: number, first: number, requestLineIndent: number): string | undefined {
    const { text } = this;
    const end = this.ends[i]!;
    const c = text.charCodeAt(this.starts[i]!);
    // A line that starts with a visible ASCII character other than `?` and `&` (a header, mostly)
    // is no continuation: decided without slicing it.
    if (first === end || (c > 32 && c < 128 && c !== 63 && c !== 38)) return undefined;
    if (isCommentAt(text, first, end) || this.isBlockCommentStartAt(first) || headerColonAt(text, first, end) !== -1) return undefined;
    const line = this.line(i);
    const trimmed = line.trim();
    const head = trimmed.charAt(0);
    const isIndentedMore = this.indentOf(i, first) > requestLineIndent && kinds.isIndented(line);
    const isContinuation = head === '?' || head === '&' || (isIndentedMore && head !== '{' && head !== '[' && head !== '<');
    if (!isContinuation || (head === '?' && trimmed.charCodeAt(1) === 63 /* ? */ && kinds.isAssertion(line))) return undefined;
    return trimmed;
  }

  /** A pasted response, a response handler, `>>` or `<>`: what ends a body. */
  endsBodyAt(i: number): boolean {
    if (this.isPastedResponseAt(i)) return true;
    const c = this.text.charCodeAt(this.starts[i]!);
    return (c === 62 /* > */ || c === 60 /* < */) && kinds.matchAfterBody(this.line(i)) !== undefined;
  }
}
