import { removeLiveTempFiles } from '../core/response/live-temp-files';

/**
 * Deletes the temporary files of response bodies however the CLI ends: a normal exit, an
 * uncaught error (both emit 'exit'), or Ctrl-C and `kill` (SIGINT, SIGTERM), which would end the
 * process without 'exit'. After cleaning up, the signal is raised again with no listener left,
 * so the process still dies of it and the shell sees the usual status (130, 143).
 */
export function removeTempFilesAtExit(): void {
  process.on('exit', removeLiveTempFiles);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      removeLiveTempFiles();
      process.kill(process.pid, signal);
    });
  }
}
