import * as assert from 'node:assert/strict';
import { generateHttpFile } from '../../../bench/generate-http-file';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { reparseHttpFile } from '../../../src/core/http-file/reparse';
import { mulberry32 } from '../../support/random';
import { loadSources } from './fuzz-corpus';
import { plainFile as plain } from './reparse-fuzz';

/** Replaces `count` characters at `at` with `insert`. */
function splice(text: string, at: number, count: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + count);
}

/** Edits that an editor sends on keystrokes: type, delete, replace within one line. */
function randomEdit(text: string, next: () => number): string {
  const alphabet = ['a', 'Z', '0', ' ', '{', '}', '#', '/', ':', '@', '=', '<', '>', '&', '?', '"', '{{x}}', '###', 'GET ', 'HTTP/1.1', 'é', '\t'];
  const at = Math.floor(next() * (text.length + 1));
  const op = next();
  if (op < 0.45) return splice(text, at, 0, alphabet[Math.floor(next() * alphabet.length)]!);
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  const count = Math.min(Math.floor(next() * 4) + 1, lineEnd - at);
  if (op < 0.8) return splice(text, at, Math.max(0, count), '');
  return splice(text, at, Math.max(0, count), alphabet[Math.floor(next() * alphabet.length)]!);
}

function sources(): { name: string; text: string }[] {
  return [{ name: 'generated 120', text: generateHttpFile(120).text }, ...loadSources()];
}

describe('http-file: reparse after an edit equals a full parse', () => {
  it('a chain of 1,500 random keystroke edits over examples, fixtures and a generated file', () => {
    const next = mulberry32(0x7e5);
    let shortcuts = 0;
    let steps = 0;
    for (const { name, text: start } of sources()) {
      let text = start;
      let file = parseHttpFile(text);
      for (let step = 0; step < 1500 / 8; step++) {
        const edited = randomEdit(text, next);
        const fast = reparseHttpFile(file, text, edited);
        const full = parseHttpFile(edited);
        assert.deepEqual(plain(fast), plain(full), `${name}, step ${step}: ${JSON.stringify(edited.slice(0, 120))}`);
        // Request objects carried over from the previous parse: the shortcut was taken.
        if (fast.requests.some((r) => file.requests.includes(r))) shortcuts++;
        steps++;
        text = edited;
        file = fast;
      }
    }
    // Most keystrokes must take the shortcut, or this test would only compare full parses.
    assert.ok(shortcuts > steps / 3, `shortcut taken ${shortcuts} times in ${steps} edits`);
  });

  it('edits that add or remove lines (and a BOM) fall back to the full parse and still agree', () => {
    const text = generateHttpFile(30).text;
    const file = parseHttpFile(text);
    for (const edited of [splice(text, 200, 0, '\n'), splice(text, text.indexOf('\n'), 1, ''), `\ufeff${text}`, splice(text, 300, 0, '\r\n\r\n### new\nGET /x\nHost: a\n')]) {
      assert.deepEqual(plain(reparseHttpFile(file, text, edited)), plain(parseHttpFile(edited)));
    }
  });

  it('issue 10, item 7: edits around a /* comment that holds ### lines agree with a full parse', () => {
    const text = ['GET http://a/x', 'Accept: */*', '/*', '### Docs', 'text', '*/', '', '### next', 'GET http://a/y', 'X-Id: 1', ''].join('\n');
    const file = parseHttpFile(text);
    assert.equal(file.requests.length, 2);
    const edits = [
      splice(text, text.indexOf('text'), 0, 'more '),
      splice(text, text.indexOf('X-Id: 1') + 6, 0, '2'),
      splice(text, text.indexOf('/*'), 1, ''),
      splice(text, text.indexOf('*/'), 1, ''),
      splice(text, text.indexOf('### Docs'), 1, ''),
      splice(text, text.indexOf('X-Id'), 0, '/*'),
    ];
    for (const edited of edits) assert.deepEqual(plain(reparseHttpFile(file, text, edited)), plain(parseHttpFile(edited)), JSON.stringify(edited));
  });

  it('a chain of region parses notices a /*, a {{ script or a > {% typed on a line, and agrees with a full parse', () => {
    // After the first region parse only the edited line is looked at for what crosses ###: the
    // closers stand in the next block, so a region parse alone would read the opener wrongly.
    const start = ['### a', 'GET http://a/1', 'X-Edit: here', 'Accept: */*', '', '### b', 'GET http://a/2', 'Accept: */*', '*/', '}}', '%}', ''].join('\n');
    for (const opener of ['/*', '{{', '> {%']) {
      let text = start;
      let file = parseHttpFile(text);
      const lineAt = text.indexOf('X-Edit: here');
      for (const edited of [splice(text, lineAt + 3, 0, 'a'), splice(splice(text, lineAt + 3, 0, 'a'), lineAt + 4, 0, 'b')]) {
        file = reparseHttpFile(file, text, edited);
        text = edited;
      }
      // The last header line of the first block becomes the opener.
      const openerAt = text.indexOf('Accept: */*');
      const edited = splice(text, openerAt, 'Accept: */*'.length, opener);
      const full = parseHttpFile(edited);
      assert.equal(full.requests.length, 1, `${opener} reaches into the next block`);
      assert.deepEqual(plain(reparseHttpFile(file, text, edited)), plain(full), opener);
    }
  });

  it('edits at the edges of the 4,096-character chunks the texts are compared in agree with a full parse', () => {
    const text = generateHttpFile(120).text;
    const file = parseHttpFile(text);
    const n = text.length;
    let tried = 0;
    for (const at of [0, 1, 4095, 4096, 4097, 8191, 8192, 8193, n - 8193, n - 8192, n - 4097, n - 4096, n - 4095, n - 2, n - 1, n]) {
      for (const edited of [splice(text, at, 0, 'q'), splice(text, at, 1, at < n && text[at] !== '\n' ? 'z' : '')]) {
        if (edited === text) continue;
        assert.deepEqual(plain(reparseHttpFile(file, text, edited)), plain(parseHttpFile(edited)), `at ${at} of ${n}`);
        tried++;
      }
    }
    assert.ok(tried >= 28);
  });

  it('an edit inside one request leaves the other requests as the same objects', () => {
    const text = generateHttpFile(200).text;
    const file = parseHttpFile(text);
    const at = text.indexOf('X-Request-Id: req-000100');
    const edited = splice(text, at + 'X-Request-Id: '.length, 0, 'edited-');
    const fast = reparseHttpFile(file, text, edited);
    assert.deepEqual(plain(fast), plain(parseHttpFile(edited)));
    const changed = fast.requests.filter((r, i) => r !== file.requests[i]);
    assert.equal(changed.length, 1, 'only the edited request is new');
    assert.ok(changed[0]!.headers.some((h) => h.value === 'edited-req-000100'));
  });

  it('after 32 region parses in a row, the next edit parses the whole file (memory stays bounded)', () => {
    let text = generateHttpFile(100).text;
    let file = parseHttpFile(text);
    const valueAt = text.indexOf('X-Request-Id: req-000050') + 'X-Request-Id: '.length;
    const carried: boolean[] = [];
    for (let step = 0; step < 34; step++) {
      const edited = splice(text, valueAt, 0, 'x');
      const next = reparseHttpFile(file, text, edited);
      carried.push(next.requests.some((r) => file.requests.includes(r)));
      assert.deepEqual(plain(next), plain(parseHttpFile(edited)));
      text = edited;
      file = next;
    }
    assert.deepEqual(carried.map((c, i) => (c ? '' : String(i))).filter(Boolean), ['32'], 'only the 33rd edit is a full parse');
  });
});
