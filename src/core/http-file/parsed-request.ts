import { buildBody } from './body';
import { foldHeaderLine, readHeaderLine } from './header-line';
import type { SplitLines } from './lines';
import type { Body, BodyKind, Header, HttpRequest, LineRange, Metadata, RequestLine, UnsupportedBlock } from './model';

/**
 * What a file's requests read their headers and bodies from, shared by all of them:
 * - `split`: the file's text and line offsets;
 * - `headerLines`: per request, the lines of its header block that make its headers, in order: a
 *   line number for a header line, its bitwise NOT (negative) for an obs-fold line that continues
 *   the header before it;
 * - `bodyLines`: per request, the lines of its body.
 * Each request knows its slice of both lists.
 */
export interface RequestSource {
  readonly split: SplitLines;
  readonly headerLines: number[];
  readonly bodyLines: number[];
}

/** The headers recorded in `source.headerLines[from, to)`, as `Header` objects in file order. */
export function readHeaders(source: RequestSource, from: number, to: number): Header[] {
  const headers: Header[] = [];
  const { split, headerLines } = source;
  for (let k = from; k < to; k++) {
    const entry = headerLines[k]!;
    if (entry < 0) {
      headers.push(foldHeaderLine(headers.pop()!, split, ~entry));
      continue;
    }
    const header = readHeaderLine(split, entry);
    if (header !== undefined) headers.push(header);
  }
  return headers;
}

/** The body of `kind` on the lines `source.bodyLines[from, to)`; undefined without a kind. */
export function readBody(source: RequestSource, kind: BodyKind | undefined, from: number, to: number): Body | undefined {
  if (kind === undefined) return undefined;
  return buildBody(kind, source.split, source.bodyLines.slice(from, to));
}

/** Where a request's headers and body are in its source (see `RequestSource`). */
export interface RequestSlots {
  readonly headersFrom: number;
  readonly headersTo: number;
  /** Undefined when the request has no body. */
  readonly bodyKind: BodyKind | undefined;
  readonly bodyFrom: number;
  readonly bodyTo: number;
}

/**
 * A request of a parsed file. Line ranges, the request line and metadata are read with the file;
 * headers and body are made from the file's text when first asked for. The editor asks for them
 * only for the request being sent or shown, so a 5,000-request file holds 5,000 small objects, not
 * every header and body as strings and objects, and parsing it stays fast.
 *
 * Private fields keep the source out of `assert.deepStrictEqual` and enumeration; `toJSON` gives
 * the whole request as plain data.
 */
export class ParsedRequest implements HttpRequest {
  readonly #source: RequestSource;
  readonly #headersFrom: number;
  readonly #headersTo: number;
  readonly #bodyKind: BodyKind | undefined;
  readonly #bodyFrom: number;
  readonly #bodyTo: number;
  #headers: readonly Header[] | undefined;
  #body: { readonly value: Body | undefined } | undefined;

  constructor(
    readonly index: number,
    readonly name: string | undefined,
    readonly title: string | undefined,
    readonly range: LineRange,
    readonly extent: LineRange,
    readonly metadata: readonly Metadata[],
    readonly requestLine: RequestLine,
    readonly unsupported: readonly UnsupportedBlock[],
    readonly pastedResponse: LineRange | undefined,
    source: RequestSource,
    slots: RequestSlots,
  ) {
    // Copied into fields, so the slots object the parser passes is not kept.
    this.#source = source;
    this.#headersFrom = slots.headersFrom;
    this.#headersTo = slots.headersTo;
    this.#bodyKind = slots.bodyKind;
    this.#bodyFrom = slots.bodyFrom;
    this.#bodyTo = slots.bodyTo;
  }

  get headers(): readonly Header[] {
    return (this.#headers ??= readHeaders(this.#source, this.#headersFrom, this.#headersTo));
  }

  get body(): Body | undefined {
    return (this.#body ??= { value: readBody(this.#source, this.#bodyKind, this.#bodyFrom, this.#bodyTo) }).value;
  }

  toJSON(): HttpRequest {
    const { index, name, title, range, extent, metadata, requestLine, headers, body, unsupported, pastedResponse } = this;
    return { index, name, title, range, extent, metadata, requestLine, headers, body, unsupported, pastedResponse };
  }
}
