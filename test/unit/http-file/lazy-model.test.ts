/**
 * The parser reads lines as offsets into the text and makes a request's headers and body only when
 * they are asked for. These tests pin what that must not change: line splitting, the characters
 * that decide a line's kind without a pattern, and requests whose lazy parts read as written.
 */

import * as assert from 'node:assert/strict';
import { Eol, lineText, splitLines } from '../../../src/core/http-file/lines';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { mulberry32 } from '../../support/random';
import { lines } from './helpers';

describe('http-file: lines as offsets', () => {
  const rows: Array<{ name: string; input: string; want: Array<[string, number]> }> = [
    { name: 'empty text', input: '', want: [['', Eol.none]] },
    { name: 'LF, trailing line end', input: 'a\nb\n', want: [['a', Eol.lf], ['b', Eol.lf], ['', Eol.none]] },
    { name: 'CRLF', input: 'a\r\nb', want: [['a', Eol.crlf], ['b', Eol.none]] },
    { name: 'lone CR (old Mac) and mixed', input: 'a\rb\r\nc\nd', want: [['a', Eol.cr], ['b', Eol.crlf], ['c', Eol.lf], ['d', Eol.none]] },
    { name: 'BOM dropped', input: '\ufeffa\nb', want: [['a', Eol.lf], ['b', Eol.none]] },
    { name: 'blank CRLF lines', input: '\r\n\r\n', want: [['', Eol.crlf], ['', Eol.crlf], ['', Eol.none]] },
    { name: 'CR at the very end', input: 'a\r', want: [['a', Eol.cr], ['', Eol.none]] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const split = splitLines(row.input);
      const got: Array<[string, number]> = [];
      for (let i = 0; i < split.count; i++) got.push([lineText(split, i), split.eols[i]!]);
      assert.deepEqual(got, row.want);
    });
  }

  it('agrees with split(/\\r\\n|\\r|\\n/) on 3,000 random texts, across the array\'s growth (18 lines of "a\\n" fill its first guess)', () => {
    const next = mulberry32(0x5b1);
    const pieces = ['a', 'bc', ' ', '\n', '\n', '\r\n', '\r'];
    const texts = ['a\n'.repeat(18), 'a\r\n'.repeat(19), 'a\n'.repeat(500)];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let k = Math.floor(next() * 80); k > 0; k--) text += pieces[Math.floor(next() * (next() < 0.5 ? 5 : pieces.length))];
      texts.push(text);
    }
    for (const text of texts) {
      const split = splitLines(text);
      const got: string[] = [];
      for (let i = 0; i < split.count; i++) got.push(lineText(split, i));
      assert.deepEqual(got, text.split(/\r\n|\r|\n/), JSON.stringify(text));
      const breaks = text.match(/\r\n|\r|\n/g) ?? [];
      assert.deepEqual([...split.eols], [...breaks.map((b) => (b === '\r\n' ? Eol.crlf : b === '\r' ? Eol.cr : Eol.lf)), Eol.none], JSON.stringify(text));
    }
  });
});

describe('http-file: line kinds decided by their first characters', () => {
  // Regular expressions read `\s` wider than spaces and tabs: a line that starts with a vertical
  // tab, a form feed or a no-break space must still reach the pattern that recognises it.
  it('a fragment after a no-break space', () => {
    const file = parseHttpFile(lines('\u00a0fragment F on T { id }', 'GRAPHQL http://a/g', '', 'query { ...F }'));
    assert.deepEqual(file.fragments.map((f) => f.name), ['F']);
  });

  it('a directive after a vertical tab, a pre-request script after a form feed', () => {
    const file = parseHttpFile(lines('\u000bimport ./x.http', '\u000c< {% pre %}', 'GET http://a/'));
    assert.deepEqual(file.requests[0]!.unsupported.map((u) => u.kind), ['directive', 'pre-request-script']);
  });

  it('metadata needs an @ on the comment line; a header line is never taken for a request line', () => {
    const file = parseHttpFile(lines('# no metadata here', '// @name   spaced  ', 'GET http://a/', 'GET-Thing: 1', 'Accept: */*'));
    assert.equal(file.requests.length, 1);
    assert.equal(file.requests[0]!.name, 'spaced');
    assert.deepEqual(file.requests[0]!.headers.map((h) => h.name), ['GET-Thing', 'Accept']);
  });
});

describe('http-file: headers and bodies made on demand', () => {
  const text = lines(
    '### create',
    'POST http://a/items HTTP/1.1',
    'Content-Type: application/json',
    'X-Long: first part',
    '  second part',
    'no colon here',
    'Accept:  */*  ',
    '',
    '{',
    '  "a": 1',
    '}',
    '',
    '### list',
    'GET http://a/items',
  );

  it('read as written: obs-fold joined, a malformed line skipped (and reported), values trimmed', () => {
    const file = parseHttpFile(text);
    const r = file.requests[0]!;
    assert.deepEqual(
      r.headers.map((h) => [h.name, h.value, h.line, h.nameColumn, h.valueColumn]),
      [
        ['Content-Type', 'application/json', 2, 0, 14],
        ['X-Long', 'first part second part', 3, 0, 8],
        ['Accept', '*/*', 6, 0, 9],
      ],
    );
    assert.deepEqual(r.body?.parts, [{ type: 'text', text: '{\n  "a": 1\n}', startLine: 8, endLine: 10 }]);
    assert.equal(r.body?.kind, 'json');
    assert.deepEqual(file.diagnostics.map((d) => [d.code, d.line]), [['invalid-header', 5]]);
    assert.deepEqual(file.requests[1]!.headers, []);
    assert.equal(file.requests[1]!.body, undefined);
  });

  it('made once: later reads give the same objects', () => {
    const r = parseHttpFile(text).requests[0]!;
    assert.equal(r.headers, r.headers);
    assert.equal(r.body, r.body);
  });

  it('JSON of the file holds every request whole, and nothing of the parser', () => {
    const json = JSON.parse(JSON.stringify(parseHttpFile(text))) as { requests: Array<Record<string, unknown>> };
    const first = json.requests[0]!;
    assert.deepEqual(Object.keys(first).sort(), ['body', 'extent', 'headers', 'index', 'metadata', 'name', 'range', 'requestLine', 'title', 'unsupported']);
    assert.equal((first.headers as unknown[]).length, 3);
  });

  it('headers checked in place report what checks of Header objects report', () => {
    // The second request has a Content-Length, so its headers are checked as objects.
    const bad = ['X Bad: 1', 'X-Ctl: a\u0007b', 'X-\u0001: c', '{{name}}: fine', 'Content-Type: text/plain'];
    const file = parseHttpFile(lines('POST http://a/1', ...bad, '', 'ab', '', '###', 'POST http://a/2', ...bad, 'Content-Length: 2', '', 'ab'));
    const first = file.diagnostics.filter((d) => d.line <= 6).map((d) => [d.code, d.line, d.column, d.endColumn, d.message]);
    const second = file.diagnostics.filter((d) => d.line > 9).map((d) => [d.code, d.line - 10, d.column, d.endColumn, d.message]);
    assert.equal(first.length, 3);
    assert.deepEqual(second, first);
  });

  it('a control character on an obs-fold line is reported where it stands', () => {
    const file = parseHttpFile(lines('GET http://a/', 'X-Long: first', '  b\u0007c', ''));
    assert.deepEqual(file.diagnostics.map((d) => [d.code, d.line, d.column, d.message]), [
      ['control-character', 2, 3, 'The value of "X-Long" contains a control character (0x07); it would be refused before sending.'],
    ]);
    assert.equal(file.requests[0]!.headers[0]!.value, 'first b\u0007c');
  });

  it('diagnostics at one position are listed by code, whatever check ran first', () => {
    const file = parseHttpFile(lines('GET http://a/', 'X-Nul: \u0000', ''));
    assert.deepEqual(file.diagnostics.map((d) => [d.line, d.column, d.code]), [[1, 7, 'control-character'], [1, 7, 'nul-character']]);
  });
});
