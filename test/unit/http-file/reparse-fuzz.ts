/**
 * The re-parse fuzz, run in a worker thread (test/support/run-in-worker) so that a re-parse stuck in
 * a loop fails its case instead of hanging mocha, as it once hung VS Code's extension host (issue 10,
 * item 1). Each case makes a file, then a chain of edits; after each edit, `reparseHttpFile` from the
 * previous result must equal `parseHttpFile` of the new text: the same requests, variables,
 * fragments and diagnostics.
 */

import assert from 'node:assert/strict';
import type { HttpFile } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { reparseHttpFile } from '../../../src/core/http-file/reparse';
import { mulberry32 } from '../../support/random';
import { int, loadSources, mutate, pick, randomFile, randomLine, type Rng } from './fuzz-corpus';

/** The file as plain data: requests make their parts on demand (getters deepEqual does not see). */
export function plainFile(file: HttpFile): unknown {
  return JSON.parse(JSON.stringify(file));
}

function splice(text: string, at: number, count: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + count);
}

/** Offsets where each line starts, and where each ends (before its line break). */
function lineBounds(text: string): Array<{ start: number; end: number; next: number }> {
  const out: Array<{ start: number; end: number; next: number }> = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, next: text.length });
  return out;
}

const TYPED = ['a', 'Z', '0', ' ', '\t', '{', '}', '#', '/', ':', '@', '=', '<', '>', '?', '"', '{{x}}', '###', '### T', 'GET ', 'HTTP/1.1', 'é', '\r', '\n', '\r\n', '/*', '*/', '@v = 1', '> {%', '%}'];

/** One edit, named for the failure message: keystrokes mostly, and the edits that broke the shortcut. */
function randomEdit(rng: Rng, text: string): { how: string; text: string } {
  const lines = lineBounds(text);
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  const line = pick(rng, lines);
  const within = line.start + int(rng, line.end - line.start + 1);
  const separators = lines.filter((l) => /^[ \t]*###/.test(text.slice(l.start, l.end)));
  switch (int(rng, 14)) {
    case 0:
    case 1:
    case 2:
      return { how: `type at ${within}`, text: splice(text, within, 0, pick(rng, TYPED)) };
    case 3:
      return { how: `delete in line at ${within}`, text: splice(text, within, Math.min(1 + int(rng, 3), line.end - within), '') };
    case 4:
      return { how: 'type at offset 0', text: splice(text, 0, 0, pick(rng, TYPED)) };
    case 5:
      return { how: 'empty line 0', text: splice(text, first.start, first.end - first.start, '') };
    case 6:
      return { how: 'delete line 0', text: text.slice(first.next) };
    case 7:
      return { how: 'join lines 0 and 1', text: splice(text, first.end, first.next - first.end, '') };
    case 8:
      return { how: 'type at the end', text: text + pick(rng, TYPED) };
    case 9:
      return { how: 'empty the last line', text: text.slice(0, last.start) };
    case 10: {
      const before = lines[lines.length - 2];
      return before ? { how: 'join the last two lines', text: splice(text, before.end, before.next - before.end, '') } : { how: 'nothing', text };
    }
    case 11: {
      // Across a ###: from inside the line above it to inside the line below it.
      const sep = separators.length ? pick(rng, separators) : line;
      const from = Math.max(0, sep.start - int(rng, 20));
      const to = Math.min(text.length, sep.end + int(rng, 20));
      return { how: `delete ${from}..${to} across a separator`, text: splice(text, from, to - from, rng() < 0.5 ? '' : pick(rng, TYPED)) };
    }
    case 12: {
      const sep = separators.length ? pick(rng, separators) : line;
      const at = text.indexOf('#', sep.start);
      return at === -1 || at >= sep.end ? { how: 'type ### at a line start', text: splice(text, line.start, 0, '###') } : { how: `unmake the separator at ${sep.start}`, text: splice(text, at, 1, '') };
    }
    default:
      return { how: `add a line at ${line.start}`, text: splice(text, line.start, 0, `${randomLine(rng)}${pick(rng, ['\n', '\r\n'])}`) };
  }
}

/** A start file: random or a mutated example, with the edges the shortcut got wrong made likely. */
function randomStart(rng: Rng, sources: Array<{ name: string; text: string }>): string {
  let text = rng() < 0.6 ? randomFile(rng) : mutate(rng, pick(rng, sources).text);
  if (rng() < 0.3) text = pick(rng, ['\n', '\n\n', '  \n', '\r\n', '\t\r\n']) + text;
  if (rng() < 0.3) text += pick(rng, ['\n', '\n\n', '\n  ', '\r\n', '\r\n\r\n']);
  if (rng() < 0.15) text = text.replace(/\r?\n/g, '\r\n');
  if (rng() < 0.1 && text.charCodeAt(0) !== 0xfeff) text = `\ufeff${text}`;
  return text;
}

export interface ReparseFuzzReport {
  cases: number;
  edits: number;
  /** Edits where the re-parse kept request objects of the previous parse: the shortcut was taken. */
  shortcuts: number;
}

/**
 * Runs up to `cases` cases from `seed`, stopping after `budgetMs`; `pairs` are fixed edits checked
 * first. Reports `{seed, case, caseSeed}` as each case starts. Throws an Error naming the case, the
 * edit and both texts on the first disagreement.
 */
export function runReparseFuzz(
  data: { seed: number; cases: number; budgetMs: number; pairs?: Array<[string, string]> },
  progress: (p: unknown) => void = () => undefined,
): ReparseFuzzReport {
  let edits = 0;
  let shortcuts = 0;
  const check = (file: HttpFile, before: string, after: string, where: string): HttpFile => {
    const fast = reparseHttpFile(file, before, after);
    edits++;
    if (fast.requests.some((r) => file.requests.includes(r))) shortcuts++;
    try {
      assert.deepEqual(plainFile(fast), plainFile(parseHttpFile(after)));
    } catch (err) {
      throw new Error(`re-parse differs from a full parse: ${where}\nbefore: ${JSON.stringify(before.slice(0, 800))}\nafter:  ${JSON.stringify(after.slice(0, 800))}\n${(err as Error).message.slice(0, 3000)}`);
    }
    return fast;
  };
  for (const [i, [before, after]] of (data.pairs ?? []).entries()) {
    progress({ pair: i, before, after });
    check(parseHttpFile(before), before, after, `fixed pair ${i}`);
  }
  const sources = loadSources();
  const started = performance.now();
  let i = 0;
  for (; i < data.cases && performance.now() - started < data.budgetMs; i++) {
    const caseSeed = (data.seed + Math.imul(i + 1, 0x9e3779b1)) >>> 0;
    progress({ seed: data.seed, case: i, caseSeed });
    const rng = mulberry32(caseSeed);
    let text = randomStart(rng, sources);
    let file = parseHttpFile(text);
    const steps = 1 + int(rng, 8);
    for (let step = 0; step < steps; step++) {
      const edit = randomEdit(rng, text);
      file = check(file, text, edit.text, `seed ${data.seed}, case ${i} (case seed ${caseSeed}), step ${step}: ${edit.how}`);
      text = edit.text;
    }
  }
  return { cases: i, edits, shortcuts };
}
