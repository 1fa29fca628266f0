/**
 * The temporary files that response bodies live in, while they live. Whoever ends the process
 * or the session calls `removeLiveTempFiles()`: the CLI on exit and on SIGINT/SIGTERM, the editor
 * on deactivate. A result nobody disposed (an error path, a Ctrl-C in the middle of a download)
 * then still leaves no body on the disk.
 *
 * Module state, but no side effect on import: the set starts empty and nothing here listens to
 * anything; the callers install their own exit hooks.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A response body's temporary file: the process that made it, and random hex. */
export function tempBodyFileName(pid: number, random: string): string {
  return `http-wire-body-${pid}-${random}`;
}

const TEMP_BODY_FILE = /^http-wire-body-(\d+)-[0-9a-f]+$/;

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

/**
 * Deletes the body files in `dir` left by processes that no longer run: an extension host that
 * was killed (or a CLI that got SIGKILL) never ran its cleanup, and each such file is a whole
 * response, up to the body limit, secrets and all. A file of a live process, or of another user
 * (EPERM), is left alone. Resolves with how many were deleted; never rejects.
 */
export async function removeStaleTempFiles(dir: string = os.tmpdir(), isRunning: (pid: number) => boolean = isProcessRunning): Promise<number> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(TEMP_BODY_FILE.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    try {
      await fs.promises.unlink(path.join(dir, name));
      removed++;
    } catch {
      // Gone meanwhile, or not ours to delete.
    }
  }
  return removed;
}

/** Signal 0 checks that `pid` exists without touching it; EPERM means it does, as another user's. */
function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
