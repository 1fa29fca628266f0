import { ErrorCodes, HttpWireError } from '../errors';
import { DiagnosticCodes } from '../http-file/diagnostic-codes';
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
  const errors = errorsIn(file, request, context);
  if (errors.length > 0) throw new HttpWireError(ErrorCodes.parse, parseErrorMessage(errors), { line: errors[0]!.line });
  const wire = await prepareRequest(file, request, context);
  return { wire, options: sendOptionsFor(request.metadata, context.baseOptions), delayMs: delayMsFor(request.metadata) };
}

/**
 * The error diagnostics of each file, found once per parse: a file without errors, the common
 * case, then costs one lookup per request rather than a pass over all its warnings.
 */
const errorsOf = new WeakMap<HttpFile, readonly Diagnostic[]>();

/**
 * The error diagnostics within the request's own lines, in file order: such a request is not
 * sent. The parser sees file variables only, so a missing host is no error when the run's
 * variables define `host` (an environment's, as httpYac reads it).
 */
function errorsIn(file: HttpFile, request: HttpRequest, context: SendContext): readonly Diagnostic[] {
  let errors = errorsOf.get(file);
  if (errors === undefined) errorsOf.set(file, (errors = file.diagnostics.filter((d) => d.severity === 'error')));
  if (errors.length === 0) return errors;
  const { startLine, endLine } = request.range;
  const own = errors.filter((d) => d.line >= startLine && d.line <= endLine);
  const isMissingHost = (d: Diagnostic): boolean => d.code === DiagnosticCodes.missingHost;
  if (own.some(isMissingHost) && context.variables.defines?.(HOST_VARIABLE, request) === true) return own.filter((d) => !isMissingHost(d));
  return own;
}

/** A request's errors told in one message (the CLI prints one line per request): this many at most. */
const TOLD_ERRORS = 3;

/**
 * `line 3: <message>`, each of the request's errors in file order, so that a CI log shows
 * everything to fix at once rather than one error per run; past TOLD_ERRORS, how many more.
 */
function parseErrorMessage(errors: readonly Diagnostic[]): string {
  const toldOf = (d: Diagnostic): string => `line ${d.line + 1}: ${d.message}`;
  if (errors.length === 1) return toldOf(errors[0]!);
  // Sentences in a row: each ends with its stop.
  const told = errors.slice(0, TOLD_ERRORS).map((d) => (/[.!?]$/.test(d.message) ? toldOf(d) : `${toldOf(d)}.`));
  const more = errors.length - told.length;
  return more > 0 ? `${told.join(' ')} And ${more} more error${more === 1 ? '' : 's'} in this request.` : told.join(' ');
}

/** `# @sleep MS`: the first one counts; a value that is not a whole number above 0 means no wait. */
function delayMsFor(metadata: readonly Metadata[]): number {
  if (metadata.length === 0) return 0;
  const ms = Number(metadata.find((m) => m.key === 'sleep')?.value);
  return Number.isInteger(ms) && ms > 0 ? ms : 0;
}
