import { ErrorCodes } from '../errors';
import type { DotenvSource } from './inputs';
import { VariableProblem } from './variable-problem';

/**
 * Restricted Mode (an untrusted workspace in the editor, `--untrusted` in the CLI): a collection
 * someone else wrote must not read your machine's secrets into a request it sends where it likes.
 * So `$processEnv` and `$dotenv` are refused, saying why; every other variable works.
 */
export const RESTRICTED_REASON = 'is refused in Restricted Mode: the workspace is not trusted, and a request from it may not read';

function refusal(what: string): VariableProblem {
  return new VariableProblem(`${RESTRICTED_REASON} ${what}; trust the workspace to allow it (in the CLI, run without --untrusted)`, ErrorCodes.restricted);
}

/**
 * A process environment whose every read is refused. A Proxy, so `$processEnv` fails with the
 * reason instead of "has no value" (the resolver reads it as a plain record).
 */
export const restrictedProcessEnv: Readonly<Record<string, string | undefined>> = new Proxy(Object.freeze({}) as Record<string, string | undefined>, {
  get(_target, name) {
    if (typeof name !== 'string') return undefined;
    throw refusal('the process environment ($processEnv)');
  },
});

/** `.env` values, refused. */
export const restrictedDotenv: DotenvSource = {
  value: () => Promise.reject(refusal('.env files ($dotenv)')),
};
