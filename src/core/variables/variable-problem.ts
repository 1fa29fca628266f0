import { ErrorCodes, type ErrorCode } from '../errors';

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
