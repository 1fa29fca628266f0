import type { VariableOrigin } from '../environments/environment-set';
import type { HttpFile, HttpRequest } from '../http-file/model';
import { readPrompt } from '../http-file/variable-syntax';
import { SECRET_MASK } from '../secret-masker';
import { SYSTEM_VARIABLES } from './system-variable-catalog';

/** Where a completion's name comes from; the editor picks an icon by it. */
export type CompletionSource = 'prompt' | 'file' | 'environment' | 'request' | 'path' | 'system' | 'header' | 'value';

export interface CompletionEntry {
  /** The whole text from where the completion starts: `host`, `login.response.body.$`, `$randomInt`. */
  readonly label: string;
  readonly source: CompletionSource;
  /** Where the name comes from: `file variable, line 3`, `environment "dev", http-client.env.json`. */
  readonly detail: string;
  /** A value to show beside it, `***` for a secret; undefined when there is none to show. */
  readonly documentation?: string;
  /** VS Code snippet syntax to insert instead of the label (system variables' arguments). */
  readonly snippet?: string;
}

/** Inside `{{` ... before the cursor: where the name being typed starts, and what is typed so far. */
export interface VariableCompletionContext {
  /** Column where the expression starts (after `{{`, blanks and `%`): what completion replaces from. */
  readonly start: number;
  readonly prefix: string;
}

/**
 * Whether `column` of `lineText` stands inside a `{{...` that is not closed before it, and what
 * is typed there. `{{ %na|` gives `{ start: 5, prefix: 'na' }`; `{{a}} |` gives undefined.
 */
export function variableCompletionContext(lineText: string, column: number): VariableCompletionContext | undefined {
  const before = lineText.slice(0, column);
  const open = before.lastIndexOf('{{');
  if (open === -1 || before.indexOf('}}', open + 2) !== -1) return undefined;
  const typed = before.slice(open + 2);
  const lead = /^\s*%?\s*/.exec(typed)![0].length;
  return { start: open + 2 + lead, prefix: typed.slice(lead) };
}

/** What the editor knows of the environment in use: its name, and each variable's origin (`EnvironmentSet.origins`). */
export interface EnvironmentForHelp {
  readonly name: string | undefined;
  readonly origins: ReadonlyMap<string, VariableOrigin>;
  /** How a layer's label is shown (the editor: relative to the workspace). */
  readonly labelOf?: (label: string) => string;
}

/** After a request's name: REST Client's paths into its exchange. */
const REFERENCE_PATHS: ReadonlyArray<[string, string]> = [
  ['response.body.$', 'the response body (JSONPath after it: $.token)'],
  ['response.body.*', 'the whole response body'],
  ['response.headers.', 'a response header (its name after the dot)'],
  ['request.body.$', 'the request body (JSONPath after it)'],
  ['request.body.*', 'the whole request body'],
  ['request.headers.', 'a request header (its name after the dot)'],
];

/**
 * The completions for `{{prefix` in `request` (undefined: in a file variable's value) of `file`.
 * `login.` (a request's name and a dot) gives its reference paths, and after `login.request.headers.`
 * the request's own header names; `$` gives the system variables; anything else gives, in order,
 * the request's prompts, the file variables, the environment's variables, the request names and
 * the system variables. Secret values show as `***`.
 */
export function variableCompletions(file: HttpFile, request: HttpRequest | undefined, environment: EnvironmentForHelp, prefix: string): CompletionEntry[] {
  const dot = prefix.indexOf('.');
  if (!prefix.startsWith('$') && dot !== -1) {
    const named = file.requests.find((r) => r.name === prefix.slice(0, dot));
    return named === undefined ? [] : pathCompletions(named, prefix.slice(0, dot), prefix.slice(dot + 1));
  }
  const out: CompletionEntry[] = [];
  if (!prefix.startsWith('$')) {
    const seen = new Set<string>();
    const add = (entry: CompletionEntry): void => {
      if (seen.has(entry.label)) return;
      seen.add(entry.label);
      out.push(entry);
    };
    for (const m of request?.metadata ?? []) {
      const prompt = m.key === 'prompt' ? readPrompt(m.value) : undefined;
      if (prompt !== undefined) add({ label: prompt.name, source: 'prompt', detail: `prompt of this request, line ${m.line + 1}`, ...(prompt.description !== undefined ? { documentation: prompt.description } : {}) });
    }
    // The last definition wins, as in resolution.
    const files = new Map(file.variables.map((v) => [v.name, v]));
    for (const v of files.values()) add({ label: v.name, source: 'file', detail: `file variable, line ${v.line + 1}`, documentation: v.value });
    const labelOf = environment.labelOf ?? ((label: string) => label);
    for (const [name, origin] of environment.origins) {
      add({ label: name, source: 'environment', detail: `${sectionName(origin.section)}, ${labelOf(origin.layer.label)}`, documentation: origin.isSecret ? SECRET_MASK : origin.value });
    }
    for (const r of file.requests) if (r.name !== undefined) add({ label: r.name, source: 'request', detail: `request, line ${r.range.startLine + 1} (type a dot for its response)` });
  }
  for (const s of SYSTEM_VARIABLES) out.push({ label: s.name, source: 'system', detail: `system variable (${s.dialect})`, documentation: `${s.usage}: ${s.description}`, snippet: s.snippet });
  return out;
}

function sectionName(section: string): string {
  return section.startsWith('$') ? `environment ${section}` : `environment "${section}"`;
}

function pathCompletions(request: HttpRequest, name: string, path: string): CompletionEntry[] {
  const detail = `reference into request ${name}`;
  if (path.startsWith('request.headers.')) {
    const names = [...new Set(request.headers.map((h) => h.name))];
    return names.map((h) => ({ label: `${name}.request.headers.${h}`, source: 'path', detail: `header of request ${name}` }));
  }
  return REFERENCE_PATHS.map(([p, doc]) => ({ label: `${name}.${p}`, source: 'path', detail, documentation: doc }));
}

/** Header names offered at the start of a header line. */
export const COMMON_HEADERS: readonly string[] = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Authorization',
  'Cache-Control',
  'Connection',
  'Content-Encoding',
  'Content-Length',
  'Content-Type',
  'Cookie',
  'Host',
  'If-Match',
  'If-Modified-Since',
  'If-None-Match',
  'Origin',
  'Prefer',
  'Range',
  'Referer',
  'User-Agent',
  'X-Request-ID',
  'X-Requested-With',
];

/** Values offered after some headers' colon. */
const COMMON_VALUES: Readonly<Record<string, readonly string[]>> = {
  'content-type': ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=boundary', 'text/plain', 'application/xml', 'text/xml', 'application/graphql', 'application/octet-stream'],
  accept: ['application/json', '*/*', 'text/html', 'application/xml', 'text/plain'],
  'accept-encoding': ['gzip, deflate, br', 'identity'],
  authorization: ['Bearer ', 'Basic '],
  'cache-control': ['no-cache', 'no-store', 'max-age=0'],
  connection: ['keep-alive', 'close'],
};

/** On a header line: the name being typed (before any colon), or the value after the named header's colon. */
export type HeaderCompletionContext = { readonly kind: 'name'; readonly start: number } | { readonly kind: 'value'; readonly name: string; readonly start: number };

/** Where `column` stands on a header line `lineText`; undefined inside a `{{` (variable completion then). */
export function headerCompletionContext(lineText: string, column: number): HeaderCompletionContext | undefined {
  const before = lineText.slice(0, column);
  if (variableCompletionContext(lineText, column) !== undefined) return undefined;
  const colon = before.indexOf(':');
  if (colon === -1) return /^\s*[\w-]*$/.test(before) ? { kind: 'name', start: before.length - before.trimStart().length } : undefined;
  const name = before.slice(0, colon).trim();
  const lead = /^\s*/.exec(before.slice(colon + 1))![0].length;
  return { kind: 'value', name, start: colon + 1 + lead };
}

/** The completions of a header context: names, or the common values of that header (none for others). */
export function headerCompletions(context: HeaderCompletionContext): CompletionEntry[] {
  if (context.kind === 'name') return COMMON_HEADERS.map((h) => ({ label: h, source: 'header', detail: 'header' }));
  return (COMMON_VALUES[context.name.toLowerCase()] ?? []).map((v) => ({ label: v, source: 'value', detail: `${context.name} value` }));
}

/**
 * Whether line `line` of the file is a header line of `request`: after its request line, before
 * the blank line that ends its headers (that line too, unless the body follows it), within its block. `lineText` reads a line. (A half-typed
 * `Cont` with no colon may read as a body started without its blank line: it is still a header line
 * here.)
 */
export function isHeaderLine(request: HttpRequest, line: number, lineText: (line: number) => string): boolean {
  if (line <= request.requestLine.endLine || line > request.extent.endLine) return false;
  for (let k = request.requestLine.endLine + 1; k < line; k++) if (lineText(k).trim() === '') return false;
  const text = lineText(line);
  // A blank line right above the body separates it from the headers: typing there is not a header.
  if (text.trim() === '' && request.body !== undefined && request.body.startLine === line + 1) return false;
  return !text.trimStart().startsWith('#');
}
