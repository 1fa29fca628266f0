/**
 * A misspelt metadata key (a CI user's `# @no-redirct` followed the redirect, exit 0, with not a
 * word from `parse` or the editor): a key HTTP Wire does not act on, two letters or fewer from one
 * it does, is warned about where it is written. Other tools' keys stay silent (http-file-format.md:
 * "An unknown key is kept and shown, not an error").
 */

import assert from 'node:assert/strict';
import { DiagnosticCodes } from '../../../src/core/http-file/diagnostic-codes';
import { METADATA_KEYS, OTHER_TOOLS_METADATA_KEYS, suggestMetadataKey } from '../../../src/core/http-file/metadata-keys';
import type { Diagnostic } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';

const typosIn = (text: string): Diagnostic[] => parseHttpFile(text).diagnostics.filter((d) => d.code === DiagnosticCodes.metadataKeyTypo);

const withoutColumns = ({ line, endLine, severity, code, message, data }: Diagnostic): Partial<Diagnostic> => ({ line, endLine, severity, code, message, data });

interface TypoRow {
  name: string;
  /** The metadata line, above `GET http://a/`. */
  line: string;
  /** The key suggested, or undefined: no typo warning. */
  meant: string | undefined;
}

const rows: TypoRow[] = [
  { name: 'no-redirct (a letter left out)', line: '# @no-redirct', meant: 'no-redirect' },
  { name: 'timout, with a value', line: '# @timout 500', meant: 'timeout' },
  { name: 'JetBrains-style "=" after a typo', line: '# @timeot = 500', meant: 'timeout' },
  { name: 'no_redirect (underscore)', line: '// @no_redirect', meant: 'no-redirect' },
  { name: 'nmae (two letters swapped: two edits)', line: '#@nmae login', meant: 'name' },
  { name: 'no-reject-unauthorised (British spelling)', line: '# @no-reject-unauthorised', meant: 'no-reject-unauthorized' },
  { name: 'max-bdy', line: '# @max-bdy 1000', meant: 'max-body' },
  { name: 'verbatum', line: '# @verbatum', meant: 'verbatim' },
  // The send path compares keys as written (`m.key === 'no-redirect'`): a wrong case does nothing.
  { name: 'Name (case only: keys are read case-sensitively)', line: '# @Name login', meant: 'name' },
  { name: 'NO-REDIRECT (case only)', line: '# @NO-REDIRECT', meant: 'no-redirect' },
  { name: 'forceref (case only, camelCase key)', line: '# @forceref login', meant: 'forceRef' },
  // httpYac reads `no-redirect` as `noRedirect`; HTTP Wire reads only the kebab-case spelling.
  { name: "httpYac's camelCase noRedirect: ignored here, so said", line: '# @noRedirect', meant: 'no-redirect' },
  { name: 'three edits away: not taken for a typo', line: '# @no-rdrct', meant: undefined },
  { name: 'an unrelated key', line: '# @owner team-a', meant: undefined },
];

describe('metadata key typos', () => {
  for (const row of rows) {
    it(`${row.name} → ${row.meant === undefined ? 'no warning' : `did you mean @${row.meant}`}`, () => {
      const found = typosIn(`${row.line}\nGET http://a/`);
      if (row.meant === undefined) {
        assert.deepEqual(found, []);
        return;
      }
      const key = /@([A-Za-z][\w-]*)/.exec(row.line)![1]!;
      // The columns are checked below, on their own.
      assert.deepEqual(found.map(withoutColumns), [
        {
          line: 0,
          endLine: 0,
          severity: 'warning',
          code: 'metadata-key-typo',
          message: `"@${key}" is not a key HTTP Wire knows: did you mean "@${row.meant}"? It is ignored as written.`,
          data: { key, meant: row.meant },
        },
      ]);
    });
  }

  it('the message of the CI report', () => {
    const [d] = typosIn('###\n# @no-redirct\nGET http://a/redirect');
    assert.equal(d?.message, '"@no-redirct" is not a key HTTP Wire knows: did you mean "@no-redirect"? It is ignored as written.');
    assert.equal(d.line, 1);
  });

  // The columns are read from the line's text, which request-builder.ts hands to checkRequest:
  // a quick fix replaces exactly the key.
  it('the range covers the key however the line is indented or commented', () => {
    const [d] = typosIn('###\n# @no-redirct\nGET http://a/redirect');
    assert.deepEqual([d?.column, d?.endColumn], [3, 13]);
    for (const [line, column] of [['  #   @timout 5', 7], ['\t// @timout 5', 5], ['#@timout 5', 2], ['\uFEFF# @timout 5\r', 3]] as const) {
      const [typo] = typosIn(`${line}\nGET http://a/`);
      assert.deepEqual([typo?.column, typo?.endColumn], [column, column + 'timout'.length], line);
    }
  });

  it('each request reports its own typo, on its own line', () => {
    const found = typosIn('# @name a\n# @timout 5\nGET http://a/\n\n###\n# @no-redirct\nGET http://b/');
    assert.deepEqual(found.map((d) => [d.line, d.data?.meant]), [[1, 'timeout'], [5, 'no-redirect']]);
  });

  it('a warning, so that `send --strict` fails on it (the CLI counts warnings only)', () => {
    assert.deepEqual(typosIn('# @no-redirct\nGET http://a/').map((d) => d.severity), ['warning']);
  });

  it('no warning for a key HTTP Wire acts on, nor another diagnostic for it', () => {
    const values: Record<string, string> = { name: 'other', prompt: 'token', timeout: '500', sleep: '10', ref: 'login', forceRef: 'login', 'max-body': '1000', note: 'Sure?' };
    for (const { key } of METADATA_KEYS) {
      const text = `# @name login\nGET http://a/\n\n###\n# @${key} ${values[key] ?? ''}\nGET http://b/`;
      assert.deepEqual(parseHttpFile(text).diagnostics, [], key);
    }
  });

  it("no typo warning for other tools' keys, however close to one of ours", () => {
    for (const key of [...OTHER_TOOLS_METADATA_KEYS, 'Title', 'rateLimit', 'SAVE']) {
      assert.deepEqual(typosIn(`# @${key} x\nGET http://a/`), [], key);
    }
    // httpYac's `save` is two edits from `name`, JSDoc's `see` two from `ref`.
    assert.equal(suggestMetadataKey('save'), undefined);
    assert.equal(suggestMetadataKey('see'), undefined);
  });

  it("JetBrains' connection-timeout: no typo warning (not close to timeout)", () => {
    assert.deepEqual(parseHttpFile('# @connection-timeout 500\nGET http://a/').diagnostics, []);
  });

  it("httpYac's import keeps its not-supported warning and gets no typo warning", () => {
    assert.deepEqual(parseHttpFile('# @import ./auth.http\nGET http://a/').diagnostics.map((d) => d.code), [DiagnosticCodes.notSupported]);
  });

  it("other tools' keys are none of ours", () => {
    const ours = new Set(METADATA_KEYS.map((k) => k.key.toLowerCase()));
    assert.deepEqual(OTHER_TOOLS_METADATA_KEYS.filter((k) => ours.has(k.toLowerCase())), []);
  });

  it('a metadata line among the headers is a comment: its own warning, no typo warning', () => {
    const codes = parseHttpFile('GET http://a/\n# @no-redirct\nAccept: */*').diagnostics.map((d) => d.code);
    assert.ok(!codes.includes(DiagnosticCodes.metadataKeyTypo), codes.join());
  });

  it('suggests the closest key, the first listed on a tie', () => {
    assert.equal(suggestMetadataKey('nam'), 'name');
    assert.equal(suggestMetadataKey('nate'), 'name'); // one edit from both name and note
    assert.equal(suggestMetadataKey('refs'), 'ref');
    assert.equal(suggestMetadataKey('timeouts'), 'timeout');
    assert.equal(suggestMetadataKey('timeout'), undefined);
  });
});
