/**
 * `send --junit FILE`: the run as a JUnit XML report, a case per request, failed as the run counts
 * it, for CI systems that show test results (httpYac's --junit, ijhttp's --report).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JunitReport } from '../../../src/cli/junit-report';
import { onRequests, RawServer } from '../../support/raw-server';
import { PerTest } from './per-test';
import { runCli, startCliUntil } from './run-cli';

describe('cli: --junit report', function () {
  this.timeout(30_000);
  const t = new PerTest('http-wire-junit-');

  it('writes well-formed XML: counts, escaped names and messages, characters XML refuses replaced', () => {
    const report = new JunitReport();
    report.add({ name: 'GET http://a/?q=<x>&y="1"', timeMs: 12.5, output: 'HTTP 200 OK' });
    report.add({ name: 'login', timeMs: 3, failure: { type: 'HW_CONNECT_REFUSED', message: 'Connection refused by 127.0.0.1:9: nothing listens there.' } });
    report.add({ name: 'bell\u0007', timeMs: 0 });
    const xml = report.toXml('api & co.http', 1500);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="http-wire" tests="3" failures="1" errors="0" time="1\.500">\n {2}<testsuite name="api &amp; co\.http" tests="3" failures="1"/);
    assert.match(xml, /<testcase name="GET http:\/\/a\/\?q=&lt;x&gt;&amp;y=&quot;1&quot;" classname="api &amp; co\.http" time="0\.013">\n {6}<system-out>HTTP 200 OK<\/system-out>/);
    assert.match(xml, /<failure type="HW_CONNECT_REFUSED" message="Connection refused by 127\.0\.0\.1:9: nothing listens there\.">/);
    assert.match(xml, /<testcase name="bell\ufffd" classname="api &amp; co\.http" time="0\.000"\/>/);
    assert.ok(!xml.includes('\u0007'));
  });

  it('send --all --fail --junit: a case per request, the 404 and the refused one failed, a private value masked; exit 1', async () => {
    const server = await RawServer.start((socket) =>
      onRequests(socket, (head) => socket.write(head.startsWith('GET /missing') ? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')),
    );
    try {
      fs.writeFileSync(path.join(t.dir, 'http-client.private.env.json'), JSON.stringify({ dev: { key: 'junit-secret-77' } }));
      const file = path.join(t.dir, 'api.http');
      fs.writeFileSync(file, [`# @name home`, `GET ${server.url('/')}?k={{key}}`, '', '###', `GET ${server.url('/missing')}`, '', '###', '# @name down', 'GET http://127.0.0.1:9/', ''].join('\n'));
      const report = path.join(t.dir, 'report.xml');
      const run = await runCli(['send', file, '--all', '--fail', '--env', 'dev', '--junit', report], {}, t.dir);
      assert.equal(run.code, 1);
      const xml = fs.readFileSync(report, 'utf8');
      assert.match(xml, /<testsuite name="[^"]*api\.http" tests="3" failures="2"/);
      assert.match(xml, /<testcase name="home" [^>]*>\n {6}<system-out>HTTP 200 OK<\/system-out>/);
      assert.match(xml, /<testcase name="GET [^"]*\/missing" [^>]*>\n {6}<failure type="http-status" message="HTTP 404 Not Found \(--fail\)">/);
      assert.match(xml, /<testcase name="down" [^>]*>\n {6}<failure type="HW_CONNECT_REFUSED" message="Connection refused by 127\.0\.0\.1:9/);
      assert.ok(!xml.includes('junit-secret-77'));
    } finally {
      await server.close();
    }
  });

  it('--strict: the file\'s warnings fail the report too; a report that cannot be written leaves the --json document whole (exit 1)', async () => {
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
    try {
      const file = path.join(t.dir, 'typo.http');
      fs.writeFileSync(file, `# @no-redirct\nGET ${server.url('/')}\n`);
      const report = path.join(t.dir, 'strict.xml');
      const run = await runCli(['send', file, '--strict', '--junit', report]);
      assert.equal(run.code, 1);
      assert.match(fs.readFileSync(report, 'utf8'), /tests="2" failures="1"[\s\S]*<testcase name="typo\.http: warnings"[^>]*>\n {6}<failure type="warnings" message="1 warning\(s\) in /);
      // A folder where the report should go: found writable before, refused when written.
      const taken = path.join(t.dir, 'taken.xml');
      fs.mkdirSync(taken);
      const broken = await runCli(['send', file, '--json', '--junit', taken]);
      assert.equal(broken.code, 1);
      const doc = JSON.parse(broken.stdout.toString('utf8')) as { results: unknown[]; summary: { exitCode: number } };
      assert.equal(doc.results.length, 1);
      assert.match(broken.stderr, /http-wire: the JUnit report could not be written to .*taken\.xml: EISDIR/);
    } finally {
      await server.close();
    }
  });

  it('refuses, before sending anything, a report to stdout (-) or into a folder that does not exist (exit 2)', async () => {
    let requests = 0;
    const server = await RawServer.start((socket) => onRequests(socket, () => void (requests++, socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))));
    try {
      const file = path.join(t.dir, 'one.http');
      fs.writeFileSync(file, `GET ${server.url('/')}\n`);
      const dash = await runCli(['send', file, '--junit', '-']);
      assert.equal(dash.code, 2);
      assert.match(dash.stderr, /--junit takes a file name: stdout carries the results/);
      assert.equal(fs.existsSync('-'), false);
      const nowhere = await runCli(['send', file, '--json', '--junit', path.join(t.dir, 'no', 'such', 'dir', 'r.xml')]);
      assert.equal(nowhere.code, 2);
      assert.match(nowhere.stderr, /--junit .*r\.xml: the folder .*dir does not exist or cannot be written/);
      assert.equal(requests, 0);
    } finally {
      await server.close();
    }
  });

  it('a run stopped by SIGTERM or Ctrl-C still writes its report: the requests done, and the stop as a failed case', async function () {
    if (process.platform === 'win32') this.skip();
    // The first request is answered, the second never is: the run is stopped while it waits.
    const server = await RawServer.start((socket) => onRequests(socket, (head) => void (head.startsWith('GET /first') && socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))));
    try {
      const file = path.join(t.dir, 'slow.http');
      fs.writeFileSync(file, `# @name first\nGET ${server.url('/first')}\n\n###\n# @name second\nGET ${server.url('/second')}\n`);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const report = path.join(t.dir, `stopped-${signal}.xml`);
        const cli = await startCliUntil(['send', file, '--all', '--json', '--junit', report], {}, 'the first result', (bytes) => bytes > 100);
        cli.kill(signal);
        await cli.exited;
        const xml = fs.readFileSync(report, 'utf8');
        assert.match(xml, /tests="2" failures="1"/);
        assert.match(xml, /<testcase name="first" [^>]*>\n {6}<system-out>HTTP 200 OK<\/system-out>/);
        assert.match(xml, new RegExp(`<testcase name="run stopped" [^>]*>\\n {6}<failure type="HW_ABORTED" message="Stopped by ${signal}: the requests after the cases above were not sent\\.">`));
      }
    } finally {
      await server.close();
    }
  });

  it('a body that cannot be decoded fails the report, the summary and the exit status alike', async () => {
    const server = await RawServer.start((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!')));
    try {
      const file = path.join(t.dir, 'coded.http');
      fs.writeFileSync(file, `GET ${server.url('/a')}\n\n###\nGET ${server.url('/b')}\n`);
      const report = path.join(t.dir, 'decode.xml');
      const run = await runCli(['send', file, '--all', '--json', '--junit', report]);
      assert.equal(run.code, 1);
      assert.match(fs.readFileSync(report, 'utf8'), /failures="2"[\s\S]*<failure type="HW_DECODE" message="HTTP 200 OK: the body could not be decoded">/);
      assert.match(run.stderr, /: 2 requests in \d+ m?s: 2 failed \(HW_DECODE ×2\)\.\n$/);
      assert.deepEqual((JSON.parse(run.stdout.toString('utf8')) as { summary: { failed: number; answered: number } }).summary.failed, 2);
    } finally {
      await server.close();
    }
  });
});
