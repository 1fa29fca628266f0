import * as path from 'node:path';
import type { ReadTextFile } from '../variables/dotenv';
import { foldersUpTo } from './find-environments';
import { parseJsonText } from './json-text';

/** Our setting, in REST Client's shape, and REST Client's own, read when ours is absent. */
export const ENVIRONMENTS_SETTING = 'httpWire.environmentVariables';
export const REST_CLIENT_ENVIRONMENTS_SETTING = 'rest-client.environmentVariables';

/**
 * The environments setting of the workspace a `.http` file is in, as the CLI finds it: the nearest
 * `.vscode/settings.json` from `fromDir` up to `rootDir`, its `httpWire.environmentVariables`, else
 * its `rest-client.environmentVariables`. Undefined when there is none. Rejects with
 * HW_ENVIRONMENT when the settings file is not JSON (comments and trailing commas allowed).
 */
export async function findWorkspaceEnvironmentSetting(fromDir: string, rootDir: string | undefined, readTextFile: ReadTextFile): Promise<{ value: unknown; label: string } | undefined> {
  for (const folder of foldersUpTo(fromDir, rootDir)) {
    const file = path.join(folder, '.vscode', 'settings.json');
    const text = await readTextFile(file);
    if (text === undefined) continue;
    const settings = parseJsonText(text, file) as Record<string, unknown> | null;
    for (const key of [ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING]) {
      const value = typeof settings === 'object' && settings !== null ? settings[key] : undefined;
      if (value !== undefined) return { value, label: `${key} in ${file}` };
    }
    // The nearest settings file is the workspace's, even without environments.
    return undefined;
  }
  return undefined;
}
