/**
 * Content codings (RFC 9110 §8.4): gzip, x-gzip, deflate (zlib-wrapped and raw), br, stacked
 * codings undone last first, identity, and what happens to a body that will not decode.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { HttpWireError } from '../../../src/core/errors';
import { BodyStore } from '../../../src/core/response/body-store';
import { canDecode, codingsApplied, decodeBody, parseCodings } from '../../../src/core/response/decode';
import { HttpClient } from '../../../src/core/wire/client';
import { chunkedBody } from '../../support/chunked';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

const TEXT = Buffer.from('<p>Una típica sesión de HTTP</p>\n'.repeat(200), 'utf8');
const OPTIONS = { maxInMemoryBytes: 1024 * 1024 };

function storeOf(bytes: Buffer, chunkBytes = 1000, maxInMemoryBytes = OPTIONS.maxInMemoryBytes): BodyStore {
  const store = new BodyStore({ maxInMemoryBytes });
  for (let at = 0; at < bytes.length; at += chunkBytes) store.append(bytes.subarray(at, at + chunkBytes));
  return store;
}

async function decodeError(p: Promise<unknown>): Promise<HttpWireError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HttpWireError, `expected an HttpWireError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected decoding to fail');
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

  describe('decodeBody', () => {
    const rows: Array<{ name: string; codings: string; encode: (b: Buffer) => Buffer }> = [
      { name: 'gzip', codings: 'gzip', encode: (b) => zlib.gzipSync(b) },
      { name: 'x-gzip is gzip', codings: 'x-gzip', encode: (b) => zlib.gzipSync(b) },
      { name: 'deflate, zlib-wrapped (RFC 1950)', codings: 'deflate', encode: (b) => zlib.deflateSync(b) },
      { name: 'deflate, raw (as some servers send it)', codings: 'deflate', encode: (b) => zlib.deflateRawSync(b) },
      { name: 'br', codings: 'br', encode: (b) => zlib.brotliCompressSync(b) },
      { name: 'gzip, br: br was applied last, so it is undone first', codings: 'gzip, br', encode: (b) => zlib.brotliCompressSync(zlib.gzipSync(b)) },
      { name: 'deflate, gzip', codings: 'deflate, gzip', encode: (b) => zlib.gzipSync(zlib.deflateSync(b)) },
      { name: 'GZIP in capitals', codings: 'GZIP', encode: (b) => zlib.gzipSync(b) },
    ];
    for (const row of rows) {
      it(`${row.name}`, async () => {
        const raw = storeOf(row.encode(TEXT));
        const rawBytes = Buffer.from(raw.toBuffer());
        const decoded = await decodeBody(raw, parseCodings([row.codings]), OPTIONS);
        try {
          assert.notEqual(decoded, raw);
          assert.equal(decoded.length, TEXT.length);
          assert.ok(decoded.toBuffer().equals(TEXT));
          assert.ok(raw.toBuffer().equals(rawBytes), 'the raw body is left as it was');
        } finally {
          decoded.dispose();
          raw.dispose();
        }
      });
    }

    it('identity (no coding left) returns the raw body itself', async () => {
      const raw = storeOf(TEXT);
      const decoded = await decodeBody(raw, parseCodings(['identity']), OPTIONS);
      assert.equal(decoded, raw);
      raw.dispose();
    });

    it('a gzip body fed one byte at a time decodes the same', async () => {
      const raw = storeOf(zlib.gzipSync(TEXT), 1);
      const decoded = await decodeBody(raw, ['gzip'], OPTIONS);
      assert.ok(decoded.toBuffer().equals(TEXT));
      decoded.dispose();
      raw.dispose();
    });

    it('a large decoded body spills to a file like any other', async () => {
      const big = Buffer.alloc(3 * 1024 * 1024, 'abcdefgh');
      const raw = storeOf(zlib.gzipSync(big), 64 * 1024, 256 * 1024);
      const decoded = await decodeBody(raw, ['gzip'], { maxInMemoryBytes: 256 * 1024 });
      try {
        assert.equal(decoded.length, big.length);
        assert.ok(decoded.spillPath, 'the decoded body went to a file');
        assert.ok(decoded.toBuffer().equals(big));
      } finally {
        decoded.dispose();
        raw.dispose();
      }
    });

    it('a corrupt gzip → HW_DECODE naming the coding, the cause kept', async () => {
      const gz = zlib.gzipSync(TEXT);
      for (const at of [20, gz.length - 20]) gz[at] = gz[at]! ^ 0xff;
      const raw = storeOf(gz);
      const err = await decodeError(decodeBody(raw, ['gzip'], OPTIONS));
      assert.equal(err.code, 'HW_DECODE');
      assert.match(err.message, /gzip/);
      assert.equal((err.detail as { coding?: string }).coding, 'gzip');
      assert.ok(err.cause instanceof Error);
      assert.equal(raw.length, gz.length, 'the raw body is still there');
      raw.dispose();
    });

    it('a truncated gzip → HW_DECODE', async () => {
      const gz = zlib.gzipSync(TEXT);
      const raw = storeOf(gz.subarray(0, gz.length - 10));
      const err = await decodeError(decodeBody(raw, ['gzip'], OPTIONS));
      assert.equal(err.code, 'HW_DECODE');
      raw.dispose();
    });

    it('plain text labelled br → HW_DECODE', async () => {
      const raw = storeOf(TEXT);
      const err = await decodeError(decodeBody(raw, ['br'], OPTIONS));
      assert.equal(err.code, 'HW_DECODE');
      raw.dispose();
    });

    const unknown = ['compress', 'zstd', 'x-custom'];
    for (const coding of unknown) {
      it(`an unknown coding (${coding}) → HW_DECODE naming it`, async () => {
        const raw = storeOf(TEXT);
        assert.equal(canDecode([coding]), false);
        const err = await decodeError(decodeBody(raw, ['gzip', coding], OPTIONS));
        assert.equal(err.code, 'HW_DECODE');
        assert.ok(err.message.includes(coding), err.message);
        raw.dispose();
      });
    }
  });

  describe('through the client', () => {
    let server: RawServer | undefined;
    let client: HttpClient | undefined;

    afterEach(async () => {
      client?.close();
      await server?.close();
      server = undefined;
    });

    const serve = async (head: string, body: Buffer): Promise<void> => {
      server = await RawServer.start((socket) => onRequests(socket, () => socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]))));
      client = new HttpClient();
    };

    it('a gzip response: body decoded, rawBody as received, codings listed', async () => {
      const gz = zlib.gzipSync(TEXT);
      await serve(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`, gz);
      const result = await client!.send(wireRequest(server!.url('/')));
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
      await serve('HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: chunked\r\n\r\n', chunkedBody(br, Math.ceil(br.length / 2)));
      const result = await client!.send(wireRequest(server!.url('/')));
      try {
        assert.ok(result.body.toBuffer().equals(TEXT));
        assert.ok(result.rawBody.toBuffer().equals(br));
      } finally {
        result.dispose();
      }
    });

    it('issue 10, item 3: Content-Encoding br with Transfer-Encoding gzip, chunked: the transfer coding is undone first', async () => {
      const applied = zlib.gzipSync(zlib.brotliCompressSync(TEXT));
      await serve('HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', chunkedBody(applied, Math.ceil(applied.length / 2)));
      const result = await client!.send(wireRequest(server!.url('/')));
      try {
        assert.equal(result.decodeError, undefined, result.decodeError?.message);
        assert.deepEqual(result.contentCodings, ['br', 'gzip'], 'in the order applied');
        assert.ok(result.body.toBuffer().equals(TEXT));
        assert.ok(result.rawBody.toBuffer().equals(applied));
      } finally {
        result.dispose();
      }
    });

    it('a corrupt gzip response still resolves: decodeError set, body is the raw body', async () => {
      const bad = Buffer.from('this is not gzip at all');
      await serve(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bad.length}\r\n\r\n`, bad);
      const result = await client!.send(wireRequest(server!.url('/')));
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
      await serve('HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\nContent-Length: 3\r\n\r\n', Buffer.from('abc'));
      const result = await client!.send(wireRequest(server!.url('/')));
      try {
        assert.equal(result.decodeError?.code, 'HW_DECODE');
        assert.equal(result.body, result.rawBody);
      } finally {
        result.dispose();
      }
    });

    it('HEAD with Content-Encoding: gzip has no body to decode and no error', async () => {
      await serve('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 1234\r\n\r\n', Buffer.alloc(0));
      const result = await client!.send(wireRequest(server!.url('/'), { method: 'HEAD' }));
      try {
        assert.equal(result.decodeError, undefined);
        assert.equal(result.body.length, 0);
      } finally {
        result.dispose();
      }
    });
  });
});
