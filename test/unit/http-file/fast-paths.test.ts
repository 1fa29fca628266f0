import * as assert from 'node:assert/strict';
import { CONTROL_CHAR, indexOfControlChar, isTokenAt, TOKEN, tokenEnd } from '../../../src/core/ascii';
import { DiagnosticSink } from '../../../src/core/http-file/diagnostics';
import { isAssertion, matchFileInclude, matchMetadata, readMetadataAt, splitTrailingVersion } from '../../../src/core/http-file/line-kinds';
import { scanSimple, scanSimpleAt, SIMPLE } from '../../../src/core/http-file/request-line';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { findJsonError, scanJsonError } from '../../../src/core/http-file/json-syntax';
import { parseHttpFile, parseRegion } from '../../../src/core/http-file/parse';
import { canonicalHref, resolveUrl } from '../../../src/core/http-file/resolve-url';
import { mulberry32 } from '../../support/random';
import { loadSources } from './fuzz-corpus';

describe('http-file: fast paths agree with the platform', () => {
  it('findJsonError and its scanner accept exactly what JSON.parse accepts (hand cases and 5,000 mutations)', () => {
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
      assert.equal(scanJsonError(text) === undefined, isValid, `scanned JSON ${JSON.stringify(text)}`);
    }
  });

  it('findJsonError survives 100,000 nested arrays (no recursion)', () => {
    assert.equal(findJsonError('['.repeat(100_000) + ']'.repeat(100_000)), undefined);
    assert.equal(findJsonError(`[${'1,'.repeat(40_000)}1]`), undefined, 'a large valid body, scanned only');
    assert.equal(findJsonError(`[${'1,'.repeat(40_000)}]`)?.offset, 80_001, 'a large invalid body');
    assert.ok(findJsonError('['.repeat(100_000)));
  });

  it('the canonical-URL shortcut gives the same href as new URL() on every combination', () => {
    const schemes = ['http://', 'https://', 'HTTP://'];
    const hosts = ['a.com', 'api.example.com', 'Example.com', '127.0.0.1', 'localhost', 'a-b.c', 'xn--bcher-kva.ch', '1.2', 'a.1', '[::1]'];
    // Punycode the parser refuses, hyphens at a label's ends, an empty label, userinfo, a host that is no host.
    hosts.push('xn--a.com', 'a.xn--zz', 'XN--a.com', '-a.com', 'a-.com', 'a..com', '.a.com', 'u:p@a.com', 'u@a.com', 'a%41.com', 'a.com:', 'a_b.com', '');
    // IPv4 as the fast path takes it (dotted decimal) and in the forms WHATWG rewrites or refuses.
    hosts.push('10.0.0.255', '255.255.255.255', '0.0.0.0', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '0x7f.0.0.1', '1.2.3.04', '127.0.0.1.');
    const ports = ['', ':80', ':443', ':8080', ':0', ':65535', ':65536', ':080', ':1234567', ':8x'];
    const paths = ['', '/', '/a/b', '/a/./b', '/a/..', '/.%2E/b', '%41', '/%4', '/%zz', '/a%2Fb', '#f', '/a/../b', '/%2e/x', '/a b', '/x%20y', '/é', "/a'b", '/{x}', '/a;b=c', '/~u', '/a\\b', '/file.json'];
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

  it('the canonical-URL shortcut answers for URLs already canonical, and agrees with new URL() on 20,000 random ones', () => {
    // Without an answer here every URL would take the slow path: resolveUrl's results alone cannot tell.
    for (const url of ['http://a.com/', 'https://api.example.com/v1/orders?page=2&limit=50', 'http://127.0.0.1:8080/x%20y', 'https://a-b.c:8443/p;q=1/~u?x=/y?z', 'http://localhost:3000/a.json']) {
      assert.equal(canonicalHref(url), url);
    }
    assert.equal(canonicalHref('https://api.example.com?a=1'), 'https://api.example.com/?a=1');
    assert.equal(canonicalHref('http://a.com:8080'), 'http://a.com:8080/');
    const rnd = mulberry32(0xc0ffee);
    const pick = (s: string): string => s[Math.floor(rnd() * s.length)]!;
    const pieces = 'aZ09-._~%2e%41:/?@!$&\'()*+,;=[] #xn';
    let answered = 0;
    for (let k = 0; k < 20_000; k++) {
      let tail = '';
      for (let n = Math.floor(rnd() * 12); n > 0; n--) tail += pick(pieces);
      const url = `${rnd() < 0.5 ? 'http' : 'https'}://${rnd() < 0.7 ? 'a.b' : ''}${tail}`;
      const got = canonicalHref(url);
      if (got === undefined) continue;
      answered++;
      assert.equal(got, new URL(url).href, url);
    }
    assert.ok(answered > 2_000, `the shortcut answered ${answered} times`);
  });

  it('a region read from its first line, the empty lines above it skipped, parses as the whole padded text does', () => {
    const next = mulberry32(0xb10c);
    let compared = 0;
    for (const { name, text } of loadSources()) {
      for (let k = 0; k < 3; k++) {
        const padding = Math.floor(next() * 40);
        const padded = '\n'.repeat(padding) + text;
        assert.deepEqual(JSON.parse(JSON.stringify(parseRegion(padded, { firstLine: padding }))), JSON.parse(JSON.stringify(parseHttpFile(padded))), `${name} after ${padding} empty lines`);
        compared++;
      }
    }
    assert.ok(compared > 30);
  });

  it('isTokenAt, tokenEnd and indexOfControlChar agree with TOKEN and CONTROL_CHAR on every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      assert.equal(isTokenAt(`a${ch}b`, 1, 2), TOKEN.test(ch), `token 0x${c.toString(16)}`);
      assert.equal(tokenEnd(`:${ch}:`, 1), TOKEN.test(ch) ? 2 : 1, `token run 0x${c.toString(16)}`);
      assert.equal(indexOfControlChar(`a${ch}b`, 1, 2) === 1, CONTROL_CHAR.test(ch), `control 0x${c.toString(16)}`);
    }
    assert.equal(isTokenAt('abc', 1, 1), false, 'an empty name is no token');
  });

  it('readMetadataAt reads comment lines exactly as the METADATA pattern does (5,000 random lines)', () => {
    const next = mulberry32(0x3e7a);
    const pieces = ['#', '//', '##', ' ', '\t', '@', 'name', 'no-redirect', 'x1', '_', '-', '=', 'value', '  ', '.', 'é', '\u00a0', '\u2028', '\v', 'A', '9'];
    for (let n = 0; n < 5000; n++) {
      let line = next() < 0.5 ? '#' : '//';
      for (let k = Math.floor(next() * 7); k > 0; k--) line += pieces[Math.floor(next() * pieces.length)]!;
      const text = `x\n  ${line}\ny`;
      const first = text.indexOf(line);
      const want = matchMetadata(`  ${line}`);
      assert.deepEqual(readMetadataAt(text, first, first + line.length, 7), want && { ...want, line: 7 }, JSON.stringify(line));
    }
  });

  it('request lines read by hand agree with the SIMPLE pattern wherever the hand scanner answers (5,000 random lines)', () => {
    const next = mulberry32(0x51e);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const methods = ['GET', 'POST', 'get', 'M-SEARCH', 'GRAPHQL', '', 'G{T', "X!#$%&'*+.^_`|~-9", 'A;B', 'A:B'];
    const spaces = [' ', '\t', '  ', '', '\u00a0'];
    const targets = ['/a', 'http://x/', '{{', '}}', '{{v}}', '{{ v }}', '{', '}', '?q=1', 'é', '"', 'GET', 'HTTP/1.1'];
    const versions = ['', '', ' HTTP/1.1', ' HTTP/1.0', ' HTTP/1.', '\tHTTP/1.1', ' HTTP/2', ' HTTP/1.1x', ' http/1.1'];
    let answered = 0;
    for (let n = 0; n < 5000; n++) {
      let target = '';
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) target += pick(targets);
      let line = pick(methods) + pick(spaces) + target + pick(versions) + (next() < 0.2 ? pick(spaces) : '');
      if (next() < 0.2) {
        const at = Math.floor(next() * (line.length + 1));
        line = line.slice(0, at) + pick([...spaces, ...targets]) + line.slice(at);
      }
      const got = scanSimple(line, 3);
      // Read in place in a file's text, the line's neighbours must not change the reading: a `{{`
      // closed, a version completed or a target continued on the next line is no part of it.
      const before = pick(['', 'X: 1\n', '}}\n', 'a\r\n']);
      const inFile = `${before}${line}${pick(['', '\n', '\n}}', '\r\n}}', '\n1 HTTP/1.1', '\r\n HTTP/1.1', '\nx}}\n', '\r'])}`;
      assert.deepEqual(scanSimpleAt(inFile, before.length, before.length + line.length, 3), got, JSON.stringify(inFile));
      if (got === undefined) continue;
      answered++;
      const m = SIMPLE.exec(line);
      assert.ok(m, `the pattern refuses ${JSON.stringify(line)}`);
      assert.deepEqual([got.method, got.target, got.targetColumn, got.httpVersion, got.isHttpVersionExplicit], [m[1], m[2], line.indexOf(m[2]!, m[1]!.length), m[3] ?? 'HTTP/1.1', m[3] !== undefined], JSON.stringify(line));
    }
    assert.ok(answered > 300, `only ${answered} lines took the hand scanner`);
  });
  it('isAssertion agrees with httpYac\'s pattern on hand cases and 20,000 random short lines', () => {
    // httpYac's own shape (assertHttpRegionParser): fine on short lines, minutes on long runs of spaces.
    const pattern = /^\s*\?\?\s*\S+(?:\s+.*)?\s+(?:={2,3}|!={1,2}|>=?|<=?|equals|exists|startsWith|endsWith|contains|includes|matches|isNumber|isString|isBoolean|isArray|isFalse|sha256|md5|sha512)/i;
    const cases = ['?? status == 200', '??status==200', '?? status ==200', '  ?? js response.parsedBody.id exists', '?? header content-type INCLUDES json', '?? == 200', '??', '?? status', '? status == 200', '?? a\t<= 3', '?? a\u00a0== 1', '?? duration < {{max}}', '?? body matches ^a', '??  x  y  z', '?? x isnumberish'];
    const next = mulberry32(0xa55e);
    const pieces = ['??', '?', ' ', '\t', '\u00a0', 'status', 'js', 'a.b', '==', '=', '!', '!=', '<', '>', 'exists', 'Equals', 'isNumber', 'x', '200', '{{v}}'];
    for (let i = 0; i < 20_000; i++) {
      let line = next() < 0.8 ? '??' : '';
      for (let k = Math.floor(next() * 7); k > 0; k--) line += pieces[Math.floor(next() * pieces.length)]!;
      cases.push(line);
    }
    for (const line of cases) assert.equal(isAssertion(line), pattern.test(line), JSON.stringify(line));
  });
  it('the linear line patterns read 20,000 random lines as the backtracking ones they replace', () => {
    // The originals: quadratic in a run of trailing spaces (or of spaces before a version).
    const metadata = /^\s*(?:#|\/\/)\s*@([A-Za-z][\w-]*)(?:[ \t]+(.*?))?\s*$/;
    const include = /^<(@(\w*))?[ \t]+(\S.*?)\s*$/;
    const version = /^(.*?)[ \t]+(HTTP\/\S+)$/;
    const next = mulberry32(0x11ea);
    const pieces = ['#', '//', '@', '@name', 'a-b', '<', '<@', '<@latin1', 'HTTP/', 'HTTP/1.1', '1.1', ' ', '  ', '\t', '\u00a0', '\u2028', '\r', 'x', './f.json', '{{v}}', '&a=1'];
    for (let i = 0; i < 20_000; i++) {
      let line = '';
      for (let k = 1 + Math.floor(next() * 7); k > 0; k--) line += pieces[Math.floor(next() * pieces.length)]!;
      const m = metadata.exec(line);
      assert.deepEqual(matchMetadata(line), m ? { key: m[1], value: m[2] ?? '' } : undefined, `metadata ${JSON.stringify(line)}`);
      const f = line.startsWith('<') ? include.exec(line) : null;
      assert.deepEqual(matchFileInclude(line), f ? { path: f[3], substituteVariables: f[1] !== undefined, encoding: f[2] ? f[2] : undefined } : undefined, `include ${JSON.stringify(line)}`);
      const trimmed = line.trim();
      const v = version.exec(trimmed);
      assert.deepEqual(splitTrailingVersion(trimmed), v ? { before: v[1], version: v[2] } : undefined, `version ${JSON.stringify(trimmed)}`);
    }
  });
});
