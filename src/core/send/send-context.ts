import { promises as fs } from 'node:fs';
import type { HttpFile, HttpRequest } from '../http-file/model';
import { dotenvInFolder, type ReadTextFile } from '../variables/dotenv';
import { restrictedDotenv, restrictedProcessEnv } from '../variables/restricted-inputs';
import { noRequestReferences, systemClock, systemRandom, type VariableInputs } from '../variables/inputs';
import { VariableResolver } from '../variables/variable-resolver';
import type { SendOptions } from '../wire/client-options';
import { DEFAULT_ACCEPT_ENCODING, DEFAULT_USER_AGENT } from './prepare-request';
import type { SendContext } from './prepare-send';

/** Where a run's requests are sent from, and the options the run brings (command line, settings). */
export interface RunSettings {
  /** The `.http` file's folder: relative `< path` includes start here... */
  readonly baseDir: string;
  /** ...and then here. */
  readonly workspaceDir?: string;
  readonly baseOptions: Partial<SendOptions>;
  /**
   * What `{{...}}` resolve with, beyond the file's own variables; each field left out takes its
   * default: no environment, the system clock and randomness, this process's environment, the
   * `.env` file in `baseDir`, no prompt answers (a prompt is then an error naming it), and no
   * values from other requests.
   */
  readonly variables?: Partial<VariableInputs>;
  /**
   * Restricted Mode (an untrusted workspace, the CLI's `--untrusted`): `$processEnv` and `$dotenv`
   * are refused whatever `variables` gives, and included files must lie inside `workspaceDir`
   * (else `baseDir`). Each refusal is HW_RESTRICTED, saying why.
   */
  readonly isRestricted?: boolean;
}

/** A file's text, or undefined when it does not exist (any other failure is thrown). */
export const readTextFile: ReadTextFile = (filePath) =>
  fs.readFile(filePath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    throw err;
  });

function variableInputs(run: RunSettings): VariableInputs {
  const given = run.variables ?? {};
  return {
    environment: given.environment ?? new Map(),
    ...(given.environmentName !== undefined ? { environmentName: given.environmentName } : {}),
    ...(given.environmentSkipped !== undefined ? { environmentSkipped: given.environmentSkipped } : {}),
    clock: given.clock ?? systemClock,
    random: given.random ?? systemRandom,
    processEnv: run.isRestricted === true ? restrictedProcessEnv : (given.processEnv ?? process.env),
    dotenv: run.isRestricted === true ? restrictedDotenv : (given.dotenv ?? dotenvInFolder(run.baseDir, readTextFile, given.environmentName)),
    ...(given.prompts !== undefined ? { prompts: given.prompts } : {}),
    requests: given.requests ?? noRequestReferences,
    ...(given.secrets !== undefined ? { secrets: given.secrets } : {}),
  };
}

/**
 * The SendContext of one parsed file, the same for the CLI and the editor: `{{...}}` resolved by
 * a `VariableResolver` over the file's variables and the run's `variables` inputs, the default
 * User-Agent and Accept-Encoding, and the run's folders and options.
 */
export function sendContextOf(file: HttpFile, run: RunSettings): SendContext {
  return {
    variables: new VariableResolver(file, variableInputs(run)),
    baseDir: run.baseDir,
    ...(run.workspaceDir !== undefined ? { workspaceDir: run.workspaceDir } : {}),
    ...(run.isRestricted === true ? { includeRoot: run.workspaceDir ?? run.baseDir } : {}),
    userAgent: DEFAULT_USER_AGENT,
    acceptEncoding: DEFAULT_ACCEPT_ENCODING,
    baseOptions: run.baseOptions,
  };
}

/** How a request is named in output, panels and messages: its `@name` or title, else its request line. */
export function requestLabelOf(request: HttpRequest): string {
  return request.name ?? `${request.requestLine.method} ${request.requestLine.target}`;
}
