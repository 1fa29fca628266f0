const EMPTY = Buffer.alloc(0);

/**
 * A byte buffer that grows by doubling, for header blocks and chunk-size lines that arrive in
 * pieces: appending one byte at a time stays linear, where Buffer.concat per piece is quadratic.
 */
export class GrowBuffer {
  /** Allocated on the first append: most responses never need one (their head is in one chunk). */
  private buf = EMPTY;
  length = 0;

  constructor(private readonly initialBytes = 1024) {}

  append(data: Buffer, start: number, end: number): void {
    const needed = this.length + (end - start);
    if (needed > this.buf.length) {
      let size = Math.max(this.initialBytes, this.buf.length * 2);
      while (size < needed) size *= 2;
      const bigger = Buffer.allocUnsafe(size);
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    data.copy(this.buf, this.length, start, end);
    this.length = needed;
  }

  /** Index of `byte` at or after `from`, or -1. */
  indexOf(byte: number, from: number): number {
    const at = this.buf.indexOf(byte, from);
    return at === -1 || at >= this.length ? -1 : at;
  }

  byteAt(i: number): number {
    return this.buf[i]!;
  }

  toLatin1(start = 0, end = this.length): string {
    return this.buf.toString('latin1', start, end);
  }

  reset(): void {
    this.length = 0;
  }
}
