/**
 * A growable list of 32-bit integers in a typed array. The parser keeps its per-request lists of
 * line numbers here rather than in JavaScript arrays: a JavaScript array of 16,000 numbers that
 * grows by pushes ends up in the collector's large-object space and is copied at every growth,
 * which cost more than reading the header lines it lists; a typed array's numbers are outside the
 * heap and never scanned.
 */
export class IntList {
  private ints: Int32Array;
  private size = 0;

  /** `capacity` is a guess (it grows by doubling past it). */
  constructor(capacity: number) {
    this.ints = new Int32Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.ints.length) {
      const grown = new Int32Array(this.ints.length * 2);
      grown.set(this.ints);
      this.ints = grown;
    }
    this.ints[this.size++] = value;
  }

  get(index: number): number {
    return this.ints[index]!;
  }

  /** Gives back the room past the last entry: a parsed file keeps its lists for its lifetime. */
  trim(): void {
    if (this.ints.length > this.size) this.ints = this.ints.slice(0, this.size);
  }

  /** Entries [from, to): a view, no copy (valid until the next push that grows the list). */
  view(from: number, to: number): Int32Array {
    return this.ints.subarray(from, to);
  }
}
