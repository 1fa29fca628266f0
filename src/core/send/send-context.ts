import { VariableExpander } from '../http-file/file-variables';
import type { HttpFile, HttpRequest } from '../http-file/model';
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
}

/**
 * The SendContext of one parsed file, the same for the CLI and the editor: `{{variables}}` from
 * the file's own `@name = value` lines, the default User-Agent and Accept-Encoding, and the run's
 * folders and options. Environments and chained values will join the variables here.
 */
export function sendContextOf(file: HttpFile, run: RunSettings): SendContext {
  return {
    variables: new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value]))),
    baseDir: run.baseDir,
    ...(run.workspaceDir !== undefined ? { workspaceDir: run.workspaceDir } : {}),
    userAgent: DEFAULT_USER_AGENT,
    acceptEncoding: DEFAULT_ACCEPT_ENCODING,
    baseOptions: run.baseOptions,
  };
}

/** How a request is named in output, panels and messages: its `@name` or title, else its request line. */
export function requestLabelOf(request: HttpRequest): string {
  return request.name ?? `${request.requestLine.method} ${request.requestLine.target}`;
}
