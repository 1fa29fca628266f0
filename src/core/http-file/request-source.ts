import type { SplitLines } from './lines';

/** Line numbers in order, read by index: one request's part of a `RequestSource`. */
export interface LineNumbers {
  readonly length: number;
  /** The entry at `index` (0 to length - 1). */
  at(index: number): number;
}

/**
 * What the requests of one parsed file make their metadata, headers and bodies from when first
 * asked for: the file's text and line offsets, and one list of line numbers for the whole file.
 * A request's `# @key` lines, header lines and body lines are read in that order, and each is
 * appended to the list as it is read, so a request's entries of each kind follow each other; the
 * request keeps where they begin and end, as plain numbers.
 *
 * Why one list, and in a typed array: a parse keeps what it makes until it returns, and the
 * garbage collector copies all of it while the parse runs. Small lists per request (10,000 more
 * objects) made the 5,000-request bench parse 10-15% slower; the numbers of a typed array are
 * outside the heap, never scanned nor copied, and its room is guessed from the line count.
 */
export class RequestSource {
  private entries: Int32Array;
  private size = 0;

  constructor(readonly split: SplitLines) {
    this.entries = new Int32Array(Math.max(16, split.count >>> 1));
  }

  /** How many entries there are: where the next one goes. */
  get length(): number {
    return this.size;
  }

  push(entry: number): void {
    if (this.size === this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    this.entries[this.size++] = entry;
  }

  at(index: number): number {
    return this.entries[index]!;
  }

  /** Drops `count` entries from `from` on; those after it move down. */
  remove(from: number, count: number): void {
    this.entries.copyWithin(from, from + count, this.size);
    this.size -= count;
  }

  /** Drops every entry from `length` on: lines that turned out not to be the request's. */
  truncate(length: number): void {
    this.size = length;
  }

  /** Entries [from, to), read in place. */
  view(from: number, to: number): LineNumbers {
    return new LineView(this, from, to - from);
  }

  /** Gives back the room past the last entry: a parsed file keeps its source as long as its requests. */
  trim(): void {
    if (this.entries.length > this.size) this.entries = this.entries.slice(0, this.size);
  }
}

class LineView implements LineNumbers {
  constructor(
    private readonly source: RequestSource,
    private readonly from: number,
    readonly length: number,
  ) {}

  at(index: number): number {
    return this.source.at(this.from + index);
  }
}
