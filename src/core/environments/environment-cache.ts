import type { EnvironmentSet } from './environment-set';
import type { EnvironmentSources } from './find-environments';

/**
 * The environments loaded for each place they are looked for, kept until `clear` (the editor
 * clears it when an env file changes on disk). A send, a hover, a completion and the warnings
 * pass after each edit all ask for the same files; before this each read and parsed them again.
 * The setting's value is part of the key, so a changed setting never meets an old set. A load
 * that failed is not kept: a file being saved, or unreadable for a moment, may make no change the
 * watcher reports, and a malformed one is then read again, as it was before this cache.
 */
export class EnvironmentCache {
  private readonly sets = new Map<string, Promise<EnvironmentSet>>();

  get(sources: EnvironmentSources, load: () => Promise<EnvironmentSet>): Promise<EnvironmentSet> {
    const key = JSON.stringify([sources.fromDir, sources.rootDir, sources.envFile, sources.privateEnvFile, sources.settings?.label, sources.settings?.value]);
    let set = this.sets.get(key);
    if (set === undefined) {
      const loading = load();
      this.sets.set(key, (set = loading));
      loading.catch(() => {
        if (this.sets.get(key) === loading) this.sets.delete(key);
      });
    }
    return set;
  }

  clear(): void {
    this.sets.clear();
  }
}
