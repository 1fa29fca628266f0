import { ErrorCodes, HttpWireError } from '../errors';

/** The words of a pasted command line, and what was met but not kept. */
export interface ShellWords {
  readonly words: readonly string[];
  /** Sentences about what was not taken as written (a pipe after the command, `$(...)`). */
  readonly warnings: readonly string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function commandError(message: string): HttpWireError {
  return new HttpWireError(ErrorCodes.curlCommand, message);
}

/**
 * One word being read, as bytes: `$'\xc3\xa9'` spells bytes, not characters, so a word is
 * decoded as UTF-8 only once it is complete.
 */
class WordBytes {
  private readonly bytes: number[] = [];
  /** True once anything (even an empty `''`) was read: `''` is an empty word, not none. */
  isStarted = false;

  text(s: string): void {
    this.isStarted = true;
    for (const b of Buffer.from(s, 'utf8')) this.bytes.push(b);
  }

  byte(b: number): void {
    this.isStarted = true;
    this.bytes.push(b & 0xff);
  }

  take(): string {
    const out = utf8.decode(Uint8Array.from(this.bytes));
    this.bytes.length = 0;
    this.isStarted = false;
    return out;
  }
}

/**
 * Splits a pasted command line into words the way the shell it was copied for would. A command
 * copied for Windows cmd (browsers' "Copy as cURL (cmd)": `^` escapes and `^` line ends) is read
 * as cmd reads it; anything else as a POSIX shell does. See `splitPosixWords` and `splitCmdWords`.
 * Throws HW_CURL_COMMAND for an unterminated quote or bytes that are not UTF-8 text.
 */
export function splitShellWords(text: string): ShellWords {
  try {
    return isCmdStyle(text) ? splitCmdWords(text) : splitPosixWords(text);
  } catch (err) {
    if (err instanceof TypeError) throw commandError('The command spells bytes that are not UTF-8 text, which a .http file cannot hold.');
    throw err;
  }
}

/**
 * `^` at a line end, or `^"` opening a word (browsers' cmd quoting), only occur in commands
 * written for cmd; a `^"` inside a POSIX-quoted word (a regular expression in a body) does not count.
 */
function isCmdStyle(text: string): boolean {
  return /\^\r?\n/.test(text) || /(^|\s)\^"/.test(text);
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * POSIX shell words (XCU §2.2, §2.6.7 for `$'...'`): `'...'` literal; `"..."` where `\` escapes
 * only `$ \` " \\` and a line end; `$'...'` with C escapes (`\n`, `\xHH`, `\NNN`, `\uHHHH`...);
 * an unquoted `\` escapes the next character and `\` + line end continues the line. A `#` at the
 * start of a word comments out the rest of its line; a leading `$ ` prompt is dropped.
 * `$NAME` and `${NAME}` outside single quotes become `{{NAME}}`: the shell would put a value there,
 * and a `.http` file gets it from a variable. The command ends at an unquoted `|`, `;`, `&&`,
 * `||` or `>`: what follows (`| jq .`) is not curl's and is reported in `warnings`.
 */
export function splitPosixWords(input: string): ShellWords {
  const text = input.replace(/^\s*\$ /, '');
  const words: string[] = [];
  const warnings: string[] = [];
  const word = new WordBytes();
  const end = (): void => {
    if (word.isStarted) words.push(word.take());
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
      else if (i + 1 < text.length) {
        word.text(text[i + 1]!);
        i += 2;
      } else i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) throw commandError("The command has a ' that is never closed.");
      word.text(text.slice(i + 1, close));
      i = close + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i + 1, word, warnings);
    } else if (c === '$' && text[i + 1] === "'") {
      i = readAnsiC(text, i + 2, word);
    } else if (c === '$') {
      i = readDollar(text, i, word, warnings);
    } else if (c === '`') {
      warnings.push('A `...` command substitution was kept as written: its output is not known here.');
      word.text(c);
      i++;
    } else if (c === '#' && !word.isStarted) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '|' || c === ';' || c === '>' || (c === '&' && (text[i + 1] === '&' || !word.isStarted))) {
      const rest = text.slice(i).trim();
      if (rest !== '&') warnings.push(`What follows the command (${rest.length > 40 ? `${rest.slice(0, 40)}…` : rest}) is not part of the request and was left out.`);
      break;
    } else {
      word.text(c);
      i++;
    }
  }
  end();
  return { words, warnings };
}

function readDoubleQuoted(text: string, from: number, word: WordBytes, warnings: string[]): number {
  word.text('');
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else if (next === '$' || next === '`' || next === '"' || next === '\\') {
        word.text(next);
        i += 2;
      } else {
        word.text(c);
        i++;
      }
    } else if (c === '$') {
      i = readDollar(text, i, word, warnings);
    } else {
      if (c === '`') warnings.push('A `...` command substitution was kept as written: its output is not known here.');
      word.text(c);
      i++;
    }
  }
  throw commandError('The command has a " that is never closed.');
}

/** `$NAME`, `${NAME}` → `{{NAME}}`; `$(...)` kept with a warning; any other `$` is itself. */
function readDollar(text: string, at: number, word: WordBytes, warnings: string[]): number {
  const next = text[at + 1] ?? '';
  if (next === '{') {
    const close = text.indexOf('}', at + 2);
    const name = close === -1 ? '' : text.slice(at + 2, close);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      word.text(`{{${name}}}`);
      warnings.push(variableWarning(name));
      return close + 1;
    }
  } else if (NAME_START.test(next)) {
    let j = at + 1;
    while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
    const name = text.slice(at + 1, j);
    word.text(`{{${name}}}`);
    warnings.push(variableWarning(name));
    return j;
  } else if (next === '(') {
    warnings.push('A $(...) command substitution was kept as written: its output is not known here.');
  }
  word.text('$');
  return at + 1;
}

function variableWarning(name: string): string {
  return `The shell variable $${name} became {{${name}}}: give it a value (@${name} = ...) or pick an environment that has it.`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** `$'...'` (bash, zsh, ksh; POSIX.1-2024): C escapes, `\xHH` and `\NNN` spelling bytes. */
function readAnsiC(text: string, from: number, word: WordBytes): number {
  word.text('');
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") return i + 1;
    if (c !== '\\') {
      word.text(c);
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      word.byte(simple);
      i += 2;
    } else if (e === 'x') {
      const hex = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0];
      if (hex === undefined) word.text('\\x');
      else word.byte(parseInt(hex, 16));
      i += 2 + (hex?.length ?? 0);
    } else if (e >= '0' && e <= '7') {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      word.byte(parseInt(oct, 8));
      i += 1 + oct.length;
    } else if (e === 'u' || e === 'U') {
      const hex = (e === 'u' ? /^[0-9A-Fa-f]{1,4}/ : /^[0-9A-Fa-f]{1,8}/).exec(text.slice(i + 2, i + 10))?.[0];
      if (hex === undefined) word.text(`\\${e}`);
      else word.text(String.fromCodePoint(parseInt(hex, 16)));
      i += 2 + (hex?.length ?? 0);
    } else if (e === 'c' && i + 2 < text.length) {
      word.byte(text.charCodeAt(i + 2) & 0x1f);
      i += 3;
    } else {
      word.text(`\\${e}`);
      i += 2;
    }
  }
  throw commandError("The command has a $' that is never closed.");
}

/**
 * Words of a command written for Windows cmd, in cmd's two steps. First cmd itself: `^` takes the
 * next character as it is (`^"`, `^&`, `^%`), and `^` at a line end joins the next line; a line
 * end right after that one is kept as a character, which is how browsers write a line break inside
 * an argument. Then the C runtime's argument rules: `"` opens and closes quoting, `""` inside
 * quotes is one `"` (older browsers' escape), `\"` is a `"`.
 *
 * One departure, for what browsers copy: `\\` is one `\`. Browsers double every backslash of the
 * data (Chrome's `escapeStringWin`), and the request they saw had single ones.
 */
export function splitCmdWords(input: string): ShellWords {
  const text = unescapeCmd(input.replace(/^\s*>\s?/, ''));
  const words: string[] = [];
  let word = '';
  let isStarted = false;
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      isStarted = true;
      if (isQuoted && text[i + 1] === '"') {
        word += '"';
        i++;
      } else isQuoted = !isQuoted;
    } else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      word += text[i + 1];
      isStarted = true;
      i++;
    } else if (!isQuoted && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (isStarted) words.push(word);
      word = '';
      isStarted = false;
    } else {
      word += c;
      isStarted = true;
    }
  }
  if (isQuoted) throw commandError('The command has a " that is never closed.');
  if (isStarted) words.push(word);
  return { words, warnings: [] };
}

/** cmd's own step: `^X` → X (outside cmd's quotes), `^` + line end joins lines. */
function unescapeCmd(text: string): string {
  let out = '';
  let isCmdQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      isCmdQuoted = !isCmdQuoted;
      out += c;
    } else if (c === '^' && !isCmdQuoted && i + 1 < text.length) {
      let j = i + 1;
      if (text[j] === '\r') j++;
      if (text[j] === '\n') {
        // A line join; a line end right after it is the escaped character, kept.
        let k = j + 1;
        if (text[k] === '\r') k++;
        if (text[k] === '\n') {
          out += '\n';
          j = k;
        }
        i = j;
      } else {
        out += text[i + 1];
        i++;
      }
    } else {
      out += c;
    }
  }
  return out;
}
