/**
 * Shared helpers for the table-driven parser tests: a row is `{ name, input, want }`, where `want`
 * lists only what the row is about. `checkFile` projects the parsed file onto the keys `want` names
 * and compares with `deepStrictEqual`, so a failure prints a readable diff of just those keys.
 */

import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { BodyKind, Diagnostic, HttpFile, HttpRequest, Severity, UnsupportedBlock } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { renderInlineBody } from '../../../src/core/http-file/render-body';

/** Joins lines with LF: rows read like the file they stand for. */
export function lines(...ls: string[]): string {
  return ls.join('\n');
}

/** The repository root, from `out/test/unit/http-file` (compiled) or `test/unit/http-file`. */
export const repoRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../../..');

export type PartWant =
  | { type: 'text'; text: string }
  | { type: 'file'; path: string; substituteVariables: boolean; encoding: string | undefined; line: number };

export interface GraphqlWant {
  /** The query with whitespace runs collapsed to one space (GraphQL ignores whitespace). */
  query: string;
  /** The parsed variables, or null when the JSON has none. */
  variables: unknown;
}

export interface RequestWant {
  method?: string;
  isMethodExplicit?: boolean;
  target?: string;
  url?: string | null;
  httpVersion?: string;
  name?: string | undefined;
  title?: string | undefined;
  /** Line of the request line. */
  line?: number;
  /** Last line of the request-target (query continuation lines). */
  targetEndLine?: number;
  headers?: Array<[string, string]>;
  headerLines?: number[];
  metadata?: Array<[string, string]>;
  /** The body as `renderInlineBody` gives it; null when the request has no body. */
  body?: string | null;
  bodyKind?: BodyKind | null;
  bodyLines?: [number, number] | null;
  parts?: PartWant[];
  graphql?: GraphqlWant;
  range?: [number, number];
  extent?: [number, number];
  unsupported?: Array<[UnsupportedBlock['kind'], number, number]>;
  pastedResponse?: [number, number] | null;
}

export interface DiagnosticWant {
  code: string;
  line?: number;
  severity?: Severity;
  column?: number;
  data?: Record<string, string | number>;
}

export interface FileWant {
  /** Exactly these requests, in order; each checked on the keys it names. */
  requests?: RequestWant[];
  /** Exactly these diagnostics, as `code@line` (order does not matter). */
  diagnostics?: string[];
  /** Codes left out before comparing with `diagnostics` (constructs the spec leaves open). */
  ignoring?: string[];
  /** Diagnostics that must be among the file's, checked on the keys they name. */
  includes?: DiagnosticWant[];
  /** Codes that must not appear. */
  excludes?: string[];
  variables?: Array<[string, string]>;
  fragments?: string[];
  lineCount?: number;
}

export interface Row {
  name: string;
  input: string;
  want: FileWant;
}

export function parse(input: string): HttpFile {
  return parseHttpFile(input);
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function graphqlOf(file: HttpFile, r: HttpRequest): GraphqlWant | string {
  if (r.body === undefined) return 'no body';
  let json: string | undefined;
  try {
    json = renderInlineBody(r.body, file.fragments);
  } catch (err) {
    return `renderInlineBody threw: ${(err as Error).message}`;
  }
  if (json === undefined) return 'body includes files';
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return `not JSON: ${json}`;
  }
  const extra = Object.keys(obj).filter((k) => k !== 'query' && k !== 'variables' && k !== 'operationName');
  if (extra.length > 0 || typeof obj.query !== 'string') return `unexpected shape: ${json}`;
  return { query: collapse(obj.query), variables: obj.variables === undefined ? null : obj.variables };
}

function bodyOf(file: HttpFile, r: HttpRequest): string | null {
  if (r.body === undefined) return null;
  try {
    return renderInlineBody(r.body, file.fragments) ?? '<includes files>';
  } catch (err) {
    return `<renderInlineBody threw: ${(err as Error).message}>`;
  }
}

/** The request seen through the keys of `want`. */
export function projectRequest(file: HttpFile, r: HttpRequest, want: RequestWant): RequestWant {
  const rl = r.requestLine;
  const all: Record<keyof RequestWant, () => unknown> = {
    method: () => rl.method,
    isMethodExplicit: () => rl.isMethodExplicit,
    target: () => rl.target,
    url: () => rl.url,
    httpVersion: () => rl.httpVersion,
    name: () => r.name,
    title: () => r.title,
    line: () => rl.line,
    targetEndLine: () => rl.endLine,
    headers: () => r.headers.map((h) => [h.name, h.value]),
    headerLines: () => r.headers.map((h) => h.line),
    metadata: () => r.metadata.map((m) => [m.key, m.value]),
    body: () => bodyOf(file, r),
    bodyKind: () => r.body?.kind ?? null,
    bodyLines: () => (r.body ? [r.body.startLine, r.body.endLine] : null),
    parts: () =>
      r.body?.parts.map((p) =>
        p.type === 'text'
          ? { type: 'text', text: p.text }
          : { type: 'file', path: p.path, substituteVariables: p.substituteVariables, encoding: p.encoding, line: p.line },
      ) ?? [],
    graphql: () => graphqlOf(file, r),
    range: () => [r.range.startLine, r.range.endLine],
    extent: () => [r.extent.startLine, r.extent.endLine],
    unsupported: () => r.unsupported.map((u) => [u.kind, u.startLine, u.endLine]),
    pastedResponse: () => (r.pastedResponse ? [r.pastedResponse.startLine, r.pastedResponse.endLine] : null),
  };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(want) as Array<keyof RequestWant>) out[key] = all[key]();
  return out as RequestWant;
}

export function diagnosticKey(d: Diagnostic): string {
  return `${d.code}@${d.line}`;
}

function describeDiagnostics(file: HttpFile): string {
  return file.diagnostics.map((d) => `  ${d.code}@${d.line}:${d.column} ${d.severity} ${d.message}`).join('\n') || '  (none)';
}

/** Checks `file` against `want`; `input` is only for messages. */
export function checkFile(file: HttpFile, want: FileWant, input: string): void {
  const context = `input: ${JSON.stringify(input)}\ndiagnostics:\n${describeDiagnostics(file)}`;
  if (want.requests !== undefined) {
    const wants = want.requests;
    const actual = file.requests.map((r, i) => projectRequest(file, r, wants[i] ?? wants[0] ?? { method: '' }));
    assert.deepStrictEqual(actual, wants, `requests differ\n${context}`);
  }
  if (want.diagnostics !== undefined) {
    const ignoring = new Set(want.ignoring ?? []);
    const actual = file.diagnostics.filter((d) => !ignoring.has(d.code)).map(diagnosticKey).sort();
    assert.deepStrictEqual(actual, [...want.diagnostics].sort(), `diagnostics differ\n${context}`);
  }
  for (const w of want.includes ?? []) {
    const found = file.diagnostics.some((d) =>
      (Object.keys(w) as Array<keyof DiagnosticWant>).every((k) => {
        try {
          assert.deepStrictEqual(d[k], w[k]);
          return true;
        } catch {
          return false;
        }
      }),
    );
    assert.ok(found, `expected a diagnostic ${JSON.stringify(w)}\n${context}`);
  }
  for (const code of want.excludes ?? []) {
    const hit = file.diagnostics.find((d) => d.code === code);
    assert.equal(hit, undefined, `expected no ${code} diagnostic\n${context}`);
  }
  if (want.variables !== undefined) {
    assert.deepStrictEqual(file.variables.map((v) => [v.name, v.value]), want.variables, `variables differ\n${context}`);
  }
  if (want.fragments !== undefined) {
    assert.deepStrictEqual(file.fragments.map((f) => f.name), want.fragments, `fragments differ\n${context}`);
  }
  if (want.lineCount !== undefined) assert.equal(file.lineCount, want.lineCount, `lineCount differs\n${context}`);
}

/** One `it` per row. */
export function runRows(rows: readonly Row[]): void {
  for (const row of rows) {
    it(row.name, () => {
      checkFile(parse(row.input), row.want, row.input);
    });
  }
}

/**
 * The same rows with CRLF line ends: line numbers and everything else stay the same, body line ends
 * stay as written (so LF in the want becomes CRLF, multipart bodies are CRLF either way). Rows whose
 * input already has a CR, or whose want holds line ends that are not plain body text, are skipped.
 */
export function runRowsWithCrlf(rows: readonly Row[]): void {
  for (const row of rows) {
    if (row.input.includes('\r')) continue;
    if (row.want.requests?.some((r) => r.graphql !== undefined || r.parts !== undefined)) continue;
    const input = row.input.replace(/\n/g, '\r\n');
    const want: FileWant = {
      ...row.want,
      requests: row.want.requests?.map((r) =>
        typeof r.body === 'string' && r.bodyKind !== 'multipart' ? { ...r, body: r.body.replace(/\n/g, '\r\n') } : r,
      ),
    };
    if (want.requests === undefined) delete want.requests;
    it(`${row.name} (CRLF)`, () => {
      checkFile(parse(input), want, input);
    });
  }
}
