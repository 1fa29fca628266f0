/**
 * Recognisers for the kinds of line a `.http` file holds. Each works on one line's text (no line
 * end) and is cheap: the parser calls several per line on 50,000-line files.
 */

import { runEnd } from '../ascii';

/** Standard methods that may start a request without a `###` before it (httpYac's implicit split). */
const IMPLICIT_METHODS =
  'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|QUERY|GRAPHQL|' +
  'PROPFIND|PROPPATCH|MKCOL|COPY|MOVE|LOCK|UNLOCK|SEARCH|REPORT|MKCALENDAR|ACL|BIND|UNBIND|REBIND|' +
  'CHECKIN|CHECKOUT|UNCHECKOUT|MERGE|LABEL|UPDATE|VERSION-CONTROL|MKWORKSPACE|MKACTIVITY|ORDERPATCH';

/**
 * `METHOD target [HTTP/x.y]` and nothing more, where the target starts like a URL: `/`,
 * `http(s)://`, `{{`, or a host name that cannot be an ordinary word (it has a dot, a port, or is
 * localhost). `{{ spaced }}` variables count as part of the target.
 */
const IMPLICIT_REQUEST_LINE = new RegExp(
  `^(?:${IMPLICIT_METHODS})[ \\t]+(?=/|https?://|\\{\\{|\\*(?:[ \\t]|$)|localhost(?:[:/?#\\s]|$)|` +
    `[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+(?:[:/?#\\s]|$)|[A-Za-z0-9.-]+:\\d+(?:[/?#\\s]|$))` +
    `(?:\\{\\{[^}]*\\}\\}|[^\\s{]|\\{(?!\\{))+(?:[ \\t]+HTTP\\/\\S+)?[ \\t]*$`,
);

export function isImplicitRequestLine(line: string): boolean {
  return mayBeImplicitRequestAt(line, 0, line.length) && IMPLICIT_REQUEST_LINE.test(line);
}

/**
 * A cheap necessary condition for `isImplicitRequestLine` on the line [start, end) of `text`,
 * without slicing it: a word of upper-case letters and `-` at column 0, then a space or tab. It
 * turns away header lines (`Accept: ...`), which would otherwise each run the regular expression.
 */
export function mayBeImplicitRequestAt(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (first < 65 || first > 90) return false;
  let i = start + 1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45)) break;
  }
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  return c === 32 || c === 9;
}

/** Index of the first character at or after `from` that is not a space or tab. */
export function skipSpaces(line: string, from: number): number {
  let i = from;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

/** Index of the first character that is not a space or tab, or -1 for a blank line. */
function firstNonSpace(line: string): number {
  const i = skipSpaces(line, 0);
  return i === line.length ? -1 : i;
}

export function isBlank(line: string): boolean {
  return firstNonSpace(line) === -1;
}

/**
 * A line of `text` (its first non-space character at `first`) that starts a body where a header
 * could stand: `{`, `[` or `<` first (indented or not), unless it is a header whose name is a
 * `{{variable}}`.
 */
export function opensBodyAt(text: string, first: number, end: number): boolean {
  if (first >= end) return false;
  const c = text.charCodeAt(first);
  if (c === 91 /* [ */ || c === 60 /* < */) return true;
  if (c !== 123 /* { */) return false;
  return !(text.charCodeAt(first + 1) === 123 && VARIABLE_NAMED_HEADER.test(text.slice(first, end)));
}

const VARIABLE_NAMED_HEADER = /^\{\{[^}]*\}\}[^:\s]*\s*:/;

/**
 * True when a character that regular expressions read as `\s` but `skipSpaces` does not skip
 * (vertical tab, form feed, no-break and other Unicode spaces) may stand first on the line: then a
 * recogniser that starts with `^\s*` must run on the line itself, not be ruled out by its first
 * character. Anything above ASCII counts, to stay on the safe side.
 */
export function isOtherSpace(c: number): boolean {
  return c === 11 || c === 12 || c >= 128;
}

export function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === 32 || c === 9) && !isBlank(line);
}

/** `###` after optional spaces. */
export function isSeparator(line: string): boolean {
  const i = firstNonSpace(line);
  return i !== -1 && line.startsWith('###', i);
}

/**
 * The title after `###`, or undefined when there is none. Banner `#`s and spaces around it are
 * dropped, and a closing run of `#`s after a space as in `### Users ###` (Markdown's closing
 * sequence); a `#` that ends a word (`### C#`) stays.
 */
export function separatorTitle(line: string): string | undefined {
  let i = firstNonSpace(line);
  while (line.charCodeAt(i) === 35 /* # */) i++;
  // The common separator, `###` alone.
  if (i === line.length) return undefined;
  let title = line.slice(i).trim();
  let end = title.length;
  while (end > 0 && title.charCodeAt(end - 1) === 35 /* # */) end--;
  if (end === 0 || (end < title.length && /\s/.test(title.charAt(end - 1)))) title = title.slice(0, end).trimEnd();
  return title === '' ? undefined : title;
}

/** `#` or `//` after optional spaces (a `###` separator is not a comment). */
export function isComment(line: string): boolean {
  const i = firstNonSpace(line);
  if (i === -1) return false;
  const c = line.charCodeAt(i);
  if (c === 35 /* # */) return !line.startsWith('###', i);
  return c === 47 /* / */ && line.charCodeAt(i + 1) === 47;
}

/**
 * Run on the line without its trailing whitespace: the same as ending in `(.*?)\s*$` on the whole
 * line, without the backtracking that made that quadratic in a run of trailing spaces.
 */
const METADATA = /^\s*(?:#|\/\/)\s*@([A-Za-z][\w-]*)(?:[ \t]*=[ \t]*(.*)|[ \t]+(.*))?$/;

/** `# @key value`, `// @key value`, `#@key`, or JetBrains' `# @key = value`. */
export function matchMetadata(line: string): { key: string; value: string } | undefined {
  const m = METADATA.exec(line.trimEnd());
  return m ? { key: m[1]!, value: m[2] ?? m[3] ?? '' } : undefined;
}

/** Keys written on many requests: one shared string each rather than a copy per request. */
const COMMON_KEYS = ['name', 'note', 'title', 'prompt', 'timeout', 'verbatim', 'no-redirect', 'no-cookie-jar', 'no-log', 'sleep'];

function isKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** Tabs and printable ASCII: what readMetadataAt reads by hand. */
const PRINTABLE_RUN = /[\t\x20-\x7e]*/y;

/**
 * `matchMetadata` on the comment line [first, end) of `text` (`first` at its `#` or `//`), as the
 * metadata line `line` of the model. Lines of printable ASCII are scanned by hand, which reads
 * them exactly as METADATA does; any other line is left to METADATA. A line break or the end of
 * the text follows `end`.
 */
export function readMetadataAt(text: string, first: number, end: number, line: number): { key: string; value: string; line: number } | undefined {
  if (runEnd(PRINTABLE_RUN, text, first) < end) {
    const m = matchMetadata(text.slice(first, end));
    return m && { key: m.key, value: m.value, line };
  }
  let i = first + (text.charCodeAt(first) === 35 /* # */ ? 1 : 2);
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (text.charCodeAt(i) !== 64 /* @ */ || i >= end) return undefined;
  const keyStart = ++i;
  const c0 = text.charCodeAt(keyStart);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122)) || keyStart >= end) return undefined;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  const keyEnd = i;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i < end && text.charCodeAt(i) === 61 /* = */) {
    i++;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  } else if (i === keyEnd && i < end) {
    return undefined;
  }
  let valueEnd = end;
  while (valueEnd > i && (text.charCodeAt(valueEnd - 1) === 32 || text.charCodeAt(valueEnd - 1) === 9)) valueEnd--;
  let key: string | undefined;
  for (const common of COMMON_KEYS) {
    if (common.length === keyEnd - keyStart && text.startsWith(common, keyStart)) {
      key = common;
      break;
    }
  }
  return { key: key ?? text.slice(keyStart, keyEnd), value: text.slice(i, valueEnd), line };
}

/** httpYac's `@global.name` (shared between its files) and lazy `:=` read as a plain `@name =` here. */
const FILE_VARIABLE = /^\s*@(?:global\.)?([^\s=:]*(?::(?!=)[^\s=:]*)*)\s*:?=(.*)$/;

/** `@name = value` (also httpYac's `@name := value` and `@global.name = value`). The name is returned as written; the caller checks it. */
export function matchFileVariable(line: string): { name: string; value: string; valueColumn: number } | undefined {
  const i = firstNonSpace(line);
  if (i === -1 || line.charCodeAt(i) !== 64 /* @ */) return undefined;
  const m = FILE_VARIABLE.exec(line);
  if (!m) return undefined;
  const raw = m[2]!;
  const value = raw.trim();
  return { name: m[1]!, value, valueColumn: line.length - raw.length + (raw.length - raw.trimStart().length) };
}

/** `HTTP/1.1 200 OK`: a response pasted below a request. */
export function isPastedResponseLine(line: string): boolean {
  return line.startsWith('HTTP/') && /^HTTP\/\d(?:\.\d)?[ \t]+\d{3}(?:[ \t]|$)/.test(line);
}

/** httpYac script block: a line that is just `{{`, `{{@event` or `{{+...`. */
export function isScriptBlockStart(line: string): boolean {
  return line.startsWith('{{') && /^\{\{(?:@[\w-]+|\+[^}]*)?\s*$/.test(line);
}

export function isScriptBlockEnd(line: string): boolean {
  return line.trim() === '}}';
}

/** `fragment Name on Type {` before a request line. */
export function matchGraphqlFragment(line: string): string | undefined {
  const m = /^\s*fragment\s+([_A-Za-z]\w*)\s+on\s+[_A-Za-z]\w*/.exec(line);
  return m ? m[1] : undefined;
}

/** kulala's `import ./other.http` and `run #name` directives. */
export function isDirective(line: string): boolean {
  return /^\s*(?:import\s+\S|run\s+\S)/.test(line);
}

/** httpYac's assertion predicates; a word matches in any case, as in httpYac. */
const PREDICATES = ['==', '!=', '>', '<', 'equals', 'exists', 'startswith', 'endswith', 'contains', 'includes', 'matches', 'isnumber', 'isstring', 'isboolean', 'isarray', 'isfalse', 'sha256', 'md5', 'sha512'];

const isSpace = (c: string): boolean => /\s/.test(c);

/**
 * httpYac's assertion `?? status == 200`, `?? header content-type includes json`, `?? js
 * response.parsedBody.id exists`: after `??`, a word, then a later word that starts with a
 * predicate (`==200` counts, as in httpYac). A `??` line without one is not an assertion (in a body
 * it stays body text). Scanned word by word: a pattern with that many optional spaces backtracks
 * for minutes on a line of spaces.
 */
export function isAssertion(line: string): boolean {
  let i = 0;
  while (i < line.length && isSpace(line[i]!)) i++;
  if (!line.startsWith('??', i)) return false;
  i += 2;
  let words = 0;
  while (i < line.length) {
    const start = i;
    while (i < line.length && isSpace(line[i]!)) i++;
    if (i === line.length) return false;
    // The first word (after optional spaces) is the value's type; later ones follow spaces.
    if (words > 0 && i > start && startsWithPredicate(line, i)) return true;
    while (i < line.length && !isSpace(line[i]!)) i++;
    words++;
  }
  return false;
}

function startsWithPredicate(line: string, at: number): boolean {
  const head = line.slice(at, at + 10).toLowerCase();
  return PREDICATES.some((p) => head.startsWith(p));
}

/** A curl command line (REST Client sends them); it continues on the next line when it ends with `\`. */
export function isCurlCommand(line: string): boolean {
  return /^\s*curl\s/.test(line);
}

export function continuesOnNextLine(line: string): boolean {
  return /\\\s*$/.test(line);
}

/**
 * A trimmed query continuation line that ends in an HTTP version after spaces or tabs (JetBrains):
 * what `^(.*?)[ \t]+(HTTP\/\S+)$` matches, read from the end, so that a long run of spaces is
 * not rescanned from every position before it.
 */
export function splitTrailingVersion(trimmed: string): { before: string; version: string } | undefined {
  let start = trimmed.length;
  while (start > 0 && !/\s/.test(trimmed[start - 1]!)) start--;
  const version = trimmed.slice(start);
  if (!version.startsWith('HTTP/') || version.length === 5) return undefined;
  let end = start;
  while (end > 0 && (trimmed[end - 1] === ' ' || trimmed[end - 1] === '\t')) end--;
  const before = trimmed.slice(0, end);
  // The pattern's `.` stops at line terminators (U+2028 can stand inside a line).
  return end === start || /[\n\r\u2028\u2029]/.test(before) ? undefined : { before, version };
}

/** JetBrains pre-request script `< {% ... %}` (or `< ./script.js`) before the request line. */
export function isPreRequestScript(line: string): boolean {
  return /^\s*<\s*\{%/.test(line) || /^\s*<\s+\S+\.js\s*$/.test(line);
}

export type AfterBodyKind = 'response-handler' | 'output-redirect' | 'response-reference';

/** Lines that end a body: `> {% ... %}`, `> ./handler.js`, `>> out.json`, `>>! out.json`, `<> ref.json`. */
export function matchAfterBody(line: string): AfterBodyKind | undefined {
  const c = line.charCodeAt(0);
  if (c === 62 /* > */) {
    if (line.startsWith('>>')) return 'output-redirect';
    if (/^>\s*\{%/.test(line) || /^>\s+\S+\.js\s*$/.test(line)) return 'response-handler';
    return undefined;
  }
  if (c === 60 /* < */ && line.startsWith('<>')) return 'response-reference';
  return undefined;
}

/** `{%` opened on this line and not closed on it: the block runs to a line with `%}`. */
export function opensScript(line: string): boolean {
  const open = line.indexOf('{%');
  return open !== -1 && line.indexOf('%}', open + 2) === -1;
}

/** Run on the line without its trailing whitespace (see METADATA). */
const FILE_INCLUDE = /^<(@(\w*))?[ \t]+(\S.*)$/;

/** A body line `< path`, `<@ path` or `<@latin1 path`. */
export function matchFileInclude(
  line: string,
): { path: string; substituteVariables: boolean; encoding: string | undefined } | undefined {
  if (line.charCodeAt(0) !== 60 /* < */) return undefined;
  const m = FILE_INCLUDE.exec(line.trimEnd());
  if (!m) return undefined;
  return { path: m[3]!, substituteVariables: m[1] !== undefined, encoding: m[2] ? m[2] : undefined };
}
