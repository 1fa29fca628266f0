import type { FileVariable, HttpFile, HttpRequest } from '../http-file/model';
import { referencesOf, type VariableReference } from '../http-file/reference-index';
import { readPrompt } from '../http-file/variable-syntax';
import { systemVariableProblem } from './system-variables';
import type { VariableProblem } from './variable-problem';

/**
 * The editor's questions about one `{{...}}` of a parsed file, answered from the parser's
 * reference index (no text is scanned again): which reference stands at a position, where what it
 * names is defined, and which ones no value can be found for.
 */

/** The reference whose `{{...}}` covers `column` of `line` (from `{{` to just past `}}`). */
export function referenceAt(file: HttpFile, line: number, column: number): VariableReference | undefined {
  for (const r of referencesOf(file)) {
    if (r.line > line) break;
    if (r.line === line && column >= r.column && column < r.endColumn) return r;
  }
  return undefined;
}

/** Where what a reference names is defined. Lines are the file's, 0-based. */
export type VariableDefinition =
  | { readonly kind: 'file'; readonly line: number; readonly value: string }
  | { readonly kind: 'prompt'; readonly line: number; readonly description: string | undefined }
  | { readonly kind: 'request'; readonly line: number; readonly request: HttpRequest }
  | { readonly kind: 'environment'; readonly name: string }
  | { readonly kind: 'system'; readonly name: string };

/**
 * The definition `reference` resolves to, as the resolver chooses it: a file variable's last
 * `@name` line (a later one wins); a prompt's `# @prompt` line; a request's `# @name` line, else its
 * `###` line (the first request of that name, as chaining takes); an environment variable's name
 * (the editor knows the environments); a system variable's name. Undefined for a request reference
 * that names no request of the file.
 */
export function definitionOf(file: HttpFile, reference: VariableReference): VariableDefinition | undefined {
  switch (reference.kind) {
    case 'file': {
      let definition: FileVariable | undefined;
      for (const v of file.variables) if (v.name === reference.body) definition = v;
      return definition === undefined ? undefined : { kind: 'file', line: definition.line, value: definition.value };
    }
    case 'prompt': {
      const request = reference.request === undefined ? undefined : file.requests[reference.request];
      for (const m of request?.metadata ?? []) {
        const prompt = m.key === 'prompt' ? readPrompt(m.value) : undefined;
        if (prompt?.name === reference.body) return { kind: 'prompt', line: m.line, description: prompt.description };
      }
      return undefined;
    }
    case 'request': {
      const request = file.requests.find((r) => r.name === reference.head);
      return request === undefined ? undefined : { kind: 'request', line: requestNameLine(request), request };
    }
    case 'environment':
      return { kind: 'environment', name: reference.body };
    case 'system':
      return { kind: 'system', name: reference.systemName ?? reference.body };
  }
}

/** The line that names `request`: its `# @name` line, else its first line (the `###` with its title). */
export function requestNameLine(request: HttpRequest): number {
  return request.metadata.find((m) => m.key === 'name')?.line ?? request.range.startLine;
}

/**
 * The references no value can be found for in an environment whose variables (`$shared`
 * included) are `environment`: names that are no prompt of their request, no file variable, no
 * request and no variable of the environment. (Request references, prompts and system variables
 * get their values when sent; malformedSystemReferences finds the system variables none can.)
 */
export function unresolvedReferences(file: HttpFile, environment: ReadonlyMap<string, string>): VariableReference[] {
  return referencesOf(file).filter((r) => r.kind === 'environment' && !environment.has(r.body));
}

/**
 * The request references (`{{logn.response.body.$.token}}`) whose name is no request of the file:
 * a typo that no send can resolve, as chaining only sends requests of the same file.
 */
export function unknownRequestReferences(file: HttpFile): VariableReference[] {
  const names = new Set(file.requests.map((r) => r.name).filter((n) => n !== undefined));
  return referencesOf(file).filter((r) => r.kind === 'request' && !names.has(r.head));
}

/** A system variable no send can evaluate, with the problem its send's error would give. */
export interface SystemVariableMisuse {
  readonly reference: VariableReference;
  readonly problem: VariableProblem;
}

/**
 * The system variables (`{{$nope}}`, `{{$randomInt a b}}`) that are unknown or malformed, whatever
 * the environment: each send using one fails with the problem's code and reason, so the editor
 * says so where they are written. (Whether `$processEnv NAME` has a value is not known here.)
 */
export function malformedSystemReferences(file: HttpFile): SystemVariableMisuse[] {
  const found: SystemVariableMisuse[] = [];
  for (const reference of referencesOf(file)) {
    if (reference.kind !== 'system') continue;
    const problem = systemVariableProblem(reference.body);
    if (problem !== undefined) found.push({ reference, problem });
  }
  return found;
}

/** A `{{name}}` in a file variable's value that leads back to that variable: `cycle` names them in order. */
export interface VariableCycle {
  readonly reference: VariableReference;
  /** From the variable holding `reference` back to itself: `['a', 'b', 'a']`. */
  readonly cycle: readonly string[];
}

/**
 * The references in file variables' values that close a cycle (`@a = {{b}}`, `@b = {{a}}`): a
 * send using any of them fails with HW_VARIABLE_CYCLE, so the editor says so where they are
 * written. Only a name's last definition counts, as in resolution (definitionOf).
 */
export function fileVariableCycles(file: HttpFile): VariableCycle[] {
  const last = new Map<string, number>();
  file.variables.forEach((v, i) => last.set(v.name, i));
  const uses = new Map<string, VariableReference[]>();
  for (const r of referencesOf(file)) {
    if (r.kind !== 'file' || r.variable === undefined) continue;
    const holder = file.variables[r.variable]!.name;
    if (last.get(holder) !== r.variable) continue;
    uses.set(holder, [...(uses.get(holder) ?? []), r]);
  }
  /** A path of names from `from` to `to` along the uses, or undefined. */
  const pathTo = (from: string, to: string, seen: Set<string>): string[] | undefined => {
    if (from === to) return [to];
    if (seen.has(from)) return undefined;
    seen.add(from);
    for (const r of uses.get(from) ?? []) {
      const rest = pathTo(r.body, to, seen);
      if (rest !== undefined) return [from, ...rest];
    }
    return undefined;
  };
  const cycles: VariableCycle[] = [];
  for (const [holder, references] of uses) {
    for (const reference of references) {
      const back = pathTo(reference.body, holder, new Set());
      if (back !== undefined) cycles.push({ reference, cycle: [holder, ...back] });
    }
  }
  return cycles.sort((a, b) => a.reference.line - b.reference.line || a.reference.column - b.reference.column);
}
