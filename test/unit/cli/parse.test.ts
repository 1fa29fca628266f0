/**
 * `http-wire parse`: the JSON model of a `.http` file (1-based lines, as the editor shows them),
 * the readable outline, and the exit status.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli } from './run-cli';

const SEED_FILE = path.join(ROOT, 'examples', 'a-typical-http-session.http');

/** The CLI run as a whole process, its stdout as text (parse prints text and JSON only). */
async function runParse(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runCli(args);
  return { ...run, stdout: run.stdout.toString('utf8') };
}

/** 1-based number of the first line of `text` that equals `line`. */
function lineOf(text: string, line: string): number {
  const at = text.split(/\r?\n/).indexOf(line);
  assert.notEqual(at, -1, `no line ${JSON.stringify(line)}`);
  return at + 1;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON is read as data. */
type Json = any;

describe('cli: parse', function () {
  this.timeout(20_000);
  const seedText = fs.readFileSync(SEED_FILE, 'utf8');
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-parse-'));
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('--json on the seed example', () => {
    let run: { code: number; stdout: string; stderr: string };
    let json: Json;

    before(async () => {
      run = await runParse(['parse', SEED_FILE, '--json']);
      json = JSON.parse(run.stdout);
    });

    it('exits 0: a warning is not an error', () => {
      assert.equal(run.code, 0, run.stderr);
    });

    it('the GET: 1-based lines, method, target, url, version, header pairs, no body', () => {
      const get = json.requests[0];
      assert.equal(get.name, 'home');
      assert.equal(get.startLine, lineOf(seedText, '### Ask for the home page, in French if possible'));
      assert.equal(get.requestLine, lineOf(seedText, 'GET / HTTP/1.1'));
      assert.equal(get.endLine, lineOf(seedText, 'Accept-Language: fr'));
      assert.equal(get.method, 'GET');
      assert.equal(get.target, '/');
      assert.equal(get.url, 'http://developer.mozilla.org/');
      assert.equal(get.httpVersion, 'HTTP/1.1');
      assert.deepEqual(get.headers, [['Host', 'developer.mozilla.org'], ['Accept-Language', 'fr']]);
      assert.equal(get.body, null);
    });

    it('the POST: headers as written (64) and its 63-byte form body', () => {
      const post = json.requests[1];
      const bodyLine = lineOf(seedText, 'name=Juan%20Garcia&request=Envieme%20uno%20de%20sus%20catalogos');
      assert.equal(post.method, 'POST');
      assert.equal(post.target, '/contact_form.php');
      assert.equal(post.url, 'http://developer.mozilla.org/contact_form.php');
      assert.equal(post.requestLine, lineOf(seedText, 'POST /contact_form.php HTTP/1.1'));
      assert.equal(post.endLine, bodyLine);
      assert.deepEqual(post.headers, [['Host', 'developer.mozilla.org'], ['Content-Length', '64'], ['Content-Type', 'application/x-www-form-urlencoded']]);
      assert.equal(post.body.kind, 'form');
      assert.equal(post.body.startLine, bodyLine);
      assert.equal(post.body.endLine, bodyLine);
      assert.deepEqual(post.body.parts, [{ type: 'text', text: 'name=Juan%20Garcia&request=Envieme%20uno%20de%20sus%20catalogos', startLine: bodyLine, endLine: bodyLine }]);
    });

    it('requests do not overlap and come in file order', () => {
      const ranges = (json.requests as Json[]).map((r) => [r.startLine, r.endLine]);
      for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i]![0] > ranges[i - 1]![1], JSON.stringify(ranges));
    });

    it('the content-length-mismatch warning points at the value of the Content-Length line', () => {
      const found = (json.diagnostics as Json[]).filter((d) => d.code === 'content-length-mismatch');
      assert.equal(found.length, 1);
      const d = found[0];
      assert.equal(d.line, lineOf(seedText, 'Content-Length: 64'));
      // "Content-Length: 64": the value starts at column 17 (1-based), and the range covers "64".
      assert.equal(d.column, 17);
      assert.equal(d.endColumn, 19);
      assert.equal(d.severity, 'warning');
      assert.deepEqual(d.data, { written: 64, actual: 63 });
      assert.match(d.message, /64/);
      assert.match(d.message, /63/);
    });

    it('the warning spans the header, not an empty range (so the editor can underline and fix it)', () => {
      const d = (json.diagnostics as Json[]).find((x) => x.code === 'content-length-mismatch');
      assert.equal(d.endLine, d.line);
      assert.ok(d.endColumn > d.column, `range ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`);
    });

    it('no other diagnostics', () => {
      assert.deepEqual((json.diagnostics as Json[]).map((d) => d.code), ['content-length-mismatch']);
    });
  });

  it('the outline is readable: one block per request, then file:line:col diagnostics', async () => {
    const run = await runParse(['parse', SEED_FILE]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    const home = lines.findIndex((l) => l.startsWith('home ['));
    assert.ok(home !== -1, run.stdout);
    assert.match(lines[home]!, /GET \/ HTTP\/1\.1/);
    assert.ok(lines.includes('    Host: developer.mozilla.org'));
    assert.ok(lines.some((l) => /^contactForm \[lines \d+-\d+\] POST \/contact_form\.php HTTP\/1\.1$/.test(l)));
    const clLine = lineOf(seedText, 'Content-Length: 64');
    assert.ok(lines.some((l) => l.startsWith(`${SEED_FILE}:${clLine}:17: warning [content-length-mismatch]`)), run.stdout);
  });

  it('exits 1 when the file has errors, and still prints them', async () => {
    const file = path.join(tmp, 'broken.http');
    fs.writeFileSync(file, 'GET /no-host HTTP/1.1\nAccept: */*\n');
    const run = await runParse(['parse', file, '--json']);
    assert.equal(run.code, 1);
    const json: Json = JSON.parse(run.stdout);
    const errors = (json.diagnostics as Json[]).filter((d) => d.severity === 'error');
    assert.ok(errors.length > 0);
    assert.equal(errors[0].code, 'missing-host');
    assert.equal(errors[0].line, 1);
  });

  it('exits 1 for a missing file, naming it', async () => {
    const run = await runParse(['parse', path.join(tmp, 'nope.http')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /nope\.http/);
  });

  it('exits 2 for bad usage', async () => {
    const run = await runParse(['parse', SEED_FILE, '--frobnicate']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^http-wire: unknown option --frobnicate\nRun "http-wire --help"/);
  });

  it('file variables come out with 1-based lines', async () => {
    const file = path.join(tmp, 'vars.http');
    fs.writeFileSync(file, '# comment\n@host = example.com\n\nGET http://{{host}}/x\n');
    const run = await runParse(['parse', file, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json: Json = JSON.parse(run.stdout);
    assert.deepEqual(json.variables, [{ name: 'host', value: 'example.com', line: 2 }]);
    assert.equal(json.requests[0].url, 'http://example.com/x');
    assert.equal(json.requests[0].requestLine, 4);
  });
});
