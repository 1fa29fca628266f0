import { ErrorCodes, HttpWireError } from '../errors';
import { DiagnosticCodes, type DiagnosticCode } from '../http-file/diagnostic-codes';
import type { Diagnostic, HttpFile, HttpRequest, Metadata } from '../http-file/model';
import { HOST_VARIABLE } from '../http-file/resolve-url';
import type { SendOptions } from '../wire/client-options';
import type { WireRequest } from '../wire/wire-request';
import { prepareRequest, type PrepareOptions } from './prepare-request';
import { sendOptionsFor } from './send-options-for';

/**
 * What a run (a CLI invocation, an editor session) brings to each of its requests. Built once and
 * passed unchanged for every request: `prepareSend` allocates nothing from it per request.
 */
export interface SendContext extends PrepareOptions {
  /**
   * The run's send options (command line, settings), under each request's `# @` metadata. A
   * request whose metadata changes no option gets this very object back (see `sendOptionsFor`).
   */
  readonly baseOptions: Partial<SendOptions>;
}

/** A request ready to go: hand `wire` and `options` to `HttpClient.send` once `delayMs` has passed. */
export interface PreparedSend {
  readonly wire: WireRequest;
  readonly options: Partial<SendOptions>;
  /**
   * `# @sleep MS`: how long to wait before sending, 0 for no wait. The caller waits, so an editor
   * can cancel the wait and tests need not sleep.
   */
  readonly delayMs: number;
}

/**
 * The one way from a parsed request to the wire, for the CLI and the editor alike.
 *
 * Inputs: the parsed `file`, one of its `request`s, and the run's `context` (variables, folders for
 * `< path` includes, default User-Agent and Accept-Encoding, base send options).
 * Output: the exact `WireRequest` (see `prepareRequest`), its send options (`sendOptionsFor`) and
 * the `# @sleep` delay.
 * Rejects with HW_PARSE when the file has an error diagnostic within the request's lines (the
 * request is not prepared), else as `prepareRequest` does: HW_UNRESOLVED_VARIABLE,
 * HW_INVALID_REQUEST or HW_FILE. Nothing is sent in any case.
 */
export async function prepareSend(file: HttpFile, request: HttpRequest, context: SendContext): Promise<PreparedSend> {
  let error = firstErrorIn(file, request);
  // The parser sees file variables only: `host` may come from the environment (httpYac).
  if (error?.code === DiagnosticCodes.missingHost && context.variables.defines?.(HOST_VARIABLE, request) === true) error = firstErrorIn(file, request, DiagnosticCodes.missingHost);
  if (error !== undefined) throw new HttpWireError(ErrorCodes.parse, `line ${error.line + 1}: ${error.message}`, { line: error.line });
  const wire = await prepareRequest(file, request, context);
  return { wire, options: sendOptionsFor(request.metadata, context.baseOptions), delayMs: delayMsFor(request.metadata) };
}

/**
 * The error diagnostics of each file, found once per parse: a file without errors, the common
 * case, then costs one lookup per request rather than a pass over all its warnings.
 */
const errorsOf = new WeakMap<HttpFile, readonly Diagnostic[]>();

/** The first error diagnostic within the request's own lines (other than `except`), if any: such a request is not sent. */
function firstErrorIn(file: HttpFile, request: HttpRequest, except?: DiagnosticCode): Diagnostic | undefined {
  let errors = errorsOf.get(file);
  if (errors === undefined) errorsOf.set(file, (errors = file.diagnostics.filter((d) => d.severity === 'error')));
  if (errors.length === 0) return undefined;
  const { startLine, endLine } = request.range;
  return errors.find((d) => d.line >= startLine && d.line <= endLine && d.code !== except);
}

/** `# @sleep MS`: the first one counts; a value that is not a whole number above 0 means no wait. */
function delayMsFor(metadata: readonly Metadata[]): number {
  if (metadata.length === 0) return 0;
  const ms = Number(metadata.find((m) => m.key === 'sleep')?.value);
  return Number.isInteger(ms) && ms > 0 ? ms : 0;
}
