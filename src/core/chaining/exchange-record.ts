import { readFileSync } from 'node:fs';
import { firstHeader, type RawHeader, type ResponseHead } from '../response/model';
import { decodeText } from '../response/charset';
import type { SendResult } from '../wire/send-result';
import type { BodyChunkSource, WireRequest } from '../wire/wire-request';

/**
 * Bodies larger than this are not kept for references: a reference into one is an error that
 * says so. 8 MiB holds any login answer or API page a chain reads a token or an id from, while a
 * download sent by a named request costs no memory once its answer has been shown.
 */
export const MAX_REFERENCED_BODY_BYTES = 8 * 1024 * 1024;

/**
 * A body a reference may read: its bytes (when within MAX_REFERENCED_BODY_BYTES), its length,
 * and its Content-Type. Text and parsed forms are made on first use and kept, so ten references
 * into one JSON answer parse it once.
 */
export class KeptBody {
  private text: string | undefined;
  private readonly parsed = new Map<string, unknown>();

  protected constructor(
    private readonly bytes: Buffer | undefined,
    /** The body's length in bytes, kept or not. */
    readonly length: number,
    readonly contentType: string | undefined,
    /** The limit it was kept under, for messages. */
    readonly limitBytes: number,
  ) {}

  /** `bytes` kept when within `limitBytes` (a copy is not made: the caller hands them over). */
  static of(bytes: Buffer | undefined, length: number, contentType: string | undefined, limitBytes = MAX_REFERENCED_BODY_BYTES): KeptBody {
    return new KeptBody(bytes !== undefined && length <= limitBytes ? bytes : undefined, length, contentType, limitBytes);
  }

  /**
   * The request body as sent: its byte parts, and `< path` includes read back from disk when
   * first asked for (never read when no reference needs them).
   */
  static ofRequest(parts: readonly BodyChunkSource[], contentType: string | undefined, limitBytes = MAX_REFERENCED_BODY_BYTES): KeptBody {
    let length = 0;
    for (const p of parts) length += p.type === 'bytes' ? p.bytes.length : p.size;
    if (length > limitBytes) return new KeptBody(undefined, length, contentType, limitBytes);
    return new LazyRequestBody(parts, length, contentType, limitBytes);
  }

  /** Whether the bytes were kept (the body was within the limit). */
  get isKept(): boolean {
    return this.bytes !== undefined;
  }

  /** The bytes, or undefined when the body was over the limit. */
  protected get content(): Buffer | undefined {
    return this.bytes;
  }

  /** The body decoded as text (BOM, then charset, then UTF-8); undefined when not kept. */
  textOrUndefined(): string | undefined {
    if (this.text === undefined) {
      const bytes = this.content;
      if (bytes === undefined) return undefined;
      this.text = decodeText(bytes, this.contentType).text;
    }
    return this.text;
  }

  /** `make(text)` once per `kind` ('json', 'xml'), kept for the next reference. Throws what `make` throws. */
  parsedAs<T>(kind: string, text: string, make: (text: string) => T): T {
    if (this.parsed.has(kind)) return this.parsed.get(kind) as T;
    const value = make(text);
    this.parsed.set(kind, value);
    return value;
  }
}

class LazyRequestBody extends KeptBody {
  private joined: Buffer | undefined;

  constructor(
    private readonly parts: readonly BodyChunkSource[],
    length: number,
    contentType: string | undefined,
    limitBytes: number,
  ) {
    // The base keeps an empty marker so `isKept` holds; the bytes are joined on first read.
    super(Buffer.alloc(0), length, contentType, limitBytes);
  }

  protected override get content(): Buffer {
    this.joined ??= Buffer.concat(this.parts.map((p) => (p.type === 'bytes' ? p.bytes : readFileSync(p.path))));
    return this.joined;
  }
}

/** One side of an exchange, as references read it: headers in order and case, and the body. */
export interface ExchangeSide {
  readonly headers: readonly RawHeader[];
  readonly body: KeptBody;
}

/**
 * What request chaining keeps of one exchange of a named request: the response's status, headers
 * and body, and the request's headers and body as sent. Nothing else of the send (timings,
 * capture, redirects) is held.
 */
export interface ExchangeRecord {
  readonly status: number;
  readonly response: ExchangeSide;
  readonly request: ExchangeSide;
}

/** The facts of a finished send a record is made from; `responseBody` undefined when not kept. */
export interface ExchangeFacts {
  readonly status: number;
  readonly responseHeaders: readonly RawHeader[];
  readonly responseBody: Buffer | undefined;
  readonly responseBodyBytes: number;
  readonly requestHeaders: readonly RawHeader[];
  readonly requestBody: readonly BodyChunkSource[];
}

export function exchangeRecordOf(facts: ExchangeFacts, limitBytes = MAX_REFERENCED_BODY_BYTES): ExchangeRecord {
  return {
    status: facts.status,
    response: { headers: facts.responseHeaders, body: KeptBody.of(facts.responseBody, facts.responseBodyBytes, firstHeader(facts.responseHeaders, 'Content-Type'), limitBytes) },
    request: { headers: facts.requestHeaders, body: KeptBody.ofRequest(facts.requestBody, firstHeader(facts.requestHeaders, 'Content-Type'), limitBytes) },
  };
}

/**
 * The record of a send of `wire` that got `response`: the response's decoded `body` when the
 * caller kept it (undefined when not, or when it was over the limit), the request as sent.
 */
export function exchangeRecordOfSend(wire: WireRequest, response: ResponseHead, body: Buffer | undefined, bodyBytes: number): ExchangeRecord {
  return exchangeRecordOf({ status: response.status, responseHeaders: response.headers, responseBody: body, responseBodyBytes: bodyBytes, requestHeaders: wire.headers, requestBody: wire.body });
}

/** The record of a send whose body was stored (`HttpClient.send`); read before the result is disposed. */
export function exchangeRecordOfStored(wire: WireRequest, result: SendResult): ExchangeRecord {
  const { body } = result;
  // A body over the limit is not read back from its temporary file.
  return exchangeRecordOfSend(wire, result.response, body.length <= MAX_REFERENCED_BODY_BYTES ? body.toBuffer() : undefined, body.length);
}
