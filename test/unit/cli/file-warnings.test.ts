/**
 * `send` names the file's warnings on stderr, as `FILE:LINE:COLUMN: warning: message [code]`: a
 * header after the blank line went out as body, a request after a stray line was not sent, and
 * the run passed in CI with nothing said (only `parse` showed them). `--strict` fails the run on
 * a warning or a check not run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileWarnings } from '../../../src/cli/file-warnings';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { onRequests, RawServer } from '../../support/raw-server';
import { runCli, withoutSummary } from './run-cli';

describe('cli: the file\'s warnings on stderr, and --strict', function () {
  this.timeout(30_000);
  let server: RawServer;
  let dir: string;
  let file: string;
  const seen: string[] = [];

  before(async () => {
    server = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        seen.push(head.split(' ')[1]!);
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"t":"1"}');
      }),
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-warnings-'));
    file = path.join(dir, 'api.http');
    const base = `http://127.0.0.1:${server.port}`;
    fs.writeFileSync(
      file,
      ['@x = 1', '@x = 2', '', '# @name a', `GET ${base}/a`, '', 'Authorization: x', '', '###', '# @name b', `GET ${base}/b`, 'X-A : 1', '', '###', '# @name c', `GET ${base}/c?t={{a.response.body.$.t}}`, '', '###', '# @name d', `GET ${base}/d`].join('\n'),
    );
  });
  beforeEach(() => (seen.length = 0));
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lineOf = (code: string, line: number, column: number, of = file): RegExp => new RegExp(`^http-wire: ${of.replace(/[.\\/]/g, '\\$&')}:${line}:${column}: warning: .* \\[${code}\\]$`, 'm');

  it('--all: each warning once, the file\'s own first, a request\'s when it is sent; exit 0', async () => {
    const run = await runCli(['send', file, '--all', '--body', 'digest']);
    assert.equal(run.code, 0, run.stderr);
    const lines = withoutSummary(run.stderr).trimEnd().split('\n');
    assert.equal(lines.length, 3, run.stderr);
    assert.match(lines[0]!, lineOf('duplicate-variable', 2, 1));
    assert.match(lines[1]!, lineOf('header-in-body', 7, 1));
    assert.match(lines[2]!, lineOf('invalid-header', 12, 4));
    assert.deepEqual(seen, ['/a', '/b', '/c?t=1', '/d']);
  });

  it("--name: the chosen request's warnings and those of what it depends on, not the others'", async () => {
    const run = await runCli(['send', file, '--name', 'c', '--body', 'digest']);
    const lines = run.stderr.trimEnd().split('\n');
    assert.match(lines[0]!, lineOf('duplicate-variable', 2, 1));
    assert.match(lines[1]!, lineOf('header-in-body', 7, 1), 'a, sent first for c');
    assert.ok(!run.stderr.includes('[invalid-header]'), run.stderr);
    const quiet = await runCli(['send', file, '--name', 'd', '--body', 'digest']);
    assert.equal(quiet.code, 0);
    assert.deepEqual(quiet.stderr.trimEnd().split('\n').map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1]), ['duplicate-variable']);
  });

  for (const extra of [[], ['--json']]) {
    it(`--strict${extra.length > 0 ? ' --json' : ''}: a warning fails the run (exit 1), saying why; every request is still sent`, async () => {
      const run = await runCli(['send', file, '--all', '--strict', '--body', 'digest', ...extra]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(withoutSummary(run.stderr), new RegExp(`http-wire: --strict: 3 warning\\(s\\) in ${file.replace(/[.\\/]/g, '\\$&')}, 0 request\\(s\\) with checks not run\\n$`));
      assert.equal(seen.length, 4);
    });
  }

  it("a file variable's warning is the file's, even where a request's block ends: --name of a later request prints it, --strict fails", async () => {
    const dup = path.join(dir, 'dup.http');
    fs.writeFileSync(dup, ['@x = 1', '', '# @name a', `GET http://127.0.0.1:${server.port}/a`, '', '@x = 2', '', '# @name b', `GET http://127.0.0.1:${server.port}/b?x={{x}}`].join('\n'));
    const run = await runCli(['send', dup, '--name', 'b', '--strict', '--body', 'digest']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, lineOf('duplicate-variable', 6, 1, dup));
  });

  it("the file's own warnings are masked like the rest: they are printed once the environments' secrets are known", async () => {
    const secretDir = path.join(dir, 'secret');
    fs.mkdirSync(secretDir);
    fs.writeFileSync(path.join(secretDir, 'http-client.private.env.json'), JSON.stringify({ dev: { pw: 'Zs3cr3tvalue' } }));
    const secretFile = path.join(secretDir, 'a.http');
    fs.writeFileSync(secretFile, ['@Zs3cr3tvalue = 1', '@Zs3cr3tvalue = 2', '', `GET http://127.0.0.1:${server.port}/s`].join('\n'));
    const run = await runCli(['send', secretFile, '--env', 'dev', '--body', 'digest']);
    assert.match(run.stderr, /\[duplicate-variable\]/);
    assert.ok(!run.stderr.includes('Zs3cr3tvalue'), run.stderr);
  });

  it('--strict: a check that is not run fails the run too; a clean file passes', async () => {
    const checks = path.join(dir, 'checks.http');
    fs.writeFileSync(checks, `GET http://127.0.0.1:${server.port}/ok\n\n?? status == 200\n`);
    const run = await runCli(['send', checks, '--strict']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--strict: 0 warning\(s\) in .*, 1 request\(s\) with checks not run\n$/);
    const clean = path.join(dir, 'clean.http');
    fs.writeFileSync(clean, `GET http://127.0.0.1:${server.port}/ok\n`);
    const ok = await runCli(['send', clean, '--strict', '--body', 'digest']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, '');
  });
});

/** The class itself: outside warnings first, a request's once, however often it is sent (a dependency, # @forceRef). */
describe('cli: FileWarnings', () => {
  const file = parseHttpFile('@v = 1\n@v = 2\nGET http://a.test/\n###\nGET http://b.test/\n\nX-Foo: bar\n');

  it("prints the file's warnings outside requests, then each request's once, however often it is sent", () => {
    const lines: string[] = [];
    const warnings = new FileWarnings(file, 'api.http', (line) => lines.push(line));
    warnings.printOutside();
    assert.deepEqual(lines.map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1]), ['duplicate-variable']);
    warnings.printFor(file.requests[0]!);
    assert.equal(lines.length, 1, 'the first request has no warning');
    warnings.printFor(file.requests[1]!);
    warnings.printFor(file.requests[1]!);
    assert.equal(lines.length, 2, 'the second request is sent twice, its warning printed once');
    assert.match(lines[1]!, /^http-wire: api\.http:7:1: warning: .* \[header-in-body\]$/);
    assert.equal(warnings.count, 2);
  });
});
