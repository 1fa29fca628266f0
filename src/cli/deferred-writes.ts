/**
 * Work queued to run after the event loop's next I/O, one piece after another in call order: the
 * `--json` output turns each result into JSON there, while the next request is already on the wire
 * (see JsonOutput). A piece may return a promise (stdout asked it to wait for `drain`); the pieces
 * after it wait for it.
 *
 * Made for a loop of thousands of small results: queueing a piece that starts free costs an array
 * push and at most one immediate per batch, no promise. It replaced a promise chain per result
 * (then, a new promise, an immediate, then again): 2,000 small GETs from nginx, whole process, ran
 * 12 ms faster with a bare immediate per result in its place, the floor of such a queue.
 */
export class DeferredWrites {
  private readonly queue: Array<() => Promise<void> | undefined> = [];
  /** Pieces queued and pieces done since the start: a piece's number is `queued` when it is added. */
  private queued = 0;
  private done = 0;
  /** An immediate is due, or a piece waits on its promise: the queue is being worked through. */
  private isRunning = false;
  /** Callers waiting until `done` reaches their number. */
  private waiters: Array<{ readonly until: number; readonly resolve: () => void; readonly reject: (err: unknown) => void }> = [];
  /** The first piece that failed: every later call gets its error; nothing more runs. */
  private failure: { readonly error: unknown } | undefined;

  /**
   * Queues `piece`. Returns undefined when every piece before it is done (the common case: the one
   * before ran while this one's request was on the wire), else a promise that settles when they
   * are: one result waits at most, so no more than two stored bodies are alive at once. A failed
   * piece's error comes back from the next call, or from `idle`.
   */
  add(piece: () => Promise<void> | undefined): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    const before = this.queued++;
    this.queue.push(piece);
    if (!this.isRunning) {
      this.isRunning = true;
      setImmediate(this.run);
    }
    return this.done >= before ? undefined : this.until(before);
  }

  /** Settles when every piece queued so far is done; rejects with the first failure. */
  idle(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    return this.done >= this.queued ? Promise.resolve() : this.until(this.queued);
  }

  private until(count: number): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.push({ until: count, resolve, reject }));
  }

  /** Runs the pieces queued, in order, until one has to wait (it goes on once that one settles). */
  private readonly run = (): void => {
    for (let piece = this.queue.shift(); piece !== undefined; piece = this.queue.shift()) {
      let waiting: Promise<void> | undefined;
      try {
        waiting = piece();
      } catch (err) {
        this.fail(err);
        return;
      }
      if (waiting !== undefined) {
        waiting.then(() => {
          this.pieceDone();
          this.run();
        }, (err: unknown) => this.fail(err));
        return;
      }
      this.pieceDone();
    }
    this.isRunning = false;
  };

  private pieceDone(): void {
    this.done++;
    if (this.waiters.length > 0) this.wake();
  }

  private fail(err: unknown): void {
    this.failure = { error: err };
    this.queue.length = 0;
    this.isRunning = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  private wake(): void {
    const due = this.waiters.filter((w) => w.until <= this.done);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.until > this.done);
    for (const w of due) w.resolve();
  }
}
