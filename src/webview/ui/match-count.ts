// How many matches the body's search has, and which one is selected: "3 of 120", "No results".
// A 50 MB body is counted a stretch of lines at a time, as sliced-search.ts finds (the page is
// given back between slices). DOM-free: tested in plain Node with CodeMirror's state.
import type { SearchQuery } from '@codemirror/search';
import type { Text } from '@codemirror/state';

/** Characters searched at a time; slices of them run until SLICE_MS is spent. */
export const STRETCH_CHARS = 100_000;
export const SLICE_MS = 25;

/** Past this many matches the count stops ("10000+ matches"): a count that large is not read. */
export const MATCH_COUNT_LIMIT = 10_000;

/**
 * Where the stretch that starts at `from` ends: at a line's end, so a match is cut only if it spans
 * a line break (CodeMirror's line-based regular expressions never do).
 */
export function stretchEnd(doc: Text, from: number): number {
  return doc.lineAt(Math.min(doc.length, from + STRETCH_CHARS)).to;
}

/** The matches of `query` in `doc`, counted from the start by `step` calls. */
export class MatchCount {
  /** Where each match counted starts and ends, in order. */
  private readonly froms: number[] = [];
  private readonly tos: number[] = [];
  /** Where the next stretch starts. */
  private at = 0;
  private isFinished = false;

  constructor(
    private readonly query: SearchQuery,
    private readonly doc: Text,
  ) {}

  get total(): number {
    return this.froms.length;
  }

  /** The whole document is counted, or the count reached MATCH_COUNT_LIMIT. */
  get isDone(): boolean {
    return this.isFinished;
  }

  get isCapped(): boolean {
    return this.froms.length >= MATCH_COUNT_LIMIT;
  }

  /** Counts on, a stretch at a time, until done or `isOutOfTime()`; true once done. */
  step(isOutOfTime: () => boolean): boolean {
    while (!this.isFinished && !isOutOfTime()) {
      const to = stretchEnd(this.doc, this.at);
      const cursor = this.query.getCursor(this.doc, this.at, to);
      for (let m = cursor.next(); !m.done && !this.isCapped; m = cursor.next()) {
        // An empty match at a stretch's end is found again at the start of the next.
        const last = this.froms.length - 1;
        if (last >= 0 && this.froms[last] === m.value.from && this.tos[last] === m.value.to) continue;
        this.froms.push(m.value.from);
        this.tos.push(m.value.to);
      }
      this.isFinished = this.isCapped || to >= this.doc.length;
      this.at = to;
    }
    return this.isFinished;
  }

  /** The 1-based number of the match that is exactly [from, to), among those counted so far. */
  numberOf(from: number, to: number): number | undefined {
    let low = 0;
    let high = this.froms.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.froms[mid]! < from) low = mid + 1;
      else high = mid;
    }
    // Matches that start at the same place (regular expressions) differ by their end.
    for (let i = low; i < this.froms.length && this.froms[i] === from; i++) if (this.tos[i] === to) return i + 1;
    return undefined;
  }
}

/**
 * The search panel's status: '' without a query, then "Counting…", "No results", "3 of 120" when
 * the selection is a match, "120 matches" when it is not. `selected`: the selection's number among
 * the matches (MatchCount.numberOf).
 */
export function matchCountText(query: SearchQuery, count: MatchCount, selected: number | undefined): string {
  if (query.search === '') return '';
  if (!query.valid) return 'Not a valid regular expression';
  const total = count.isCapped ? `${MATCH_COUNT_LIMIT}+` : !count.isDone ? `${count.total}+` : String(count.total);
  if (count.isDone && count.total === 0) return 'No results';
  if (selected !== undefined) return `${selected} of ${total}`;
  if (!count.isDone && count.total === 0) return 'Counting…';
  return `${total} ${count.total === 1 && count.isDone ? 'match' : 'matches'}`;
}
