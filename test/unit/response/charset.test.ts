/**
 * Text bodies: the charset from a BOM, then Content-Type, then UTF-8 (WHATWG "decode"); which
 * media types are text; and sniffing a body that declares no type.
 */
import * as assert from 'node:assert/strict';
import { decodeText, isTextType, looksLikeText, mimeTypeOf } from '../../../src/core/response/charset';

const AQUI_LATIN1 = Buffer.from([0x61, 0x71, 0x75, 0xed]);

describe('response: charset', () => {
  describe('decodeText', () => {
    const rows: Array<{ name: string; bytes: Buffer; contentType: string | undefined; text: string; charset: RegExp }> = [
      { name: 'ISO-8859-1 "aquí" with charset=iso-8859-1', bytes: AQUI_LATIN1, contentType: 'text/html; charset=iso-8859-1', text: 'aquí', charset: /^(iso-8859-1|windows-1252)$/ },
      { name: 'charset in capitals, quoted', bytes: AQUI_LATIN1, contentType: 'text/html; Charset="ISO-8859-1"', text: 'aquí', charset: /^(iso-8859-1|windows-1252)$/ },
      { name: 'latin1 label', bytes: AQUI_LATIN1, contentType: 'text/plain;charset=latin1', text: 'aquí', charset: /^(iso-8859-1|windows-1252)$/ },
      { name: 'UTF-8 by default (no charset)', bytes: Buffer.from('aquí €', 'utf8'), contentType: 'text/html', text: 'aquí €', charset: /^utf-8$/ },
      { name: 'UTF-8 with no Content-Type at all', bytes: Buffer.from('señal', 'utf8'), contentType: undefined, text: 'señal', charset: /^utf-8$/ },
      { name: 'charset=utf-8', bytes: Buffer.from('niño', 'utf8'), contentType: 'application/json; charset=utf-8', text: 'niño', charset: /^utf-8$/ },
      { name: 'windows-1252 € and curly quotes (0x80, 0x93, 0x94)', bytes: Buffer.from([0x80, 0x20, 0x93, 0x61, 0x94]), contentType: 'text/plain; charset=windows-1252', text: '€ “a”', charset: /^windows-1252$/ },
      {
        name: 'a UTF-8 BOM wins over charset=iso-8859-1 and is not shown',
        bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('aquí', 'utf8')]),
        contentType: 'text/html; charset=iso-8859-1',
        text: 'aquí',
        charset: /^utf-8$/,
      },
      {
        name: 'a UTF-16LE BOM wins over the header',
        bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('aquí', 'utf16le')]),
        contentType: 'text/plain; charset=utf-8',
        text: 'aquí',
        charset: /^utf-16le$/,
      },
      {
        name: 'a UTF-16BE BOM wins over the header',
        bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('aquí', 'utf16le').swap16()]),
        contentType: 'text/plain; charset=iso-8859-1',
        text: 'aquí',
        charset: /^utf-16be$/,
      },
      { name: 'empty body', bytes: Buffer.alloc(0), contentType: 'text/plain; charset=utf-8', text: '', charset: /^utf-8$/ },
    ];
    for (const row of rows) {
      it(row.name, () => {
        const got = decodeText(row.bytes, row.contentType);
        assert.equal(got.text, row.text);
        assert.match(got.charset, row.charset);
        assert.equal(got.note, undefined);
      });
    }

    it('an unknown charset falls back to UTF-8 with a note naming it', () => {
      const got = decodeText(Buffer.from('aquí', 'utf8'), 'text/plain; charset=x-klingon');
      assert.equal(got.text, 'aquí');
      assert.equal(got.charset, 'utf-8');
      assert.ok(got.note?.includes('x-klingon'), got.note);
    });

    it('invalid UTF-8 decodes with replacement characters, never throws', () => {
      const got = decodeText(Buffer.from([0x61, 0xff, 0x62]), 'text/plain');
      assert.equal(got.text, 'a\ufffdb');
    });
  });

  describe('isTextType', () => {
    const rows: Array<{ contentType: string | undefined; want: boolean }> = [
      { contentType: 'text/html', want: true },
      { contentType: 'text/plain; charset=iso-8859-1', want: true },
      { contentType: 'TEXT/CSV', want: true },
      { contentType: 'application/json', want: true },
      { contentType: 'application/json; charset=utf-8', want: true },
      { contentType: 'application/problem+json', want: true },
      { contentType: 'application/vnd.api+json', want: true },
      { contentType: 'application/xml', want: true },
      { contentType: 'application/atom+xml', want: true },
      { contentType: 'application/javascript', want: true },
      { contentType: 'application/x-www-form-urlencoded', want: true },
      { contentType: 'image/svg+xml', want: true },
      { contentType: 'application/octet-stream', want: false },
      { contentType: 'image/png', want: false },
      { contentType: 'application/pdf', want: false },
      { contentType: 'application/zip', want: false },
      { contentType: 'application/jsonx', want: false },
      { contentType: '', want: false },
      { contentType: undefined, want: false },
    ];
    for (const row of rows) {
      it(`${JSON.stringify(row.contentType)} → ${row.want}`, () => {
        assert.equal(isTextType(row.contentType), row.want);
      });
    }

    it('mimeTypeOf drops parameters and lower-cases', () => {
      assert.equal(mimeTypeOf('Text/HTML ; charset=UTF-8'), 'text/html');
      assert.equal(mimeTypeOf(undefined), '');
    });
  });

  describe('looksLikeText', () => {
    const rows: Array<{ name: string; sample: Buffer; want: boolean }> = [
      { name: 'ASCII', sample: Buffer.from('hello, world\n'), want: true },
      { name: 'UTF-8 with accents', sample: Buffer.from('¿Qué tal? Muy bien, gracias.', 'utf8'), want: true },
      { name: 'JSON', sample: Buffer.from('{"a":[1,2,3]}'), want: true },
      { name: 'empty', sample: Buffer.alloc(0), want: true },
      { name: 'a sample cut inside a UTF-8 character', sample: Buffer.from('plenty of text before it: é', 'utf8').subarray(0, -1), want: true },
      { name: 'a NUL byte', sample: Buffer.from('abc\0def'), want: false },
      { name: 'a PNG signature', sample: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), want: false },
      { name: 'gzip bytes', sample: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48]), want: false },
      { name: 'latin1 bytes that are not UTF-8', sample: Buffer.from('una típica sesión de http, en latin1', 'latin1'), want: false },
    ];
    for (const row of rows) {
      it(`${row.name} → ${row.want}`, () => {
        assert.equal(looksLikeText(row.sample), row.want);
      });
    }
  });
});
