import type { SendOptions } from './client-options';

/**
 * The deadline of a whole send (`totalTimeoutMs`, redirects included): a signal of its own that
 * aborts when the time is up or when the caller's signal does. Made only for sends that set one,
 * so that the usual send carries no timer and no listener of its own.
 */
export class TotalDeadline {
  private readonly controller = new AbortController();
  private readonly callerSignal: AbortSignal | undefined;
  private readonly timer: NodeJS.Timeout;
  /** The send's options with this deadline's signal in place of the caller's. */
  readonly options: SendOptions;
  isExpired = false;

  constructor(callerOptions: SendOptions) {
    this.options = { ...callerOptions, signal: this.controller.signal };
    this.callerSignal = callerOptions.signal;
    this.callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (this.callerSignal?.aborted) this.controller.abort();
    this.timer = setTimeout(() => {
      this.isExpired = true;
      this.controller.abort();
    }, callerOptions.totalTimeoutMs);
  }

  private readonly onCallerAbort = (): void => this.controller.abort();

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
