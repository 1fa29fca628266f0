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

// These run for every request and response: indexed loops, since destructuring `[name, value]`
// goes through the iterator protocol, which is slow until V8 has optimized the caller. They
// compare the names' lengths before calling isSameName: the client looks up half a dozen names in
// every response, and until V8 has optimized these loops (a thousand requests into a CLI run) a
// call costs far more than the comparison that rules most names out.

/** Values of every header with this name (case-insensitive), in order received. */
export function headerValues(headers: readonly RawHeader[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    if (header[0].length === name.length && isSameName(header[0], name)) out.push(header[1]);
  }
  return out;
}

export function firstHeader(headers: readonly RawHeader[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    if (header[0].length === name.length && isSameName(header[0], name)) return header[1];
  }
  return undefined;
}

/** The status line as received: `HTTP/1.1 301 Moved Permanently`, or `HTTP/1.1 204` with no reason. */
export function statusLineOf(head: ResponseHead): string {
  return `${head.httpVersion} ${head.status}${head.reason === '' ? '' : ` ${head.reason}`}`;
}
