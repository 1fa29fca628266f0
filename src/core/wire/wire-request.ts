import type { DigestCredentials } from './digest-auth';
import type { RawHeader } from '../response/model';

/** A piece of the request body: bytes in hand, or a file streamed when sending. */
export type BodyChunkSource = { readonly type: 'bytes'; readonly bytes: Buffer } | { readonly type: 'file'; readonly path: string; readonly size: number };

/** What HTTP Wire added to or changed in the request as written, shown beside the raw bytes. */
export interface HeaderChange {
  readonly name: string;
  readonly action: 'added' | 'changed' | 'removed';
  /** The value as written, for a changed or removed header. */
  readonly from?: string;
  readonly to?: string;
  readonly reason: string;
}

/**
 * A request ready for the wire: what the user wrote, variables resolved, plus what HTTP Wire adds
 * (see `core/send/prepare-request.ts`). `headers` are sent in this order and case.
 */
export interface WireRequest {
  readonly method: string;
  /** The request-target as it goes on the wire (origin form, or absolute form through a proxy). */
  readonly target: string;
  /** Where to connect: scheme, host and port come from here. Shared by the requests of one URL (see buildUrl). */
  readonly url: Readonly<URL>;
  readonly httpVersion: 'HTTP/1.1' | 'HTTP/1.0';
  readonly headers: readonly RawHeader[];
  readonly body: readonly BodyChunkSource[];
  readonly changes: readonly HeaderChange[];
  /**
   * What the chunks carry, when HTTP Wire framed `body` in chunks itself (a written
   * `Transfer-Encoding: chunked`): the framing is then exact, and Copy as cURL gives curl this.
   */
  readonly unchunkedBody?: readonly BodyChunkSource[];
  /** `Authorization: Digest user password` as written: the request goes without it, and answers a 401's Digest challenge once. */
  readonly digest?: DigestCredentials;
}

export function bodyLength(body: readonly BodyChunkSource[]): number {
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const part = body[i]!;
    n += part.type === 'bytes' ? part.bytes.length : part.size;
  }
  return n;
}
