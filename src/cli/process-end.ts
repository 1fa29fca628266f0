import { removeLiveTempFiles } from '../core/response/live-temp-files';

/** What a stop by signal must still do before the process dies: close a JSON document. */
const stopHooks = new Set<(signal: NodeJS.Signals) => void>();

/**
 * Runs `hook` when the CLI is stopped by a signal (see cleanUpAtEnd), before it dies; the
 * returned function unregisters it. A hook works synchronously and leaves nothing to do: the
 * process may live on a moment, until stdout is flushed, but must send and write nothing more.
 */
export function onStopSignal(hook: (signal: NodeJS.Signals) => void): () => void {
  stopHooks.add(hook);
  return () => stopHooks.delete(hook);
}

/** How long a stopped run waits for its reader to take what stdout still holds. */
const FLUSH_ON_STOP_MS = 10_000;

let stopping: NodeJS.Signals | undefined;

/** The signal the CLI is dying of, while it flushes stdout (see cleanUpAtEnd): the run's own end must not exit first. */
export function stopSignal(): NodeJS.Signals | undefined {
  return stopping;
}

/**
 * Deletes the temporary files of response bodies however the CLI ends: a normal exit, an
 * uncaught error (both emit 'exit'), or Ctrl-C, `kill` and a closed terminal or SSH session
 * (SIGINT, SIGTERM, SIGHUP; some CI runners cancel with SIGHUP too), which would end the process
 * without 'exit'; on a signal, the stop hooks run first (they stop the run: nothing more is sent
 * or written, and a JSON document is closed). Then, once stdout has handed its reader what it
 * still holds (a pipe whose reader is slow queues it: dying at once cut the document in the
 * middle of a body), at most FLUSH_ON_STOP_MS, the signal is raised again with no listener left,
 * so the process still dies of it and the shell sees the usual status (130, 143, 129); a second
 * signal ends it at once.
 */
export function cleanUpAtEnd(): void {
  process.on('exit', removeLiveTempFiles);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopping = signal;
      for (const hook of stopHooks) hook(signal);
      removeLiveTempFiles();
      const die = (): void => void process.kill(process.pid, signal);
      if (process.stdout.writableLength === 0) return die();
      process.stdout.write('', die);
      setTimeout(die, FLUSH_ON_STOP_MS);
    });
  }
}
