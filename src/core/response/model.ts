import { isSameName } from '../ascii';

/** One header as received: name in its case, value as bytes decoded latin1 (obs-fold joined). */
export type RawHeader = readonly [name: string, value: string];

/** A status line and header block: an informational (1xx) answer or the final one. */
export interface ResponseHead {
  /** `HTTP/1.1` as received. */
  readonly httpVersion: string;
  readonly status: number;
  /** The reason phrase as received; '' when the server sent none. */
  readonly reason: string;
  readonly headers: readonly RawHeader[];
}

/** Values of every header with this name (case-insensitive), in order received. */
export function headerValues(headers: readonly RawHeader[], name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (isSameName(n, name)) out.push(v);
  return out;
}

export function firstHeader(headers: readonly RawHeader[], name: string): string | undefined {
  for (const [n, v] of headers) if (isSameName(n, name)) return v;
  return undefined;
}
