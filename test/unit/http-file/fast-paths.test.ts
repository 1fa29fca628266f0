import * as assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/core/http-file/diagnostics';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { findJsonError } from '../../../src/core/http-file/json-syntax';
import { resolveUrl } from '../../../src/core/http-file/resolve-url';
import { mulberry32 } from '../../support/random';

describe('http-file: fast paths agree with the platform', () => {
  it('findJsonError accepts exactly what JSON.parse accepts (hand cases and 5,000 mutations)', () => {
    const cases = ['{}', '[]', '{"a":1}', ' 1 ', '"s"', '-0.5e+3', 'true', 'null', '{', '{"a":}', '[1,]', '{"a":1,}', '01', '"a\nb"', '[1 2]', '{a:1}', '', 'nul', '{"a":1}x', '["\\x"]', '["\\u00e9"]', '["\\u00g9"]', '1.', '.5', '-', '1e', '[-]', '{"a" 1}'];
    const seedDoc = '{"name": "Juan", "tags": ["a", "b"], "n": -1.5e3, "ok": true, "x": null, "o": {"k": [1, {"d": "\\u00e9\\n"}]}}';
    const next = mulberry32(0x15011);
    const alphabet = '{}[],:" \\ntrue0.-e+a\\u';
    for (let i = 0; i < 5000; i++) {
      const chars = [...seedDoc];
      for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
        const at = Math.floor(next() * chars.length);
        const op = next();
        if (op < 0.4) chars.splice(at, 1);
        else if (op < 0.8) chars.splice(at, 0, alphabet[Math.floor(next() * alphabet.length)]!);
        else chars[at] = alphabet[Math.floor(next() * alphabet.length)]!;
      }
      cases.push(chars.join(''));
    }
    for (const text of cases) {
      let isValid = true;
      try {
        JSON.parse(text);
      } catch {
        isValid = false;
      }
      assert.equal(findJsonError(text) === undefined, isValid, `JSON ${JSON.stringify(text)}`);
    }
  });

  it('findJsonError survives 100,000 nested arrays (no recursion)', () => {
    assert.equal(findJsonError('['.repeat(100_000) + ']'.repeat(100_000)), undefined);
    assert.ok(findJsonError('['.repeat(100_000)));
  });

  it('the canonical-URL shortcut gives the same href as new URL() on every combination', () => {
    const schemes = ['http://', 'https://', 'HTTP://'];
    const hosts = ['a.com', 'api.example.com', 'Example.com', '127.0.0.1', 'localhost', 'a-b.c', 'xn--bcher-kva.ch', '1.2', 'a.1', '[::1]'];
    const ports = ['', ':80', ':443', ':8080', ':0', ':65536', ':080'];
    const paths = ['', '/', '/a/b', '/a/./b', '/a/../b', '/%2e/x', '/a b', '/x%20y', '/é', "/a'b", '/{x}', '/a;b=c', '/~u', '/a\\b', '/file.json'];
    const queries = ['', '?', '?a=1&b=2', "?a='", '?a b', '?x=%zz', '?a=1/2?3', '?#f'];
    const expander = new VariableExpander(new Map());
    let count = 0;
    for (const s of schemes) for (const h of hosts) for (const p of ports) for (const path of paths) for (const q of queries) {
      const target = s + h + p + path + q;
      let want: string | null = null;
      try {
        want = new URL(target).href;
      } catch {
        want = null;
      }
      const got = resolveUrl({ target, host: undefined, fileVariables: expander, line: 0, column: 0 }, new DiagnosticSink());
      assert.equal(got, want, target);
      count++;
    }
    assert.ok(count > 20_000);
  });
});
