/**
 * What a Send All run did, told once it ends: the panel shows only the last answer and the lens
 * summaries scroll out of sight in a long file, so without it a run of 40 requests ended in
 * silence, a 500 in the middle unseen. No vscode here: the tally and its sentence are plain logic.
 */
export class SendAllTally {
  private succeeded = 0;
  private errorStatuses = new Map<number, number>();
  private failures = new Map<string, number>();
  private declined = 0;

  /** A request answered with `status` (a dependency sent first counts as one of the file's requests). */
  answered(status: number): void {
    if (status < 400) this.succeeded++;
    else this.errorStatuses.set(status, (this.errorStatuses.get(status) ?? 0) + 1);
  }

  /** A request that got no answer, or was not sent because one it uses failed: its error code. */
  failed(code: string): void {
    this.failures.set(code, (this.failures.get(code) ?? 0) + 1);
  }

  /** A request the user chose not to send (a `# @note` or `# @prompt` declined). */
  skipped(): void {
    this.declined++;
  }

  /**
   * The sentence for the end of the run in `fileName`, after `elapsedMs`, of `total` requests;
   * `isWarning` when any answer was an error status or any request failed.
   */
  summary(fileName: string, total: number, elapsedMs: number, isCancelled: boolean): { readonly text: string; readonly isWarning: boolean } {
    const errors = sum(this.errorStatuses);
    const failed = sum(this.failures);
    const done = this.succeeded + errors + failed + this.declined;
    const parts: string[] = [];
    if (this.succeeded > 0) parts.push(`${this.succeeded} answered 2xx/3xx`);
    if (errors > 0) parts.push(`${errors} answered ${listed(this.errorStatuses, (status) => `HTTP ${status}`)}`);
    if (failed > 0) parts.push(`${failed} failed (${listed(this.failures, (code) => code)})`);
    if (this.declined > 0) parts.push(`${this.declined} not sent by your choice`);
    const head = isCancelled ? `Send All in ${fileName} cancelled after ${done} of ${total} requests` : `Send All in ${fileName}: ${total} request${total === 1 ? '' : 's'} in ${seconds(elapsedMs)}`;
    return { text: parts.length === 0 ? `${head}.` : `${head}: ${parts.join(', ')}.`, isWarning: errors + failed > 0 };
  }
}

function sum(counts: ReadonlyMap<unknown, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/** `HTTP 404 ×2, HTTP 500`: most frequent first, at most three named. */
function listed<K>(counts: ReadonlyMap<K, number>, name: (key: K) => string): string {
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const named = sorted.slice(0, 3).map(([key, n]) => (n > 1 ? `${name(key)} ×${n}` : name(key)));
  return sorted.length > 3 ? `${named.join(', ')}, …` : named.join(', ');
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
