import type { HttpFile, HttpRequest } from '../http-file/model';
import { isSameName } from '../ascii';
import { referencesOf, type EnvironmentNames, type VariableReference } from '../http-file/reference-index';
import { HOST_VARIABLE } from '../http-file/resolve-url';

/** One request another one needs sent first: by a `{{name...}}` reference or a `# @ref` line. */
export interface Dependency {
  /** The request's name as written. */
  readonly name: string;
  /** What asks for it, for messages: `{{login.response.body.$.token}}` or `# @ref login`. */
  readonly expression: string;
  /** 0-based line of that reference. */
  readonly line: number;
  /** `# @forceRef`: sent again on every send of the request that names it. */
  readonly isForced: boolean;
}

/**
 * The requests `request` needs, in the order its references stand: the request references in its
 * request line, headers and body, those in the file variables it uses (`@token =
 * {{login.response.body.$.token}}` and `Bearer {{token}}`, followed through variables of
 * variables), and its `# @ref` / `# @forceRef` lines (httpYac). Read from the parser's reference
 * index, never by scanning text again. A name may come more than once. A bare `{{name}}` that the
 * send's `environment` defines is the environment's, not the request's (see ReferenceKinds.kindOf).
 */
export function dependenciesOf(file: HttpFile, request: HttpRequest, environment?: EnvironmentNames): Dependency[] {
  const out = refLines(request);
  for (const r of reachableReferences(file, request)) {
    if (r.kind === 'request' && (r.path !== undefined || environment?.has(r.head) !== true)) out.push({ name: r.head, expression: `{{${r.expression}}}`, line: r.line, isForced: false });
  }
  return out;
}

/** The request's `# @ref` and `# @forceRef` lines, a dependency per name. */
function refLines(request: HttpRequest): Dependency[] {
  const out: Dependency[] = [];
  for (const m of request.metadata) {
    if (m.key !== 'ref' && m.key !== 'forceRef') continue;
    // httpYac takes one name a line; names separated by spaces or commas are read too.
    for (const name of m.value.split(/[\s,]+/)) if (name !== '') out.push({ name, expression: `# @${m.key} ${name}`, line: m.line, isForced: m.key === 'forceRef' });
  }
  return out;
}

/**
 * Every `{{...}}` a send of `request` expands, in the order they stand: those written in the
 * request, then, at each file variable it uses, that variable's own (each definition once), and
 * those of the `@host` file variable when the request takes its base from it (httpYac: a written
 * `/path` without a Host header, as prepareRequest and the parser read it). Prompts, request and
 * system references are among them; environment values are not read here.
 */
export function reachableReferences(file: HttpFile, request: HttpRequest): VariableReference[] {
  const index = indexOf(file);
  const own = index.byRequest.get(request.index);
  // Most requests of a large file hold no reference and take no `@host`: nothing to walk.
  if (own === undefined && (index.lastDefinition.size === 0 || !takesHostVariable(request))) return [];
  const out: VariableReference[] = [];
  const seenVariables = new Set<number>();
  // Depth first with a stack of its own, not by recursion: a file may chain thousands of
  // variables (`@v0 = {{v1}}`, `@v1 = {{v2}}`...), deeper than the call stack goes.
  const stack: Array<{ readonly references: readonly VariableReference[]; at: number }> = [];
  const enter = (name: string): void => {
    const definition = index.lastDefinition.get(name);
    if (definition === undefined || seenVariables.has(definition)) return;
    seenVariables.add(definition);
    stack.push({ references: index.byVariable.get(definition) ?? [], at: 0 });
  };
  const walk = (): void => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.at === top.references.length) {
        stack.pop();
        continue;
      }
      const r = top.references[top.at++]!;
      out.push(r);
      if (r.kind === 'file') enter(r.body);
    }
  };
  stack.push({ references: own ?? [], at: 0 });
  walk();
  if (takesHostVariable(request)) {
    enter(HOST_VARIABLE);
    walk();
  }
  return out;
}

/** A written origin-form target (`GET /users`) without a Host header: its base is `{{host}}` when one is defined. */
function takesHostVariable(request: HttpRequest): boolean {
  return request.requestLine.target.startsWith('/') && !hasHostHeader(request);
}

function hasHostHeader(request: HttpRequest): boolean {
  return request.headers.some((h) => isSameName(h.name, 'host'));
}

/**
 * The names of requests some request of `file` depends on: only their exchanges are kept for
 * references (see ExchangeStore).
 */
export function referencedNames(file: HttpFile): ReadonlySet<string> {
  let names = namesOf.get(file);
  if (names === undefined) {
    const found = new Set<string>();
    // Most files use no request's answer: then only `# @ref` lines can name one, and a request
    // without metadata is skipped (the walk of every request was 5-8 ms of a 2,000-request CLI run).
    const hasRequestReferences = referencesOf(file).some((r) => r.kind === 'request');
    for (const request of file.requests) {
      if (!hasRequestReferences && request.metadata.length === 0) continue;
      for (const d of dependenciesOf(file, request)) found.add(d.name);
    }
    namesOf.set(file, (names = found));
  }
  return names;
}

/** The first request named `name`, as the parser's duplicate-name warning says chaining uses. */
export function requestNamed(file: HttpFile, name: string): HttpRequest | undefined {
  return file.requests.find((r) => r.name === name);
}

interface ReferencesByHolder {
  readonly byRequest: ReadonlyMap<number, VariableReference[]>;
  readonly byVariable: ReadonlyMap<number, VariableReference[]>;
  /** A file variable's name → its last definition's index (a later `@name` wins, as in resolution). */
  readonly lastDefinition: ReadonlyMap<string, number>;
}

const namesOf = new WeakMap<HttpFile, ReadonlySet<string>>();
const holdersOf = new WeakMap<HttpFile, ReferencesByHolder>();

/** The reference index grouped by what holds each reference, made once per parse. */
function indexOf(file: HttpFile): ReferencesByHolder {
  let index = holdersOf.get(file);
  if (index !== undefined) return index;
  const byRequest = new Map<number, VariableReference[]>();
  const byVariable = new Map<number, VariableReference[]>();
  const push = <K>(map: Map<K, VariableReference[]>, key: K, r: VariableReference): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [r]);
    else list.push(r);
  };
  for (const r of referencesOf(file)) {
    if (r.request !== undefined) push(byRequest, r.request, r);
    else if (r.variable !== undefined) push(byVariable, r.variable, r);
  }
  const lastDefinition = new Map<string, number>();
  file.variables.forEach((v, k) => lastDefinition.set(v.name, k));
  holdersOf.set(file, (index = { byRequest, byVariable, lastDefinition }));
  return index;
}
