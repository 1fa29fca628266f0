import { checkDuplicateNames } from './checks';
import { DiagnosticCodes } from './diagnostic-codes';
import { compareDiagnostics, DiagnosticSink } from './diagnostics';
import { isSeparator } from './line-kinds';
import type { Diagnostic, HttpFile } from './model';
import { parseHttpFile, parseRegion } from './parse';
import { linesOfFile, rememberLines } from './reference-index';

/**
 * Parses `text`, reusing `previous` (the parse of `previousText`) where the edit between them cannot
 * reach: only the `###` blocks holding the edited lines are parsed again. The result is what
 * parseHttpFile(text) gives, by construction when the shortcut applies and by falling back to it
 * otherwise. The shortcut covers the edit an editor sees on most keystrokes: characters typed or
 * deleted within lines, the line count unchanged.
 */
export function reparseHttpFile(previous: HttpFile, previousText: string, text: string): HttpFile {
  return reparseRegion(previous, previousText, text) ?? parseHttpFile(text);
}

/**
 * Each region parse keeps its text and line offsets alive through the requests it made (a few
 * hundred KB on a 50,000-line file, as the region is padded to the file's line numbers), and its
 * result carries the requests of earlier ones. After this many in a row, the next edit parses the
 * whole file: memory stays bounded, at the cost of one full parse per so many keystrokes.
 */
const MAX_REGION_PARSES = 32;
/**
 * How many region parses a file is made of since its last full parse. A file here is a region
 * parse's result, whose text was found free of lone CRs and of what crosses `###` (see
 * CROSS_BLOCK): the next edit, within one line, can only bring them in on that line, and only
 * that line is looked at (the whole of a 1 MB text cost 1.7 ms a keystroke).
 */
const regionParses = new WeakMap<HttpFile, number>();

/**
 * Texts are compared this many characters at a time (two slices compared as strings, natively),
 * and only the first chunk that differs character by character: on every keystroke in a 1 MB file
 * a loop over all its characters cost 4 ms, half the re-parse.
 */
const CHUNK = 4096;

/** The length of the longest common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const min = Math.min(a.length, b.length);
  let at = 0;
  while (at + CHUNK <= min && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) at += CHUNK;
  while (at < min && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** The length of the longest common suffix of `a` and `b`, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** Where two texts differ: within one line (same offset of its start in both), or undefined. */
function editedLine(previousText: string, text: string): { lineStart: number; oldLine: string } | undefined {
  const prefix = commonPrefix(previousText, text);
  const suffix = commonSuffix(previousText, text, Math.min(previousText.length, text.length) - prefix);
  // A line break added, removed or turned into another kind moves every line below: not handled here.
  if (/[\r\n]/.test(previousText.slice(prefix, previousText.length - suffix)) || /[\r\n]/.test(text.slice(prefix, text.length - suffix))) return undefined;
  const lineStart = lineStartAt(text, prefix);
  const oldEnd = previousText.indexOf('\n', lineStart);
  return { lineStart, oldLine: previousText.slice(lineStart, oldEnd === -1 ? previousText.length : oldEnd) };
}

/**
 * Constructs that can run across `###` (a line opening a `/* ... *\/` comment, a `{{` script, or a
 * `> {% %}` / `< {% %}` script) make blocks depend on each other; with any of them in the file,
 * the whole file is parsed.
 */
const LONE_CR = /\r(?!\n)/;
const CROSS_BLOCK = /^[ \t]*(?:\/\*|[<>][ \t]*\{%|\{\{(?:@[\w-]+|\+[^}\n]*)?[ \t]*\r?$)/m;

/**
 * The start of the line holding offset `at`. lastIndexOf clamps a negative fromIndex to 0 and then
 * still finds a line break at offset 0, so offset 0 is answered here, never through it.
 */
function lineStartAt(text: string, at: number): number {
  return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

/** The line of `text` that starts at `from`, without its line end. */
function lineFrom(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  const line = text.slice(from, end === -1 ? text.length : end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function reparseRegion(previous: HttpFile, previousText: string, text: string): HttpFile | undefined {
  if (previousText === text) return previous;
  const generation = (regionParses.get(previous) ?? 0) + 1;
  if (generation > MAX_REGION_PARSES) return undefined;
  // A BOM or lone CRs change how lines are counted and cut; the full parse handles them.
  if (text.charCodeAt(0) === 0xfeff || previousText.charCodeAt(0) === 0xfeff) return undefined;
  const edit = editedLine(previousText, text);
  if (edit === undefined) return undefined;
  const editedNow = lineFrom(text, edit.lineStart);
  // The texts differ in one line only, so checking the new text and the old line covers both; a
  // previous text known plain leaves the new line alone to check (a match never spans lines).
  const newPart = regionParses.has(previous) ? editedNow : text;
  if (LONE_CR.test(newPart) || LONE_CR.test(edit.oldLine) || CROSS_BLOCK.test(newPart) || CROSS_BLOCK.test(edit.oldLine)) return undefined;
  if (isSeparator(editedNow) !== isSeparator(edit.oldLine.replace(/\r$/, ''))) return undefined;

  // The block around the edit: from the `###` at or above it to the line before the next one,
  // found by walking lines outwards from the edit (offsets of line starts).
  let regionStartOffset = edit.lineStart;
  while (regionStartOffset > 0 && !isSeparator(lineFrom(text, regionStartOffset))) regionStartOffset = lineStartAt(text, regionStartOffset - 1);
  let regionEndOffset = text.indexOf('\n', edit.lineStart);
  while (regionEndOffset !== -1 && !isSeparator(lineFrom(text, regionEndOffset + 1))) regionEndOffset = text.indexOf('\n', regionEndOffset + 1);
  if (regionEndOffset === -1) regionEndOffset = text.length;
  let regionStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < regionStartOffset; at = text.indexOf('\n', at + 1)) regionStart++;
  const regionSource = text.slice(regionStartOffset, regionEndOffset).replace(/\r$/, '');
  let regionEnd = regionStart;
  for (let at = regionSource.indexOf('\n'); at !== -1; at = regionSource.indexOf('\n', at + 1)) regionEnd++;
  const lineCount = previous.lineCount;
  const inRegion = (line: number): boolean => line >= regionStart && line <= regionEnd;

  // Variables and fragments reach every block: an edit among them changes the whole file.
  if (previous.variables.some((v) => inRegion(v.line)) || previous.fragments.some((f) => f.startLine <= regionEnd && f.endLine >= regionStart)) return undefined;
  const oldRegion = previous.requests.filter((r) => r.extent.endLine >= regionStart && r.extent.startLine <= regionEnd);
  const before = previous.requests.filter((r) => r.extent.endLine < regionStart);
  const after = previous.requests.filter((r) => r.extent.startLine > regionEnd);

  // Padding with empty lines makes the region's line numbers the file's.
  const region = parseRegion('\n'.repeat(regionStart) + regionSource, { variables: previous.variables, fragments: previous.fragments, indexOffset: before.length, firstLine: regionStart });
  // A request more or fewer would renumber those after it: parse the whole file instead.
  if (region.requests.length !== oldRegion.length || region.variables.length > 0 || region.fragments.length > 0) return undefined;

  const sink = new DiagnosticSink();
  const requests = [...before, ...region.requests, ...after];
  checkDuplicateNames(requests, sink);
  const kept = (d: Diagnostic): boolean => d.code !== DiagnosticCodes.duplicateRequestName;
  const diagnostics = [
    ...previous.diagnostics.filter((d) => kept(d) && !inRegion(d.line)),
    ...region.diagnostics.filter(kept),
    ...sink.items,
  ].sort(compareDiagnostics);
  const file: HttpFile = { requests, variables: previous.variables, fragments: previous.fragments, diagnostics, lineCount };
  regionParses.set(file, generation);
  // Its file variables stand where they stood: outside the edited block.
  rememberLines(file, linesOfFile(previous));
  return file;
}
