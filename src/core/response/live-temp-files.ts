/**
 * The temporary files that response bodies live in, while they live. Whoever ends the process
 * or the session calls `removeLiveTempFiles()`: the CLI on exit and on SIGINT/SIGTERM, the editor
 * on deactivate. A result nobody disposed (an error path, a Ctrl-C in the middle of a download)
 * then still leaves no body on the disk.
 *
 * Module state, but no side effect on import: the set starts empty and nothing here listens to
 * anything; the callers install their own exit hooks.
 */

/** Something that owns a temporary file and deletes it, synchronously, when disposed. */
export interface TempFileOwner {
  dispose(): void;
}

const live = new Set<TempFileOwner>();

/** Called by the owner when it creates its file. */
export function trackTempFile(owner: TempFileOwner): void {
  live.add(owner);
}

/** Called by the owner once its file is deleted. */
export function untrackTempFile(owner: TempFileOwner): void {
  live.delete(owner);
}

/** How many temporary files are alive now. */
export function liveTempFileCount(): number {
  return live.size;
}

/**
 * Disposes every owner still alive, deleting its file. Synchronous, so that it can run in a
 * process 'exit' handler; never throws (a file already gone or not deletable is skipped).
 */
export function removeLiveTempFiles(): void {
  for (const owner of [...live]) {
    live.delete(owner);
    try {
      owner.dispose();
    } catch {
      // Best effort at exit: the remaining files still get their turn.
    }
  }
}
