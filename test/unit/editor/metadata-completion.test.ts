/**
 * Completion of `# @key` metadata, as plain data (core metadata-keys.ts; the editor's
 * metadata-completion.ts only wraps it in CompletionItems): where a key is being typed, which keys
 * a request is offered, the snippet each inserts, and that the table agrees with what the parser
 * and the send path read.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticCodes } from '../../../src/core/http-file/diagnostic-codes';
import { matchMetadata } from '../../../src/core/http-file/line-kinds';
import { METADATA_KEYS, metadataKeyContext, metadataKeysToOffer, metadataSnippet, requestNameContext, requestNamesToOffer, type MetadataKey } from '../../../src/core/http-file/metadata-keys';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { findRequestAt } from '../../../src/core/http-file/request-at';

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../../..');

function info(key: string): MetadataKey {
  const found = METADATA_KEYS.find((k) => k.key === key);
  assert.ok(found, `no table entry for ${key}`);
  return found;
}

/** The keys offered on the line holding `|` (removed) of `text`, or undefined when none are. */
function offeredAt(text: string): string[] | undefined {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  const file = parseHttpFile(text.replace('|', ''));
  const column = lines[line]!.indexOf('|');
  if (metadataKeyContext(lines[line]!.replace('|', ''), column) === undefined) return undefined;
  return metadataKeysToOffer(findRequestAt(file, line), line)?.map((k) => k.key);
}

describe('editor: metadata key completion', () => {
  describe('where a key is being typed', () => {
    const rows: { name: string; input: string; want: { start: number; typed: string } | undefined }[] = [
      { name: '# @', input: '# @|', want: { start: 3, typed: '' } },
      { name: '// @', input: '// @|', want: { start: 4, typed: '' } },
      { name: '#@ without a space', input: '#@|', want: { start: 2, typed: '' } },
      { name: 'indented', input: '   # @|', want: { start: 6, typed: '' } },
      { name: 'part of a key', input: '# @time|', want: { start: 3, typed: 'time' } },
      { name: 'inside a key', input: '# @ti|meout 5', want: { start: 3, typed: 'ti' } },
      { name: 'a dashed key', input: '# @no-re|', want: { start: 3, typed: 'no-re' } },
      { name: 'after the key (its value)', input: '# @timeout |', want: undefined },
      { name: 'in the value', input: '# @name lo|', want: undefined },
      { name: 'a separator', input: '### @|', want: undefined },
      { name: 'two #s', input: '## @|', want: undefined },
      { name: 'not a comment', input: '"mail": "a@|', want: undefined },
      { name: 'a file variable', input: '@|', want: undefined },
      { name: '@ later in a comment', input: '# mail me @|', want: undefined },
      { name: 'a digit first', input: '# @1|', want: undefined },
    ];
    for (const { name, input, want } of rows) {
      it(name, () => assert.deepEqual(metadataKeyContext(input.replace('|', ''), input.indexOf('|')), want));
    }
  });

  describe('the snippets', () => {
    const rows: { name: string; input: string; want: string }[] = [
      { name: 'milliseconds', input: 'timeout', want: 'timeout ${1:MS}' },
      { name: 'a name', input: 'name', want: 'name ${1:NAME}' },
      { name: 'a prompt: the variable, not the optional description', input: 'prompt', want: 'prompt ${1:VAR}' },
      { name: 'an optional value only', input: 'note', want: 'note' },
      { name: 'a flag', input: 'no-redirect', want: 'no-redirect' },
      { name: 'bytes', input: 'max-body', want: 'max-body ${1:BYTES}' },
    ];
    for (const { name, input, want } of rows) it(name, () => assert.equal(metadataSnippet(info(input)), want));
  });

  describe('which keys a request is offered', () => {
    it('the most used first', () => {
      assert.deepEqual(offeredAt('# @|\nGET /a')?.slice(0, 5), ['name', 'note', 'prompt', 'timeout', 'no-redirect']);
    });
    it('every key where no request line follows yet', () => {
      assert.deepEqual(offeredAt('GET /a\n\n###\n# @|\n'), METADATA_KEYS.map((k) => k.key));
    });
    it('not a key the request has, but prompt and ref again', () => {
      const keys = offeredAt('# @name a\n# @prompt user\n# @ref login\n# @timeout 5\n// @|\nGET /a');
      assert.ok(keys);
      for (const k of ['name', 'timeout']) assert.ok(!keys.includes(k), k);
      for (const k of ['prompt', 'ref', 'note']) assert.ok(keys.includes(k), k);
    });
    it('the key on the line being completed still', () => {
      assert.ok(offeredAt('# @time|out 5\nGET /a')?.includes('timeout'));
    });
    it('another request\'s keys do not count', () => {
      assert.ok(offeredAt('# @name a\nGET /a\n\n###\n# @|\nGET /b')?.includes('name'));
    });
    it('none in a JSON body, on a comment line or in a string', () => {
      const body = ['POST /a', 'Content-Type: application/json', '', '{'];
      assert.equal(offeredAt([...body, '# @|', '  "a": 1', '}'].join('\n')), undefined);
      assert.equal(offeredAt([...body, '  "mail": "a@|"', '}'].join('\n')), undefined);
    });
    it('none among the headers', () => {
      assert.equal(offeredAt('GET /a\n# @|\nAccept: */*'), undefined);
    });
  });

  describe('the table agrees with the parser and the send path', () => {
    it('each key reads as a metadata line', () => {
      for (const k of METADATA_KEYS) assert.equal(matchMetadata(`# @${k.key} 1`)?.key, k.key);
    });

    it('a millisecond value is checked as one', () => {
      for (const k of METADATA_KEYS.filter((m) => m.value === 'MS')) {
        const codes = (text: string): string[] => parseHttpFile(text).diagnostics.map((d) => d.code);
        assert.ok(codes(`# @${k.key} soon\nGET /a`).includes(DiagnosticCodes.invalidMetadata), k.key);
        assert.ok(!codes(`# @${k.key} 500\nGET /a`).includes(DiagnosticCodes.invalidMetadata), k.key);
      }
    });

    // The keys are compared with as strings where they are read; a key read there but missing
    // from the table would never be offered. httpYac's `import` is read only to say it is not
    // supported, so it is not offered.
    it('lists every key the code reads', () => {
      const read = new Set<string>();
      for (const file of sourceFiles(['src/core', 'src/editor', 'src/cli'])) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\.key\s*[!=]==\s*'([A-Za-z][\w-]*)'/g)) read.add(m[1]!);
        for (const m of text.matchAll(/\n([ \t]*)switch \((?:m\.)?key\) \{([\s\S]*?)\n\1\}/g)) {
          for (const c of m[2]!.matchAll(/case '([A-Za-z][\w-]*)':/g)) read.add(c[1]!);
        }
      }
      read.delete('import');
      assert.ok(read.has('name') && read.has('max-body'), 'the scan finds the keys');
      assert.deepEqual([...read].filter((k) => !METADATA_KEYS.some((m) => m.key === k)), []);
    });
  });
});

function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) out.push(full);
    }
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return out;
}

describe('completion of the request name after # @ref and # @forceRef', () => {
  it('stands in the value of ref and forceRef only, from its first letter', () => {
    assert.deepEqual(requestNameContext('# @ref ', 7), { start: 7, typed: '' });
    assert.deepEqual(requestNameContext('# @forceRef log', 15), { start: 12, typed: 'log' });
    assert.deepEqual(requestNameContext('// @ref login2', 14), { start: 8, typed: 'login2' });
    assert.equal(requestNameContext('# @ref', 6), undefined, 'the key itself is still being typed');
    assert.equal(requestNameContext('# @name ', 8), undefined);
    assert.equal(requestNameContext('# @ref a b', 10), undefined, 'one name, no spaces');
  });

  it('offers every named request of the file but the one being written, once each', () => {
    const file = parseHttpFile(['# @name login', 'POST http://a/login', '', '###', '# @name me', '# @ref ', 'GET http://a/me', '', '###', '# @name login', 'GET http://a/again', ''].join('\n'));
    const me = findRequestAt(file, 5);
    assert.equal(me?.name, 'me');
    assert.deepEqual(requestNamesToOffer(file.requests, me), ['login']);
  });
});
