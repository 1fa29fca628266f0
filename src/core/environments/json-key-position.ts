/** A 0-based line and column (UTF-16 code units), as the editor counts them. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where the property at `keys` (`["dev", "host"]`, or `["httpWire.environmentVariables", "dev",
 * "host"]` in a settings file) is written in a JSON text, comments and trailing commas allowed: the
 * position of the key's first character inside its quotes. The last one written wins, as in
 * `JSON.parse`. Undefined when the text does not have it. Best effort: a malformed text is read as
 * far as it goes, never thrown on.
 */
export function findJsonKey(text: string, keys: readonly string[]): TextPosition | undefined {
  /** For each open container: `{` or `[`, and the key it is the value of (undefined in an array or at the top). */
  const open: Array<{ readonly kind: string; readonly key: string | undefined }> = [];
  let lastKey: string | undefined;
  let found: number | undefined;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
      const top = open[open.length - 1];
      if (top?.kind !== '{' || text[skipBlank(text, i)] !== ':') continue;
      lastKey = readString(text.slice(start, i));
      if (open.length === keys.length && lastKey === keys[keys.length - 1] && open.every((o, k) => k === 0 || o.key === keys[k - 1])) found = start + 1;
    } else if (c === '{' || c === '[') {
      open.push({ kind: c, key: open[open.length - 1]?.kind === '{' ? lastKey : undefined });
      lastKey = undefined;
      i++;
    } else if (c === '}' || c === ']') {
      open.pop();
      lastKey = undefined;
      i++;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      i = skipComment(text, i);
    } else {
      i++;
    }
  }
  return found === undefined ? undefined : positionOf(text, found);
}

function readString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

function skipComment(text: string, i: number): number {
  if (text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end === -1 ? text.length : end;
  }
  const end = text.indexOf('*/', i + 2);
  return end === -1 ? text.length : end + 2;
}

/** The offset of the next character that is not white space or in a comment. */
function skipBlank(text: string, i: number): number {
  while (i < text.length) {
    if (/\s/.test(text[i]!)) i++;
    else if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) i = skipComment(text, i);
    else break;
  }
  return i;
}

function positionOf(text: string, offset: number): TextPosition {
  let line = 0;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart };
}
