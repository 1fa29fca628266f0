import { matchFileVariable } from './line-kinds';
import type { SplitLines } from './lines';
import type { HttpFile, HttpRequest } from './model';
import { ParsedRequest } from './parsed-request';
import { findVariable, isRestClientReferencePath, readExpression, readPrompt, type VariableExpression, type VariableSpan } from './variable-syntax';

/**
 * What a `{{...}}` stands for, in the order of precedence of the format notes ("prompt >
 * request-chain > file > environment"), system variables apart:
 * - `prompt`: a `# @prompt name` of the request that holds it;
 * - `request`: a path into another request (`login.response.body.$.token`, httpYac's `login.token`),
 *   or httpYac's name alone (`{{login}}`, the named response's body) when no file variable has it;
 * - `file`: an `@name = value` of the file;
 * - `system`: `$guid`, `$random.integer(1, 9)`...;
 * - `environment`: any other name, which only an environment can give a value (or nothing can).
 */
export type ReferenceKind = 'prompt' | 'request' | 'file' | 'system' | 'environment';

/** Where a reference is sent: in the request line, a header, the body, or a file variable's value. */
export type ReferencePart = 'url' | 'header' | 'body' | 'variable';

export interface VariableReference extends VariableExpression {
  readonly kind: ReferenceKind;
  readonly part: ReferencePart;
  /** The line, and the columns of `{{` and just past `}}` (0-based, as everywhere in the model). */
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  /** Index of the request that holds it, or undefined in a file variable's value. */
  readonly request: number | undefined;
  /** Index in `file.variables` of the definition whose value holds it, or undefined in a request. */
  readonly variable: number | undefined;
}

/** The text each parsed file was read from: the index reads file variables' values where they stand. */
const linesOf = new WeakMap<HttpFile, SplitLines>();
const indexOf = new WeakMap<HttpFile, readonly VariableReference[]>();

/** Called by the parser (and by reparse, for the file it makes): `file` was read from `lines`. */
export function rememberLines(file: HttpFile, lines: SplitLines | undefined): void {
  if (lines !== undefined) linesOf.set(file, lines);
}

/** The lines `file` was read from, for a reparse that keeps its file variables. */
export function linesOfFile(file: HttpFile): SplitLines | undefined {
  return linesOf.get(file);
}

/**
 * Every `{{...}}` of a parsed file that is sent (or defines a file variable used in one), in file
 * order, with its kind, its span, and the request or file variable that holds it. Built on first
 * demand and kept with the file, so parsing costs nothing more: the editor asks for it when it
 * needs it (completion, hover, diagnostics), sending does not.
 */
export function referencesOf(file: HttpFile): readonly VariableReference[] {
  let index = indexOf.get(file);
  if (index === undefined) indexOf.set(file, (index = buildIndex(file)));
  return index;
}

/** The references held by request `index` (its request line, headers and body), in file order. */
export function referencesInRequest(file: HttpFile, index: number): readonly VariableReference[] {
  return referencesOf(file).filter((r) => r.request === index);
}

/**
 * The kind of a reference in one file: what its requests, file variables and prompts are named,
 * read once. The index and resolution both decide kinds here, so they always agree.
 */
/** The names a send's environment defines. */
export interface EnvironmentNames {
  has(name: string): boolean;
}

export class ReferenceKinds {
  private readonly requestNames = new Set<string>();
  private readonly fileNames = new Set<string>();
  private readonly promptNames = new WeakMap<HttpRequest, ReadonlySet<string>>();

  constructor(file: HttpFile) {
    for (const r of file.requests) if (r.name !== undefined) this.requestNames.add(r.name);
    for (const v of file.variables) this.fileNames.add(v.name);
  }

  /**
   * The kind of `expr` as written in `request` (undefined: in a file variable's value). With the
   * `environment` of a send, a bare name that it defines is the environment's, even when a request
   * has that name too.
   */
  kindOf(expr: VariableExpression, request: HttpRequest | undefined, environment?: EnvironmentNames): ReferenceKind {
    if (expr.systemName !== undefined) return 'system';
    if (request !== undefined && this.promptsOf(request).has(expr.body)) return 'prompt';
    // REST Client's paths name a request even when none has that name yet (a diagnostic then).
    if (expr.path !== undefined && (isRestClientReferencePath(expr.path) || this.requestNames.has(expr.head))) return 'request';
    if (this.fileNames.has(expr.body)) return 'file';
    // httpYac: a named request's name alone stands for its parsed response body (`{{login}}`),
    // unless a file variable or a variable of the environment has that name: `{{account}}` with
    // `"account": "acme"` in the environment must never send (and read) a request named account,
    // which may well be a DELETE. httpYac reads the environment's too until that request has run.
    return expr.path === undefined && this.requestNames.has(expr.body) && environment?.has(expr.body) !== true ? 'request' : 'environment';
  }

  /** The names of `request`'s `# @prompt` lines. */
  promptsOf(request: HttpRequest): ReadonlySet<string> {
    let names = this.promptNames.get(request);
    if (names === undefined) {
      const found = new Set<string>();
      for (const m of request.metadata) if (m.key === 'prompt') found.add(readPrompt(m.value)?.name ?? '');
      this.promptNames.set(request, (names = found));
    }
    return names;
  }
}

const kindsOf = new WeakMap<HttpFile, ReferenceKinds>();

/** The ReferenceKinds of `file`, made once per parse. */
export function referenceKindsOf(file: HttpFile): ReferenceKinds {
  let kinds = kindsOf.get(file);
  if (kinds === undefined) kindsOf.set(file, (kinds = new ReferenceKinds(file)));
  return kinds;
}

function buildIndex(file: HttpFile): VariableReference[] {
  const lines = linesOf.get(file);
  // Every request line and file variable of a parsed file is a piece of its text: without a `{{`
  // anywhere in it (many files a CLI run sends), there is nothing to index.
  if (lines !== undefined && !lines.text.includes('{{')) return [];
  const out: VariableReference[] = [];
  const kinds = referenceKindsOf(file);
  const span: VariableSpan = { open: 0, close: 0 };
  const scan = (text: string, line: number, offset: number, part: ReferencePart, request: HttpRequest | undefined, variable: number | undefined): void => {
    for (let from = 0; findVariable(text, from, span); from = span.close + 2) {
      const e = readExpression(text.slice(span.open + 2, span.close));
      // One literal of fixed shape, not `{ ...e, ... }`: the 5,000-request bench file (17,243
      // references) indexes in about 13 ms instead of 130.
      out.push({
        expression: e.expression,
        isEncoded: e.isEncoded,
        body: e.body,
        systemName: e.systemName,
        head: e.head,
        path: e.path,
        kind: kinds.kindOf(e, request),
        part,
        line,
        column: offset + span.open,
        endColumn: offset + span.close + 2,
        request: request?.index,
        variable,
      });
    }
  };
  file.variables.forEach((v, k) => {
    if (!v.value.includes('{{')) return;
    // The value's column, from the line as written; without the text, from the value alone.
    const written = lines === undefined ? undefined : matchFileVariable(lines.text.slice(lines.starts[v.line]!, lines.ends[v.line]!));
    scan(v.value, v.line, written?.valueColumn ?? 0, 'variable', undefined, k);
  });
  const braces = new BraceFinder();
  for (const request of file.requests) {
    if (request instanceof ParsedRequest) {
      request.visitSentLines((split, i, part) => {
        const start = split.starts[i]!;
        const end = split.ends[i]!;
        if (braces.hasBraces(split.text, start, end)) scan(split.text.slice(start, end), i, 0, part, request, undefined);
      });
      continue;
    }
    // A request made by hand (tests, tools): its request line and headers, as the model keeps them.
    const rl = request.requestLine;
    scan(rl.target, rl.line, rl.targetColumn, 'url', request, undefined);
    for (const h of request.headers) {
      scan(h.name, h.line, h.nameColumn, 'header', request, undefined);
      scan(h.value, h.line, h.valueColumn, 'header', request, undefined);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Whether a line holds `{{`, without a copy of the line: one search of the text finds the next
 * `{{`, good for every line before it. Lines are asked in order (a file's requests, each request's
 * lines), so a file without variables is searched once, not once a line (2,000 GETs: 4-7 ms of a
 * cold CLI run were these copies).
 */
class BraceFinder {
  private text: string | undefined;
  private from = 0;
  /** The first `{{` at or after `from` in `text`, or -1. */
  private next = -1;

  hasBraces(text: string, start: number, end: number): boolean {
    if (text !== this.text || start < this.from || (this.next !== -1 && this.next < start)) {
      this.text = text;
      this.from = start;
      this.next = text.indexOf('{{', start);
    }
    return this.next !== -1 && this.next + 2 <= end;
  }
}
