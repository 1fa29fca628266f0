import * as path from 'node:path';
import { isSameName } from '../ascii';
import { inlineText } from '../http-file/render-body';
import type { HttpRequest } from '../http-file/model';
import { parseHttpFile } from '../http-file/parse';
import { parseCurlCommand, type CurlBodyPart, type CurlRequest } from './parse-curl';

/**
 * A curl command as the text of one `.http` request (and the warnings written in it): `# @` metadata for what curl does
 * differently by default (no redirects without -L; -k), the request line, headers, a blank line
 * and the body (`< ./file` for data read from a file). What the request cannot carry is said in
 * `#` comment lines above it. The text is parsed back with `parseHttpFile` and compared with the
 * request: where a `.http` file cannot hold it exactly (a body that ends with a line break, a body
 * line that reads as `###`), a comment says so.
 * Throws HW_CURL_COMMAND as `parseCurlCommand` does.
 */
export function curlToHttp(command: string): { readonly text: string; readonly warnings: readonly string[] } {
  const request = parseCurlCommand(command);
  const warnings = [...request.warnings];
  const lines: string[] = [];
  const target = request.url.replace(/\s/g, (c) => encodeURIComponent(c));
  if (target !== request.url) warnings.push('The URL held spaces or line breaks; they were percent-encoded.');
  lines.push(`${request.method} ${target}${request.httpVersion === 'HTTP/1.0' ? ' HTTP/1.0' : ''}`);
  const headers = request.headers.filter(([name, value]) => {
    if (!/[\r\n]/.test(value)) return true;
    warnings.push(`The header ${name} held a line break, which no request may send; it was left out.`);
    return false;
  });
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  let head = lines.join('\n');
  const body = request.body === undefined ? undefined : renderBody(request.body);
  if (body !== undefined && body.text !== '') {
    head += `\n\n${body.text}`;
    if (!body.isExact) warnings.push('A file the body includes must stand on a line of its own in a .http file, so line breaks were added around it.');
  }
  const mismatch = compareParsed(head, { ...request, headers });
  if (mismatch !== undefined) warnings.push(mismatch);
  const comments = warnings.map((w) => `# ${w.replace(/\r?\n/g, ' ')}`);
  const metadata = request.metadata.map(([key, value]) => `# @${key}${value === '' ? '' : ` ${value}`}`);
  return { text: [...comments, ...metadata, head].join('\n'), warnings };
}

/** A path as a `.http` file includes it: relative ones from the file's folder, as `./path`. */
function includePath(file: string): string {
  return path.isAbsolute(file) || file.startsWith('./') || file.startsWith('../') ? file : `./${file}`;
}

/**
 * The body's text: text parts as they are, each file as a `< path` line. An include is a line of
 * its own: the line end before it, and the one after it, belong to the include line. `isExact` is
 * false when a line end had to be added around one.
 */
function renderBody(parts: readonly CurlBodyPart[]): { text: string; isExact: boolean } {
  let text = '';
  let isExact = true;
  parts.forEach((part, i) => {
    if (part.type === 'text') {
      text += part.text;
      return;
    }
    if (text !== '' && !text.endsWith('\n')) {
      text += '\n';
      isExact = false;
    }
    text += `< ${includePath(part.path)}`;
    const next = parts[i + 1];
    if (next !== undefined && (next.type === 'file' || !/^\r?\n/.test(next.text))) {
      text += '\n';
      isExact = false;
    }
  });
  // Trailing line ends are not part of a .http body (compareParsed says so when they were meant).
  return { text: text.replace(/(\r?\n)+$/, ''), isExact };
}

/** Where the parsed text differs from the request it was written for, as a sentence, or undefined. */
function compareParsed(text: string, request: CurlRequest): string | undefined {
  const file = parseHttpFile(text);
  const parsed: HttpRequest | undefined = file.requests[0];
  if (file.requests.length !== 1 || parsed === undefined) return 'The body holds lines that a .http file reads as the start of another request; check the request below.';
  const error = file.diagnostics.find((d) => d.severity === 'error');
  if (error !== undefined) return `The request below does not parse as written: ${error.message}`;
  if (parsed.requestLine.method !== request.method || parsed.headers.length !== request.headers.length || parsed.headers.some((h, i) => !isSameName(h.name, request.headers[i]![0]) || h.value !== request.headers[i]![1])) {
    return 'The request line or headers below differ from the command; check them.';
  }
  const wanted = request.body?.every((p) => p.type === 'text') ? request.body.map((p) => (p.type === 'text' ? p.text : '')).join('') : undefined;
  if (wanted === undefined) return undefined;
  const got = parsed.body === undefined ? '' : (inlineText(parsed.body) ?? '');
  if (got === wanted) return undefined;
  if (got === wanted.replace(/(\r?\n)+$/, '')) return 'The body ends with a line break, which a .http file cannot hold: it is sent without it.';
  return 'The body cannot be written exactly in a .http file (line ends, or comment lines that a JSON or form body drops); check it below.';
}
