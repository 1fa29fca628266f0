/**
 * Content codings (RFC 9110 §8.4): gzip, x-gzip, deflate (zlib-wrapped and raw), br, stacked
 * codings undone last first, identity, and what happens to a body that will not decode.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { HttpWireError } from '../../../src/core/errors';
import { BodyDecoder, canDecode, codingsApplied, parseCodings } from '../../../src/core/response/decode';
import { chunkedBody } from '../../support/chunked';
import { wireRequest } from '../../support/wire-request';
import { answeringPerTest, type Answering } from '../../support/answering-server';

const TEXT = Buffer.from('<p>Una típica sesión de HTTP</p>\n'.repeat(200), 'utf8');
const MAX = 64 * 1024 * 1024;

interface Decoded {
  readonly bytes: Buffer;
  readonly corrupt?: HttpWireError;
  readonly failure?: HttpWireError;
}

/** Feeds `bytes` to a BodyDecoder in pieces of `chunkBytes` and collects what comes out. */
function decode(bytes: Buffer, codings: readonly string[], chunkBytes = 1000, maxBytes = MAX): Promise<Decoded> {
  return new Promise<Decoded>((resolve) => {
    const out: Buffer[] = [];
    const decoder = new BodyDecoder(codings, maxBytes, {
      onDecoded: (chunk) => {
        out.push(Buffer.from(chunk));
        return true;
      },
      onDrain: () => undefined,
      onEnd: () => resolve({ bytes: Buffer.concat(out) }),
      onCorrupt: (corrupt) => resolve({ bytes: Buffer.concat(out), corrupt }),
      onFailure: (failure) => resolve({ bytes: Buffer.concat(out), failure }),
    });
    for (let at = 0; at < bytes.length; at += chunkBytes) decoder.write(bytes.subarray(at, at + chunkBytes));
    decoder.end();
  });
}

describe('response: decode', () => {
  describe('parseCodings', () => {
    const rows: Array<{ name: string; input: string[]; want: string[] }> = [
      { name: 'one coding', input: ['gzip'], want: ['gzip'] },
      { name: 'case and spaces', input: [' GZip '], want: ['gzip'] },
      { name: 'a list, in the order applied', input: ['gzip, br'], want: ['gzip', 'br'] },
      { name: 'several header lines', input: ['deflate', 'br'], want: ['deflate', 'br'] },
      { name: 'identity is no coding', input: ['identity'], want: [] },
      { name: 'empty elements are skipped', input: ['gzip,,'], want: ['gzip'] },
      { name: 'no header', input: [], want: [] },
    ];
    for (const row of rows) {
      it(`${row.name}: ${JSON.stringify(row.input)} → ${JSON.stringify(row.want)}`, () => {
        assert.deepEqual(parseCodings(row.input), row.want);
      });
    }
  });

  describe('codingsApplied', () => {
    const rows: Array<{ name: string; content: string[]; transfer: string[]; want: string[] }> = [
      { name: 'content codings alone', content: ['gzip, br'], transfer: [], want: ['gzip', 'br'] },
      { name: 'transfer codings alone', content: [], transfer: ['gzip'], want: ['gzip'] },
      { name: 'issue 10, item 3: transfer codings were applied after content codings', content: ['br'], transfer: ['gzip'], want: ['br', 'gzip'] },
      { name: 'identity on both sides is nothing', content: ['identity'], transfer: [], want: [] },
    ];
    for (const row of rows) {
      it(`${row.name}`, () => {
        assert.deepEqual(codingsApplied(row.content, row.transfer), row.want);
      });
    }
  });

  describe('BodyDecoder', () => {
    const rows: Array<{ name: string; codings: string; encode: (b: Buffer) => Buffer }> = [
      { name: 'gzip', codings: 'gzip', encode: (b) => zlib.gzipSync(b) },
      { name: 'x-gzip is gzip', codings: 'x-gzip', encode: (b) => zlib.gzipSync(b) },
      { name: 'deflate, zlib-wrapped (RFC 1950)', codings: 'deflate', encode: (b) => zlib.deflateSync(b) },
      { name: 'deflate, raw (as some servers send it)', codings: 'deflate', encode: (b) => zlib.deflateRawSync(b) },
      { name: 'br', codings: 'br', encode: (b) => zlib.brotliCompressSync(b) },
      { name: 'gzip, br: br was applied last, so it is undone first', codings: 'gzip, br', encode: (b) => zlib.brotliCompressSync(zlib.gzipSync(b)) },
      { name: 'deflate, gzip', codings: 'deflate, gzip', encode: (b) => zlib.gzipSync(zlib.deflateSync(b)) },
      { name: 'gzip, raw deflate: the second stage is told by its own first byte', codings: 'deflate, gzip', encode: (b) => zlib.gzipSync(zlib.deflateRawSync(b)) },
      { name: 'GZIP in capitals', codings: 'GZIP', encode: (b) => zlib.gzipSync(b) },
    ];
    for (const row of rows) {
      it(`${row.name}`, async () => {
        const got = await decode(row.encode(TEXT), parseCodings([row.codings]));
        assert.equal(got.corrupt, undefined);
        assert.ok(got.bytes.equals(TEXT));
      });
    }

    it('a gzip body fed one byte at a time decodes the same', async () => {
      const got = await decode(zlib.gzipSync(TEXT), ['gzip'], 1);
      assert.ok(got.bytes.equals(TEXT));
    });

    it('an empty body is no error, whatever its codings say', async () => {
      const got = await decode(Buffer.alloc(0), ['gzip', 'br']);
      assert.deepEqual(got, { bytes: Buffer.alloc(0) });
    });

    it('the input buffer may be reused once write returns (zlib gets a copy)', async () => {
      const gz = zlib.gzipSync(TEXT);
      const reused = Buffer.alloc(100);
      const out: Buffer[] = [];
      const done = new Promise<void>((resolve, reject) => {
        const decoder = new BodyDecoder(['gzip'], MAX, {
          onDecoded: (c) => out.push(Buffer.from(c)) > 0,
          onDrain: () => undefined,
          onEnd: resolve,
          onCorrupt: reject,
          onFailure: reject,
        });
        for (let at = 0; at < gz.length; at += reused.length) {
          const n = gz.copy(reused, 0, at, at + reused.length);
          decoder.write(reused.subarray(0, n));
          reused.fill(0xee);
        }
        decoder.end();
      });
      await done;
      assert.ok(Buffer.concat(out).equals(TEXT));
    });

    it('issue 10, item 2: output past maxBytes stops at once with HW_RESPONSE_TOO_LARGE', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(10_000_000));
      const got = await decode(bomb, ['gzip'], 64 * 1024, 100_000);
      assert.equal(got.failure?.code, 'HW_RESPONSE_TOO_LARGE');
      assert.ok(got.bytes.length <= 100_000, `${got.bytes.length} bytes came out`);
    });

    it('issue 10, item 2: a bomb inside another coding is stopped at the stage that expands', async () => {
      const bomb = zlib.brotliCompressSync(zlib.gzipSync(Buffer.alloc(10_000_000)));
      const got = await decode(bomb, ['gzip', 'br'], 64 * 1024, 100_000);
      assert.equal(got.failure?.code, 'HW_RESPONSE_TOO_LARGE');
      assert.ok(got.bytes.length <= 100_000);
    });

    it('issue 10, item 2: a handler that cannot keep the bytes fails decoding, no exception escapes zlib', async () => {
      const failure = await new Promise<HttpWireError>((resolve, reject) => {
        const decoder = new BodyDecoder(['gzip'], MAX, {
          onDecoded: () => {
            throw new HttpWireError('HW_FILE', 'disk full');
          },
          onDrain: () => undefined,
          onEnd: () => reject(new Error('decoding ended')),
          onCorrupt: reject,
          onFailure: resolve,
        });
        decoder.write(zlib.gzipSync(TEXT));
        decoder.end();
      });
      assert.equal(failure.code, 'HW_FILE');
    });

    it('a corrupt gzip → HW_DECODE naming the coding, the cause kept', async () => {
      const gz = zlib.gzipSync(TEXT);
      for (const at of [20, gz.length - 20]) gz[at] = gz[at]! ^ 0xff;
      const err = (await decode(gz, ['gzip'])).corrupt!;
      assert.equal(err.code, 'HW_DECODE');
      assert.match(err.message, /gzip/);
      assert.equal((err.detail as { coding?: string }).coding, 'gzip');
      assert.ok(err.cause instanceof Error);
    });

    it('a truncated gzip → HW_DECODE', async () => {
      const gz = zlib.gzipSync(TEXT);
      const got = await decode(gz.subarray(0, gz.length - 10), ['gzip']);
      assert.equal(got.corrupt?.code, 'HW_DECODE');
    });

    it('plain text labelled br → HW_DECODE', async () => {
      const got = await decode(TEXT, ['br']);
      assert.equal(got.corrupt?.code, 'HW_DECODE');
    });

    const unknown = ['compress', 'zstd', 'x-custom'];
    for (const coding of unknown) {
      it(`an unknown coding (${coding}) → HW_DECODE naming it, before any byte`, () => {
        assert.equal(canDecode([coding]), false);
        const handler = { onDecoded: () => true, onDrain: () => undefined, onEnd: () => undefined, onCorrupt: () => undefined, onFailure: () => undefined };
        assert.throws(() => new BodyDecoder(['gzip', coding], MAX, handler), (err: unknown) => err instanceof HttpWireError && err.code === 'HW_DECODE' && err.message.includes(coding));
      });
    }
  });

  describe('through the client', () => {
    const answer = answeringPerTest();

    const serve = (head: string, body: Buffer): Promise<Answering> => answer(Buffer.concat([Buffer.from(head, 'latin1'), body]));

    it('a gzip response: body decoded, rawBody as received, codings listed', async () => {
      const gz = zlib.gzipSync(TEXT);
      const { client, server } = await serve(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`, gz);
      const result = await client.send(wireRequest(server.url('/')));
      try {
        assert.deepEqual(result.contentCodings, ['gzip']);
        assert.equal(result.decodeError, undefined);
        assert.ok(result.body.toBuffer().equals(TEXT));
        assert.ok(result.rawBody.toBuffer().equals(gz));
      } finally {
        result.dispose();
      }
    });

    it('chunked and br together: chunks removed, then br undone', async () => {
      const br = zlib.brotliCompressSync(TEXT);
      const { client, server } = await serve('HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: chunked\r\n\r\n', chunkedBody(br, Math.ceil(br.length / 2)));
      const result = await client.send(wireRequest(server.url('/')));
      try {
        assert.ok(result.body.toBuffer().equals(TEXT));
        assert.ok(result.rawBody.toBuffer().equals(br));
      } finally {
        result.dispose();
      }
    });

    it('issue 10, item 3: Content-Encoding br with Transfer-Encoding gzip, chunked: the transfer coding is undone first', async () => {
      const applied = zlib.gzipSync(zlib.brotliCompressSync(TEXT));
      const { client, server } = await serve('HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', chunkedBody(applied, Math.ceil(applied.length / 2)));
      const result = await client.send(wireRequest(server.url('/')));
      try {
        assert.equal(result.decodeError, undefined, result.decodeError?.message);
        assert.deepEqual(result.contentCodings, ['br', 'gzip'], 'in the order applied');
        assert.ok(result.body.toBuffer().equals(TEXT));
        assert.ok(result.rawBody.toBuffer().equals(applied));
      } finally {
        result.dispose();
      }
    });

    it('a large decoded body spills to a file like any other, and dispose removes it', async () => {
      const big = Buffer.alloc(3 * 1024 * 1024, 'abcdefgh');
      const gz = zlib.gzipSync(big);
      const { client, server } = await serve(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`, gz);
      const result = await client.send(wireRequest(server.url('/')), { bodyStore: { maxInMemoryBytes: 256 * 1024 } });
      const file = result.body.spillPath;
      try {
        assert.ok(file !== undefined, 'the decoded body went to a file');
        assert.equal(result.rawBody.spillPath, undefined, 'the gzip bytes stayed in memory');
        assert.ok(result.body.toBuffer().equals(big));
      } finally {
        result.dispose();
      }
      assert.equal(fs.existsSync(file), false);
    });

    it('a corrupt gzip response still resolves: decodeError set, body is the raw body', async () => {
      const bad = Buffer.from('this is not gzip at all');
      const { client, server } = await serve(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bad.length}\r\n\r\n`, bad);
      const result = await client.send(wireRequest(server.url('/')));
      try {
        assert.equal(result.response.status, 200);
        assert.ok(result.decodeError instanceof HttpWireError);
        assert.equal(result.decodeError.code, 'HW_DECODE');
        assert.equal(result.body, result.rawBody);
        assert.ok(result.body.toBuffer().equals(bad));
      } finally {
        result.dispose();
      }
    });

    it('an unknown coding through the client: decodeError, raw body kept', async () => {
      const { client, server } = await serve('HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\nContent-Length: 3\r\n\r\n', Buffer.from('abc'));
      const result = await client.send(wireRequest(server.url('/')));
      try {
        assert.equal(result.decodeError?.code, 'HW_DECODE');
        assert.equal(result.body, result.rawBody);
      } finally {
        result.dispose();
      }
    });

    for (const coding of ['gzip', 'compress (unknown)']) {
      it(`HEAD with Content-Encoding: ${coding} has no body to decode and no error`, async () => {
        const { client, server } = await serve(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding.split(' ')[0]}\r\nContent-Length: 1234\r\n\r\n`, Buffer.alloc(0));
        const result = await client.send(wireRequest(server.url('/'), { method: 'HEAD' }));
        try {
          assert.equal(result.decodeError, undefined);
          assert.equal(result.body.length, 0);
        } finally {
          result.dispose();
        }
      });
    }
  });
});
