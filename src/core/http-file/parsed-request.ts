import { buildBody, keepsCommentLines } from './body';
import { readHeaders } from './header-line';
import { readMetadataAt } from './line-kinds';
import { isCommentAt, skipSpacesIn, type SplitLines } from './lines';
import type { Body, BodyKind, Header, HttpRequest, LineRange, Metadata, RequestLine, UnsupportedBlock } from './model';
import type { LineNumbers, RequestSource } from './request-source';

/** A request's parts read with the file, and the numbers of the lines the others stand on. */
export interface RequestParts extends Pick<HttpRequest, 'index' | 'name' | 'title' | 'requestLine' | 'unsupported' | 'pastedResponse'> {
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly extentStart: number;
  readonly extentEnd: number;
  /**
   * Its entries in `source`: [metadataFrom, headersFrom) its `# @key value` lines, [headersFrom,
   * bodyFrom) its header lines (a line number per header line, its bitwise NOT per obs-fold line:
   * see `readHeaders`), [bodyFrom, bodyTo) its body's lines.
   */
  readonly source: RequestSource;
  readonly metadataFrom: number;
  readonly headersFrom: number;
  readonly bodyFrom: number;
  readonly bodyTo: number;
  /** Undefined when the request has no body. */
  readonly bodyKind: BodyKind | undefined;
}

/** What a request has made on demand, in one object made on the first demand. */
interface Made {
  range?: LineRange;
  extent?: LineRange;
  metadata?: readonly Metadata[];
  headers?: readonly Header[];
  body?: { readonly value: Body | undefined };
}

/**
 * A request of a parsed file. Its name, title and request line are read with the file; its line
 * ranges, metadata, headers and body are made from line numbers and the file's text when first
 * asked for, and kept. The editor asks for them only for the requests it shows or sends. A parse
 * keeps what it makes until it returns, so the garbage collector copies all of it: made at once,
 * the headers and bodies of the 5,000-request bench file took its parse from 19 to 33 ms (7.2 MB
 * kept instead of 2.5), and the ranges and metadata alone still cost about a fifth.
 *
 * Private fields keep the text out of `assert.deepStrictEqual` and enumeration; `toJSON` gives
 * the whole request as plain data.
 */
export class ParsedRequest implements HttpRequest {
  readonly index: number;
  readonly name: string | undefined;
  readonly title: string | undefined;
  readonly requestLine: RequestLine;
  readonly unsupported: readonly UnsupportedBlock[];
  readonly pastedResponse: LineRange | undefined;
  readonly #rangeStart: number;
  readonly #rangeEnd: number;
  readonly #extentStart: number;
  readonly #extentEnd: number;
  readonly #source: RequestSource;
  readonly #metadataFrom: number;
  readonly #headersFrom: number;
  readonly #bodyFrom: number;
  readonly #bodyTo: number;
  readonly #bodyKind: BodyKind | undefined;
  #made: Made | undefined;

  constructor(parts: RequestParts) {
    this.index = parts.index;
    this.name = parts.name;
    this.title = parts.title;
    this.requestLine = parts.requestLine;
    this.unsupported = parts.unsupported;
    this.pastedResponse = parts.pastedResponse;
    this.#rangeStart = parts.rangeStart;
    this.#rangeEnd = parts.rangeEnd;
    this.#extentStart = parts.extentStart;
    this.#extentEnd = parts.extentEnd;
    this.#source = parts.source;
    this.#metadataFrom = parts.metadataFrom;
    this.#headersFrom = parts.headersFrom;
    this.#bodyFrom = parts.bodyFrom;
    this.#bodyTo = parts.bodyTo;
    this.#bodyKind = parts.bodyKind;
  }

  /** The request's own lines: its `###` line or leading comments, up to its last non-blank line. */
  get range(): LineRange {
    const made = (this.#made ??= {});
    return (made.range ??= { startLine: this.#rangeStart, endLine: this.#rangeEnd });
  }

  /** The lines where the cursor selects this request: its whole block, blank lines included. */
  get extent(): LineRange {
    const made = (this.#made ??= {});
    return (made.extent ??= { startLine: this.#extentStart, endLine: this.#extentEnd });
  }

  get metadata(): readonly Metadata[] {
    const made = (this.#made ??= {});
    return (made.metadata ??= readMetadata(this.#source.split, this.#source.view(this.#metadataFrom, this.#headersFrom)));
  }

  get headers(): readonly Header[] {
    const made = (this.#made ??= {});
    return (made.headers ??= readHeaders(this.#source.split, this.#source.view(this.#headersFrom, this.#bodyFrom)));
  }

  get body(): Body | undefined {
    const made = (this.#made ??= {});
    const kind = this.#bodyKind;
    return (made.body ??= { value: kind === undefined ? undefined : buildBody(kind, this.#source.split, this.#source.view(this.#bodyFrom, this.#bodyTo)) }).value;
  }

  /**
   * Calls `visit` with each line whose `{{...}}` are sent, in file order: the request line and its
   * query continuation lines (`url`), the header lines, obs-fold lines included (`header`), and the
   * body's lines (`body`), without the comment lines a JSON or form body drops: those are not
   * sent. Line numbers are the file's, whatever the body dropped. For the reference index.
   */
  visitSentLines(visit: (split: SplitLines, line: number, part: 'url' | 'header' | 'body') => void): void {
    const source = this.#source;
    const split = source.split;
    const { line, endLine } = this.requestLine;
    for (let i = line; i <= endLine; i++) visit(split, i, 'url');
    for (let k = this.#headersFrom; k < this.#bodyFrom; k++) {
      const entry = source.at(k);
      visit(split, entry < 0 ? ~entry : entry, 'header');
    }
    const kind = this.#bodyKind;
    if (kind === undefined) return;
    const dropsComments = !keepsCommentLines(kind);
    const { text, starts, ends } = split;
    for (let k = this.#bodyFrom; k < this.#bodyTo; k++) {
      const i = source.at(k);
      if (dropsComments && isCommentAt(text, skipSpacesIn(text, starts[i]!, ends[i]!), ends[i]!)) continue;
      visit(split, i, 'body');
    }
  }

  toJSON(): HttpRequest {
    const { index, name, title, range, extent, metadata, requestLine, headers, body, unsupported, pastedResponse } = this;
    return { index, name, title, range, extent, metadata, requestLine, headers, body, unsupported, pastedResponse };
  }
}

/** The metadata on `lines` (each a `# @key value` line), in file order. */
function readMetadata(split: SplitLines, lines: LineNumbers): Metadata[] {
  const { text, starts, ends } = split;
  const metadata: Metadata[] = [];
  for (let k = 0; k < lines.length; k++) {
    const i = lines.at(k);
    const m = readMetadataAt(text, skipSpacesIn(text, starts[i]!, ends[i]!), ends[i]!, i);
    if (m !== undefined) metadata.push(m);
  }
  return metadata;
}
