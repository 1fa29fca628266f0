import { stat } from 'node:fs/promises';
import type { EnvironmentSet } from './environment-set';
import { environmentFilesOf, type EnvironmentSources } from './find-environments';

/** What identifies one version of a file on disk: its modification time and size; undefined when it does not exist. */
export type FileStamp = (file: string) => Promise<string | undefined>;

/**
 * The environments loaded for each place they are looked for. A send, a hover, a completion and
 * the warnings pass after each edit all ask for the same files; before this each read and parsed
 * them again. A set is used again only while every env file it was read from, and every one that
 * could appear, is as it was (one stat per file, in parallel): the editor's file watcher can miss
 * a change (a folder in `files.watcherExclude`, a workspace past the system's watch limit), and
 * stale values would go out in requests. The setting's value is part of the key, so a changed
 * setting never meets an old set. A load that failed is not kept: a malformed file is read again.
 */
export class EnvironmentCache {
  private readonly sets = new Map<string, { readonly stamps: string; readonly set: Promise<EnvironmentSet> }>();

  constructor(private readonly stampOf: FileStamp = statStamp) {}

  async get(sources: EnvironmentSources, load: () => Promise<EnvironmentSet>): Promise<EnvironmentSet> {
    const key = JSON.stringify([sources.fromDir, sources.rootDir, sources.envFile, sources.privateEnvFile, sources.settings?.label, sources.settings?.value]);
    // Taken before loading: a file that changes while it is read leaves an older stamp, and the next ask reads it again.
    const stamps = JSON.stringify(await Promise.all(environmentFilesOf(sources).map(({ file }) => this.stampOf(file))));
    const kept = this.sets.get(key);
    if (kept !== undefined && kept.stamps === stamps) return kept.set;
    const entry = { stamps, set: load() };
    this.sets.set(key, entry);
    entry.set.catch(() => {
      if (this.sets.get(key) === entry) this.sets.delete(key);
    });
    return entry.set;
  }

  /** Forgets every set (the editor's watcher saw an env file change: no stat need find it). */
  clear(): void {
    this.sets.clear();
  }
}

async function statStamp(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.mtimeNs}:${s.size}`;
  } catch {
    return undefined;
  }
}
