/**
 * How the requests of a run went (the editor's Send All, the CLI's `send --all`), told once it
 * ends: the panel shows only the last answer and lens summaries scroll out of sight, a CI log
 * scrolls past its failures, so without it a run of 40 requests ended in silence, a 500 in the
 * middle unseen.
 */
export class RunTally {
  private succeeded = 0;
  private readonly errorStatuses = new Map<number, number>();
  private readonly failures = new Map<string, number>();
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

  /** The counts, as the CLI's JSON document gives them. */
  counts(): RunCounts {
    const errorStatus = sum(this.errorStatuses);
    const failed = sum(this.failures);
    return { done: this.succeeded + errorStatus + failed + this.declined, answered: this.succeeded + errorStatus, errorStatus, failed, declined: this.declined };
  }

  /** `3 answered 2xx/3xx, 3 answered HTTP 404 ×2, HTTP 500, 1 failed (HW_CONNECT_REFUSED)`; '' when nothing was done. */
  outcomes(): string {
    const { errorStatus, failed } = this.counts();
    const parts: string[] = [];
    if (this.succeeded > 0) parts.push(`${this.succeeded} answered 2xx/3xx`);
    if (errorStatus > 0) parts.push(`${errorStatus} answered ${listed(this.errorStatuses, (status) => `HTTP ${status}`)}`);
    if (failed > 0) parts.push(`${failed} failed (${listed(this.failures, (code) => code)})`);
    if (this.declined > 0) parts.push(`${this.declined} not sent by your choice`);
    return parts.join(', ');
  }

  /** Whether any answer was an error status or any request failed. */
  get isWarning(): boolean {
    const { errorStatus, failed } = this.counts();
    return errorStatus + failed > 0;
  }

  /**
   * The sentence for the end of a run named `what` (`Send All in api.http`) of `total` requests,
   * after `elapsedMs`; a cancelled run says how far it got.
   */
  summary(what: string, total: number, elapsedMs: number, isCancelled: boolean): string {
    const head = isCancelled ? `${what} cancelled after ${this.counts().done} of ${total} requests` : `${what}: ${total} request${total === 1 ? '' : 's'} in ${seconds(elapsedMs)}`;
    const outcomes = this.outcomes();
    return outcomes === '' ? `${head}.` : `${head}: ${outcomes}.`;
  }
}

export interface RunCounts {
  /** Requests answered, failed or declined. */
  readonly done: number;
  /** Requests answered, whatever the status. */
  readonly answered: number;
  /** Of those answered, with a 4xx or 5xx status. */
  readonly errorStatus: number;
  /** Requests with no answer (sent or not): a failure, or one they use failed. */
  readonly failed: number;
  readonly declined: number;
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
