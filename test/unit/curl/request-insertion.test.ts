/** Paste cURL as Request (issue 11, item 2): where the pasted request goes, and its separators. */
import * as assert from 'node:assert/strict';
import { requestInsertion } from '../../../src/core/curl/request-insertion';
import { parseHttpFile } from '../../../src/core/http-file/parse';

const NEW = '# @no-redirect\nGET http://new.test/';

/** `text` with the request inserted for a cursor on `cursorLine`. */
function pasted(text: string, cursorLine: number): string {
  const lines = text.split(/\r?\n/);
  const { line, text: inserted } = requestInsertion(parseHttpFile(text), lines, cursorLine, NEW);
  // As the editor inserts it: at the start of `line`, or at the very end past the last line.
  const offset = line >= lines.length ? text.length : lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
  return text.slice(0, offset) + inserted + text.slice(offset);
}

describe('curl: requestInsertion (issue 11, item 2)', () => {
  const rows: { name: string; text: string; cursor: number; want: string }[] = [
    { name: 'an empty file: the request alone', text: '', cursor: 0, want: `${NEW}\n` },
    { name: 'inside a request: after it, with a ### before', text: 'GET http://a.test/\nX-A: 1\n', cursor: 0, want: `GET http://a.test/\nX-A: 1\n\n###\n${NEW}\n` },
    { name: 'on a blank line between requests: there, with ### on both sides as needed', text: 'GET http://a.test/\n\n\n###\nGET http://b.test/', cursor: 1, want: `GET http://a.test/\n\n###\n${NEW}\n\n\n###\nGET http://b.test/` },
    { name: 'in the blank line after a ### of a request: after that request', text: '###\n\nGET http://b.test/', cursor: 1, want: `###\n\nGET http://b.test/\n\n###\n${NEW}\n` },
    { name: 'right after a ### line that opens nothing: no second one before', text: 'GET http://a.test/\n\n###\n', cursor: 3, want: `GET http://a.test/\n\n###\n${NEW}\n` },
    { name: 'above everything: a ### after it only', text: '\n@host = a\nGET http://{{host}}/', cursor: 0, want: `${NEW}\n\n###\n\n@host = a\nGET http://{{host}}/` },
    { name: 'after a body at the end of a file without a final line end', text: 'POST http://a.test/\n\n{"a": 1}', cursor: 2, want: `POST http://a.test/\n\n{"a": 1}\n\n###\n${NEW}\n` },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const got = pasted(row.text, row.cursor);
      assert.equal(got, row.want);
      const file = parseHttpFile(got);
      assert.ok(file.requests.some((r) => r.requestLine.target === 'http://new.test/' && r.headers.length === 0 && r.body === undefined), got);
      assert.equal(file.requests.length, parseHttpFile(row.text).requests.length + 1, got);
    });
  }
});
