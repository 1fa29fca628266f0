// Sizes and durations as the panel prints them: short, one decimal, units a reader expects.

/** `512 B`, `1.2 KB`, `50.0 MB`: decimal units, as browsers' network panels print them. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} KB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(2)} GB`;
}

/** `0.4 ms`, `34.2 ms`, `1.25 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
