/**
 * The quick fixes on the parser's diagnostics (issue 11, item 5), checked by applying their edits
 * to the text and parsing the result again: the diagnostic must be gone and the request must say
 * what the fix promised. Plain Node: quick-fix-edits.ts imports no `vscode`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSameName } from '../../../src/core/ascii';
import type { HttpFile } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { quickFixesFor, type LineEdit, type QuickFix } from '../../../src/editor/quick-fix-edits';

const SEED = path.resolve(__dirname, '../../../../test/integration/workspace/typical-session.http');

/** `text` with `edits` applied, last first so that earlier positions stay valid. */
function applyEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number): number => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.line, e.column)) + e.newText + out.slice(offset(e.endLine, e.endColumn));
  return out;
}

function fixesFor(text: string, code: string): { file: HttpFile; fixes: QuickFix[] } {
  const file = parseHttpFile(text);
  const diagnostic = file.diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(text)}: ${JSON.stringify(file.diagnostics)}`);
  const lines = text.split('\n');
  return { file, fixes: quickFixesFor(file, diagnostic, (line) => lines[line] ?? '') };
}

function contentLengths(file: HttpFile, index: number): string[] {
  return file.requests[index]!.headers.filter((h) => isSameName(h.name, 'Content-Length')).map((h) => h.value);
}

describe('editor: quick fixes (issue 11, item 5)', () => {
  describe('content-length-mismatch', () => {
    const seed = fs.readFileSync(SEED, 'utf8');

    it('sets the seed\'s Content-Length 64 to the body\'s 63 bytes, and nothing else', () => {
      const { fixes } = fixesFor(seed, 'content-length-mismatch');
      assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Set Content-Length to 63', true], ['Remove Content-Length (HTTP Wire adds it)', false]]);
      const fixed = applyEdits(seed, fixes[0]!.edits);
      assert.equal(fixed, seed.replace('Content-Length: 64\n', 'Content-Length: 63\n'));
      const file = parseHttpFile(fixed);
      assert.deepEqual(file.diagnostics, []);
      assert.deepEqual(contentLengths(file, 1), ['63']);
    });

    it('removes the seed\'s Content-Length line whole', () => {
      const { fixes } = fixesFor(seed, 'content-length-mismatch');
      const fixed = applyEdits(seed, fixes[1]!.edits);
      assert.equal(fixed, seed.replace('Content-Length: 64\n', ''));
      const file = parseHttpFile(fixed);
      assert.deepEqual(file.diagnostics, []);
      assert.deepEqual(contentLengths(file, 1), []);
      assert.equal(file.requests[1]!.headers.length, 2);
    });

    it('fixes every Content-Length of the request when it is written twice', () => {
      const text = 'POST http://a.example/\nContent-Length: 9\nContent-Length: 9\n\nabc\n';
      const { fixes } = fixesFor(text, 'content-length-mismatch');
      assert.deepEqual(contentLengths(parseHttpFile(applyEdits(text, fixes[0]!.edits)), 0), ['3', '3']);
      assert.deepEqual(contentLengths(parseHttpFile(applyEdits(text, fixes[1]!.edits)), 0), []);
    });

    it('removes a Content-Length on the last line without a line break, with the break before it', () => {
      const text = 'GET http://a.example/\nAccept: */*\nContent-Length: 5';
      const { fixes } = fixesFor(text, 'content-length-mismatch');
      assert.equal(fixes[0]!.title, 'Set Content-Length to 0');
      assert.equal(applyEdits(text, fixes[1]!.edits), 'GET http://a.example/\nAccept: */*');
    });

    it('offers no removal under # @verbatim, where nothing would add it back', () => {
      const { fixes } = fixesFor('# @verbatim\nPOST http://a.example/\nContent-Length: 9\n\nabc\n', 'content-length-mismatch');
      assert.deepEqual(fixes.map((f) => f.title), ['Set Content-Length to 3']);
    });
  });

  describe('header-in-body', () => {
    const rows: { name: string; input: string; want: string }[] = [
      { name: 'one blank line', input: 'GET http://a.example/\n\nAccept: text/html\n', want: 'GET http://a.example/\nAccept: text/html\n' },
      { name: 'two blank lines, and headers after it', input: 'GET http://a.example/\n\n  \nAccept: text/html\nX-Two: 2\n', want: 'GET http://a.example/\nAccept: text/html\nX-Two: 2\n' },
      {
        name: 'a query continuation line, then the second request untouched',
        input: 'GET http://a.example/\n  ?q=1\n\nAccept: */*\n\n###\nGET http://b.example/\n\nX: 1\n',
        want: 'GET http://a.example/\n  ?q=1\nAccept: */*\n\n###\nGET http://b.example/\n\nX: 1\n',
      },
    ];
    for (const row of rows) {
      it(`moves the header up: ${row.name}`, () => {
        const { fixes } = fixesFor(row.input, 'header-in-body');
        assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Move the header above the blank line', true]]);
        const fixed = applyEdits(row.input, fixes[0]!.edits);
        assert.equal(fixed, row.want);
        const first = parseHttpFile(fixed).requests[0]!;
        assert.equal(first.headers[0]!.name, 'Accept');
        assert.equal(first.body, undefined);
      });
    }
  });

  describe('metadata-below-request-line', () => {
    const rows = [
      { name: 'among the headers', input: '# a comment\nGET http://a.example/login\nAccept: x\n# @name login\nX-B: y\n', want: '# a comment\n# @name login\nGET http://a.example/login\nAccept: x\nX-B: y\n' },
      { name: 'right under a request line whose query goes on', input: 'GET http://a.example/login\n  ?a=1\n// @no-redirect\n', want: '// @no-redirect\nGET http://a.example/login\n  ?a=1\n' },
      { name: 'the last line, without a line break', input: '###\nGET http://a.example/login\n# @name = login', want: '###\n# @name = login\nGET http://a.example/login' },
    ];
    for (const row of rows) {
      it(`moves it above the request line, where it is read: ${row.name}`, () => {
        const { fixes } = fixesFor(row.input, 'metadata-below-request-line');
        assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Move it above the request line', true]]);
        const fixed = applyEdits(row.input, fixes[0]!.edits);
        assert.equal(fixed, row.want);
        const file = parseHttpFile(fixed);
        assert.deepEqual(file.diagnostics, []);
        assert.equal(file.requests[0]!.metadata.length, 1);
      });
    }
  });

  it('a misspelt # @key: writes the key meant in its place, the rest of the line as it was', () => {
    for (const [written, want] of [['# @no-redirct', '# @no-redirect'], ['  // @timout 500', '  // @timeout 500'], ['#@Name login', '#@name login']] as const) {
      const text = `${written}\nGET http://a.example/\n`;
      const { fixes } = fixesFor(text, 'metadata-key-typo');
      assert.equal(fixes.length, 1);
      assert.equal(fixes[0]!.title, `Change to @${want.split('@')[1]!.split(' ')[0]}`);
      assert.equal(applyEdits(text, fixes[0]!.edits).split('\n')[0], want);
    }
  });

  it('offers nothing for other diagnostics', () => {
    const file = parseHttpFile('GET http://a.example/\nBad Name: x\n');
    assert.ok(file.diagnostics.length > 0);
    for (const d of file.diagnostics) assert.deepEqual(quickFixesFor(file, d, () => ''), []);
  });
});
