import { ErrorCodes, HttpWireError } from '../errors';
import type { HttpFile, HttpRequest } from '../http-file/model';
import { requestLabelOf } from '../send/send-context';
import type { EnvironmentNames } from '../http-file/reference-index';
import { dependenciesOf, requestNamed, type Dependency } from './dependencies';

/** One send of a plan: a dependency, or the request asked for (always last). */
export interface SendStep {
  readonly request: HttpRequest;
  readonly isTarget: boolean;
}

/**
 * The sends that `target` needs, in order: every request it depends on (see `dependenciesOf`)
 * that has not been sent in this session, each after its own dependencies (depth-first, in the
 * order the references stand), then `target` itself. A `# @forceRef` dependency is sent again
 * even when it has been sent. A request comes once in a plan, however many need it.
 *
 * `environment`: the names the send's environment defines (see dependenciesOf).
 * `isSent(name)`: whether the request of that name has been sent in this session. A dependency
 * already sent is not looked into: its exchange is there to read, whatever it used itself. So a
 * request may read its own last answer (`{{refresh.response.body.$.token}}` in `refresh`) once
 * it has one, and the cycle `a → a` is refused only when `a` would have to be sent to resolve it.
 *
 * Pure: nothing is sent. Throws an HttpWireError before anything is sent:
 * HW_UNRESOLVED_VARIABLE when a reference names a request the file does not have,
 * HW_REQUEST_CYCLE when requests that must be sent need each other (the chain is named, `a → b → a`).
 */
export function planSends(file: HttpFile, target: HttpRequest, isSent: (name: string) => boolean, environment?: EnvironmentNames): SendStep[] {
  const steps: SendStep[] = [];
  const planned = new Set<HttpRequest>();
  // Depth first with a stack of its own, not by recursion: a chain of thousands of requests, each
  // reading the next one's answer, must end in a plan or an error, not in a stack overflow.
  // `frames` are the requests being planned, outermost first; each one's dependency at `at - 1`
  // is the reference that led to the next frame.
  const frames: Array<{ readonly request: HttpRequest; readonly dependencies: readonly Dependency[]; at: number }> = [];
  const onPath = new Set<HttpRequest>();
  const enter = (request: HttpRequest): void => {
    frames.push({ request, dependencies: dependenciesOf(file, request, environment), at: 0 });
    onPath.add(request);
  };
  enter(target);
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    if (top.at === top.dependencies.length) {
      frames.pop();
      onPath.delete(top.request);
      planned.add(top.request);
      steps.push({ request: top.request, isTarget: top.request === target });
      continue;
    }
    const dependency = top.dependencies[top.at++]!;
    const needed = requestNamed(file, dependency.name);
    if (needed === undefined) throw missingRequest(top.request, dependency);
    if (planned.has(needed) || (!dependency.isForced && isSent(dependency.name))) continue;
    if (onPath.has(needed)) {
      const links = frames.slice(frames.findIndex((f) => f.request === needed)).map((f) => ({ request: f.request, via: f.dependencies[f.at - 1]! }));
      throw cycleError(links, needed);
    }
    enter(needed);
  }
  return steps;
}

function missingRequest(request: HttpRequest, dependency: Dependency): HttpWireError {
  return new HttpWireError(
    ErrorCodes.unresolvedVariable,
    `${dependency.expression} in request "${requestLabelOf(request)}" (line ${dependency.line + 1}) names request "${dependency.name}", which is not in the file (name one with # @name ${dependency.name}); nothing was sent.`,
    { line: dependency.line, request: dependency.name },
  );
}

/** `links` run from the request that first needs `back` to the one whose reference closes the cycle. */
function cycleError(links: readonly { request: HttpRequest; via?: Dependency }[], back: HttpRequest): HttpWireError {
  const chain = [...links.map((l) => requestLabelOf(l.request)), requestLabelOf(back)];
  const closing = links[links.length - 1]!;
  return new HttpWireError(
    ErrorCodes.requestCycle,
    `Requests ${chain.join(' → ')} need each other's answers in a cycle (${closing.via!.expression} in "${requestLabelOf(closing.request)}", line ${closing.via!.line + 1}), so none can be sent first; nothing was sent.`,
    { cycle: chain, line: closing.via!.line },
  );
}
