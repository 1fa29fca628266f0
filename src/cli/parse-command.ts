import type { BodyPart, Diagnostic, HttpFile, HttpRequest } from '../core/http-file/model';
import { parseHttpFile } from '../core/http-file/parse';
import { parseArgs, UsageError } from './args';
import { readFileNamed } from './read-file';

/** Lines and columns in the CLI's output are 1-based, as the editor shows them. */
function partJson(p: BodyPart): object {
  return p.type === 'text'
    ? { type: 'text', text: p.text, startLine: p.startLine + 1, endLine: p.endLine + 1 }
    : { type: 'file', path: p.path, substituteVariables: p.substituteVariables, encoding: p.encoding ?? null, line: p.line + 1 };
}

function requestJson(r: HttpRequest): object {
  const rl = r.requestLine;
  return {
    name: r.name ?? null,
    title: r.title ?? null,
    startLine: r.range.startLine + 1,
    endLine: r.range.endLine + 1,
    requestLine: rl.line + 1,
    method: rl.method,
    target: rl.target,
    url: rl.url,
    httpVersion: rl.httpVersion,
    headers: r.headers.map((h) => [h.name, h.value]),
    body: r.body ? { kind: r.body.kind, startLine: r.body.startLine + 1, endLine: r.body.endLine + 1, parts: r.body.parts.map(partJson) } : null,
    metadata: r.metadata.map((m) => ({ key: m.key, value: m.value, line: m.line + 1 })),
    unsupported: r.unsupported.map((u) => ({ kind: u.kind, startLine: u.startLine + 1, endLine: u.endLine + 1 })),
  };
}

function diagnosticJson(d: Diagnostic): object {
  return {
    line: d.line + 1,
    column: d.column + 1,
    endLine: d.endLine + 1,
    endColumn: d.endColumn + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
  };
}

function fileJson(file: HttpFile): object {
  return {
    requests: file.requests.map(requestJson),
    variables: file.variables.map((v) => ({ name: v.name, value: v.value, line: v.line + 1 })),
    diagnostics: file.diagnostics.map(diagnosticJson),
  };
}

function bodySummary(r: HttpRequest): string {
  if (!r.body) return '';
  const parts = r.body.parts.map((p) => (p.type === 'text' ? `${Buffer.byteLength(p.text)} B inline` : `< ${p.path}`));
  return `    body (${r.body.kind}): ${parts.join(' + ')}`;
}

/** A readable outline: one block per request, then the diagnostics as `file:line:col`. */
export function outline(file: HttpFile, path: string): string {
  const out: string[] = [];
  for (const v of file.variables) out.push(`@${v.name} = ${v.value}`);
  if (file.variables.length > 0) out.push('');
  for (const r of file.requests) {
    const rl = r.requestLine;
    const label = r.name !== undefined ? `${r.name} ` : '';
    out.push(`${label}[lines ${r.range.startLine + 1}-${r.range.endLine + 1}] ${rl.method} ${rl.target} ${rl.httpVersion}`);
    if (rl.url !== null && rl.url !== rl.target) out.push(`    → ${rl.url}`);
    for (const h of r.headers) out.push(`    ${h.name}: ${h.value}`);
    const body = bodySummary(r);
    if (body) out.push(body);
  }
  if (file.requests.length === 0) out.push('(no requests)');
  for (const d of file.diagnostics) out.push(`${path}:${d.line + 1}:${d.column + 1}: ${d.severity} [${d.code}] ${d.message}`);
  return out.join('\n');
}

function jsonDocument(value: object): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * `parse --json` when there is no file to show (bad usage, a file that cannot be read): the
 * document's usual keys, empty, and the `error` ({class, code, message}) saying why, as `send
 * --json` gives `results` empty and its `error`.
 */
export function parseErrorDocument(error: object): string {
  return jsonDocument({ requests: [], variables: [], diagnostics: [], error });
}

/** `http-wire parse <file> [--json]`. Exit 0, or 1 when the file has errors. */
export function runParse(argv: readonly string[], write: (s: string) => void): number {
  const args = parseArgs(argv, [], ['json']);
  const path = args.positionals[0];
  if (path === undefined || args.positionals.length > 1) throw new UsageError('parse takes exactly one file');
  const file = parseHttpFile(readFileNamed(path, 'utf8'));
  write(args.flags.has('json') ? jsonDocument(fileJson(file)) : `${outline(file, path)}\n`);
  return file.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
