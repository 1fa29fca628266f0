import { buildBody } from './body';
import { foldHeaderLine, readHeaderLine } from './header-line';
import { readMetadataAt } from './line-kinds';
import { skipSpacesIn, type SplitLines } from './lines';
import type { Body, BodyKind, Header, HttpRequest, LineRange, Metadata, RequestLine, UnsupportedBlock } from './model';

/**
 * What a file's requests read their headers and bodies from, shared by all of them:
 * - `split`: the file's text and line offsets;
 * - `headerLines`: per request, the lines of its header block that make its headers, in order: a
 *   line number for a header line, its bitwise NOT (negative) for an obs-fold line that continues
 *   the header before it;
 * - `bodyLines`: per request, the lines of its body;
 * - `metadataLines`: per request, its `# @key value` lines.
 * Each request knows its slice of each list.
 */
export interface RequestSource {
  readonly split: SplitLines;
  readonly headerLines: number[];
  readonly bodyLines: number[];
  readonly metadataLines: number[];
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

/** The metadata recorded in `source.metadataLines[from, to)`, in file order. */
export function readMetadata(source: RequestSource, from: number, to: number): Metadata[] {
  const { text, starts, ends } = source.split;
  const metadata: Metadata[] = [];
  for (let k = from; k < to; k++) {
    const i = source.metadataLines[k]!;
    const m = readMetadataAt(text, skipSpacesIn(text, starts[i]!, ends[i]!), ends[i]!, i);
    if (m !== undefined) metadata.push(m);
  }
  return metadata;
}

/** Where a request's parts are in its source (see `RequestSource`), and its line ranges. */
export interface RequestSlots {
  readonly headersFrom: number;
  readonly headersTo: number;
  /** Undefined when the request has no body. */
  readonly bodyKind: BodyKind | undefined;
  readonly bodyFrom: number;
  readonly bodyTo: number;
  readonly metadataFrom: number;
  readonly metadataTo: number;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly extentStart: number;
  readonly extentEnd: number;
}

/**
 * A request of a parsed file. Its name, title and request line are read with the file; its line
 * ranges, metadata, headers and body are made from numbers and the file's text when first asked
 * for. The editor asks for them only for the requests it shows or sends, so a 5,000-request file
 * holds 5,000 small objects rather than every header, body and range as strings and objects, and
 * parsing it stays fast (the garbage collector copies what a parse keeps).
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
  readonly #metadataFrom: number;
  readonly #metadataTo: number;
  readonly #rangeStart: number;
  readonly #rangeEnd: number;
  readonly #extentStart: number;
  readonly #extentEnd: number;
  #range: LineRange | undefined;
  #extent: LineRange | undefined;
  #metadata: readonly Metadata[] | undefined;
  #headers: readonly Header[] | undefined;
  #body: { readonly value: Body | undefined } | undefined;

  constructor(
    readonly index: number,
    readonly name: string | undefined,
    readonly title: string | undefined,
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
    this.#metadataFrom = slots.metadataFrom;
    this.#metadataTo = slots.metadataTo;
    this.#rangeStart = slots.rangeStart;
    this.#rangeEnd = slots.rangeEnd;
    this.#extentStart = slots.extentStart;
    this.#extentEnd = slots.extentEnd;
  }

  get range(): LineRange {
    return (this.#range ??= { startLine: this.#rangeStart, endLine: this.#rangeEnd });
  }

  get extent(): LineRange {
    return (this.#extent ??= { startLine: this.#extentStart, endLine: this.#extentEnd });
  }

  get metadata(): readonly Metadata[] {
    return (this.#metadata ??= this.#metadataTo === this.#metadataFrom ? [] : readMetadata(this.#source, this.#metadataFrom, this.#metadataTo));
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
