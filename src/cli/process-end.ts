import { removeLiveTempFiles } from '../core/response/live-temp-files';

/** What a stop by signal must still do before the process dies: close a JSON document. */
const stopHooks = new Set<(signal: NodeJS.Signals) => void>();

/**
 * Runs `hook` when the CLI is stopped by a signal (see cleanUpAtEnd), before it dies; the
 * returned function unregisters it. A hook must work synchronously: nothing runs after it.
 */
export function onStopSignal(hook: (signal: NodeJS.Signals) => void): () => void {
  stopHooks.add(hook);
  return () => stopHooks.delete(hook);
}

/**
 * Deletes the temporary files of response bodies however the CLI ends: a normal exit, an
 * uncaught error (both emit 'exit'), or Ctrl-C, `kill` and a closed terminal or SSH session
 * (SIGINT, SIGTERM, SIGHUP; some CI runners cancel with SIGHUP too), which would end the process
 * without 'exit'; on a signal, the stop hooks run first. After cleaning up, the signal is raised
 * again with no listener left, so the process still dies of it and the shell sees the usual status
 * (130, 143, 129).
 */
export function cleanUpAtEnd(): void {
  process.on('exit', removeLiveTempFiles);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const hook of stopHooks) hook(signal);
      removeLiveTempFiles();
      process.kill(process.pid, signal);
    });
  }
}
