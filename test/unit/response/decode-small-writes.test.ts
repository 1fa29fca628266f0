/**
 * A coded body in tiny pieces (wire-hunt t16: a gzip body of 1-byte chunks decoded at ~30 µs a
 * chunk, 128,000 chunks in 3-6 s): the body reader batches the input, one write to zlib per
 * socket read rather than one per piece, and the decoder still puts out each piece of a stream
 * as it comes.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import type { HttpWireError } from '../../../src/core/errors';
import type { BodySink } from '../../../src/core/response/body-sink';
import { BodyDecoder } from '../../../src/core/response/decode';
import { BodyReader } from '../../../src/core/wire/body-reader';
import { waitFor } from '../../support/raw-server';

describe('response: decoding a body of tiny writes (wire-hunt t16)', () => {
  it('400,000 1-byte chunks of a gzip body, as a socket read of tiny chunks gives them, decode in well under 5 s (was ~10-20 s)', async () => {
    const text = Buffer.alloc(400_000, 'x');
    const gz = zlib.gzipSync(text, { level: 0 });
    const out: Buffer[] = [];
    let zlibWrites = 0;
    const sink: BodySink<number> = {
      raw: () => true,
      write: (c) => out.push(Buffer.from(c)) > 0,
      onDrain: () => undefined,
      finish: () => out.length,
      whenStored: () => undefined,
      abort: () => undefined,
    };
    const ended = new Promise<void>((resolve, reject) => {
      const reader = new BodyReader(sink, ['gzip'], 1e9, {
        pauseReading: () => undefined,
        resumeReading: () => undefined,
        onBodyDone: resolve,
        onBodyFailure: (err: HttpWireError) => reject(err),
      });
      const write = BodyDecoder.prototype.write;
      BodyDecoder.prototype.write = function (this: BodyDecoder, chunk: Buffer) {
        zlibWrites++;
        return write.call(this, chunk);
      };
      try {
        // 1,000 bytes a socket read, each read a thousand 1-byte chunks.
        for (let at = 0; at < gz.length; at += 1000) {
          for (let i = at; i < Math.min(at + 1000, gz.length); i++) reader.write(gz.subarray(i, i + 1));
          reader.endOfRead();
        }
      } finally {
        BodyDecoder.prototype.write = write;
      }
      reader.end();
    });
    await waitFor('the body to be decoded', 5000, (done) => void ended.then(done));
    assert.deepEqual(Buffer.concat(out), text);
    assert.ok(zlibWrites <= Math.ceil(gz.length / 1000) + 1, `${zlibWrites} writes to the decoder for ${Math.ceil(gz.length / 1000)} reads`);
  });

  it('the decoder holds nothing back: a stream of events, each flushed by the server, is decoded event by event', async () => {
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
      // In 1-byte pieces, all in one turn.
      for (let i = 0; i < bytes.length; i++) decoder.write(bytes.subarray(i, i + 1));
      await seen;
    }
    decoder.destroy();
    gzip.close();
  });
});
