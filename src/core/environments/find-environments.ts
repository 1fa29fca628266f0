import * as path from 'node:path';
import { ErrorCodes, HttpWireError } from '../errors';
import type { ReadTextFile } from '../variables/dotenv';
import { environmentLayerOf } from './environment-layer';
import { environmentsSettingIn } from './environments-setting';
import { EnvironmentSet, type EnvironmentLayer } from './environment-set';
import { parseJsonText } from './json-text';

/** JetBrains' environment files (httpYac reads them too); the private one holds secrets and is git-ignored by users. */
export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';

/** Where the environments of one `.http` file come from. */
export interface EnvironmentSources {
  /** The `.http` file's folder: env files are searched from here... (undefined: none are, as for an untitled document outside any workspace) */
  readonly fromDir?: string;
  /** ...up to this folder (the workspace root). Without it, or when `fromDir` is not inside it, only `fromDir` is searched. */
  readonly rootDir?: string;
  /**
   * The REST Client-shaped setting (`httpWire.environmentVariables`, else
   * `rest-client.environmentVariables`), with `label` naming it in messages.
   */
  readonly settings?: { readonly value: unknown; readonly label: string };
  /** The CLI's `--env-file`: this file instead of every `http-client.env.json` found (as JetBrains' ijhttp). */
  readonly envFile?: string;
  /** The CLI's `--private-env-file`: this file instead of every `http-client.private.env.json` found; its values are secrets. */
  readonly privateEnvFile?: string;
}

/**
 * The folders from `fromDir` up to `rootDir`, nearest first; `[fromDir]` when `fromDir` is not
 * inside `rootDir` (a file opened from elsewhere reads nothing above its own folder).
 */
export function foldersUpTo(fromDir: string, rootDir: string | undefined): string[] {
  const from = path.resolve(fromDir);
  if (rootDir === undefined) return [from];
  const root = path.resolve(rootDir);
  const relative = path.relative(root, from);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return [from];
  const folders = [from];
  for (let dir = from; dir !== root; ) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    folders.push((dir = parent));
  }
  return folders;
}

/**
 * The environments of a `.http` file. Layers, lowest precedence first: the setting; then the env
 * files, the farthest folder first (a collection's own files beat the repository's), the private
 * file above the public one of its folder. Rejects with HW_ENVIRONMENT naming the file and the
 * line and column when a file is not valid JSON or not an object of environments; a file given by
 * `envFile`/`privateEnvFile` that does not exist is an error too (a missing found one is not).
 */
export async function loadEnvironments(sources: EnvironmentSources, readTextFile: ReadTextFile): Promise<EnvironmentSet> {
  const layers: EnvironmentLayer[] = [];
  if (sources.settings !== undefined && sources.settings.value !== undefined) {
    layers.push(environmentLayerOf(sources.settings.value, sources.settings.label, { isSecret: false, substitutesShared: true }));
  }
  const files = environmentFilesOf(sources);
  // Read in parallel, layered in order.
  const texts = await Promise.all(files.map(({ file }) => readEnvText(file, readTextFile)));
  for (const [i, { file, isSecret, isGiven }] of files.entries()) {
    const text = texts[i];
    if (text === undefined) {
      if (isGiven) throw new HttpWireError(ErrorCodes.environment, `The environment file ${file} does not exist.`, { path: file });
      continue;
    }
    const json = parseJsonText(text, file);
    // A settings file given as the environments (--environment-file .vscode/settings.json, REST
    // Client's own place for them): its setting is read, `{{$shared name}}` substituted as there.
    const setting = environmentsSettingIn(json);
    layers.push(setting === undefined ? environmentLayerOf(json, file, { isSecret }) : environmentLayerOf(setting.value, `${setting.key} in ${file}`, { isSecret, substitutesShared: true }));
  }
  return new EnvironmentSet(layers);
}

/** An env file `loadEnvironments` reads when it exists; `isGiven`: named by the CLI, so it must exist. */
export interface EnvironmentFile {
  readonly file: string;
  readonly isSecret: boolean;
  readonly isGiven: boolean;
}

/** The env files of `sources`, lowest precedence first: the farthest folder's, each folder's public before its private one. */
export function environmentFilesOf(sources: EnvironmentSources): EnvironmentFile[] {
  const folders = sources.fromDir === undefined ? [] : foldersUpTo(sources.fromDir, sources.rootDir).reverse();
  const files: EnvironmentFile[] = [];
  for (const folder of folders) {
    if (sources.envFile === undefined) files.push({ file: path.join(folder, PUBLIC_ENV_FILE), isSecret: false, isGiven: false });
    if (sources.privateEnvFile === undefined) files.push({ file: path.join(folder, PRIVATE_ENV_FILE), isSecret: true, isGiven: false });
  }
  if (sources.envFile !== undefined) files.push({ file: path.resolve(sources.envFile), isSecret: false, isGiven: true });
  if (sources.privateEnvFile !== undefined) files.push({ file: path.resolve(sources.privateEnvFile), isSecret: true, isGiven: true });
  return files;
}

async function readEnvText(file: string, readTextFile: ReadTextFile): Promise<string | undefined> {
  try {
    return await readTextFile(file);
  } catch (err) {
    throw new HttpWireError(ErrorCodes.environment, `The environment file ${file} could not be read (${(err as Error).message}).`, { path: file }, err);
  }
}
