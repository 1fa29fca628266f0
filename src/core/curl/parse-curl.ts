import * as path from 'node:path';
import { isSameName } from '../ascii';
import { ErrorCodes, HttpWireError } from '../errors';
import { DEFAULT_ACCEPT_ENCODING } from '../send/prepare-request';
import { DEFAULT_SEND_OPTIONS } from '../wire/client-options';
import { HARMLESS_FLAGS, HARMLESS_WITH_VALUE, OPTIONS_WITH_VALUE, SHORT_OPTIONS } from './curl-options';
import { multipartBody, type FormField } from './multipart';
import { splitShellWords } from './shell-words';

export type CurlBodyPart = { readonly type: 'text'; readonly text: string } | { readonly type: 'file'; readonly path: string };

/** The request a curl command sends, in the terms of a `.http` file. */
export interface CurlRequest {
  readonly method: string;
  /** As written on the command line (curl takes a URL without a scheme as http://). */
  readonly url: string;
  readonly httpVersion: 'HTTP/1.1' | 'HTTP/1.0';
  /** In the order curl sends them (its own headers first, then `-H` in order, then the body's type). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: readonly CurlBodyPart[] | undefined;
  /** `# @key value` lines: `no-redirect` without -L, `no-reject-unauthorized` for -k... */
  readonly metadata: readonly (readonly [string, string])[];
  /** One sentence each about what the command asks that the request does not carry. */
  readonly warnings: readonly string[];
}

/** A piece of -d, --data-*, --json: `&` goes between -d pieces, nothing between --json pieces. */
interface DataPiece {
  readonly separator: '&' | '';
  readonly part: CurlBodyPart;
}

/** curl's options as read, before they become a request. */
interface Options {
  method?: string;
  urls: string[];
  headers: [string, string][];
  /** Lower-case names of curl's own headers that `-H 'Name:'` removes. */
  removed: Set<string>;
  data: DataPiece[];
  isJson: boolean;
  form: FormField[];
  isGet: boolean;
  isHead: boolean;
  upload?: string;
  user?: string;
  bearer?: string;
  userAgent?: string;
  referer?: string;
  cookies: string[];
  query: string[];
  isCompressed: boolean;
  isLocation: boolean;
  isInsecure: boolean;
  isHttp10: boolean;
  maxTimeS?: number;
  warnings: string[];
}

function commandError(message: string): HttpWireError {
  return new HttpWireError(ErrorCodes.curlCommand, message);
}

/**
 * Reads a curl command (as copied from a terminal, API documentation or a browser's "Copy as
 * cURL", bash or cmd) into the request it sends. Options that change nothing of the request
 * (`-s`, `-v`, `-o file`) are read silently; ones HTTP Wire has no equivalent for become warnings.
 * Throws HW_CURL_COMMAND when the text is not a curl command, a quote is never closed, or no URL
 * is given.
 */
export function parseCurlCommand(text: string): CurlRequest {
  // A command copied with the Markdown fence around it (```bash ... ```) is the command inside.
  const { words, warnings } = splitShellWords(text.trim().replace(/^```[\w-]*\r?\n/, '').replace(/\r?\n```$/, ''));
  const first = words[0];
  if (first === undefined || !/^(.*[/\\])?curl(\.exe)?$/i.test(first)) throw commandError('The text does not start with "curl", so it is not a curl command.');
  const o: Options = { urls: [], headers: [], removed: new Set(), data: [], isJson: false, form: [], isGet: false, isHead: false, cookies: [], query: [], isCompressed: false, isLocation: false, isInsecure: false, isHttp10: false, warnings: [...new Set(warnings)] };
  readOptions(words.slice(1), o);
  const url = o.urls[0];
  if (url === undefined) throw commandError('The curl command names no URL.');
  if (o.urls.length > 1) o.warnings.push(`The command names ${o.urls.length} URLs; the request is made for the first one.`);
  return buildRequest(url, o);
}

function readOptions(args: readonly string[], o: Options): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = (name: string): string => {
      const value = args[++i];
      if (value === undefined) throw commandError(`The curl option ${name} has no value after it.`);
      return value;
    };
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      // curl itself has no --name=value; people write it, and the intent is clear.
      const name = eq !== -1 && OPTIONS_WITH_VALUE.has(arg.slice(2, eq)) ? arg.slice(2, eq) : arg.slice(2);
      const value = name.length + 2 < arg.length ? arg.slice(eq + 1) : OPTIONS_WITH_VALUE.has(name) ? next(`--${name}`) : undefined;
      applyOption(name, value, o);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // Combined short options (-sSL); one that takes a value takes the rest of the word (-XPOST) or the next word.
      for (let k = 1; k < arg.length; k++) {
        const name = SHORT_OPTIONS[arg[k]!];
        if (name === undefined) {
          o.warnings.push(`The curl option -${arg[k]} is not known to HTTP Wire and was left out.`);
          continue;
        }
        if (!OPTIONS_WITH_VALUE.has(name)) {
          applyOption(name, undefined, o);
          continue;
        }
        applyOption(name, k + 1 < arg.length ? arg.slice(k + 1) : next(`-${arg[k]}`), o);
        break;
      }
    } else {
      o.urls.push(arg);
    }
  }
}

function applyOption(name: string, value: string | undefined, o: Options): void {
  const v = value ?? '';
  switch (name) {
    case 'request':
      o.method = v;
      return;
    case 'url':
      o.urls.push(v);
      return;
    case 'header':
      return addHeaderOption(v, o);
    case 'data':
    case 'data-ascii':
    case 'data-binary':
    case 'data-raw':
    case 'json':
      return addData(name, v, o);
    case 'data-urlencode':
      o.data.push({ separator: '&', part: { type: 'text', text: urlEncodeOption(v, o, '--data-urlencode') } });
      return;
    case 'url-query':
      o.query.push(v.startsWith('+') ? v.slice(1) : urlEncodeOption(v, o, '--url-query'));
      return;
    case 'form':
    case 'form-string':
      return addFormField(v, name === 'form-string', o);
    case 'get':
      o.isGet = true;
      return;
    case 'head':
      o.isHead = true;
      return;
    case 'upload-file':
      o.upload = v;
      return;
    case 'user':
      o.user = v;
      return;
    case 'oauth2-bearer':
      o.bearer = v;
      return;
    case 'user-agent':
      o.userAgent = v;
      return;
    case 'referer':
      // `;auto` asks curl to set the Referer on redirects too; the first request carries the rest.
      o.referer = v.replace(/;auto$/, '');
      return;
    case 'cookie':
      if (v.includes('=')) o.cookies.push(v);
      else o.warnings.push(`-b ${v} names a cookie file, which HTTP Wire does not read: it keeps its own cookie jar.`);
      return;
    case 'compressed':
      o.isCompressed = true;
      return;
    case 'location':
    case 'location-trusted':
      o.isLocation = true;
      return;
    case 'insecure':
      o.isInsecure = true;
      return;
    case 'http1.0':
      o.isHttp10 = true;
      return;
    case 'max-time': {
      const seconds = Number(v);
      if (Number.isFinite(seconds) && seconds > 0) o.maxTimeS = seconds;
      return;
    }
    case 'max-redirs':
      // HTTP Wire follows up to its own limit; a command copied from it names that limit.
      if (Number(v) !== DEFAULT_SEND_OPTIONS.maxRedirects) o.warnings.push(`--max-redirs ${v} has no equivalent in a .http request: HTTP Wire follows up to ${DEFAULT_SEND_OPTIONS.maxRedirects} redirects.`);
      return;
    case 'digest':
    case 'ntlm':
    case 'negotiate':
      o.warnings.push(`HTTP Wire has no ${name} authentication (--${name}); the request is sent without it.`);
      return;
    case 'next':
      o.warnings.push('The command holds several requests (--next); only the first one was read.');
      return;
  }
  if (HARMLESS_FLAGS.has(name) || HARMLESS_WITH_VALUE.has(name) || name.startsWith('no-')) return;
  const shown = value === undefined ? `--${name}` : `--${name} ${value}`;
  const known = OPTIONS_WITH_VALUE.has(name) || Object.values(SHORT_OPTIONS).includes(name);
  o.warnings.push(known ? `The curl option ${shown} has no equivalent in a .http request and was left out.` : `The curl option --${name} is not known to HTTP Wire and was left out.`);
}

/** `-H 'Name: value'`; `-H 'Name:'` removes one of curl's own headers; `-H 'Name;'` sends it empty. */
function addHeaderOption(v: string, o: Options): void {
  if (v.startsWith('@')) {
    o.warnings.push(`-H ${v} reads headers from a file, which HTTP Wire does not do; add them to the request.`);
    return;
  }
  const colon = v.indexOf(':');
  if (colon === -1) {
    if (/^[^\s;]+;\s*$/.test(v)) o.headers.push([v.slice(0, v.indexOf(';')), '']);
    else o.warnings.push(`-H ${v} is not a "Name: value" header and was left out.`);
    return;
  }
  const name = v.slice(0, colon).trim();
  const headerValue = v.slice(colon + 1).trim();
  if (headerValue === '') o.removed.add(name.toLowerCase());
  else o.headers.push([name, headerValue]);
}

function addData(name: string, v: string, o: Options): void {
  const separator = name === 'json' ? '' : '&';
  if (name === 'json') o.isJson = true;
  if (name === 'data-raw' || !v.startsWith('@')) {
    o.data.push({ separator, part: { type: 'text', text: v } });
    return;
  }
  const file = v.slice(1);
  if (file === '-') {
    o.warnings.push(`--${name} @- reads the body from standard input, which a .http file cannot: add the body to the request.`);
    return;
  }
  // -d @file and --data-ascii @file drop the file's line breaks; --data-binary and --json keep them.
  if (name === 'data' || name === 'data-ascii') o.warnings.push(`curl drops the line breaks of ${file} (--${name} @file); HTTP Wire sends the file as it is (curl's --data-binary).`);
  o.data.push({ separator, part: { type: 'file', path: file } });
}

/**
 * What --data-urlencode and --url-query make of content: every byte but the RFC 3986 unreserved
 * characters as %XX, and a space as `+` (form encoding; curl 7.x and 8.x on the wire, checked
 * against curl 7.88 in the tests).
 */
export function curlEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `--data-urlencode` and `--url-query` forms: `content`, `=content`, `name=content`, `@file`, `name@file`. */
function urlEncodeOption(v: string, o: Options, option: string): string {
  const eq = v.indexOf('=');
  const at = v.indexOf('@');
  if (at !== -1 && (eq === -1 || at < eq)) {
    o.warnings.push(`${option} ${v} URL-encodes a file's content, which a .http request cannot; the name was kept without a value.`);
    return at === 0 ? '' : `${v.slice(0, at)}=`;
  }
  if (eq === -1) return curlEscape(v);
  return eq === 0 ? curlEscape(v.slice(1)) : `${v.slice(0, eq)}=${curlEscape(v.slice(eq + 1))}`;
}

/** `-F name=value`, `-F name=@file;type=...;filename=...`, `-F name=<file`. */
function addFormField(v: string, isString: boolean, o: Options): void {
  const eq = v.indexOf('=');
  if (eq === -1) {
    o.warnings.push(`-F ${v} is not name=content and was left out.`);
    return;
  }
  const name = v.slice(0, eq);
  let content = v.slice(eq + 1);
  if (isString) {
    o.form.push({ name, value: { type: 'text', text: content } });
    return;
  }
  let type: string | undefined;
  let filename: string | undefined;
  // ;type= and ;filename= after the content (curl's formparse), outermost last.
  for (let m = /;(type|filename)=("[^"]*"|[^;]*)$/.exec(content); m !== null; m = /;(type|filename)=("[^"]*"|[^;]*)$/.exec(content)) {
    const value = m[2]!.replace(/^"(.*)"$/, '$1');
    if (m[1] === 'type') type = value;
    else filename = value;
    content = content.slice(0, m.index);
  }
  if (content.startsWith('@') || content.startsWith('<')) {
    const file = content.slice(1).replace(/^"(.*)"$/, '$1');
    if (file === '-') {
      o.warnings.push(`-F ${v} reads standard input, which a .http file cannot; the field was left out.`);
      return;
    }
    const isUpload = content.startsWith('@');
    o.form.push({ name, value: { type: 'file', path: file }, ...(isUpload ? { filename: filename ?? path.basename(file) } : {}), ...(type !== undefined || isUpload ? { contentType: type ?? contentTypeForFile(file) } : {}) });
    return;
  }
  o.form.push({ name, value: { type: 'text', text: content.replace(/^"(.*)"$/, '$1') }, ...(type !== undefined ? { contentType: type } : {}) });
}

/** curl's guess of a file's type from its extension (lib/mime.c), else application/octet-stream. */
function contentTypeForFile(file: string): string {
  const types: Readonly<Record<string, string>> = { gif: 'image/gif', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', svg: 'image/svg+xml', txt: 'text/plain', htm: 'text/html', html: 'text/html', pdf: 'application/pdf', xml: 'application/xml' };
  return types[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

function joinData(pieces: readonly DataPiece[]): CurlBodyPart[] {
  const parts: CurlBodyPart[] = [];
  const addText = (text: string): void => {
    const last = parts[parts.length - 1];
    if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: last.text + text };
    else if (text !== '') parts.push({ type: 'text', text });
  };
  pieces.forEach(({ separator, part }, i) => {
    if (i > 0) addText(separator);
    if (part.type === 'file') parts.push(part);
    else addText(part.text);
  });
  return parts;
}

function hasHeader(headers: readonly (readonly [string, string])[], name: string): boolean {
  return headers.some(([n]) => isSameName(n, name));
}

function buildRequest(written: string, o: Options): CurlRequest {
  let url = written;
  const headers: [string, string][] = [];
  let body: CurlBodyPart[] | undefined;
  const own = (name: string, value: string | undefined): void => {
    if (value !== undefined && !o.removed.has(name.toLowerCase()) && !hasHeader(o.headers, name)) headers.push([name, value]);
  };
  // curl's own headers come before -H ones (lib/http.c); a -H header of the same name replaces one.
  if (o.user !== undefined) {
    if (!o.user.includes(':')) o.warnings.push(`curl would ask for the password of "${o.user}"; the request sends it with an empty password.`);
    own('Authorization', `Basic ${Buffer.from(o.user.includes(':') ? o.user : `${o.user}:`, 'utf8').toString('base64')}`);
  } else if (o.bearer !== undefined) own('Authorization', `Bearer ${o.bearer}`);
  own('User-Agent', o.userAgent);
  if (o.isCompressed) own('Accept-Encoding', DEFAULT_ACCEPT_ENCODING);
  own('Referer', o.referer);
  if (o.cookies.length > 0) own('Cookie', o.cookies.join('; '));
  headers.push(...o.headers);
  if (o.query.length > 0) url += (url.includes('?') ? '&' : '?') + o.query.join('&');
  let method = o.isHead ? 'HEAD' : 'GET';
  if (o.data.length > 0 && (o.isGet || o.isHead)) {
    // -G: the data goes into the query (curl adds `?` or `&`).
    const parts = joinData(o.data);
    if (parts.some((p) => p.type === 'file')) o.warnings.push('-G puts the data in the URL, but a file cannot go there; it was left out.');
    url += (url.includes('?') ? '&' : '?') + parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
  } else if (o.data.length > 0) {
    method = 'POST';
    body = joinData(o.data);
    if (o.isJson) {
      own('Content-Type', 'application/json');
      own('Accept', 'application/json');
    } else own('Content-Type', 'application/x-www-form-urlencoded');
  } else if (o.form.length > 0) {
    method = 'POST';
    const multipart = multipartBody(o.form);
    const written = headers.findIndex(([n]) => isSameName(n, 'content-type'));
    const type = `multipart/form-data; boundary=${multipart.boundary}`;
    if (written === -1) own('Content-Type', type);
    else if (!/boundary=/i.test(headers[written]![1])) headers[written] = [headers[written]![0], `${headers[written]![1]}; boundary=${multipart.boundary}`];
    body = multipart.parts;
  } else if (o.upload !== undefined) {
    if (o.upload === '-' || o.upload === '.') o.warnings.push(`-T ${o.upload} uploads standard input, which a .http file cannot: add the body to the request.`);
    else {
      method = 'PUT';
      body = [{ type: 'file', path: o.upload }];
      // curl appends the file's name to a URL that ends with a slash.
      if (/^([a-z]+:\/\/)?[^/]+\/(.*\/)?$/i.test(url)) url += path.basename(o.upload);
    }
  }
  const metadata: [string, string][] = [];
  if (!o.isLocation) metadata.push(['no-redirect', '']);
  if (o.isInsecure) metadata.push(['no-reject-unauthorized', '']);
  if (o.maxTimeS !== undefined) metadata.push(['timeout', String(Math.round(o.maxTimeS * 1000))]);
  return { method: o.method ?? method, url, httpVersion: o.isHttp10 ? 'HTTP/1.0' : 'HTTP/1.1', headers, body, metadata, warnings: [...new Set(o.warnings)] };
}
