import * as zlib from 'node:zlib';
import { ErrorCodes, HttpWireError } from '../errors';
import { BodyStore, type BodyStoreOptions } from './body-store';

/** The codings we can undo. `x-gzip` is gzip (RFC 9110 §8.4.1.3). */
const DECODERS: Record<string, (firstByte: number | undefined) => zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate: a zlib
  // stream starts with a CMF byte whose low nibble is 8.
  deflate: (first) => (first !== undefined && (first & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw()),
  br: () => zlib.createBrotliDecompress(),
};

/** Codings from Content-Encoding (or Transfer-Encoding) header values, in the order they were applied. */
export function parseCodings(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
}

/**
 * Every coding applied to a body, in the order applied: content codings first (the origin's
 * representation, RFC 9110 §8.4), then transfer codings other than chunked (added on the way,
 * RFC 9112 §6.1). Undoing runs this list backwards, so `Content-Encoding: br` with
 * `Transfer-Encoding: gzip, chunked` is gunzipped, then un-brotlied.
 */
export function codingsApplied(contentEncoding: readonly string[], transferCodings: readonly string[]): string[] {
  const content = contentEncoding.length === 0 ? [] : parseCodings(contentEncoding);
  return transferCodings.length === 0 ? content : [...content, ...parseCodings(transferCodings)];
}

export function canDecode(codings: readonly string[]): boolean {
  return codings.every((c) => c in DECODERS);
}

async function undo(coding: string, input: BodyStore, options: BodyStoreOptions): Promise<BodyStore> {
  const make = DECODERS[coding]!;
  const first = input.length > 0 ? input.toBuffer(1)[0] : undefined;
  const stream = make(first);
  const out = new BodyStore(options);
  return new Promise<BodyStore>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => out.append(chunk));
    stream.on('end', () => resolve(out));
    stream.on('error', (err) => {
      out.dispose();
      reject(new HttpWireError(ErrorCodes.decode, `The body is not valid ${coding}: ${err.message}. The raw bytes are kept.`, { coding }, err));
    });
    // Feed with backpressure so a large body never piles up in the decoder's queue.
    const feed = async (): Promise<void> => {
      for (const chunk of input.chunksSync()) {
        if (!stream.write(chunk)) await new Promise<void>((ok) => stream.once('drain', ok));
      }
      stream.end();
    };
    feed().catch((err: unknown) => stream.destroy(err as Error));
  });
}

/**
 * Undoes content codings, last applied first (`gzip, br` is br over gzip). Returns the input
 * itself when there is nothing to undo. Rejects with HW_DECODE for a corrupt stream or an
 * unknown coding; the input is left untouched either way.
 */
export async function decodeBody(raw: BodyStore, codings: readonly string[], options: BodyStoreOptions): Promise<BodyStore> {
  const unknown = codings.find((c) => !(c in DECODERS));
  if (unknown !== undefined) throw new HttpWireError(ErrorCodes.decode, `The body is encoded with "${unknown}", which HTTP Wire cannot decode; the raw bytes are kept.`, { coding: unknown });
  let current = raw;
  for (let i = codings.length - 1; i >= 0; i--) {
    const next = await undo(codings[i]!, current, options).catch((err: unknown) => {
      if (current !== raw) current.dispose();
      throw err;
    });
    if (current !== raw) current.dispose();
    current = next;
  }
  return current;
}
