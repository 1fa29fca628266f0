import { buildBody } from './body';
import { foldHeaderLine, readHeaderLine } from './header-line';
import { IntList } from './int-list';
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
 * - `metadataLines`: per request, its `# @key value` lines;
 * - `slots`: per request, its slices of those lists and its line ranges.
 */
export interface RequestSource {
  readonly split: SplitLines;
  readonly headerLines: IntList;
  readonly bodyLines: IntList;
  readonly metadataLines: IntList;
  readonly slots: SlotTable;
}

/** The headers recorded in `source.headerLines[from, to)`, as `Header` objects in file order. */
export function readHeaders(source: RequestSource, from: number, to: number): Header[] {
  const headers: Header[] = [];
  const { split, headerLines } = source;
  for (let k = from; k < to; k++) {
    const entry = headerLines.get(k);
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
  return buildBody(kind, source.split, source.bodyLines.view(from, to));
}

/** The metadata recorded in `source.metadataLines[from, to)`, in file order. */
export function readMetadata(source: RequestSource, from: number, to: number): Metadata[] {
  const { text, starts, ends } = source.split;
  const metadata: Metadata[] = [];
  for (let k = from; k < to; k++) {
    const i = source.metadataLines.get(k);
    const m = readMetadataAt(text, skipSpacesIn(text, starts[i]!, ends[i]!), ends[i]!, i);
    if (m !== undefined) metadata.push(m);
  }
  return metadata;
}

/** Where a request's parts are in its source (see `RequestSource`), and its line ranges. */
export interface RequestSlots {
  headersFrom: number;
  headersTo: number;
  /** Undefined when the request has no body. */
  bodyKind: BodyKind | undefined;
  bodyFrom: number;
  bodyTo: number;
  metadataFrom: number;
  metadataTo: number;
  rangeStart: number;
  rangeEnd: number;
  extentStart: number;
  extentEnd: number;
}

const BODY_KINDS: readonly BodyKind[] = ['json', 'xml', 'form', 'graphql', 'multipart', 'text'];
const FIELDS = 11;

/**
 * Every request's slots as numbers in one typed array, outside the JavaScript heap: the garbage
 * collector neither scans nor copies them, which on a 5,000-request file is most of what a parse
 * keeps besides the request lines.
 */
export class SlotTable {
  private readonly ints: IntList;

  /** `rows` is a guess of the number of requests. */
  constructor(rows: number) {
    this.ints = new IntList(rows * FIELDS);
  }

  /** Stores `slots`; returns the row to read them back from. */
  add(slots: RequestSlots): number {
    const ints = this.ints;
    const row = ints.length / FIELDS;
    ints.push(slots.headersFrom);
    ints.push(slots.headersTo);
    ints.push(slots.bodyKind === undefined ? -1 : BODY_KINDS.indexOf(slots.bodyKind));
    ints.push(slots.bodyFrom);
    ints.push(slots.bodyTo);
    ints.push(slots.metadataFrom);
    ints.push(slots.metadataTo);
    ints.push(slots.rangeStart);
    ints.push(slots.rangeEnd);
    ints.push(slots.extentStart);
    ints.push(slots.extentEnd);
    return row;
  }

  get(row: number, field: number): number {
    return this.ints.get(row * FIELDS + field);
  }

  trim(): void {
    this.ints.trim();
  }

  bodyKind(row: number): BodyKind | undefined {
    return BODY_KINDS[this.get(row, 2)];
  }
}

/** Field numbers in a SlotTable row. */
const Field = { headersFrom: 0, headersTo: 1, bodyFrom: 3, bodyTo: 4, metadataFrom: 5, metadataTo: 6, rangeStart: 7, rangeEnd: 8, extentStart: 9, extentEnd: 10 } as const;

/** What a request makes on demand, in one object made on the first demand. */
interface Made {
  range?: LineRange;
  extent?: LineRange;
  metadata?: readonly Metadata[];
  headers?: readonly Header[];
  body?: { readonly value: Body | undefined };
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
  readonly #row: number;
  #made: Made | undefined;

  constructor(
    readonly index: number,
    readonly name: string | undefined,
    readonly title: string | undefined,
    readonly requestLine: RequestLine,
    readonly unsupported: readonly UnsupportedBlock[],
    readonly pastedResponse: LineRange | undefined,
    source: RequestSource,
    row: number,
  ) {
    this.#source = source;
    this.#row = row;
  }

  #slot(field: number): number {
    return this.#source.slots.get(this.#row, field);
  }

  get range(): LineRange {
    const made = (this.#made ??= {});
    return (made.range ??= { startLine: this.#slot(Field.rangeStart), endLine: this.#slot(Field.rangeEnd) });
  }

  get extent(): LineRange {
    const made = (this.#made ??= {});
    return (made.extent ??= { startLine: this.#slot(Field.extentStart), endLine: this.#slot(Field.extentEnd) });
  }

  get metadata(): readonly Metadata[] {
    const made = (this.#made ??= {});
    return (made.metadata ??= readMetadata(this.#source, this.#slot(Field.metadataFrom), this.#slot(Field.metadataTo)));
  }

  get headers(): readonly Header[] {
    const made = (this.#made ??= {});
    return (made.headers ??= readHeaders(this.#source, this.#slot(Field.headersFrom), this.#slot(Field.headersTo)));
  }

  get body(): Body | undefined {
    const made = (this.#made ??= {});
    const kind = this.#source.slots.bodyKind(this.#row);
    return (made.body ??= { value: readBody(this.#source, kind, this.#slot(Field.bodyFrom), this.#slot(Field.bodyTo)) }).value;
  }

  toJSON(): HttpRequest {
    const { index, name, title, range, extent, metadata, requestLine, headers, body, unsupported, pastedResponse } = this;
    return { index, name, title, range, extent, metadata, requestLine, headers, body, unsupported, pastedResponse };
  }
}
