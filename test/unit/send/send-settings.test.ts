/**
 * Run settings (the editor's `httpWire.*`, the CLI's flags) → send and client options (issue 11,
 * item 7): one table, shared by both.
 */
import * as assert from 'node:assert/strict';
import { clientDefaultsFrom, sendDefaultsFrom, type SendSettings } from '../../../src/core/send/send-settings';
import { sendOptionsFor } from '../../../src/core/send/send-options-for';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import type { SendOptions } from '../../../src/core/wire/client-options';
import { proxyFor } from '../../../src/core/wire/proxy';

const sendRows: { name: string; settings: SendSettings; want: Partial<SendOptions>; invalid?: string[] }[] = [
  { name: 'nothing set: no option, the client defaults stay', settings: {}, want: {} },
  { name: 'connect timeout', settings: { connectTimeoutMs: 2500 }, want: { connectTimeoutMs: 2500 } },
  { name: 'a connect timeout of 0 is ignored (it would fail every send)', settings: { connectTimeoutMs: 0 }, want: {}, invalid: ['connectTimeoutMs'] },
  { name: 'response timeout sets the headers and body timeouts', settings: { responseTimeoutMs: 700 }, want: { headersTimeoutMs: 700, bodyTimeoutMs: 700 } },
  { name: 'total timeout 0 is no limit', settings: { totalTimeoutMs: 0 }, want: { totalTimeoutMs: 0 } },
  { name: 'total timeout', settings: { totalTimeoutMs: 60_000 }, want: { totalTimeoutMs: 60_000 } },
  { name: 'a negative total timeout is ignored', settings: { totalTimeoutMs: -1 }, want: {}, invalid: ['totalTimeoutMs'] },
  { name: 'a fractional body limit is ignored', settings: { maxBodyBytes: 1.5 }, want: {}, invalid: ['maxBodyBytes'] },
  { name: 'a body limit given as text (a hand-edited settings.json) is ignored', settings: { maxBodyBytes: '10' as unknown as number }, want: {}, invalid: ['maxBodyBytes'] },
  { name: 'body limit', settings: { maxBodyBytes: 1024 }, want: { maxBodyBytes: 1024 } },
  { name: 'capture limit', settings: { captureLimitBytes: 4096 }, want: { captureLimitBytes: 4096 } },
  { name: 'redirects followed (the default) sets nothing', settings: { followRedirects: true }, want: {} },
  { name: 'redirects not followed', settings: { followRedirects: false }, want: { followRedirects: false } },
  { name: 'at most 3 redirects', settings: { maxRedirects: 3 }, want: { maxRedirects: 3 } },
  { name: 'at most 0 redirects is not following them', settings: { followRedirects: true, maxRedirects: 0 }, want: { maxRedirects: 0, followRedirects: false } },
  { name: 'verification on (the default) sets nothing', settings: { verifyTls: true }, want: {} },
  { name: 'verification off for every host', settings: { verifyTls: false }, want: { rejectUnauthorized: false } },
];

describe('send: sendDefaultsFrom (issue 11, item 7)', () => {
  for (const row of sendRows) {
    it(`issue 11, item 7: ${row.name}`, () => {
      const { options, invalid } = sendDefaultsFrom(row.settings);
      assert.deepEqual(options, row.want);
      assert.deepEqual(invalid, row.invalid ?? []);
    });
  }

  it("issue 11, item 7: a request's own # @ metadata wins over the settings", () => {
    const request = parseHttpFile('# @timeout 50\n# @max-body 7\n# @no-redirect\nGET http://example.com/\n').requests[0]!;
    const base = sendDefaultsFrom({ responseTimeoutMs: 9000, maxBodyBytes: 1 << 20, followRedirects: true, maxRedirects: 4 }).options;
    assert.deepEqual(sendOptionsFor(request.metadata, base), { headersTimeoutMs: 50, bodyTimeoutMs: 50, maxBodyBytes: 7, followRedirects: false, maxRedirects: 4 });
  });
});

/** Whether `host`'s certificate is verified under `settings`, for a request that asks for verification. */
function verifies(settings: SendSettings, host: string): boolean {
  const tls = clientDefaultsFrom(settings).options.tlsForHost?.(host, 'server');
  return tls?.rejectUnauthorized ?? true;
}

const tlsRows: { name: string; insecureHosts: string[]; host: string; verified: boolean }[] = [
  { name: 'no exception: verified', insecureHosts: [], host: 'example.com', verified: true },
  { name: 'the host named', insecureHosts: ['dev.local'], host: 'dev.local', verified: false },
  { name: 'names match without regard to case or a final dot', insecureHosts: ['Dev.Local.'], host: 'DEV.local', verified: false },
  { name: 'another host stays verified', insecureHosts: ['dev.local'], host: 'prod.example.com', verified: true },
  { name: 'a name is not a suffix: its subdomains stay verified', insecureHosts: ['example.com'], host: 'api.example.com', verified: true },
  { name: '*.example.com: a subdomain', insecureHosts: ['*.example.com'], host: 'api.example.com', verified: false },
  { name: '*.example.com: a deeper subdomain', insecureHosts: ['*.example.com'], host: 'a.b.example.com', verified: false },
  { name: '*.example.com: not example.com itself', insecureHosts: ['*.example.com'], host: 'example.com', verified: true },
  { name: '*.example.com: not notexample.com', insecureHosts: ['*.example.com'], host: 'notexample.com', verified: true },
  { name: 'an IPv4 address', insecureHosts: ['127.0.0.1'], host: '127.0.0.1', verified: false },
  { name: 'an IPv6 address written in brackets', insecureHosts: ['[::1]'], host: '::1', verified: false },
  { name: 'an entry with a port is ignored (certificates are per host)', insecureHosts: ['dev.local:8443'], host: 'dev.local', verified: true },
];

describe('send: clientDefaultsFrom, per-host TLS (issue 11, item 7)', () => {
  for (const row of tlsRows) {
    it(`issue 11, item 7: ${row.name}`, () => {
      assert.equal(verifies({ insecureHosts: row.insecureHosts }, row.host), row.verified);
    });
  }

  it('issue 11, item 7: invalid entries are named; the TLS material of the run goes to every host, exceptions included', () => {
    const ca = Buffer.from('a CA');
    const { options, invalid } = clientDefaultsFrom({ insecureHosts: ['ok.test', 'bad host', 'x:1'], tlsMaterial: { ca } });
    assert.deepEqual(invalid, ['insecureHosts: bad host', 'insecureHosts: x:1']);
    assert.deepEqual(options.tlsForHost?.('ok.test', 'server'), { ca, rejectUnauthorized: false });
    assert.deepEqual(options.tlsForHost?.('other.test', 'server'), { ca });
  });

  it("the servers' CA (--cacert) is not the https:// proxy's: the proxy gets proxyCa (--proxy-cacert) or the default trust roots", () => {
    const ca = Buffer.from('the servers CA');
    const proxyCa = Buffer.from('the proxy CA');
    const serversOnly = clientDefaultsFrom({ tlsMaterial: { ca, cert: Buffer.from('c'), key: Buffer.from('k') } }).options;
    assert.equal(serversOnly.tlsForHost?.('proxy.test', 'proxy'), undefined, 'a --cacert would replace the roots a public proxy needs');
    const both = clientDefaultsFrom({ tlsMaterial: { ca }, proxyCa, insecureHosts: ['dev.test'] }).options;
    assert.deepEqual(both.tlsForHost?.('proxy.test', 'proxy'), { ca: proxyCa });
    assert.deepEqual(both.tlsForHost?.('api.test', 'server'), { ca });
    assert.deepEqual(both.tlsForHost?.('dev.test', 'proxy'), { ca: proxyCa, rejectUnauthorized: false }, 'insecureHosts name hosts, whatever their role');
  });

  it('issue 11, item 7: nothing set → no tlsForHost and no proxy', () => {
    assert.deepEqual(clientDefaultsFrom({}).options, {});
  });
});

/** Which proxy `url` goes through under `settings`, or 'direct'. */
function route(settings: SendSettings, url: string): string {
  return proxyFor(new URL(url), clientDefaultsFrom(settings).options.proxy)?.host ?? 'direct';
}

const ours = { url: 'http://ours:3128', noProxy: ['internal.test'] };
const vscode = { url: 'http://vscode:8080', noProxy: ['.corp.test'], strictSSL: true };
const env = { http: 'http://env-http:1', https: 'http://env-https:2', noProxy: 'env-bypass.test' };

const proxyRows: { name: string; settings: SendSettings; url: string; via: string }[] = [
  { name: 'no source: direct', settings: {}, url: 'http://a.test/', via: 'direct' },
  { name: 'ours first', settings: { proxySources: [ours, vscode], envProxy: env }, url: 'https://a.test/', via: 'ours:3128' },
  { name: "ours unset (''): VS Code's http.proxy", settings: { proxySources: [{ url: '' }, vscode], envProxy: env }, url: 'http://a.test/', via: 'vscode:8080' },
  { name: 'both unset: the environment, per scheme (http)', settings: { proxySources: [{}, { url: '  ' }], envProxy: env }, url: 'http://a.test/', via: 'env-http:1' },
  { name: 'both unset: the environment, per scheme (https)', settings: { proxySources: [{}, {}], envProxy: env }, url: 'https://a.test/', via: 'env-https:2' },
  { name: 'our noProxy: that host goes direct', settings: { proxySources: [ours, vscode] }, url: 'http://internal.test/', via: 'direct' },
  { name: 'our noProxy replaces VS Code’s, it does not add to it', settings: { proxySources: [ours, vscode] }, url: 'http://x.corp.test/', via: 'ours:3128' },
  { name: "our noProxy empty: VS Code's http.noProxy (.suffix)", settings: { proxySources: [{ url: 'http://ours:3128', noProxy: [] }, vscode] }, url: 'http://x.corp.test/', via: 'direct' },
  { name: "VS Code's proxy with the environment's NO_PROXY when no list is set", settings: { proxySources: [{}, { url: 'http://vscode:8080' }], envProxy: env }, url: 'http://env-bypass.test/', via: 'direct' },
  { name: 'noProxy with a port matches that port only', settings: { proxySources: [{ url: 'http://ours:3128', noProxy: ['dev.test:8080'] }] }, url: 'http://dev.test:9090/', via: 'ours:3128' },
  { name: 'noProxy * sends everything direct', settings: { proxySources: [{ url: 'http://ours:3128', noProxy: ['*'] }] }, url: 'http://a.test/', via: 'direct' },
];

describe('send: clientDefaultsFrom, proxy and noProxy (issue 11, item 7)', () => {
  for (const row of proxyRows) {
    it(`issue 11, item 7: ${row.name}`, () => {
      assert.equal(route(row.settings, row.url), row.via);
    });
  }

  it("issue 11, item 7: strictSSL: ours over VS Code's; off only when the first source that sets it says so", () => {
    const strictOf = (sources: SendSettings['proxySources']) => clientDefaultsFrom({ proxySources: sources }).options.proxy?.rejectUnauthorized ?? true;
    assert.equal(strictOf([{ url: 'https://p:1' }, { strictSSL: false }]), false);
    assert.equal(strictOf([{ url: 'https://p:1', strictSSL: true }, { strictSSL: false }]), true);
    assert.equal(strictOf([{ url: 'https://p:1' }, { strictSSL: true }]), true);
  });
});
