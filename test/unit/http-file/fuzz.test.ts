/**
 * Fuzzing `parseHttpFile`: random files built from `.http` fragments, mutations of the examples and
 * fixtures, and a few pathological inputs. Whatever the input, the parser never throws, answers
 * quickly, and returns a consistent model.
 *
 * Seeded and repeatable: every failure message names `seed` and `case`, and the command that runs
 * that one case again. `HTTP_WIRE_FUZZ_SEED` picks another base seed (`npm run fuzz` tries many).
 */

import assert from 'node:assert/strict';
import { DiagnosticCodes } from '../../../src/core/http-file/diagnostic-codes';
import type { HttpFile } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { findRequestAt } from '../../../src/core/http-file/request-at';
import { mulberry32 } from '../../support/random';
import { int, loadSources, mutate, pick, randomFile, type Rng } from './fuzz-corpus';

const BASE_SEED = Number(process.env.HTTP_WIRE_FUZZ_SEED ?? 0x5eed);
/** At most this many generated cases in all, and at most this much wall time. */
const MAX_CASES = Math.min(Number(process.env.HTTP_WIRE_FUZZ_CASES ?? 3000), 3000);
const BUDGET_MS = 5000;
/** One parse must not take longer than this. */
const CASE_LIMIT_MS = 200;


const CODES = new Set<string>(Object.values(DiagnosticCodes));
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

/** Lines the way the spec counts them: LF, CRLF and a lone CR each end one; a leading BOM is not text. */
function expectedLineCount(text: string): number {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return (body.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

/** Parses `text` and checks the model's invariants; returns the file and the time it took. */
function parseChecked(text: string, where: string): { file: HttpFile; ms: number } {
  const context = (): string => `${where}\ninput (${text.length} chars): ${JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…` : text)}`;
  let file: HttpFile;
  const t0 = performance.now();
  try {
    file = parseHttpFile(text);
  } catch (err) {
    assert.fail(`parseHttpFile threw ${(err as Error).stack}\n${context()}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms <= CASE_LIMIT_MS, `parse took ${ms.toFixed(0)} ms (limit ${CASE_LIMIT_MS})\n${context()}`);

  const n = file.lineCount;
  assert.equal(n, expectedLineCount(text), `lineCount\n${context()}`);
  for (const d of file.diagnostics) {
    const what = `diagnostic ${JSON.stringify(d)}\n${context()}`;
    assert.ok(Number.isInteger(d.line) && d.line >= 0 && d.line < n, `line out of range: ${what}`);
    assert.ok(Number.isInteger(d.column) && d.column >= 0, `column < 0: ${what}`);
    assert.ok(d.endLine >= d.line && d.endLine < n, `endLine out of range: ${what}`);
    assert.ok(d.endLine > d.line || d.endColumn >= d.column, `endColumn < column: ${what}`);
    assert.ok(CODES.has(d.code), `unknown code: ${what}`);
    assert.ok(SEVERITIES.has(d.severity), `unknown severity: ${what}`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `empty message: ${what}`);
  }
  let previousEnd = -1;
  file.requests.forEach((r, i) => {
    const what = `request ${i} ${JSON.stringify({ range: r.range, extent: r.extent, line: r.requestLine.line, endLine: r.requestLine.endLine })}\n${context()}`;
    assert.equal(r.index, i, `index: ${what}`);
    assert.ok(r.extent.startLine > previousEnd, `extents overlap or are out of order: ${what}`);
    assert.ok(r.extent.startLine <= r.range.startLine, `range starts before extent: ${what}`);
    assert.ok(r.range.startLine <= r.requestLine.line, `request line before range: ${what}`);
    assert.ok(r.requestLine.line <= r.requestLine.endLine, `request line end: ${what}`);
    assert.ok(r.requestLine.endLine <= r.range.endLine, `range ends before the request line: ${what}`);
    assert.ok(r.range.endLine <= r.extent.endLine, `range ends after extent: ${what}`);
    assert.ok(r.extent.endLine < n, `extent past the end: ${what}`);
    const inside = (line: number): boolean => line >= r.extent.startLine && line <= r.extent.endLine;
    for (const h of r.headers) assert.ok(h.line > r.requestLine.line && inside(h.line), `header line ${h.line}: ${what}`);
    for (const m of r.metadata) assert.ok(inside(m.line) && m.line < r.requestLine.line, `metadata line ${m.line}: ${what}`);
    if (r.body) {
      assert.ok(r.body.startLine > r.requestLine.line && r.body.startLine <= r.body.endLine && inside(r.body.endLine), `body lines: ${what}`);
      assert.ok(r.body.parts.length > 0, `body without parts: ${what}`);
      for (const part of r.body.parts) {
        if (part.type !== 'text') continue;
        for (const bodyLine of part.text.split(/\r\n|\r|\n/)) {
          // The spec keeps these out of every body: separators, pasted responses, JetBrains handlers.
          assert.ok(!/^\s*###/.test(bodyLine), `a ### line in the body: ${what}`);
          assert.ok(!/^HTTP\/\d(?:\.\d)?[ \t]+\d{3}(?:[ \t]|$)/.test(bodyLine), `a pasted response in the body: ${what}`);
          assert.ok(!/^(?:>\s*\{%|>>|<>)/.test(bodyLine), `a handler, redirect or response reference in the body: ${what}`);
        }
      }
    }
    for (const u of r.unsupported) assert.ok(inside(u.startLine) && inside(u.endLine) && u.startLine <= u.endLine, `unsupported block ${u.startLine}-${u.endLine}: ${what}`);
    if (r.pastedResponse) assert.ok(inside(r.pastedResponse.startLine) && inside(r.pastedResponse.endLine), `pasted response: ${what}`);
    previousEnd = r.extent.endLine;
  });
  const step = Math.max(1, Math.floor(n / 2000));
  for (let line = -1; line <= n; line += line < 0 || line >= n - 1 ? 1 : step) {
    const linear = file.requests.find((r) => r.extent.startLine <= line && line <= r.extent.endLine);
    assert.equal(findRequestAt(file, line), linear, `findRequestAt(${line}) disagrees with a linear scan\n${context()}`);
  }
  return { file, ms };
}

/** What must not depend on line ends: request lines, headers, targets, diagnostic codes and lines. */
function shape(file: HttpFile): unknown {
  return {
    lineCount: file.lineCount,
    requests: file.requests.map((r) => [r.requestLine.line, r.requestLine.method, r.requestLine.target, r.headers.map((h) => [h.name, h.value, h.line]), r.body?.kind, r.extent]),
    diagnostics: file.diagnostics.filter((d) => d.code !== DiagnosticCodes.contentLengthMismatch).map((d) => `${d.code}@${d.line}`),
  };
}

describe('http-file: fuzz', function () {
  this.timeout(60_000);
  let used = 0;
  let started = 0;
  let title = '';
  before(() => {
    started = Date.now();
  });
  beforeEach(function () {
    title = this.currentTest?.title ?? '';
  });
  /** Runs up to `count` cases, each with its own seed, within the shared case count and time budget. */
  const cases = (count: number, body: (rng: Rng, where: string) => void): number => {
    let ran = 0;
    for (let i = 0; i < count && used < MAX_CASES && Date.now() - started < BUDGET_MS; i++, used++, ran++) {
      const seed = (BASE_SEED + used) >>> 0;
      // With --grep, the test runs alone and its first case gets the base seed.
      const replay = `HTTP_WIRE_FUZZ_SEED=${seed} HTTP_WIRE_FUZZ_CASES=1 npx mocha --no-config out/test/unit/http-file/fuzz.test.js --grep ${JSON.stringify(title)}`;
      body(mulberry32(seed), `seed=${seed} case=${used} (replay: ${replay})`);
    }
    return ran;
  };

  it('random files of .http fragments: never throws, quick, consistent model', () => {
    const ran = cases(1800, (rng, where) => {
      parseChecked(randomFile(rng), where);
    });
    assert.ok(ran > 0);
  });

  it('the same files with CRLF line ends and with a BOM parse to the same shape', () => {
    cases(300, (rng, where) => {
      const text = randomFile(rng).replace(/\uFEFF/g, '').replace(/\r\n?/g, '\n');
      const lf = shape(parseChecked(text, where).file);
      assert.deepStrictEqual(shape(parseChecked(text.replace(/\n/g, '\r\n'), where).file), lf, `CRLF changed the parse\n${where}\n${JSON.stringify(text)}`);
      assert.deepStrictEqual(shape(parseChecked(`\uFEFF${text}`, where).file), lf, `a BOM changed the parse\n${where}\n${JSON.stringify(text)}`);
    });
  });

  it('mutated examples and fixtures: never throws, quick, consistent model', () => {
    const sources = loadSources();
    assert.ok(sources.length > 0, 'no examples found');
    cases(600, (rng, where) => {
      const source = pick(rng, sources);
      parseChecked(mutate(rng, source.text), `${where} from ${source.name}`);
    });
  });

  it('clearly malformed requests get at least one diagnostic', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (rng: Rng): string => Array.from({ length: 1 + int(rng, 10) }, () => pick(rng, [...letters])).join('');
    const malformed: Array<(rng: Rng) => string> = [
      (rng) => `GET http://a/x\n${word(rng)}`, // a header line without a colon
      (rng) => `GET http://a/x\nHost: a\n${word(rng)} ${word(rng)}`,
      (rng) => `POST http://a/x\n${word(rng)} ${word(rng)}: v`, // a space in the header name
      (rng) => `GET /${word(rng)}`, // no Host
      (rng) => `GET http://a/${word(rng)} ${word(rng)}`, // a space in the target
      (rng) => `GET http://a/ HTTP/${int(rng, 10) + 2}.${int(rng, 10)}`,
      (rng) => `GET http://a/ HTTP/${word(rng)}`,
      (rng) => {
        const body = word(rng);
        return `POST http://a/\nContent-Length: ${body.length + 1 + int(rng, 100)}\n\n${body}`; // never the body's length
      },
      (rng) => `GET http://a/\nX-${word(rng)}: a\0b`,
      (rng) => pick(rng, ['GET', 'POST', 'DELETE']), // a method and no URL
    ];
    cases(200, (rng, where) => {
      const make = pick(rng, malformed);
      const text = make(rng);
      const { file } = parseChecked(text, where);
      assert.ok(file.diagnostics.length > 0, `no diagnostic for a malformed request\n${where}\ninput: ${JSON.stringify(text)}`);
    });
  });

  it('Content-Length: a warning with {written, actual} exactly when they disagree', () => {
    const alphabet = [...'abcdefghij0123456789 =.,-', 'é', 'ñ', '日', '😀'];
    cases(100, (rng, where) => {
      const eol = pick(rng, ['\n', '\r\n']);
      const bodyLines = Array.from({ length: 1 + int(rng, 4) }, () => 'b' + Array.from({ length: int(rng, 30) }, () => pick(rng, alphabet)).join('').trimEnd());
      const body = bodyLines.join(eol);
      const actual = Buffer.byteLength(body, 'utf8');
      const written = rng() < 0.5 ? actual : Math.max(0, actual + int(rng, 7) - 3);
      const text = ['POST http://a/', 'Content-Type: text/plain', `Content-Length: ${written}`, '', body, ''].join(eol);
      const { file } = parseChecked(text, where);
      const found = file.diagnostics.filter((d) => d.code === DiagnosticCodes.contentLengthMismatch);
      const want = written === actual ? [] : [{ line: 2, severity: 'warning', data: { written, actual } }];
      assert.deepStrictEqual(found.map((d) => ({ line: d.line, severity: d.severity, data: d.data })), want, `${where}\ninput: ${JSON.stringify(text)}`);
    });
  });

  it(`stayed within ${MAX_CASES} cases and about ${BUDGET_MS} ms`, () => {
    assert.ok(used <= MAX_CASES);
  });
});

describe('http-file: pathological inputs finish quickly', () => {
  const lines = (line: string, n: number): string => Array(n).fill(line).join('\n');
  const laughs = (depth: number, fan: number): string => {
    const rows: string[] = [];
    for (let i = 0; i < depth; i++) rows.push(i === depth - 1 ? `@v${i} = x` : `@v${i} = ${`{{v${i + 1}}}`.repeat(fan)}`);
    return `${rows.join('\n')}\nGET http://a/{{v0}}`;
  };
  const inputs: Array<[string, string]> = [
    ['10,000 unclosed /* lines', lines('/*', 10_000)],
    ['10,000 unclosed {{ script blocks', lines('{{', 10_000)],
    ['10,000 unclosed > {% handlers', `GET http://a/\n\n${lines('> {%', 10_000)}`],
    ['10,000 unclosed < {% scripts', lines('< {%', 10_000)],
    ['10,000 fragments without braces', lines('fragment A on B', 10_000)],
    // Issue 10, item 7: an unclosed fragment looks for its closing brace past blank lines.
    ['10,000 unclosed fragments, each before a blank line', lines('fragment A on B {\n', 10_000)],
    ['an unclosed fragment above 50,000 lines without a brace', `fragment A on B {\n${lines('x', 50_000)}`],
    ['a ### title of 200,000 spaces then #', `###${' '.repeat(200_000)}x${' '.repeat(200_000)}#\nGET http://a/`],
    ['5,000 one-line GETs', lines('GET http://a/', 5_000)],
    ['10,000 headers', `GET http://a/\n${lines('X-A: b', 10_000)}`],
    ['10,000 folded header lines', `GET http://a/\nX: a\n${lines('  b', 10_000)}`],
    ['10,000 query continuation lines', `GET http://a/\n${lines('  &a=1', 10_000)}`],
    ['10,000 comment lines in a text body, then a request', `POST http://a/\nContent-Type: text/plain\n\nx\n${lines('# c', 10_000)}\nGET http://a/`],
    ['200,000 # on one line', '#'.repeat(200_000)],
    ['200,000 spaces then x', `${' '.repeat(200_000)}x`],
    ['100,000 {{ in a target', `GET ${'{{'.repeat(100_000)}`],
    ['100,000 {{ in a Host header', `GET /x\nHost: ${'{{ '.repeat(100_000)}`],
    ['metadata with 200,000 spaces', `# @a${' '.repeat(200_000)}x\nGET http://a/`],
    ['a file variable with 200,000 spaces', `@a${' '.repeat(200_000)}= 1`],
    ['50,000 lone CRs', `GET http://a/${'\r'.repeat(50_000)}`],
    ['200,000 NULs', '\0'.repeat(200_000)],
    ['a GraphQL query spreading 50,000 fragments', `GRAPHQL http://a/\n\nquery { ${'...A '.repeat(50_000)}}`],
    ['10,000 chained file variables', `${Array.from({ length: 10_000 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n')}\nGET http://{{v0}}/`],
    ['file variables that expand exponentially (12 levels, 4 uses each: 4^11 copies)', laughs(12, 4)],
    // A pattern for these (a word, optional words, spaces, a predicate) took minutes on 10,000 spaces.
    ['a ?? line of 200,000 spaces under a request line', `GET http://a/\n?? a${' '.repeat(200_000)}x`],
    ['a ?? line of 100,000 space-tab pairs in a body', `GET http://a/\n\n?? a${' \t'.repeat(100_000)}x`],
    ['a ?? line of 100,000 words and no predicate', `POST http://a/\nContent-Type: text/plain\n\n?? ${'a '.repeat(100_000)}x`],
    ['a file include with 200,000 trailing spaces', `POST http://a/\nContent-Type: application/json\n\n< {%${' '.repeat(200_000)}x`],
    ['non-ASCII metadata with 200,000 trailing spaces', `# @name é${' '.repeat(200_000)}x\nGET http://a/`],
    ['a query continuation with 200,000 spaces before HTTP/1.1', `GET http://a/\n  &a=1${' '.repeat(200_000)}x HTTP/1.1`],
    // The canonical-URL pattern on what nearly matches it: long runs it must not step back through twice.
    ['a URL host of 50,000 hyphenated labels and a bad end', `GET http://${'a-b.'.repeat(50_000)}c_/`],
    ['a URL host of 100,000 hyphens between two letters', `GET http://a${'-'.repeat(100_000)}_b/`],
    ['a URL path of 50,000 escapes then a bad one', `GET http://a.test/${'%41a'.repeat(50_000)}%zz`],
    ['a URL query of 100,000 characters then a bad escape', `GET http://a.test/?${'a=1&'.repeat(25_000)}%g0`],
    ['a curl command of 200,000 backslashes and spaces', `curl ${'\\ '.repeat(100_000)}x\n${'\\'.repeat(100_000)}`],
  ];
  before(() => {
    // Warm the parser up so that the time limit measures the algorithm, not the JIT.
    for (const source of loadSources()) for (let i = 0; i < 20; i++) parseHttpFile(source.text);
    parseHttpFile(lines('GET http://a/\nX-A: b\n\n@a = b\n# c', 2_000));
  });
  for (const [name, text] of inputs) {
    it(name, function () {
      this.timeout(60_000);
      parseChecked(text, name);
    });
  }
});
