import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isSameName } from '../ascii';
import { ErrorCodes, HttpWireError } from '../errors';
import type { Expansion } from '../http-file/file-variables';
import { isNewlineDelimitedJson } from '../http-file/body';
import { encodeGraphql } from '../http-file/graphql';
import { newlinesBetween } from '../http-file/lines';
import type { HttpFile, HttpRequest, UnsupportedBlock } from '../http-file/model';
import { buildUrl, HOST_VARIABLE, isOriginForm, withHostBase } from '../http-file/resolve-url';
import { firstHeader, type RawHeader } from '../response/model';
import type { ExpandSite } from '../variables/variable-resolver';
import type { DigestCredentials } from '../wire/digest-auth';
import { bodyLength, type BodyChunkSource, type HeaderChange, type WireRequest } from '../wire/wire-request';
import { encodeBasicCredentials, sendUrlCredentials, takeDigestCredentials } from './written-credentials';
import { chunkedBody } from './chunked-body';
import { requestTarget } from '../request-target';

/**
 * Values for `{{...}}`, injected by the caller: a `VariableResolver` (file, environment, system
 * variables, prompts, other requests' values) for the CLI and the editor (see `sendContextOf`),
 * or a plain `VariableExpander` of file variables.
 */
export interface VariableSource {
  /**
   * `text` with every `{{...}}` replaced, or the first name that has no value; a source may
   * instead reject with an HttpWireError that says more (a cycle, an unanswered prompt).
   */
  expand(text: string, site: ExpandSite): Expansion | Promise<Expansion>;
  /** The source for one send of `request`, used for all its texts; without it, this one. */
  forRequest?(file: HttpFile, request: HttpRequest): VariableSource;
  /** A variable's value by name, undefined when nothing defines it: httpYac's `host`. */
  lookup?(name: string, site: ExpandSite): Promise<string | undefined>;
  /** Whether a prompt of `request`, a file or an environment variable is named `name`; nothing is asked or expanded. */
  defines?(name: string, request: HttpRequest): boolean;
}

export interface PrepareOptions {
  readonly variables: VariableSource;
  /** Folder of the `.http` file: relative `< path` includes start here... */
  readonly baseDir: string;
  /** ...and then here. */
  readonly workspaceDir?: string;
  /**
   * Restricted Mode: an included file must lie inside this folder (the workspace), its real path
   * once links are followed; any other is refused with HW_RESTRICTED.
   */
  readonly includeRoot?: string;
  /** Default User-Agent, added when the request has none; null adds nothing. */
  readonly userAgent: string | null;
  /** Default Accept-Encoding, added when the request has none; null adds nothing. */
  readonly acceptEncoding: string | null;
}

export const DEFAULT_ACCEPT_ENCODING = 'gzip, deflate, br';

/** The User-Agent the CLI and the editor add to a request that names none. */
export const DEFAULT_USER_AGENT = 'http-wire/0.1';

function has(headers: readonly RawHeader[], name: string): boolean {
  return firstHeader(headers, name) !== undefined;
}

/** `text` with its `{{...}}` replaced; the text itself, not a promise, when it has none (most headers). */
function substitute(source: VariableSource, text: string, where: string, line: number): string | Promise<string> {
  return text.includes('{{') ? expandOrThrow(source, text, where, line) : text;
}

async function expandOrThrow(source: VariableSource, text: string, where: string, line: number): Promise<string> {
  const out = await source.expand(text, { where, line });
  if (typeof out === 'string') return out;
  const at = lineOfReference(text, out.unresolved, line);
  throw new HttpWireError(ErrorCodes.unresolvedVariable, `{{${out.unresolved}}} in the ${where} (line ${at + 1}) has no value; nothing was sent.`, { line: at, variable: out.unresolved });
}

/**
 * `target` (the URL `written` with its variables substituted), a `#` from a variable's value
 * percent-encoded: a search term `C# tips` is data, and cut there as a fragment it sent `?q=C`.
 * When the URL as written has a `#` of its own, it is the fragment, and the target stays as it is.
 */
function valuesHashesEncoded(written: string, target: string): string {
  if (target === written || !target.includes('#')) return target;
  const hasOwnFragment = written.replace(/\{\{[\s\S]*?\}\}/g, '').includes('#');
  return hasOwnFragment ? target : target.replace(/#/g, '%23');
}

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line of the first `{{name}}` in `text`, which starts at line `first` (a body spans lines). */
function lineOfReference(text: string, name: string, first: number): number {
  const at = text.search(new RegExp(`\\{\\{\\s*%?${literal(name)}\\s*\\}\\}`));
  return at === -1 ? first : first + newlinesBetween(text, 0, at);
}

/** Finds an included file: absolute, or relative to the `.http` file, then to the workspace. */
async function locate(written: string, options: PrepareOptions, line: number): Promise<{ path: string; size: number }> {
  const placesOf = (file: string): string[] => (path.isAbsolute(file) ? [file] : [path.resolve(options.baseDir, file), ...(options.workspaceDir ? [path.resolve(options.workspaceDir, file)] : [])]);
  // `< .\payloads\user.json`, written on Windows, read on Linux or macOS (a CI runner): after
  // the name as written (a backslash is a file name's character there), with slashes.
  const isWindowsPath = path.sep === '/' && written.includes('\\');
  const candidates = [...new Set([...placesOf(written), ...(isWindowsPath ? placesOf(written.replace(/\\/g, '/')) : [])])];
  for (const candidate of candidates) {
    try {
      const stat = await fs.stat(candidate);
      if (!stat.isFile()) continue;
      if (options.includeRoot !== undefined) await refuseOutside(candidate, options.includeRoot, written, line);
      return { path: candidate, size: stat.size };
    } catch (err) {
      if (err instanceof HttpWireError) throw err;
      // Try the next place.
    }
  }
  throw new HttpWireError(ErrorCodes.file, `The body includes "${written}" (line ${line + 1}), which does not exist or is not a file (looked for ${candidates.join(' and ')}).`, { line, path: written });
}

/** Restricted Mode: `candidate` (links followed) must be inside `root` (links followed too). */
async function refuseOutside(candidate: string, root: string, file: string, line: number): Promise<void> {
  const [real, realRoot] = await Promise.all([fs.realpath(candidate), fs.realpath(root).catch(() => path.resolve(root))]);
  const relative = path.relative(realRoot, real);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return;
  throw new HttpWireError(
    ErrorCodes.restricted,
    `The body includes "${file}" (line ${line + 1}), which is outside the workspace: Restricted Mode refuses files outside an untrusted workspace; trust the workspace to allow it (in the CLI, run without --untrusted).`,
    { line, path: file },
  );
}

async function buildBody(file: HttpFile, request: HttpRequest, options: PrepareOptions, source: VariableSource): Promise<BodyChunkSource[]> {
  const body = request.body;
  if (body === undefined) return [];
  if (body.kind === 'graphql') {
    let text = '';
    for (const p of body.parts) if (p.type === 'text') text += await substitute(source, p.text, 'body', p.startLine);
    try {
      return [{ type: 'bytes', bytes: Buffer.from(encodeGraphql(text, file.fragments), 'utf8') }];
    } catch (err) {
      throw new HttpWireError(ErrorCodes.invalidRequest, `The GraphQL variables are not valid JSON: ${(err as Error).message}`, { line: body.startLine }, err);
    }
  }
  const chunks: BodyChunkSource[] = [];
  for (const part of body.parts) {
    if (part.type === 'text') {
      chunks.push({ type: 'bytes', bytes: Buffer.from(await substitute(source, part.text, 'body', part.startLine), 'utf8') });
      continue;
    }
    const found = await locate(await substitute(source, part.path, 'file path', part.line), options, part.line);
    if (!part.substituteVariables) {
      // Streamed when sending, never read whole into a string.
      chunks.push({ type: 'file', path: found.path, size: found.size });
      continue;
    }
    const encoding = (part.encoding ?? 'utf8') as BufferEncoding;
    if (!Buffer.isEncoding(encoding)) throw new HttpWireError(ErrorCodes.file, `Unknown encoding "${part.encoding}" for "${part.path}".`, { line: part.line });
    const text = await fs.readFile(found.path, encoding);
    chunks.push({ type: 'bytes', bytes: Buffer.from(await substitute(source, text, `file ${part.path}`, part.line), encoding) });
  }
  return chunks;
}

/**
 * httpYac's `host` variable: an origin-form target without a Host header goes to `{{host}}`
 * (`@host = https://api.test` + `GET /users` → `https://api.test/users`). Unchanged when nothing
 * defines `host`, or when it is no base (empty, or a path).
 */
async function withHostVariable(source: VariableSource, target: string, line: number): Promise<string> {
  const base = await source.lookup?.(HOST_VARIABLE, { where: 'host variable, the base of the URL', line });
  if (base === undefined) return target;
  const joined = withHostBase(base, target);
  return isOriginForm(joined) ? target : joined;
}

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The origin-form request-target for the wire: as written for origin form; for an absolute URL,
 * its path and query as typed. (Through an HTTP proxy the client makes it absolute again.)
 */
function wireTarget(written: string): string {
  const hash = written.indexOf('#');
  const noFragment = hash === -1 ? written : written.slice(0, hash);
  if (isOriginForm(noFragment)) return noFragment;
  // Keep the path and query as typed (no re-encoding): everything after the authority.
  const scheme = URL_SCHEME.exec(noFragment);
  const afterScheme = scheme === null ? noFragment : noFragment.slice(scheme[0].length);
  const slash = afterScheme.search(/[/?]/);
  const rest = slash === -1 ? '' : afterScheme.slice(slash);
  return rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
}

/** `host:port` of `url`, the port always written: the authority-form of a CONNECT. */
function authorityOf(url: URL): string {
  return `${url.hostname}:${url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port}`;
}

/** REST Client's `X-Request-Type: GraphQL` tells the tool how to read the body; REST Client does not send it either. */
function dropGraphqlMarker(headers: RawHeader[], changes: HeaderChange[]): void {
  const at = headers.findIndex(([n, v]) => isSameName(n, 'x-request-type') && v.trim().toLowerCase() === 'graphql');
  if (at === -1) return;
  const [name, value] = headers.splice(at, 1)[0]!;
  changes.push({ name, action: 'removed', from: value, reason: "REST Client's marker of a GraphQL request: the body is sent as GraphQL JSON, the marker not at all." });
}

/**
 * Newline-delimited JSON ends every line, the last one too (Elasticsearch's _bulk refuses a body
 * without it), and a request's body loses its trailing blank lines: the newline is added to a
 * written body that lacks it, as REST Client does.
 */
function endNdjsonLine(body: BodyChunkSource[], headers: readonly RawHeader[]): void {
  if (!isNewlineDelimitedJson(firstHeader(headers, 'content-type'))) return;
  const last = body[body.length - 1];
  if (last?.type === 'bytes' && last.bytes.length > 0 && last.bytes[last.bytes.length - 1] !== 0x0a) body.push({ type: 'bytes', bytes: Buffer.from('\n') });
}


const SCRIPT_SETTERS: Readonly<Partial<Record<UnsupportedBlock['kind'], string>>> = {
  'response-handler': 'response handler',
  'pre-request-script': 'pre-request script',
  script: 'script',
};

/**
 * An unresolved `{{name}}` that a script of the file sets (JetBrains' `client.global.set("name",
 * ...)` or `request.variables.set`, httpYac's `exports.name = ...`): the error says so, since
 * HTTP Wire does not run scripts yet, and how to give the value instead.
 */
function withScriptHint(file: HttpFile, err: unknown): unknown {
  if (!(err instanceof HttpWireError) || err.code !== ErrorCodes.unresolvedVariable) return err;
  const name = (err.detail as { variable?: unknown }).variable;
  if (typeof name !== 'string') return err;
  const sets = new RegExp(`(?:client\\.global|request\\.variables)\\.set\\(\\s*["'\`]${literal(name)}["'\`]|\\bexports\\.${literal(name)}\\s*=`);
  for (const r of file.requests) {
    for (const block of r.unsupported) {
      const kind = SCRIPT_SETTERS[block.kind];
      if (kind === undefined || !sets.test(block.text)) continue;
      return new HttpWireError(ErrorCodes.unresolvedVariable, `${err.message} The ${kind} at line ${block.startLine + 1} sets it, and HTTP Wire does not run scripts yet: give {{${name}}} a value another way (an environment, a file variable, --var on the command line).`, err.detail, err);
    }
  }
  return err;
}

/**
 * Turns a parsed request into the exact request for the wire: variables substituted, the URL
 * resolved, and what HTTP/1.1 needs added or fixed (Host, Content-Length, defaults), each change
 * recorded. `# @verbatim` sends what was written with no additions and no fixes.
 * Rejects with HW_UNRESOLVED_VARIABLE, HW_INVALID_REQUEST or HW_FILE; nothing is sent then.
 * One async function, its catch included: each layer of them costs a promise and a resumption
 * per request while V8 has not optimized them (the first thousand requests of a CLI run).
 */
export async function prepareRequest(file: HttpFile, request: HttpRequest, options: PrepareOptions): Promise<WireRequest> {
  try {
    const rl = request.requestLine;
    const isVerbatim = request.metadata.some((m) => m.key === 'verbatim');
    const source = options.variables.forRequest?.(file, request) ?? options.variables;
    let target = valuesHashesEncoded(rl.target, await substitute(source, rl.target, 'URL', rl.line));
    const headers: RawHeader[] = [];
    for (const h of request.headers) headers.push([await substitute(source, h.name, 'header name', h.line), await substitute(source, h.value, `header ${h.name}`, h.line)]);
    const hostHeader = firstHeader(headers, 'host');
    if (hostHeader === undefined && target.startsWith('/')) target = await withHostVariable(source, target, rl.line);
    const built = buildUrl(target, hostHeader);
    if ('error' in built) throw new HttpWireError(ErrorCodes.invalidRequest, built.error, { line: rl.line });
    if (rl.httpVersion !== 'HTTP/1.1' && rl.httpVersion !== 'HTTP/1.0') {
      throw new HttpWireError(ErrorCodes.invalidRequest, `${rl.httpVersion} is not supported; HTTP Wire sends HTTP/1.1 or HTTP/1.0.`, { line: rl.line });
    }
    // A request without a body (most GETs) needs no trip through the async body builder.
    const written = request.body;
    let body = written === undefined ? [] : await buildBody(file, request, options, source);
    let unchunkedBody: readonly BodyChunkSource[] | undefined;
    let digest: DigestCredentials | undefined;
    if (!isVerbatim) endNdjsonLine(body, headers);
    const changes: HeaderChange[] = [];
    const out = [...headers];
    // JetBrains' GRAPHQL is a kind of request, not an HTTP method: GraphQL over HTTP is a POST of
    // JSON (graphql.org/learn/serving-over-http).
    const isGraphqlKeyword = rl.method.toUpperCase() === 'GRAPHQL';
    const method = isGraphqlKeyword ? 'POST' : rl.method;
    if (!isVerbatim && written?.kind === 'graphql') dropGraphqlMarker(out, changes);
    if ((isGraphqlKeyword || written?.kind === 'graphql') && !has(out, 'content-type')) {
      out.push(['Content-Type', 'application/json']);
      changes.push({ name: 'Content-Type', action: 'added', to: 'application/json', reason: 'A GraphQL request is sent as a POST of JSON.' });
    }
    if (!isVerbatim) {
      if (hostHeader === undefined) {
        // RFC 9112 §3.2: every HTTP/1.1 request has a Host; it goes first, as user agents send it.
        const host = built.url.host;
        out.unshift(['Host', host]);
        changes.push({ name: 'Host', action: 'added', to: host, reason: 'HTTP/1.1 requires a Host header; taken from the URL.' });
      }
      fixContentLength(out, body, written !== undefined, changes);
      const chunked = chunkedBody(out, body);
      if (chunked !== undefined) [unchunkedBody, body] = [chunked.data, chunked.framed];
      encodeBasicCredentials(out, changes);
      digest = takeDigestCredentials(out, changes);
      if (digest === undefined) sendUrlCredentials(built.url, out, changes);
      if (options.userAgent !== null && !has(out, 'user-agent')) {
        out.push(['User-Agent', options.userAgent]);
        changes.push({ name: 'User-Agent', action: 'added', to: options.userAgent, reason: 'Default User-Agent (setting).' });
      }
      if (options.acceptEncoding !== null && !has(out, 'accept-encoding')) {
        out.push(['Accept-Encoding', options.acceptEncoding]);
        changes.push({ name: 'Accept-Encoding', action: 'added', to: options.acceptEncoding, reason: 'Compressed responses are decoded for display (setting).' });
      }
    }
    return {
      method,
      // CONNECT names the host and port to tunnel to (RFC 9112 §3.2.3); # @verbatim sends the
      // target's bytes as written, UTF-8 included.
      target: method.toUpperCase() === 'CONNECT' ? authorityOf(built.url) : isVerbatim ? wireTarget(target) : requestTarget(wireTarget(target)),
      url: built.url,
      httpVersion: rl.httpVersion,
      headers: out,
      body,
      changes,
      // Set as plain properties, undefined when absent: a conditional spread copies through a slow
      // path while V8 has not optimized this (the first thousand requests of a CLI run).
      unchunkedBody,
      digest,
    };
  } catch (err) {
    throw withScriptHint(file, err);
  }
}

/**
 * RFC 9112 §6.2: a body needs its length, and exactly one way of telling it. Adds Content-Length
 * when neither it nor Transfer-Encoding was written; next to a written Transfer-Encoding, removes
 * every Content-Length ("A sender MUST NOT send a Content-Length header field in any message that
 * contains a Transfer-Encoding header field"); otherwise corrects the first one that disagrees
 * with the body and removes any other, which could tell the server a second length (RFC 9112
 * §11.2, request smuggling). Each change is recorded.
 */
function fixContentLength(headers: RawHeader[], body: readonly BodyChunkSource[], hasBody: boolean, changes: HeaderChange[]): void {
  const hasTransferEncoding = has(headers, 'transfer-encoding');
  const length = String(bodyLength(body));
  let isFirst = true;
  for (let i = 0; i < headers.length; i++) {
    // Indexed, not destructured: see response/model.ts.
    const name = headers[i]![0];
    if (!isSameName(name, 'content-length')) continue;
    const written = headers[i]![1];
    if (hasTransferEncoding || !isFirst) {
      const reason = hasTransferEncoding
        ? 'A request with Transfer-Encoding must not also carry Content-Length (RFC 9112 §6.2): the server could take either as the end of the body.'
        : 'A second Content-Length could give the server another end of the body; one is sent (mark the request # @verbatim to send them as written).';
      headers.splice(i--, 1);
      changes.push({ name, action: 'removed', from: written, reason });
      continue;
    }
    isFirst = false;
    if (written.trim() === length) continue;
    headers[i] = [name, length];
    changes.push({ name, action: 'changed', from: written, to: length, reason: `The body is ${length} bytes, not ${written} (mark the request # @verbatim to send it as written).` });
  }
  if (isFirst && hasBody && !hasTransferEncoding) {
    headers.push(['Content-Length', length]);
    changes.push({ name: 'Content-Length', action: 'added', to: length, reason: 'The body needs its length in bytes.' });
  }
}
