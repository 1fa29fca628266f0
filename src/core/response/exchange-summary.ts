/**
 * The one-line summary of an answer that the editor shows above its request (a code lens) and
 * in the log: `200 OK · 34 ms · 1.2 KB`. Pure text, no `vscode`, so it is tested in plain Node.
 */

/** What the summary needs of a finished send. */
export interface ExchangeFigures {
  readonly status: number;
  /** The reason phrase as received; '' when the server sent none. */
  readonly reason: string;
  /** The whole send, redirects included. */
  readonly totalMs: number;
  /** The body as it crossed the wire (codings still applied, chunk framing removed). */
  readonly bodyBytes: number;
}

const SEPARATOR = ' · ';

/**
 * `STATUS REASON · TIME · SIZE`, e.g. `200 OK · 34 ms · 1.2 KB`. The reason is left out when the
 * server sent none (HTTP/1.1 allows an empty one, RFC 9112 section 4), so it reads `204 · 3 ms · 0 B`.
 */
export function summarizeExchange(figures: ExchangeFigures): string {
  const status = figures.reason === '' ? String(figures.status) : `${figures.status} ${figures.reason}`;
  return [status, formatDuration(figures.totalMs), formatByteSize(figures.bodyBytes)].join(SEPARATOR);
}

/** Whole milliseconds below a second (`34 ms`), then seconds with one decimal (`1.5 s`). */
export function formatDuration(ms: number): string {
  const whole = Math.round(ms);
  if (whole < 1000) return `${whole} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/**
 * Bytes in the units editors and browsers' developer tools show (1 KB = 1024 bytes): whole bytes
 * below 1 KB (`512 B`), else one decimal (`1.2 KB`, `50.0 MB`).
 */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  // Rounding to one decimal could show 1024.0 KB: move up a unit before it would.
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
