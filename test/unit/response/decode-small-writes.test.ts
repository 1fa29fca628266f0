/**
 * A coded body in tiny pieces (wire-hunt t16: a gzip body of 1-byte chunks decoded at ~30 µs a
 * chunk, 128,000 chunks in 3-6 s): the decoder batches its input, one write to zlib per turn
 * rather than one per piece, and still puts out each piece of a stream as it comes.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { BodyDecoder } from '../../../src/core/response/decode';
import { waitFor } from '../../support/raw-server';

describe('response: decoding a body of tiny writes (wire-hunt t16)', () => {
  it('400,000 1-byte writes of a gzip body, as a socket read of tiny chunks gives them, decode in well under 5 s (was ~10-20 s)', async () => {
    const text = Buffer.alloc(400_000, 'x');
    const gz = zlib.gzipSync(text, { level: 0 });
    const out: Buffer[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      const decoder = new BodyDecoder(['gzip'], 1e9, {
        onDecoded: (c) => out.push(Buffer.from(c)) > 0,
        onDrain: () => undefined,
        onEnd: resolve,
        onCorrupt: reject,
        onFailure: reject,
      });
      for (let i = 0; i < gz.length; i++) decoder.write(gz.subarray(i, i + 1));
      decoder.end();
    });
    await waitFor('the decoder to end', 5000, (done) => void ended.then(done));
    assert.deepEqual(Buffer.concat(out), text);
  });

  it('batching holds nothing back: a stream of events, each flushed by the server, is decoded event by event', async () => {
    const gzip = zlib.createGzip();
    const pieces: Buffer[] = [];
    gzip.on('data', (d: Buffer) => pieces.push(d));
    const flushed = (text: string): Promise<Buffer> =>
      new Promise((resolve) => {
        gzip.write(text);
        gzip.flush(() => resolve(Buffer.concat(pieces.splice(0))));
      });
    const decodedSoFar: Buffer[] = [];
    let onDecoded: (() => void) | undefined;
    const decoder = new BodyDecoder(['gzip'], 1e9, {
      onDecoded: (c) => {
        decodedSoFar.push(Buffer.from(c));
        onDecoded?.();
        return true;
      },
      onDrain: () => undefined,
      onEnd: () => undefined,
      onCorrupt: (e) => assert.fail(e.message),
      onFailure: (e) => assert.fail(e.message),
    });
    for (const event of ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']) {
      const bytes = await flushed(event);
      const seen = waitFor(`"${event.trim()}" decoded`, 5000, (done) => (onDecoded = () => Buffer.concat(decodedSoFar).toString().endsWith(event) && done(undefined)));
      // In 1-byte pieces, all in one turn, as one socket read of a chunked body gives them.
      for (let i = 0; i < bytes.length; i++) decoder.write(bytes.subarray(i, i + 1));
      await seen;
    }
    decoder.destroy();
    gzip.close();
  });
});
