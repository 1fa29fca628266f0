/**
 * Reads response vectors written in Markdown, in the manner of llhttp's `test/response/*.md`.
 *
 * A file is a `# Title`, some prose, then cases. Every `##` or `###` heading starts a case, and
 * under it come, in this order:
 *   1. prose: at least one sentence saying what the case shows and why;
 *   2. optionally a line `<!-- meta={...} -->` with options (see `VectorMeta`);
 *   3. one ```http block: the raw bytes the server sends;
 *   4. one ```json block: the expected result (see `Expected`).
 *
 * How an ```http block becomes bytes:
 *   - Every line of the block, the last one included, is followed by CRLF, or by LF alone when the
 *     case's meta says `"lf": true`. So a block whose last line is empty ends with the CRLF CRLF
 *     that closes a header block, and what you see is one line end per line.
 *   - A line that ends in a lone `\` gets no line end; the backslash itself is dropped. That is
 *     how a case ends without a line end (a body, a truncated response), and how `\n\` writes a
 *     bare LF in the middle of CRLF text.
 *   - Escapes: `\r` CR, `\n` LF, `\t` HTAB, `\0` NUL (never octal), `\\` one backslash, and `\xNN`
 *     one byte given by two hex digits. Any other backslash sequence is an error in the file.
 *   - Every other character is written as its UTF-8 bytes: `á` is the two bytes C3 A1, while
 *     `\xE1` is the one ISO-8859-1 byte for the same letter.
 *   - The Markdown file's own line ends are read as LF (a CRLF checkout changes nothing), so a CR
 *     on the wire is always written. Trailing spaces do count; where they matter, write `\x20` or
 *     `\t` so that an editor trimming whitespace cannot change the vector.
 *
 * Strings in the ```json block (reason, header names and values, body) are the received bytes
 * read as latin1: one character per byte, so byte E1 is `"\u00e1"` and NUL is `"\u0000"`.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Options of one case, from its `<!-- meta={...} -->` line. */
export interface VectorMeta {
  /** Run the input only whole and dripped byte by byte, not split at every byte. */
  readonly noSplit?: boolean;
  /** Line ends of the http block are a bare LF, not CRLF. */
  readonly lf?: boolean;
  /** Method of the request this answers; `HEAD` means the response has no body. */
  readonly method?: string;
  /** Limit of one header block (and of the trailers); the runner's default applies otherwise. */
  readonly maxHeaderBytes?: number;
  /** The server closes the connection after the input: `finish()` runs if the response is not complete. */
  readonly eof?: boolean;
}

/** A status line and headers, as expected. Omitted fields are not checked. */
export interface ExpectedHead {
  readonly httpVersion?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/**
 * A parsed response. `status`, `headers` and `body` are always checked; other omitted fields are not,
 * except `consumed` (defaults to every byte of the input) and `complete` (defaults to true).
 */
export interface ExpectedResponse extends ExpectedHead {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** The body with the chunk framing removed, read as latin1. */
  readonly body: string;
  /** 1xx answers before the final one; the array's length is always checked when given. */
  readonly informational?: readonly ExpectedHead[];
  readonly trailers?: readonly (readonly [string, string])[];
  readonly keepAlive?: boolean;
  readonly framing?: 'length' | 'chunked' | 'close' | 'none';
  /** Transfer codings other than the final chunked, e.g. `["gzip"]`. */
  readonly transferCodings?: readonly string[];
  /** Bytes of the input that belong to this response; the rest is the next response's. */
  readonly consumed?: number;
  /** False for a response still waiting for bytes when the input ends (and no `eof`). */
  readonly complete?: boolean;
}

/** A failure: the error code, a substring its message must contain, and optionally its offset. */
export interface ExpectedError {
  readonly error: string;
  readonly message: string;
  readonly offset?: number;
}

export type Expected = ExpectedResponse | ExpectedError;

export interface Vector {
  /** File name, e.g. `chunked.md`. */
  readonly file: string;
  /** 1-based line of the case's heading. */
  readonly line: number;
  readonly heading: string;
  /** The prose under the heading. */
  readonly description: string;
  readonly meta: VectorMeta;
  readonly input: Buffer;
  readonly expected: Expected;
}

export function isExpectedError(e: Expected): e is ExpectedError {
  return 'error' in e;
}

const META_KEYS: Record<keyof VectorMeta, string> = {
  noSplit: 'boolean',
  lf: 'boolean',
  method: 'string',
  maxHeaderBytes: 'number',
  eof: 'boolean',
};
const RESPONSE_KEYS = new Set(['informational', 'httpVersion', 'status', 'reason', 'headers', 'body', 'trailers', 'keepAlive', 'framing', 'transferCodings', 'consumed', 'complete']);
const HEAD_KEYS = new Set(['httpVersion', 'status', 'reason', 'headers']);
const ERROR_KEYS = new Set(['error', 'message', 'offset']);

class VectorFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

/**
 * Turns the lines of an ```http block into bytes, by the rules at the top of this file.
 * `where` names the block's first line in error messages.
 */
export function decodeHttpBlock(lines: readonly string[], lineEnd: '\r\n' | '\n', where = 'http block'): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((line, n) => {
    let text = '';
    const flush = (): void => {
      if (text !== '') parts.push(Buffer.from(text, 'utf8'));
      text = '';
    };
    let hasLineEnd = true;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c !== '\\') {
        text += c;
        continue;
      }
      const next = line[i + 1];
      if (next === undefined) {
        hasLineEnd = false;
        break;
      }
      i++;
      const simple: Record<string, number> = { r: 13, n: 10, t: 9, '0': 0, '\\': 92 };
      let byte = simple[next];
      if (byte === undefined && next === 'x') {
        const hex = line.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error(`${where} +${n}: \\x needs two hex digits, got ${JSON.stringify(hex)}`);
        byte = parseInt(hex, 16);
        i += 2;
      }
      if (byte === undefined) throw new Error(`${where} +${n}: unknown escape \\${next} (write \\\\ for a backslash)`);
      flush();
      parts.push(Buffer.of(byte));
    }
    flush();
    if (hasLineEnd) parts.push(Buffer.from(lineEnd, 'latin1'));
  });
  return Buffer.concat(parts);
}

function checkMeta(meta: unknown, fail: (m: string) => never): VectorMeta {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) fail('meta must be a JSON object');
  for (const [key, value] of Object.entries(meta)) {
    const type = (META_KEYS as Record<string, string>)[key];
    if (type === undefined) fail(`unknown meta key ${JSON.stringify(key)}`);
    if (typeof value !== type) fail(`meta ${key} must be a ${type}`);
  }
  return meta as VectorMeta;
}

function isHeaderList(v: unknown): boolean {
  return Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string');
}

function checkHead(head: Record<string, unknown>, keys: ReadonlySet<string>, fail: (m: string) => never): void {
  for (const key of Object.keys(head)) if (!keys.has(key)) fail(`unknown key ${JSON.stringify(key)} in the expected result`);
  if ('status' in head && typeof head.status !== 'number') fail('status must be a number');
  if ('headers' in head && !isHeaderList(head.headers)) fail('headers must be [name, value] pairs');
  for (const key of ['httpVersion', 'reason']) if (key in head && typeof head[key] !== 'string') fail(`${key} must be a string`);
}

function checkExpected(value: unknown, fail: (m: string) => never): Expected {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('the json block must be an object');
  const e = value as Record<string, unknown>;
  if ('error' in e) {
    for (const key of Object.keys(e)) if (!ERROR_KEYS.has(key)) fail(`unknown key ${JSON.stringify(key)} in an expected error`);
    if (typeof e.error !== 'string' || !/^HW_[A-Z_]+$/.test(e.error)) fail('error must be a code like "HW_PROTOCOL"');
    // The message must say what was wrong, so a case always names a part of it.
    if (typeof e.message !== 'string' || e.message === '') fail('an expected error needs a non-empty "message" substring');
    if ('offset' in e && typeof e.offset !== 'number') fail('offset must be a number');
    return e as unknown as ExpectedError;
  }
  checkHead(e, RESPONSE_KEYS, fail);
  for (const key of ['status', 'headers', 'body']) if (!(key in e)) fail(`a successful case must give "${key}"`);
  if (typeof e.body !== 'string') fail('body must be a string');
  if ('trailers' in e && !isHeaderList(e.trailers)) fail('trailers must be [name, value] pairs');
  if ('informational' in e) {
    if (!Array.isArray(e.informational)) fail('informational must be an array');
    for (const head of e.informational as unknown[]) {
      if (typeof head !== 'object' || head === null) fail('informational entries must be objects');
      checkHead(head as Record<string, unknown>, HEAD_KEYS, fail);
    }
  }
  if ('framing' in e && !['length', 'chunked', 'close', 'none'].includes(e.framing as string)) fail('framing must be length, chunked, close or none');
  for (const key of ['keepAlive', 'complete']) if (key in e && typeof e[key] !== 'boolean') fail(`${key} must be a boolean`);
  if ('consumed' in e && typeof e.consumed !== 'number') fail('consumed must be a number');
  if ('transferCodings' in e && !(Array.isArray(e.transferCodings) && e.transferCodings.every((t) => typeof t === 'string'))) fail('transferCodings must be strings');
  return e as unknown as ExpectedResponse;
}

interface Draft {
  line: number;
  heading: string;
  prose: string[];
  meta?: VectorMeta;
  http?: { line: number; lines: string[] };
  json?: { line: number; text: string };
}

/** Parses the text of one vector file. `file` names it in test names and error messages. */
export function parseVectorMarkdown(markdown: string, file: string): Vector[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const vectors: Vector[] = [];
  let draft: Draft | undefined;

  const finishDraft = (): void => {
    if (draft === undefined) return;
    const d = draft;
    const fail = (m: string): never => {
      throw new VectorFileError(file, d.line, `case "${d.heading}": ${m}`);
    };
    const description = d.prose.join(' ').trim();
    if (description === '') fail('needs a sentence under its heading');
    if (d.http === undefined) fail('needs an ```http block');
    if (d.json === undefined) fail('needs a ```json block');
    const meta = d.meta ?? {};
    const input = decodeHttpBlock(d.http!.lines, meta.lf === true ? '\n' : '\r\n', `${file}:${d.http!.line}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(d.json!.text);
    } catch (err) {
      fail(`invalid JSON at line ${d.json!.line}: ${(err as Error).message}`);
    }
    vectors.push({ file, line: d.line, heading: d.heading, description, meta, input, expected: checkExpected(parsed, fail) });
    draft = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const lineNo = i + 1;
    const fence = /^```(\w*)\s*$/.exec(text);
    if (fence) {
      const lang = fence[1]!;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
      if (j === lines.length) throw new VectorFileError(file, lineNo, 'unclosed ``` block');
      i = j;
      if (draft === undefined) throw new VectorFileError(file, lineNo, 'a ``` block outside any ## case');
      if (lang === 'http') {
        if (draft.http !== undefined) throw new VectorFileError(file, lineNo, 'a second ```http block in one case');
        draft.http = { line: lineNo + 1, lines: body };
      } else if (lang === 'json') {
        if (draft.json !== undefined) throw new VectorFileError(file, lineNo, 'a second ```json block in one case');
        if (draft.http === undefined) throw new VectorFileError(file, lineNo, 'the ```json block comes after the ```http block');
        draft.json = { line: lineNo + 1, text: body.join('\n') };
      } else {
        throw new VectorFileError(file, lineNo, `unexpected block language ${JSON.stringify(lang)} (http or json)`);
      }
      continue;
    }
    const heading = /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading) {
      finishDraft();
      draft = { line: lineNo, heading: heading[2]!, prose: [] };
      continue;
    }
    const meta = /^<!--\s*meta=(.*?)\s*-->\s*$/.exec(text);
    if (meta) {
      if (draft === undefined) throw new VectorFileError(file, lineNo, 'meta outside any ## case');
      if (draft.meta !== undefined || draft.http !== undefined) throw new VectorFileError(file, lineNo, 'meta must come once, before the ```http block');
      let value: unknown;
      try {
        value = JSON.parse(meta[1]!);
      } catch (err) {
        throw new VectorFileError(file, lineNo, `invalid meta JSON: ${(err as Error).message}`);
      }
      draft.meta = checkMeta(value, (m) => {
        throw new VectorFileError(file, lineNo, m);
      });
      continue;
    }
    if (draft !== undefined && draft.http === undefined && text.trim() !== '' && !text.startsWith('<!--')) draft.prose.push(text.trim());
  }
  finishDraft();
  return vectors;
}

/** Reads one vector file from disk. */
export function readVectorFile(filePath: string): Vector[] {
  return parseVectorMarkdown(fs.readFileSync(filePath, 'utf8'), path.basename(filePath));
}
