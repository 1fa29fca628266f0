import * as path from 'node:path';
import type { ReadTextFile } from '../variables/dotenv';
import { foldersUpTo } from './find-environments';
import { environmentsSettingIn } from './environments-setting';
import { parseJsonText } from './json-text';

export { ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING } from './environments-setting';

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
    const setting = environmentsSettingIn(parseJsonText(text, file));
    // The nearest settings file is the workspace's, even without environments.
    return setting === undefined ? undefined : { value: setting.value, label: `${setting.key} in ${file}` };
  }
  return undefined;
}
