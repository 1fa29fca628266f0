import { asWireError, ErrorCodes, HttpWireError } from '../errors';
import type { HttpFile, HttpRequest } from '../http-file/model';
import type { EnvironmentNames } from '../http-file/reference-index';
import { requestLabelOf } from '../send/send-context';
import { referencedNames, requestNamed } from './dependencies';
import type { ExchangeRecord } from './exchange-record';
import type { ExchangeStore } from './exchange-store';
import { planSends, type SendStep } from './send-plan';

/** A step as the sender gets it: `keepExchange` when some request references this one's exchange. */
export interface ChainStep extends SendStep {
  readonly keepExchange: boolean;
}

/** How one send ended; `exchange` is given when the step asked to keep it and an answer came. */
export type StepResult =
  | { readonly outcome: 'answered'; readonly exchange?: ExchangeRecord }
  | { readonly outcome: 'failed'; readonly error: HttpWireError }
  | { readonly outcome: 'cancelled' };

/**
 * Sends one request the way its caller shows results (the CLI prints, the editor fills the panel
 * and the history), always through `prepareSend` and the session's client, so a dependency goes
 * out exactly as if it were sent by hand. It reports its own result.
 */
export interface StepSender {
  send(step: ChainStep): Promise<StepResult>;
  /** `target` was not sent (a cycle, a missing request, a dependency that failed): report `error` as its failure. */
  notSent(target: HttpRequest, error: HttpWireError): Promise<void>;
}

export type ChainOutcome = 'answered' | 'failed' | 'cancelled';

/** What the chains of one run share (see sendChain). */
export interface ChainRun {
  /**
   * Shared by the chains of one run (`send --all`, Send All Requests): the requests that failed
   * in it. A later chain that depends on one is not sent, instead of trying it again for every
   * request that uses it (ten requests behind a login that times out would each wait out the
   * timeout once more). A new run, a new click, tries again.
   */
  readonly runFailures?: Map<HttpRequest, HttpWireError> | undefined;
  readonly environment?: EnvironmentNames | undefined;
}

/**
 * Sends `target` of `file` with what it depends on first (see `planSends`): the plan is made
 * before anything is sent, then each step goes through `sender` in order. Exchanges of requests
 * the file references are recorded in `store` under the request's name, which is where the next
 * steps' `{{name.response...}}` read them (the store is their RequestReferenceSource).
 *
 * A plan that cannot be made, or a dependency that fails or gets no answer, ends the chain: the
 * target is reported not sent (HW_REQUEST_CYCLE, HW_UNRESOLVED_VARIABLE, HW_DEPENDENCY_FAILED).
 * A cancelled step ends it as cancelled.
 *
 * `run.environment`: the names the send's environment defines, which a bare `{{name}}` reads
 * rather than the request of that name (see dependenciesOf).
 */
export async function sendChain(file: HttpFile, target: HttpRequest, store: ExchangeStore, sender: StepSender, run: ChainRun = {}): Promise<ChainOutcome> {
  const { runFailures, environment } = run;
  const kept = referencedNames(file);
  let steps: readonly SendStep[];
  try {
    // Most files use no request's answer (no name is referenced): each request is its own plan,
    // with no walk per send (2,000 sends of such a file, issue 10 item 6).
    steps = kept.size === 0 ? [{ request: target, isTarget: true }] : planSends(file, target, (name) => store.has(name), environment);
  } catch (err) {
    await sender.notSent(target, asWireError(err));
    return 'failed';
  }
  // A plan of the target alone (most sends) has no dependency that could have failed before.
  const failedBefore = runFailures === undefined || steps.length === 1 ? undefined : steps.find((s) => !s.isTarget && runFailures.has(s.request));
  if (failedBefore !== undefined) {
    await sender.notSent(target, dependencyFailed(target, failedBefore.request, runFailures!.get(failedBefore.request)!));
    return 'failed';
  }
  // Indexed: a for-of makes an iterator and a result object per step while V8 has not optimized
  // this yet (the first thousand sends of a CLI run).
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const name = step.request.name;
    const result = await sender.send({ request: step.request, isTarget: step.isTarget, keepExchange: isExchangeKept(file, step.request) });
    if (result.outcome === 'cancelled') return 'cancelled';
    if (result.outcome === 'failed') {
      runFailures?.set(step.request, result.error);
      if (step.isTarget) return 'failed';
      await sender.notSent(target, dependencyFailed(target, step.request, result.error));
      return 'failed';
    }
    // Two requests of one name: references read the first (the parser warns), however the run goes.
    if (name !== undefined && result.exchange !== undefined && requestNamed(file, name) === step.request) store.record(name, result.exchange);
  }
  return 'answered';
}

/** Whether some request of `file` references `request`'s answer: its sends keep the exchange. */
export function isExchangeKept(file: HttpFile, request: HttpRequest): boolean {
  return request.name !== undefined && referencedNames(file).has(request.name);
}

function dependencyFailed(target: HttpRequest, dependency: HttpRequest, cause: HttpWireError): HttpWireError {
  return new HttpWireError(
    ErrorCodes.dependencyFailed,
    `Request "${requestLabelOf(target)}" was not sent: request "${requestLabelOf(dependency)}", whose answer it uses, failed (${cause.code}: ${cause.message})`,
    { request: requestLabelOf(dependency), dependencyCode: cause.code },
    cause,
  );
}
