import { isSameName } from '../ascii';
import { firstHeader, type RawHeader } from '../response/model';
import type { BodyChunkSource } from '../wire/wire-request';

const CRLF = Buffer.from('\r\n');

/**
 * The body in exact chunked framing (RFC 9112 §7.1) when the request says `Transfer-Encoding:
 * chunked` (that coding alone); undefined otherwise (no such header, or `gzip, chunked`, which we
 * do not apply). Node's HTTP client, under REST Client and httpYac, frames such a body, and a
 * server reading a plain body as chunk sizes answers 400. A body written as chunks (`5`, `hello`,
 * `0` on their lines: a `.http` file cannot end it with the blank line, nor always use CRLF) keeps
 * its chunks and trailers, framed exactly; any other body is one chunk per part (a file streams as
 * one, its size known), then the last chunk. `# @verbatim` is never framed: the caller skips it.
 * `data` is what the chunks carry (trailers aside), for a tool that frames them itself.
 */
export function chunkedBody(headers: readonly RawHeader[], body: readonly BodyChunkSource[]): { readonly framed: BodyChunkSource[]; readonly data: readonly BodyChunkSource[] } | undefined {
  // Most requests write no Transfer-Encoding: they pay for this one indexed lookup only (see response/model.ts).
  if (firstHeader(headers, 'transfer-encoding') === undefined) return undefined;
  const codings = headers.filter(([n]) => isSameName(n, 'transfer-encoding')).flatMap(([, v]) => v.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
  if (codings.length !== 1 || codings[0] !== 'chunked') return undefined;
  const written = body.every((p) => p.type === 'bytes') ? writtenChunks(Buffer.concat(body.map((p) => (p as { readonly bytes: Buffer }).bytes))) : undefined;
  const parts: readonly BodyChunkSource[] = written?.chunks.map((bytes) => ({ type: 'bytes', bytes })) ?? body;
  const out: BodyChunkSource[] = [];
  for (const part of parts) {
    const size = part.type === 'bytes' ? part.bytes.length : part.size;
    if (size > 0) out.push({ type: 'bytes', bytes: Buffer.from(`${size.toString(16)}\r\n`) }, part, { type: 'bytes', bytes: CRLF });
  }
  out.push({ type: 'bytes', bytes: Buffer.from(`0\r\n${(written?.trailers ?? []).map((t) => `${t}\r\n`).join('')}\r\n`, 'latin1') });
  // `data`: the bytes the chunks carry, for a tool that frames them itself (Copy as cURL).
  return { framed: out, data: parts };
}

/**
 * The chunks and trailer lines of a body written as chunked framing, lines ending in LF or CRLF,
 * the final blank line optional; undefined when it is not one (a size line that is no hex number,
 * data shorter than its size or not followed by a line end, a trailer that is no `Name: value`).
 */
function writtenChunks(bytes: Buffer): { readonly chunks: Buffer[]; readonly trailers: string[] } | undefined {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = bytes.indexOf(0x0a, at);
    if (eol === -1 && at >= bytes.length) return undefined;
    const line = bytes.toString('latin1', at, eol === -1 ? bytes.length : eol).replace(/\r$/, '');
    const m = /^([0-9A-Fa-f]{1,8})(?:[ \t]*;[^\r\n]*)?$/.exec(line);
    if (m === null) return undefined;
    const size = parseInt(m[1]!, 16);
    at = eol === -1 ? bytes.length : eol + 1;
    if (size === 0) break;
    if (eol === -1 || at + size > bytes.length) return undefined;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
    if (bytes[at] === 0x0d && bytes[at + 1] === 0x0a) at += 2;
    else if (bytes[at] === 0x0a) at += 1;
    else return undefined;
  }
  // A body of a lone `0` is data, not an empty chunked body: one would write no body for that.
  if (chunks.length === 0) return undefined;
  const trailers = bytes.toString('latin1', at).split(/\r?\n/).filter((l) => l !== '');
  return trailers.every((t) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/.test(t)) ? { chunks, trailers } : undefined;
}
