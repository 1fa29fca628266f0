import { ErrorCodes, type ErrorCode, type HttpWireError } from '../errors';

/**
 * Why one `{{...}}` has no value, as the end of a sentence ("has no value: ...", "is not a valid
 * $randomInt: ..."). The resolver knows where the reference stands and makes it an HttpWireError
 * that says so; `code` is that error's code.
 */
export class VariableProblem extends Error {
  constructor(
    readonly reason: string,
    readonly code: ErrorCode = ErrorCodes.unresolvedVariable,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(reason);
  }
}

/**
 * The request whose answer a failed `{{name.response...}}` reads (the resolver's `detail.request`),
 * or undefined for any other error: its advice is about that answer, not about defining a variable.
 */
export function referencedRequestOf(err: HttpWireError): string | undefined {
  const request = err.detail.request;
  return err.code === ErrorCodes.unresolvedVariable && typeof request === 'string' ? request : undefined;
}
