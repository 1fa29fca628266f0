/**
 * `findRequestAt`: every line of a file maps to the request whose block holds it (blank lines
 * included), or to none above the first request and in an empty block after the last. Also the
 * requests' `range` (their own lines) and `extent` (their whole block).
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRequestAt } from '../../../src/core/http-file/request-at';
import { lines, parse, repoRoot } from './helpers';

interface AtRow {
  name: string;
  input: string;
  want: {
    /** For each line, the index of the request it belongs to, or undefined. */
    owners: Array<number | undefined>;
    ranges: Array<[number, number]>;
    extents: Array<[number, number]>;
  };
}

const u = undefined;

const rows: AtRow[] = [
  {
    name: 'variables above, ### blocks, a body, an implicit request with its # @name',
    input: lines(
      '@host = a.com', //       0
      '',
      '### one', //             2
      '# @name one',
      'GET http://{{host}}/1',
      '',
      '### two', //             6
      'POST http://a/2',
      'Content-Type: text/plain',
      '',
      'hi', //                  10
      '',
      '',
      '# @name three', //       13
      'GET http://a/3',
      '',
    ),
    want: {
      owners: [u, u, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2],
      ranges: [[2, 4], [6, 10], [13, 14]],
      extents: [[2, 5], [6, 12], [13, 15]],
    },
  },
  {
    name: 'one-line GETs under each other',
    input: lines('GET http://a/1', 'GET http://a/2', 'GET http://a/3'),
    want: { owners: [0, 1, 2], ranges: [[0, 0], [1, 1], [2, 2]], extents: [[0, 0], [1, 1], [2, 2]] },
  },
  {
    name: 'an empty ### block after the last request belongs to none',
    input: lines('GET http://a/1', '', '###', '', ''),
    want: { owners: [0, 0, u, u, u], ranges: [[0, 0]], extents: [[0, 1]] },
  },
  {
    name: 'file variables above the first request (no ###) belong to none',
    input: lines('@a = b.com', '', 'GET http://{{a}}/'),
    want: { owners: [u, u, 0], ranges: [[2, 2]], extents: [[2, 2]] },
  },
  {
    name: 'comments directly above a request without ### belong to it',
    input: lines('# top comment', 'GET http://a/1', '', '# @name b', '// more', 'GET http://a/2'),
    want: { owners: [0, 0, 0, 1, 1, 1], ranges: [[0, 1], [3, 5]], extents: [[0, 2], [3, 5]] },
  },
  {
    name: 'handlers and a pasted response stay in their request',
    input: lines('GET http://a/1', '', '> {%', '%}', '', 'HTTP/1.1 200 OK', '', '###', 'GET http://a/2'),
    want: { owners: [0, 0, 0, 0, 0, 0, 0, 1, 1], ranges: [[0, 5], [7, 8]], extents: [[0, 6], [7, 8]] },
  },
  {
    name: 'CRLF and a BOM',
    input: '\uFEFF### one\r\nGET http://a/1\r\n\r\n### two\r\nGET http://a/2\r\n',
    want: { owners: [0, 0, 0, 1, 1, 1], ranges: [[0, 1], [3, 4]], extents: [[0, 2], [3, 5]] },
  },
];

describe('http-file: findRequestAt', () => {
  for (const row of rows) {
    it(`every line maps to its request: ${row.name}`, () => {
      const file = parse(row.input);
      assert.equal(file.lineCount, row.want.owners.length, 'line count');
      const owners = Array.from({ length: file.lineCount }, (_, line) => findRequestAt(file, line)?.index);
      assert.deepStrictEqual(owners, row.want.owners);
    });
    it(`range and extent: ${row.name}`, () => {
      const file = parse(row.input);
      assert.deepStrictEqual(
        file.requests.map((r) => [r.range.startLine, r.range.endLine]),
        row.want.ranges,
        'ranges',
      );
      assert.deepStrictEqual(
        file.requests.map((r) => [r.extent.startLine, r.extent.endLine]),
        row.want.extents,
        'extents',
      );
    });
  }

  it('lines outside the file belong to none', () => {
    const file = parse(lines('GET http://a/1', 'GET http://a/2'));
    assert.equal(findRequestAt(file, -1), undefined);
    assert.equal(findRequestAt(file, 2), undefined);
    assert.equal(findRequestAt(file, 1000), undefined);
  });

  // Files where every request opens with `###`: each line belongs to the request whose `###` block
  // holds it, lines above the first `###` and blocks without a request line to none.
  const blockFiles = [
    ...['a-typical-http-session.http', 'graphql.http', 'upload.http'].map((f) => path.join(repoRoot, 'examples', f)),
    ...['jetbrains.http', 'banners-pasted-responses.http', 'kulala.http'].map((f) => path.join(repoRoot, 'test', 'fixtures', 'http', f)),
  ];
  for (const file of blockFiles) {
    it(`every line maps to the request of its ### block: ${path.basename(file)}`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parse(text);
      const textLines = text.split(/\r\n|\r|\n/);
      const blockOf: number[] = [];
      let block = -1;
      textLines.forEach((l, i) => {
        if (/^\s*###/.test(l)) block = i;
        blockOf.push(block);
      });
      const owners = new Map<number, number>();
      for (const r of parsed.requests) {
        const b = blockOf[r.requestLine.line]!;
        assert.ok(b !== -1 && !owners.has(b), `request ${r.index} does not open with its own ###`);
        owners.set(b, r.index);
      }
      const want = blockOf.map((b) => owners.get(b));
      const actual = Array.from({ length: parsed.lineCount }, (_, line) => findRequestAt(parsed, line)?.index);
      assert.deepStrictEqual(actual, want);
    });
  }
});
