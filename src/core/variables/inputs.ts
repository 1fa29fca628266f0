import { randomUUID } from 'node:crypto';
import { ErrorCodes } from '../errors';
import { VariableProblem } from './variable-problem';

/**
 * What resolution takes from outside, each injected so tests fix it and the editor and the CLI
 * choose their own: the clock, randomness, the process environment, `.env` values, prompt answers
 * and the values of other requests.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** The local time zone's offset from UTC at `epochMs`, in minutes east (UTC+2 → 120). */
  offsetMinutesAt(epochMs: number): number;
}

export interface RandomSource {
  /** A number in [0, 1), as Math.random. */
  next(): number;
  /** A random (version 4) UUID. */
  uuid(): string;
}

/** `$dotenv NAME`: the value of NAME in the `.env` file, or undefined when it has none. */
export interface DotenvSource {
  value(name: string): Promise<string | undefined>;
}

/** A `# @prompt name description` of a request, asked for when a `{{name}}` needs it. */
export interface Prompt {
  readonly name: string;
  readonly description: string | undefined;
  /** The request that declares it: its name or request line, for the question. */
  readonly requestLabel: string;
}

/** Answers prompts (the editor: an input box; the CLI: `--var`); undefined when the user cancelled. */
export interface PromptAnswers {
  answer(prompt: Prompt): Promise<string | undefined>;
}

/** A `{{login.response.body.$.token}}` or httpYac `{{login.token}}`: the request named and the path after it. */
export interface RequestReference {
  readonly requestName: string;
  /** After the request's name: `response.body.$.token`, httpYac's `token`, or '' for httpYac's `{{login}}`. */
  readonly path: string;
  /** The whole expression, for messages. */
  readonly expression: string;
}

/** The values of other requests' exchanges (request chaining). */
export interface RequestReferenceSource {
  /**
   * The value `reference` names. Rejects with a VariableProblem naming the request when it cannot
   * (the resolver adds where the reference stands), or with any HttpWireError of its own.
   */
  value(reference: RequestReference): Promise<string>;
}

/**
 * What a run resolves `{{...}}` with. `environment` is the chosen environment's variables with
 * `$shared` already merged under them (environments themselves are found elsewhere): a plain map.
 */
export interface VariableInputs {
  readonly environment: ReadonlyMap<string, string>;
  /** The environment's name, for messages; undefined when none is chosen. */
  readonly environmentName?: string;
  /** Keys of the environment whose values are not variables (see ChosenEnvironment.skipped), for messages. */
  readonly environmentSkipped?: ReadonlyMap<string, string>;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** `$processEnv NAME`. */
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly dotenv: DotenvSource;
  /** Undefined where nothing can answer: a prompt is then an error naming it. */
  readonly prompts?: PromptAnswers;
  readonly requests: RequestReferenceSource;
  /**
   * Told every value a secret-named `$processEnv` or `$dotenv` variable gives (`API_TOKEN`: see
   * isSecretName), as environments' secrets are: the run's masker, so that a CI secret passed
   * through the process environment never shows in output or logs.
   */
  readonly secrets?: { addSecret(value: string): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  offsetMinutesAt: (epochMs) => -new Date(epochMs).getTimezoneOffset(),
};

export const systemRandom: RandomSource = {
  next: () => Math.random(),
  uuid: () => randomUUID(),
};

/**
 * Where no exchanges are at hand (preparing a request without sending it, as the hover does):
 * every reference is an error that names the request, so nothing is sent with the reference's
 * braces in it. Sending goes through `sendChain` with an ExchangeStore instead (core/chaining).
 */
export const noRequestReferences: RequestReferenceSource = {
  value: (reference) =>
    Promise.reject(
      new VariableProblem(
        `needs the exchange of request "${reference.requestName}", which is not available here: it is known once that request is sent (sending this one sends it first)`,
        ErrorCodes.unresolvedVariable,
        { request: reference.requestName },
      ),
    ),
};
