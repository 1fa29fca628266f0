import * as path from 'node:path';
import { ErrorCodes, HttpWireError } from '../core/errors';
import { loadEnvironments } from '../core/environments/find-environments';
import { findWorkspaceEnvironmentSetting } from '../core/environments/workspace-settings';
import type { HttpFile } from '../core/http-file/model';
import { MIN_SEARCHED_SECRET_LENGTH, type SecretMasker } from '../core/secret-masker';
import { readTextFile } from '../core/send/send-context';
import type { PromptAnswers, VariableInputs } from '../core/variables/inputs';
import { VariableProblem } from '../core/variables/variable-problem';
import { UsageError } from './args';

/**
 * The flags of `http-wire send` that choose what `{{...}}` resolve with. `--environment-file` is
 * `--env-file` (ijhttp's name) under a name Node leaves alone: Node 20 and later read a
 * `--env-file` anywhere on the command line as their own (nodejs/node#54232), loading the file
 * into process.env, or stopping with exit 9 before the CLI runs when there is no such file.
 */
export const ENVIRONMENT_VALUED_FLAGS = ['env', 'var', 'private-var', 'env-file', 'environment-file', 'private-env-file'];
export const ENVIRONMENT_REPEATABLE_FLAGS = ['var', 'private-var'];
export const ENVIRONMENT_BOOLEAN_FLAGS = ['untrusted'];

/** `--var name=value` (or `--private-var`, named by `flag`), each one, into `vars`. */
function parseVars(given: readonly string[], flag: string, vars = new Map<string, string>()): Map<string, string> {
  for (const entry of given) {
    const eq = entry.indexOf('=');
    // A --private-var entry is a secret, name forgotten or not: never quoted.
    if (eq <= 0) throw new UsageError(flag === 'private-var' ? '--private-var takes name=value (the value is not shown)' : `--${flag} takes name=value, got "${entry}"`);
    vars.set(entry.slice(0, eq).trim(), entry.slice(eq + 1));
  }
  return vars;
}

/** The folder the run trusts as its workspace: the current folder when the file is inside it, else the file's own. */
export function workspaceRootFor(filePath: string, cwd: string): string | undefined {
  const relative = path.relative(cwd, path.resolve(filePath));
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : cwd;
}

/**
 * What `{{...}}` resolve with in `http-wire send`, from the same places as in the editor:
 * `http-client.env.json` and `http-client.private.env.json` from the file's folder up to the
 * current folder (when the file is inside it), and `httpWire.environmentVariables` (else
 * `rest-client.environmentVariables`) of the nearest `.vscode/settings.json`.
 *
 * - `--env NAME` picks the environment (without it, only the `$shared` sections apply);
 * - `--environment-file F` (or `--env-file F`) / `--private-env-file F` read F instead of the env
 *   files found (as JetBrains' ijhttp does), F's private values being secrets;
 * - `--var name=value` (repeatable) sets a variable over the environment's and answers the
 *   `# @prompt` of that name; `--private-var name=value` the same, its value a secret (ijhttp's
 *   private variables).
 *
 * Secret values (the private file's, those whose names say pass/secret/token/api key, a `--var`
 * for a key a private file defines, and every `--private-var`) are registered with `masker`. Rejects with HW_ENVIRONMENT for a malformed or missing file or an
 * unknown environment (naming the ones there are); throws UsageError for a malformed `--var`.
 */
export async function variablesFromFlags(flags: Map<string, string | true>, lists: Map<string, string[]>, filePath: string, cwd: string, masker: SecretMasker): Promise<Partial<VariableInputs>> {
  const fromDir = path.dirname(path.resolve(filePath));
  const rootDir = workspaceRootFor(filePath, cwd);
  const vars = parseVars(lists.get('var') ?? [], 'var');
  const privateVars = parseVars(lists.get('private-var') ?? [], 'private-var');
  if (flags.has('env-file') && flags.has('environment-file')) throw new UsageError('--env-file and --environment-file are one flag: give one');
  const envFile = flags.get('environment-file') ?? flags.get('env-file');
  const privateEnvFile = flags.get('private-env-file');
  const settings = await findWorkspaceEnvironmentSetting(fromDir, rootDir, readTextFile);
  const set = await loadEnvironments(
    {
      fromDir,
      ...(rootDir !== undefined ? { rootDir } : {}),
      ...(settings !== undefined ? { settings } : {}),
      ...(typeof envFile === 'string' ? { envFile } : {}),
      ...(typeof privateEnvFile === 'string' ? { privateEnvFile } : {}),
    },
    readTextFile,
  );
  const name = flags.get('env');
  if (typeof name === 'string' && set.layers.length === 0) {
    // The editor finds them up to the workspace folder; the CLI up to the folder it runs in.
    const searched = rootDir === undefined || rootDir === fromDir ? fromDir : `${fromDir} up to ${rootDir}`;
    throw new HttpWireError(ErrorCodes.environment, `There is no environment "${name}": no http-client.env.json, http-client.private.env.json or .vscode/settings.json in ${searched}. Run from the folder that holds them (they are looked for from the .http file's folder up to the current folder), or name the file with --environment-file.`, { environment: name });
  }
  const chosen = set.choose(typeof name === 'string' ? name : undefined);
  for (const secret of chosen.secrets) masker.addSecret(secret);
  const environment = new Map(chosen.variables);
  for (const [key, value] of vars) {
    environment.set(key, value);
    if (set.isSecretKey(key)) masker.addSecret(value);
  }
  for (const [key, value] of privateVars) {
    // The masker searches no shorter value (it would mask half the output): refused rather than printed.
    if (value.length < MIN_SEARCHED_SECRET_LENGTH) throw new UsageError(`--private-var ${key}: a value under ${MIN_SEARCHED_SECRET_LENGTH} characters cannot be masked in the output; use --var if it may show`);
    environment.set(key, value);
    vars.set(key, value);
    masker.addSecret(value);
  }
  const prompts: PromptAnswers = {
    answer: (prompt) => {
      const value = vars.get(prompt.name);
      if (value !== undefined) return Promise.resolve(value);
      return Promise.reject(new VariableProblem(`is a prompt of ${prompt.requestLabel}${prompt.description !== undefined ? ` (${prompt.description})` : ''}: give its value with --var ${prompt.name}=value`));
    },
  };
  return { environment, ...(chosen.name !== undefined ? { environmentName: chosen.name } : {}), ...(chosen.skipped.size > 0 ? { environmentSkipped: chosen.skipped } : {}), prompts };
}

/**
 * File variables win over `--var`, as over environments (REST Client's order): a CI job that
 * points `--var host` at staging while the file says `@host = localhost` must hear of it. Says so
 * once per shadowed name through `log`.
 */
export function warnShadowedVars(file: HttpFile, vars: readonly string[], filePath: string, log: (line: string) => void): void {
  for (const name of new Set(vars.map((entry) => entry.slice(0, entry.indexOf('=')).trim()))) {
    const defined = [...file.variables].reverse().find((v) => v.name === name);
    if (defined !== undefined) log(`http-wire: --var ${name} is not used: ${filePath} defines @${name} (line ${defined.line + 1}), and a file variable wins`);
  }
}
