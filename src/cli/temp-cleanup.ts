import { removeLiveTempFiles } from '../core/response/live-temp-files';

/**
 * Deletes the temporary files of response bodies however the CLI ends: a normal exit, an
 * uncaught error (both emit 'exit'), or Ctrl-C, `kill` and a closed terminal or SSH session
 * (SIGINT, SIGTERM, SIGHUP; some CI runners cancel with SIGHUP too), which would end the process
 * without 'exit'. After cleaning up, the signal is raised again with no listener left, so the
 * process still dies of it and the shell sees the usual status (130, 143, 129).
 */
export function removeTempFilesAtExit(): void {
  process.on('exit', removeLiveTempFiles);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeLiveTempFiles();
      process.kill(process.pid, signal);
    });
  }
}
