/**
 * The ```` ```http ```` blocks of a Markdown document, so that the editor can offer Send Request
 * on requests written in documentation. Fenced code blocks as CommonMark 0.31 section 4.5 defines
 * them: a fence of at least three backticks or tildes, indented by at most three spaces, whose info
 * string's first word names the language; the block ends at a fence of the same character at
 * least as long (no info string), or at the end of the document. Indented code blocks and blocks
 * inside lists or quotes are not looked for: requests in documentation are written fenced.
 */

/** One fenced block whose language is `http` (or `rest`), by the lines of its content. */
export interface MarkdownHttpBlock {
  /** The first line inside the fence (0-based). */
  readonly startLine: number;
  /** The line of the closing fence, or the line count when the block runs to the end. */
  readonly endLine: number;
  /** The content lines, joined with `\n`: what the .http parser reads. */
  readonly text: string;
}

const LANGUAGES = new Set(['http', 'rest']);

/** An opening fence: indentation, the fence, and the info string (CommonMark 4.5). */
const OPENING = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * The http blocks of `text`, in order. Inputs: the Markdown text (CRLF or LF line ends).
 * Output: each block's content lines and their first line; never throws.
 */
export function findMarkdownHttpBlocks(text: string): MarkdownHttpBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: MarkdownHttpBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i]!);
    if (open === null) continue;
    const fence = open[1]!;
    const info = open[2]!.trim();
    // A backtick fence's info string may not contain a backtick (CommonMark 4.5): that is inline code.
    if (fence[0] === '`' && info.includes('`')) continue;
    const end = closingLine(lines, i + 1, fence);
    const language = info.split(/\s+/, 1)[0]!.toLowerCase();
    if (LANGUAGES.has(language)) blocks.push({ startLine: i + 1, endLine: end, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** The line of the fence that closes one opened with `fence`, or the line count. */
function closingLine(lines: readonly string[], from: number, fence: string): number {
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
  for (let j = from; j < lines.length; j++) if (closing.test(lines[j]!)) return j;
  return lines.length;
}
