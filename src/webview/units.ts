// Durations as the panel prints them: one decimal, units a reader expects. Sizes: formatByteSize
// (core/response/exchange-summary.ts), the same units as the code lens.

/** `0.4 ms`, `34.2 ms`, `1.25 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
