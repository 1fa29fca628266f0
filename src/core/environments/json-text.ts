import { ErrorCodes, HttpWireError } from '../errors';

/**
 * JSON as VS Code's settings files and JetBrains' environment files are written: `//` and `/* *\/`
 * comments and trailing commas allowed (JSONC), everything else strict. A text that is not JSON is
 * an HW_ENVIRONMENT error naming `label` (the file) and the line and column, never a crash.
 */
export function parseJsonText(text: string, label: string): unknown {
  const plain = withoutCommentsAndTrailingCommas(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  try {
    return JSON.parse(plain);
  } catch (err) {
    // V8 says "... in JSON at position N" (and, from Node 22, "(line L column C)"): the position is
    // the same in the stripped text, whose comments were replaced by as many spaces.
    const m = /at position (\d+)/.exec((err as Error).message);
    const at = m === null ? plain.length : Number(m[1]);
    const { line, column } = lineAndColumn(plain, at);
    const reason = (err as Error).message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw new HttpWireError(ErrorCodes.environment, `${label} is not valid JSON at line ${line}, column ${column}: ${reason}.`, { line: line - 1, column: column - 1, path: label }, err);
  }
}

/** 1-based line and column of offset `at`. */
function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

/**
 * Comments and trailing commas replaced by spaces (newlines kept), outside strings: offsets, lines
 * and columns stay those of the original text, so errors point at what the user wrote.
 */
function withoutCommentsAndTrailingCommas(text: string): string {
  const out = text.split('');
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // A string: skip to its closing quote, escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const to = end === -1 ? text.length : end;
      blank(i, to);
      i = to;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const to = end === -1 ? text.length : end + 2;
      blank(i, to);
      i = to;
    } else if (c === ',') {
      // A comma followed (past blanks and comments, already blanked or not yet) by } or ] is trailing.
      let k = i + 1;
      for (;;) {
        while (k < text.length && /\s/.test(text[k]!)) k++;
        if (text[k] === '/' && text[k + 1] === '/') k = text.indexOf('\n', k) === -1 ? text.length : text.indexOf('\n', k);
        else if (text[k] === '/' && text[k + 1] === '*') k = text.indexOf('*/', k + 2) === -1 ? text.length : text.indexOf('*/', k + 2) + 2;
        else break;
      }
      if (text[k] === '}' || text[k] === ']') out[i] = ' ';
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}
