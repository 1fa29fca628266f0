/** The lines of a document and the line end that followed each one. */
export interface SplitLines {
  readonly lines: string[];
  /** `eols[i]` ends `lines[i]`: '\n', '\r\n', '\r', or '' for the last line. */
  readonly eols: string[];
}

const LONE_CR = /\r(?!\n)/;

/**
 * Splits text into lines the way the editor counts them: LF, CRLF and a lone CR each end one line.
 * A UTF-8 BOM at the very start is dropped (it is not part of line 0's text).
 */
export function splitLines(text: string): SplitLines {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines: string[] = [];
  const eols: string[] = [];
  if (LONE_CR.test(text)) {
    // Rare (old Mac files); the general path is slower, so it runs only when needed.
    const re = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      lines.push(text.slice(start, m.index));
      eols.push(m[0]);
      start = m.index + m[0].length;
    }
    lines.push(text.slice(start));
    eols.push('');
    return { lines, eols };
  }
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    const isCrlf = nl > start && text.charCodeAt(nl - 1) === 13;
    lines.push(text.slice(start, isCrlf ? nl - 1 : nl));
    eols.push(isCrlf ? '\r\n' : '\n');
    start = nl + 1;
  }
  lines.push(text.slice(start));
  eols.push('');
  return { lines, eols };
}
