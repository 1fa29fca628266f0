/**
 * How the CLI answers before any request goes out: help asked for after a command, and with
 * --json, a run that stops at once (no such file, a broken env file, an unknown --env) still
 * writes one JSON document, so a program piping it into jq has something to read.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RawServer } from '../../support/raw-server';
import { runCli } from './run-cli';

describe('cli: answers before the first request', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-run-errors-'));
    fs.writeFileSync(path.join(dir, 'one.http'), 'GET http://127.0.0.1:9/\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const args of [['send', '--help'], ['parse', '-h'], ['send', 'x.http', '--help']]) {
    it(`${args.join(' ')}: the usage on stdout, exit 0`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout.toString('utf8'), /^Usage: http-wire <command>/);
      assert.equal(run.stderr, '');
    });
  }

  for (const flag of ['--version', '-V', 'version']) {
    it(`${flag}: the version (package.json's) on stdout, exit 0`, async () => {
      const run = await runCli([flag]);
      assert.equal(run.code, 0, run.stderr);
      const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
      assert.equal(run.stdout.toString('utf8'), `http-wire ${version} (Node ${process.version})\n`);
    });
  }

  it('a usage error is one line and a pointer to --help, with a near flag suggested; --name lists the names, and refuses one two requests have', async () => {
    const typo = await runCli(['send', path.join(dir, 'one.http'), '--jsn']);
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr, 'http-wire: unknown option --jsn (did you mean --json?)\nRun "http-wire --help" for the commands and their options.\n');
    const named = path.join(dir, 'named.http');
    fs.writeFileSync(named, '### dup\nGET http://127.0.0.1:9/a\n\n### dup\nGET http://127.0.0.1:9/b\n\n# @name other\nGET http://127.0.0.1:9/c\n');
    const missing = await runCli(['send', named, '--name', 'nosuch']);
    assert.match(missing.stderr, /^http-wire: no request named "nosuch" in .*named\.http: its names are "dup", "other"\n/);
    const ambiguous = await runCli(['send', named, '--name', 'dup']);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /^http-wire: 2 requests of .*named\.http are named "dup" \(lines 2, 5\): choose one with --line\n/);
  });

  it('- reads the file from stdin (parse and send), as curl and httpYac do', async () => {
    const parsed = await runCli(['parse', '-', '--json'], {}, dir, '# @name fromStdin\nGET http://127.0.0.1:9/stdin\n');
    assert.equal(parsed.code, 0, parsed.stderr);
    assert.deepEqual((JSON.parse(parsed.stdout.toString('utf8')) as { requests: Array<{ name: string }> }).requests.map((r) => r.name), ['fromStdin']);
    const sent = await runCli(['send', '-', '--json'], {}, dir, 'GET http://127.0.0.1:9/stdin\n');
    assert.equal(sent.code, 1, 'the port is closed');
    assert.equal((JSON.parse(sent.stdout.toString('utf8')) as { results: Array<{ error: { code: string } }> }).results[0]!.error.code, 'HW_CONNECT_REFUSED');
  });

  it('send --all on a file with no requests (variables only, or the wrong file) is a usage error, not an empty green run', async () => {
    const empty = path.join(dir, 'vars-only.http');
    fs.writeFileSync(empty, '@host = http://127.0.0.1:9\n# nothing to send\n');
    const run = await runCli(['send', empty, '--all']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^http-wire: .*vars-only\.http has no requests/);
  });

  it('--cert without --key, and a --cacert with no PEM certificate in it: usage errors that say why', async () => {
    fs.writeFileSync(path.join(dir, 'ca.der'), Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    fs.writeFileSync(path.join(dir, 'client.pem'), '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
    const file = path.join(dir, 'one.http');
    const noKey = await runCli(['send', file, '--cert', path.join(dir, 'client.pem')]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /^http-wire: --cert needs --key/);
    const der = await runCli(['send', file, '--cacert', path.join(dir, 'ca.der')]);
    assert.equal(der.code, 2);
    assert.match(der.stderr, /^http-wire: --cacert .*ca\.der holds no PEM certificate/);
    const both = await runCli(['send', file, '--pfx', path.join(dir, 'client.pem'), '--cert', path.join(dir, 'client.pem')]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^http-wire: --pfx holds the certificate and its key/);
  });

  it('a --cert file holding its key too, and a TRUSTED CERTIFICATE PEM as --cacert, are accepted (as curl and Node take them)', async () => {
    fs.writeFileSync(path.join(dir, 'combined.pem'), '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMA==\n-----END PRIVATE KEY-----\n');
    fs.writeFileSync(path.join(dir, 'trusted.pem'), '-----BEGIN TRUSTED CERTIFICATE-----\nMA==\n-----END TRUSTED CERTIFICATE-----\n');
    // http:// to a closed port: the flags are read and the run goes as far as connecting.
    for (const args of [['--cert', path.join(dir, 'combined.pem')], ['--cacert', path.join(dir, 'trusted.pem')]]) {
      const run = await runCli(['send', path.join(dir, 'one.http'), ...args]);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /HW_CONNECT_REFUSED/);
    }
  });

  const cases: Array<{ name: string; args: (dir: string) => string[]; prepare?: (dir: string) => void; code: string; message: RegExp }> = [
    { name: 'no such file', args: (d) => ['send', path.join(d, 'missing.http'), '--json'], code: 'HW_FILE', message: /no such file: .*missing\.http/ },
    { name: 'an unknown --env', args: (d) => ['send', path.join(d, 'one.http'), '--json', '--env', 'nope'], code: 'HW_ENVIRONMENT', message: /There is no environment "nope"/ },
    {
      name: 'a malformed env file',
      args: (d) => ['send', path.join(d, 'bad', 'one.http'), '--json'],
      prepare: (d) => {
        fs.mkdirSync(path.join(d, 'bad'));
        fs.writeFileSync(path.join(d, 'bad', 'one.http'), 'GET http://127.0.0.1:9/\n');
        fs.writeFileSync(path.join(d, 'bad', 'http-client.env.json'), '{"dev": ');
      },
      code: 'HW_ENVIRONMENT',
      message: /http-client\.env\.json/,
    },
  ];
  for (const c of cases) {
    it(`--json, ${c.name}: one document with no results and the error, exit 1`, async () => {
      c.prepare?.(dir);
      const run = await runCli(c.args(dir), {}, dir);
      assert.equal(run.code, 1, run.stderr);
      const doc = JSON.parse(run.stdout.toString('utf8')) as { results: unknown[]; error: { code: string; message: string; class: string } };
      assert.deepEqual(doc.results, []);
      assert.equal(doc.error.code, c.code);
      assert.match(doc.error.message, c.message);
      assert.match(run.stderr, /^http-wire: /, 'the message is on stderr as without --json');
    });
  }

  it('a client certificate that cannot be used (a PFX file that is none): HW_TLS at once, not HW_CONNECT after the connect timeout', async function () {
    // The old code left the connect timer running (10 s) after tls.connect threw: the deadline fails it.
    this.timeout(6_000);
    const server = await RawServer.start(() => undefined);
    try {
      fs.writeFileSync(path.join(dir, 'junk.p12'), 'not a PKCS#12 file');
      fs.writeFileSync(path.join(dir, 'tls.http'), `GET https://127.0.0.1:${server.port}/\n`);
      const run = await runCli(['send', path.join(dir, 'tls.http'), '--json', '--pfx', path.join(dir, 'junk.p12'), '--passphrase', 'nope']);
      assert.equal(run.code, 1, run.stderr);
      const [r] = (JSON.parse(run.stdout.toString('utf8')) as { results: Array<{ error: { code: string; message: string } }> }).results;
      assert.equal(r!.error.code, 'HW_TLS');
      assert.match(r!.error.message, /^The client certificate could not be used for 127\.0\.0\.1:\d+: .*Check the certificate and key \(or PFX\) files and their passphrase\.$/);
    } finally {
      await server.close();
    }
  });
});
