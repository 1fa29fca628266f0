/**
 * A deadline that is cheap to move: `start(ms)` stores a number, and one Node timer, armed only
 * when none is pending or the new deadline comes first, re-arms itself for the rest when it fires
 * early. A keep-alive connection moves its deadlines several times per request; with a Node
 * timer per deadline that is a timer made, linked and cleared each time (thousands per second).
 *
 * The Node timer is unref'd: a deadline never keeps the process alive by itself. Whoever waits
 * on it holds something that does (a ref'd socket).
 */
export class DeadlineTimer {
  private timer: NodeJS.Timeout | undefined;
  /** When the armed Node timer fires, in performance.now() ms. */
  private firesAtMs = 0;
  /** When to call `onExpire`; Infinity when stopped. */
  private deadlineMs = Infinity;

  constructor(private readonly onExpire: () => void) {}

  /** Expires `ms` from now, replacing any deadline set before. */
  start(ms: number): void {
    const now = performance.now();
    this.deadlineMs = now + ms;
    if (this.timer === undefined || this.firesAtMs > this.deadlineMs) this.arm(now, ms);
  }

  /** No deadline; the Node timer, if armed, fires once more and finds nothing to do. */
  stop(): void {
    this.deadlineMs = Infinity;
  }

  /** Stops and clears the Node timer: nothing of this deadline stays scheduled. */
  dispose(): void {
    this.deadlineMs = Infinity;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(now: number, ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.firesAtMs = now + ms;
    this.timer = setTimeout(() => this.onTimer(), ms);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.deadlineMs === Infinity) return;
    const now = performance.now();
    // Node's timers run on the event loop's cached clock, which can lag performance.now() by a
    // fraction of a millisecond: within 1 ms counts as due rather than re-arming for nothing.
    if (this.deadlineMs - now < 1) {
      this.deadlineMs = Infinity;
      this.onExpire();
    } else {
      this.arm(now, this.deadlineMs - now);
    }
  }
}
