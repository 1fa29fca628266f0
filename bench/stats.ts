/** Small statistics and timing helpers for the benches. */

/** The value at quantile `q` (0..1) of `values`, nearest-rank; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** The median; the mean of the two middle values for an even count. NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 95th percentile (nearest-rank: with 30 samples, the 29th smallest). */
export function p95(values: readonly number[]): number {
  return quantile(values, 0.95);
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.min(...values);
}

/** Milliseconds since an arbitrary point, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Timing {
  /** Milliseconds of each measured run, in run order. */
  readonly samples: number[];
  readonly median: number;
  readonly p95: number;
  readonly min: number;
}

export function summarize(samples: number[]): Timing {
  return { samples, median: median(samples), p95: p95(samples), min: min(samples) };
}

/**
 * Runs `fn` `warmup` times untimed, then `runs` times timed (milliseconds each). `setup`, when
 * given, runs before every call outside the timed region and its result is passed to `fn`.
 * Whatever `fn` returns is kept in `sink` so that the work cannot be optimised away.
 */
export function timeSync<S>(
  opts: { warmup: number; runs: number; setup?: (i: number) => S },
  fn: (input: S) => unknown,
): Timing {
  const samples: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const input = opts.setup ? opts.setup(i) : (undefined as S);
    const t0 = nowMs();
    sink = fn(input);
    const t1 = nowMs();
    if (i >= opts.warmup) samples.push(t1 - t0);
  }
  sink = undefined;
  return summarize(samples);
}

/** As `timeSync`, for a function that returns a promise. */
export async function timeAsync<S>(
  opts: { warmup: number; runs: number; setup?: (i: number) => S },
  fn: (input: S) => Promise<unknown>,
): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const input = opts.setup ? opts.setup(i) : (undefined as S);
    const t0 = nowMs();
    sink = await fn(input);
    const t1 = nowMs();
    if (i >= opts.warmup) samples.push(t1 - t0);
  }
  sink = undefined;
  return summarize(samples);
}

/** Holds the last result of a timed call (see `timeSync`). */
export let sink: unknown;

/** `1.23 ms`, `456 µs`, `2.50 s`: three significant digits or so. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** A plain text table: first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
