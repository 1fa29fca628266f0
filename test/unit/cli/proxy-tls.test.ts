/**
 * An https:// proxy is trusted apart from the servers, as curl does: `--cacert` (and the client
 * certificate) are for the servers the URLs name, `--proxy-cacert` for the proxy, and
 * `--proxy-insecure` turns off the proxy's verification only. A --cacert used to replace the
 * proxy's trust roots too: a public proxy then failed as soon as a private server's CA was given.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordingServer, respond, TestProxy, tlsFixtures, type TlsFixtures } from '../wire/support-b';
import { runCli } from './run-cli';

describe('cli: --proxy-cacert and --proxy-insecure', function () {
  this.timeout(30_000);
  let f: TlsFixtures;
  let dir: string;
  let proxy: TestProxy;
  let origin: RecordingServer;
  let file: string;
  let env: NodeJS.ProcessEnv;
  const pem = (name: string, text: string): string => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, text);
    return at;
  };

  before(async () => {
    f = tlsFixtures();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-proxy-tls-'));
    // The proxy's certificate is self-signed: only --proxy-cacert with it makes it trusted.
    proxy = await TestProxy.start({ cert: f.selfSignedCert, key: f.selfSignedKey });
    origin = await RecordingServer.start(() => respond(200, 'OK', [], 'through the proxy'));
    file = pem('one.http', `GET ${origin.url('/via')}\n`);
    env = { HTTP_PROXY: `https://127.0.0.1:${proxy.port}`, NO_PROXY: '' };
  });
  after(async () => {
    await proxy.close();
    await origin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("--cacert for the servers and --proxy-cacert for the proxy: each is verified with its own CA", async () => {
    const run = await runCli(['send', file, '--cacert', pem('servers-ca.pem', f.caCert), '--proxy-cacert', pem('proxy-ca.pem', f.selfSignedCert)], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout.toString(), /^HTTP\/1\.1 200 OK\r?\n[\s\S]*through the proxy$/);
    assert.equal(proxy.seen.at(-1)?.target, origin.url('/via'));
  });

  it("--cacert alone is not the proxy's: it is verified with the default roots, and the error says how to trust it", async () => {
    const seen = proxy.seen.length;
    const run = await runCli(['send', file, '--cacert', pem('servers-ca.pem', f.caCert), '--json'], env);
    assert.equal(run.code, 1);
    const error = (JSON.parse(run.stdout.toString()) as { results: Array<{ error: { code: string; message: string } }> }).results[0]!.error;
    assert.equal(error.code, 'HW_TLS');
    assert.match(error.message, /^The https:\/\/ proxy's certificate: .*--proxy-cacert.*--proxy-insecure/);
    assert.equal(proxy.seen.length, seen, 'nothing was sent to the unverified proxy');
  });

  it('--proxy-insecure: the proxy is used unverified', async () => {
    const run = await runCli(['send', file, '--proxy-insecure'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout.toString(), /through the proxy$/);
  });

  it('a --proxy-cacert that holds no PEM certificate is a usage error, as for --cacert', async () => {
    const run = await runCli(['send', file, '--proxy-cacert', pem('proxy.der', '\x30\x82\x01\x0a')], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^http-wire: --proxy-cacert .*proxy\.der holds no PEM certificate/);
  });
});
