/**
 * gzip bodies with bytes after the gzip data (wire-hunt c-decode2: a newline a template or a
 * proxy added): decoded, the bytes after ignored with a warning, as curl and browsers do; zlib's
 * Gunzip failed with "incorrect header check" and the decoded text was lost. Real corruption
 * (a cut stream, a bad check, a broken second member) is still HW_DECODE.
 */
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { HttpWireError } from '../../../src/core/errors';
import { BodyDecoder } from '../../../src/core/response/decode';
import { GzipMembers } from '../../../src/core/response/gzip-members';
import { wireRequest } from '../../support/wire-request';
import { answeringPerTest } from '../../support/answering-server';

const TEXT = Buffer.from('{"ok":true,"items":["una típica sesión de HTTP"]}\n'.repeat(300), 'utf8');
const GZ = zlib.gzipSync(TEXT);

interface Decoded {
  readonly bytes: Buffer;
  readonly warnings: string[];
  readonly corrupt?: HttpWireError;
}

/** Feeds `input` to a BodyDecoder in pieces of `chunkBytes`, a turn apart, and collects what comes out. */
function decode(input: Buffer, chunkBytes = input.length || 1): Promise<Decoded> {
  return new Promise<Decoded>((resolve) => {
    const out: Buffer[] = [];
    const warnings: string[] = [];
    const decoder = new BodyDecoder(['gzip'], 1e9, {
      onDecoded: (chunk) => out.push(Buffer.from(chunk)) > 0,
      onDrain: () => undefined,
      onEnd: () => resolve({ bytes: Buffer.concat(out), warnings }),
      onCorrupt: (corrupt) => resolve({ bytes: Buffer.concat(out), warnings, corrupt }),
      onFailure: (failure) => resolve({ bytes: Buffer.concat(out), warnings, corrupt: failure }),
      onWarning: (w) => warnings.push(w),
    });
    let at = 0;
    const next = (): void => {
      if (at >= input.length) return decoder.end();
      decoder.write(input.subarray(at, at + chunkBytes));
      at += chunkBytes;
      setImmediate(next);
    };
    next();
  });
}

/** GzipMembers alone, every piece written at once: each chunk boundary in its parse is met. */
function gunzipInPieces(input: Buffer, pieceBytes: number): Promise<{ bytes: Buffer; ignored: number; error?: Error }> {
  return new Promise((resolve) => {
    const g = new GzipMembers({ chunkSize: 64 * 1024, writableHighWaterMark: 1024 * 1024 });
    const out: Buffer[] = [];
    g.on('data', (d: Buffer) => out.push(d));
    g.on('end', () => resolve({ bytes: Buffer.concat(out), ignored: g.ignoredBytes }));
    g.on('error', (error) => resolve({ bytes: Buffer.concat(out), ignored: g.ignoredBytes, error }));
    for (let at = 0; at < input.length; at += pieceBytes) g.write(input.subarray(at, at + pieceBytes));
    g.end();
  });
}

/** A gzip member with every optional header field (RFC 1952 §2.3.1): FEXTRA, FNAME, FCOMMENT, FHCRC. */
function gzipWithHeaderFields(data: Buffer): Buffer {
  const extra = Buffer.from([0x41, 0x42, 3, 0, 1, 2, 3]);
  const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3]), Buffer.from([extra.length, 0]), extra, Buffer.from('body.json\0comment\0'), Buffer.from([0, 0])]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, zlib.deflateRawSync(data), trailer]);
}

describe('response: gzip with bytes after its data (wire-hunt c-decode2)', () => {
  const rows: Array<{ name: string; after: Buffer; ignored: number }> = [
    { name: 'a LF', after: Buffer.from('\n'), ignored: 1 },
    { name: 'CRLF', after: Buffer.from('\r\n'), ignored: 2 },
    { name: 'GARBAGE', after: Buffer.from('GARBAGE'), ignored: 7 },
    { name: 'zero padding', after: Buffer.alloc(8), ignored: 8 },
    { name: 'a lone 0x1f (ID1 and no ID2)', after: Buffer.from([0x1f]), ignored: 1 },
    { name: '0x1f then no 0x8b', after: Buffer.from([0x1f, 0x00, 0x41]), ignored: 3 },
  ];
  for (const row of rows) {
    it(`gzip + ${row.name}: decoded whole, ${row.ignored} byte(s) ignored with a warning, no error`, async () => {
      for (const chunkBytes of [GZ.length + row.after.length, 1000, 7]) {
        const got = await decode(Buffer.concat([GZ, row.after]), chunkBytes);
        assert.equal(got.corrupt, undefined, `pieces of ${chunkBytes}: ${got.corrupt?.message}`);
        assert.deepEqual(got.bytes, TEXT);
        assert.deepEqual(got.warnings, [`${row.ignored} byte${row.ignored === 1 ? '' : 's'} after the end of the gzip data ${row.ignored === 1 ? 'was' : 'were'} ignored, as browsers and curl ignore them.`]);
      }
    });
  }

  it('split at every byte, the parse gives the same answer', async () => {
    const small = zlib.gzipSync(Buffer.from('{"ok":true}'));
    const input = Buffer.concat([small, Buffer.from('\r\n')]);
    for (let piece = 1; piece <= input.length; piece++) {
      const got = await gunzipInPieces(input, piece);
      assert.equal(got.error, undefined, `pieces of ${piece}`);
      assert.equal(got.bytes.toString(), '{"ok":true}', `pieces of ${piece}`);
      assert.equal(got.ignored, 2, `pieces of ${piece}`);
    }
  });

  it('two members are one body, as zlib decodes them; junk after the second is ignored', async () => {
    const two = Buffer.concat([zlib.gzipSync('one '), zlib.gzipSync('two')]);
    assert.deepEqual(await decode(two), { bytes: Buffer.from('one two'), warnings: [] });
    const junk = await decode(Buffer.concat([two, Buffer.from('\n')]), 3);
    assert.equal(junk.bytes.toString(), 'one two');
    assert.equal(junk.warnings.length, 1);
  });

  it('a header with FEXTRA, FNAME, FCOMMENT and FHCRC, read across chunk boundaries', async () => {
    const input = gzipWithHeaderFields(TEXT);
    for (const piece of [1, 5, 13, input.length]) {
      const got = await gunzipInPieces(input, piece);
      assert.equal(got.error, undefined, `pieces of ${piece}: ${got.error?.message}`);
      assert.deepEqual(got.bytes, TEXT);
    }
  });

  const corrupt: Array<{ name: string; input: () => Buffer; message: RegExp; decodedWhole?: boolean }> = [
    { name: 'not gzip at all', input: () => Buffer.from('this is not gzip at all'), message: /incorrect header check/ },
    { name: 'cut inside the deflate data', input: () => GZ.subarray(0, Math.floor(GZ.length / 2)), message: /unexpected end of file/ },
    { name: 'cut inside the trailer', input: () => GZ.subarray(0, GZ.length - 3), message: /unexpected end of file/, decodedWhole: true },
    { name: 'cut inside the header', input: () => GZ.subarray(0, 6), message: /unexpected end of file/ },
    { name: 'a wrong CRC-32', input: () => Buffer.concat([GZ.subarray(0, GZ.length - 8), Buffer.from([0, 0, 0, 0]), GZ.subarray(GZ.length - 4)]), message: /incorrect data check/, decodedWhole: true },
    { name: 'a wrong ISIZE', input: () => Buffer.concat([GZ.subarray(0, GZ.length - 4), Buffer.from([1, 0, 0, 0])]), message: /incorrect length check/, decodedWhole: true },
    { name: 'a second member that is broken', input: () => Buffer.concat([GZ, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff])]), message: /./, decodedWhole: true },
    { name: 'a second member cut short', input: () => Buffer.concat([GZ, zlib.gzipSync('more').subarray(0, 10)]), message: /unexpected end of file/, decodedWhole: true },
    { name: 'an unknown compression method', input: () => Buffer.concat([Buffer.from([0x1f, 0x8b, 7]), GZ.subarray(3)]), message: /unknown compression method/ },
    { name: 'reserved flag bits set', input: () => Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x20]), GZ.subarray(4)]), message: /unknown header flags set/ },
  ];
  for (const row of corrupt) {
    it(`still HW_DECODE: ${row.name}${row.decodedWhole ? ' (what decoded is kept)' : ''}`, async () => {
      const got = await decode(row.input(), 1000);
      assert.equal(got.corrupt?.code, 'HW_DECODE', got.corrupt?.message);
      assert.match(got.corrupt!.message, row.message);
      assert.deepEqual(got.warnings, []);
      if (row.decodedWhole) assert.deepEqual(got.bytes, TEXT);
      else assert.ok(TEXT.subarray(0, got.bytes.length).equals(got.bytes), 'what came out is the start of the text');
    });
  }

  it('a cut stream keeps the part decoded before the cut', async () => {
    // Words that hardly compress: the bytes before the cut stand for most of the text.
    let x = 7;
    const words: string[] = [];
    for (let i = 0; i < 40_000; i++) words.push((x = (x * 1103515245 + 12345) & 0x7fffffff).toString(36));
    const text = Buffer.from(words.join(' '));
    const gz = zlib.gzipSync(text);
    const got = await decode(gz.subarray(0, gz.length - 1000), 4096);
    assert.equal(got.corrupt?.code, 'HW_DECODE');
    assert.ok(got.bytes.length > text.length * 0.9, `${got.bytes.length} of ${text.length} bytes decoded`);
    assert.ok(text.subarray(0, got.bytes.length).equals(got.bytes));
  });

  describe('through the client', () => {
    const answer = answeringPerTest();

    for (const after of ['\n', '\r\n', 'GARBAGE']) {
      it(`gzip + ${JSON.stringify(after)} with Content-Length: the body is the decoded text, no decodeError`, async () => {
        const raw = Buffer.concat([zlib.gzipSync('{"ok":true}'), Buffer.from(after)]);
        const { server, client } = await answer(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${raw.length}\r\n\r\n`), raw]));
        const result = await client.send(wireRequest(server.url('/')));
        try {
          assert.equal(result.decodeError, undefined, result.decodeError?.message);
          assert.deepEqual(result.warnings, [`${after.length} byte${after.length === 1 ? '' : 's'} after the end of the gzip data ${after.length === 1 ? 'was' : 'were'} ignored, as browsers and curl ignore them.`]);
          assert.equal(result.body.toBuffer().toString(), '{"ok":true}');
          assert.deepEqual(result.rawBody.toBuffer(), raw);
        } finally {
          result.dispose();
        }
      });
    }
  });
});
