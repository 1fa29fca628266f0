/**
 * Issue 11, item 2: a response as text, for Save Response (streamed, in UTF-8, the body decoded
 * from its charset) and for Compare Responses (cut, JSON pretty-printed, binary bodies by digest).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ResponseHead } from '../../../src/core/response/model';
import { comparedText, readComparedBody, responseHeadText, responseTextPieces } from '../../../src/core/response/response-text';
import { prettyJson } from '../../../src/webview/ui/json-pretty';

function head(contentType: string | undefined, extra: [string, string][] = []): ResponseHead {
  return { httpVersion: 'HTTP/1.1', status: 200, reason: 'OK', headers: [...(contentType === undefined ? [] : [['Content-Type', contentType] as [string, string]]), ...extra] };
}

async function* pieces(...chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(c);
  return Buffer.concat(out).toString('utf8');
}

describe('core/response: response text (issue 11, item 2)', () => {
  it('writes the head as received: order, case and duplicates, CRLF, then the blank line', () => {
    const h: ResponseHead = { httpVersion: 'HTTP/1.1', status: 301, reason: 'Moved Permanently', headers: [['X-Cache-Info', 'a'], ['location', '/b'], ['X-Cache-Info', 'b']] };
    assert.equal(responseHeadText(h), 'HTTP/1.1 301 Moved Permanently\r\nX-Cache-Info: a\r\nlocation: /b\r\nX-Cache-Info: b\r\n\r\n');
    assert.equal(responseHeadText({ ...h, status: 204, reason: '', headers: [] }, '\n'), 'HTTP/1.1 204\n\n');
  });

  const saveRows: { name: string; contentType: string | undefined; chunks: Buffer[]; want: string }[] = [
    { name: 'a UTF-8 body split inside a character', contentType: 'text/plain; charset=utf-8', chunks: [Buffer.from([0x61, 0xc3]), Buffer.from([0xa9, 0x62])], want: 'aéb' },
    { name: 'an ISO-8859-1 body, written as UTF-8', contentType: 'text/html; charset=ISO-8859-1', chunks: [Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x80])], want: 'café€' },
    { name: 'a BOM decides and is dropped', contentType: 'text/plain', chunks: [Buffer.from([0xff, 0xfe, 0x41, 0x00])], want: 'A' },
    { name: 'an undeclared body that is text', contentType: undefined, chunks: [Buffer.from('plain')], want: 'plain' },
    { name: 'an empty body', contentType: 'application/json', chunks: [], want: '' },
    { name: 'a PNG: a note instead of its bytes', contentType: 'image/png', chunks: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])], want: '[7 B of image/png: not text; Save Response Body saves its bytes]\n' },
    { name: 'undeclared binary: a note', contentType: undefined, chunks: [Buffer.from([0, 1, 2, 3])], want: '[4 B of a body with no type: not text; Save Response Body saves its bytes]\n' },
  ];
  for (const row of saveRows) {
    it(`Save Response text: ${row.name}`, async () => {
      const h = head(row.contentType);
      const bytes = row.chunks.reduce((n, c) => n + c.length, 0);
      assert.equal(await collect(responseTextPieces(h, pieces(...row.chunks), bytes)), responseHeadText(h) + row.want);
    });
  }

  it('streams a body of many pieces piece by piece, past the sniffed start', async () => {
    const chunk = Buffer.alloc(3000, 'z');
    let yielded = 0;
    async function* many(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 100; i++) {
        yielded++;
        yield chunk;
      }
    }
    const it = responseTextPieces(head('text/plain'), many(), 300_000)[Symbol.asyncIterator]();
    await it.next(); // the head
    await it.next(); // the first sniffed pieces (4,096 bytes need two)
    assert.ok(yielded <= 3, `read ${yielded} pieces for the first text`);
    await it.return(undefined);
  });

  it('reads a text body for a comparison up to its limit, never a half character, and stops reading', async () => {
    let isClosed = false;
    let yielded = 0;
    async function* body(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < 10; i++) {
          yielded++;
          yield Buffer.from('€€€€€€€€€€'); // 30 bytes
        }
      } finally {
        isClosed = true;
      }
    }
    const read = await readComparedBody(body(), 'text/plain', 5000 + 1);
    assert.equal(read.kind, 'text');
    if (read.kind !== 'text') return;
    assert.equal(read.isCut, false);
    const cut = await readComparedBody(body(), 'text/plain', 31);
    assert.deepEqual(cut, { kind: 'text', text: '€'.repeat(10), isCut: true });
    assert.ok(isClosed);
    assert.ok(yielded <= 20, String(yielded));
  });

  it('hashes a binary body whole for a comparison', async () => {
    const a = Buffer.alloc(5000, 0);
    const b = Buffer.alloc(5000, 1);
    const read = await readComparedBody(pieces(a, b), 'application/octet-stream', 10);
    assert.deepEqual(read, { kind: 'binary', sha256: createHash('sha256').update(Buffer.concat([a, b])).digest('hex') });
  });

  const compareRows: { name: string; contentType: string; body: Parameters<typeof comparedText>[1]; bodyBytes: number; want: string }[] = [
    { name: 'JSON pretty-printed', contentType: 'application/json', body: { kind: 'text', text: '{"a":[1,2]}', isCut: false }, bodyBytes: 11, want: '{\n  "a": [\n    1,\n    2\n  ]\n}\n' },
    { name: 'a +json type pretty-printed', contentType: 'application/problem+json', body: { kind: 'text', text: '{"t":1}', isCut: false }, bodyBytes: 7, want: '{\n  "t": 1\n}\n' },
    { name: 'broken JSON as it came', contentType: 'application/json', body: { kind: 'text', text: '{"a":', isCut: false }, bodyBytes: 5, want: '{"a":\n' },
    { name: 'HTML as it came', contentType: 'text/html', body: { kind: 'text', text: '<p>{"a":1}</p>\n', isCut: false }, bodyBytes: 15, want: '<p>{"a":1}</p>\n' },
    { name: 'a cut body, with a note', contentType: 'application/json', body: { kind: 'text', text: '{"a":[1,', isCut: true }, bodyBytes: 3 * 1024 * 1024, want: '{"a":[1,\n\n[Cut: the first 1.0 MB of 3.0 MB are compared.]\n' },
    { name: 'a binary body, by digest', contentType: 'image/png', body: { kind: 'binary', sha256: 'ab12' }, bodyBytes: 2048, want: '[2.0 KB of image/png, not text: SHA-256 ab12]\n' },
    { name: 'an empty body', contentType: 'text/plain', body: { kind: 'text', text: '', isCut: false }, bodyBytes: 0, want: '' },
  ];
  for (const row of compareRows) {
    it(`Compare text: ${row.name}`, () => {
      const h = head(row.contentType, [['X-Dup', '1'], ['x-dup', '2']]);
      assert.equal(comparedText(h, row.body, row.bodyBytes, 1024 * 1024, prettyJson), `HTTP/1.1 200 OK\nContent-Type: ${row.contentType}\nX-Dup: 1\nx-dup: 2\n\n${row.want}`);
    });
  }
});
