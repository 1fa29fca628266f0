/**
 * The `httpWire.*` settings (issue 11, item 7): the keys the editor reads are the manifest's, with
 * the core's defaults; VS Code's `http.proxy*` fill in where ours are unset; Restricted Mode
 * ignores the workspace's proxy and TLS values and says so. Plain Node: config.ts and
 * user-messages.ts import no `vscode`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientDefaultsFrom, sendDefaultsFrom } from '../../../src/core/send/send-settings';
import { DEFAULT_SEND_OPTIONS } from '../../../src/core/wire/client-options';
import { proxyFor } from '../../../src/core/wire/proxy';
import { panelModeFrom, RESTRICTED_SETTINGS, sendSettingsFrom, SettingKeys, settingNameOf, type SettingReader } from '../../../src/editor/config';
import { Messages } from '../../../src/editor/user-messages';

interface SettingSchema {
  readonly type: string | string[];
  readonly default: unknown;
  readonly scope?: string;
  readonly markdownDescription?: string;
}

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, SettingSchema> }; menus: Record<string, { command: string; when?: string }[]> };
};
const properties = manifest.contributes.configuration.properties;

/** Reads settings as VS Code would with nothing set: each key's manifest default. */
const defaults: SettingReader = (key) => properties[`httpWire.${key}`]?.default;
const readerOf =
  (values: Record<string, unknown>, fallback: SettingReader = () => undefined): SettingReader =>
  (key) => (key in values ? values[key] : fallback(key));

describe('editor settings (issue 11, item 7)', () => {
  it('issue 11, item 7: every key the editor reads is in the manifest with a description and a scope, and no other httpWire.* key is', () => {
    const read = Object.values(SettingKeys).map((k) => `httpWire.${k}`).sort();
    assert.deepEqual(Object.keys(properties).sort(), read);
    for (const [key, schema] of Object.entries(properties)) {
      assert.ok((schema.markdownDescription ?? '').length > 20, `${key} has a description`);
      assert.ok(schema.scope, `${key} has a scope`);
    }
  });

  it("issue 11, item 7: the manifest's defaults give the core's defaults: nothing set changes no send", () => {
    const { options, invalid } = sendDefaultsFrom(sendSettingsFrom(defaults, () => undefined, {}));
    assert.deepEqual(invalid, []);
    for (const [name, value] of Object.entries(options)) assert.equal(value, DEFAULT_SEND_OPTIONS[name as keyof typeof DEFAULT_SEND_OPTIONS], name);
    assert.equal(options.maxBodyBytes, 1024 ** 3, 'the body limit is 1 GiB, as in the CLI');
    assert.deepEqual(clientDefaultsFrom(sendSettingsFrom(defaults, () => undefined, {})).options, {});
    assert.equal(panelModeFrom(defaults), 'perFile');
  });

  it('issue 11, item 7: settings become send options', () => {
    const ours = readerOf({ 'timeouts.connectMs': 1500, 'timeouts.totalMs': 9000, 'redirects.follow': false, maxBodyBytes: 2048, 'tls.verify': false }, defaults);
    const { options } = sendDefaultsFrom(sendSettingsFrom(ours, () => undefined, {}));
    assert.equal(options.connectTimeoutMs, 1500);
    assert.equal(options.totalTimeoutMs, 9000);
    assert.equal(options.followRedirects, false);
    assert.equal(options.maxBodyBytes, 2048);
    assert.equal(options.rejectUnauthorized, false);
    assert.equal(panelModeFrom(readerOf({ 'responsePanel.mode': 'perRequest' })), 'perRequest');
    assert.equal(panelModeFrom(readerOf({ 'responsePanel.mode': 'sideways' })), 'perFile', 'an unknown mode is the default');
  });

  it("issue 11, item 7: VS Code's http.proxy, http.noProxy and http.proxyStrictSSL count where ours are unset, the environment after them", () => {
    const vscodeHttp = readerOf({ proxy: 'http://vscode-proxy:8080', noProxy: ['intranet.test'], proxyStrictSSL: false });
    const via = (ours: SettingReader, url: string, env: NodeJS.ProcessEnv = {}): string => proxyFor(new URL(url), clientDefaultsFrom(sendSettingsFrom(ours, vscodeHttp, env)).options.proxy)?.host ?? 'direct';
    assert.equal(via(defaults, 'http://a.test/'), 'vscode-proxy:8080');
    assert.equal(via(defaults, 'http://intranet.test/'), 'direct');
    assert.equal(via(readerOf({ proxy: 'http://ours:3128' }, defaults), 'https://a.test/'), 'ours:3128');
    assert.equal(via(readerOf({ proxy: 'http://ours:3128', noProxy: ['a.test'] }, defaults), 'http://a.test/'), 'direct');
    const proxy = (ours: SettingReader) => clientDefaultsFrom(sendSettingsFrom(ours, vscodeHttp, {})).options.proxy;
    assert.equal(proxy(defaults)?.rejectUnauthorized, false, "VS Code's proxyStrictSSL when ours is null");
    assert.equal(proxy(readerOf({ proxyStrictSSL: true }, defaults))?.rejectUnauthorized, undefined, 'ours when set');
    const none = proxyFor(new URL('http://a.test/'), clientDefaultsFrom(sendSettingsFrom(defaults, () => undefined, { HTTP_PROXY: 'http://env:1' })).options.proxy);
    assert.equal(none?.host, 'env:1');
  });

  it('issue 11, item 7: an invalid value is named by its setting key in the log', () => {
    const { invalid } = sendDefaultsFrom(sendSettingsFrom(readerOf({ 'timeouts.connectMs': -5 }, defaults), () => undefined, {}));
    assert.deepEqual(invalid.map(settingNameOf), ['httpWire.timeouts.connectMs']);
    const hosts = clientDefaultsFrom(sendSettingsFrom(readerOf({ 'tls.insecureHosts': ['dev.test:8443'] }, defaults), () => undefined, {})).invalid;
    assert.deepEqual(hosts.map(settingNameOf), ['httpWire.tls.insecureHosts: dev.test:8443']);
  });

  it('issue 11, item 7: Workspace Trust is limited; the proxy and TLS settings are restricted, and the notice names each of them in one sentence', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual([...trust.restrictedConfigurations].sort(), [...RESTRICTED_SETTINGS].sort());
    assert.deepEqual([...RESTRICTED_SETTINGS].sort(), ['httpWire.noProxy', 'httpWire.proxy', 'httpWire.proxyStrictSSL', 'httpWire.tls.insecureHosts', 'httpWire.tls.verify']);
    for (const key of RESTRICTED_SETTINGS) {
      assert.ok(Messages.restrictedMode.includes(key), `the notice names ${key}`);
      assert.ok(trust.description.includes(key), `the trust description names ${key}`);
      assert.match(properties[key]!.markdownDescription!, /Restricted Mode/, `${key} says what Restricted Mode does to it`);
    }
    assert.doesNotMatch(Messages.restrictedMode.slice(0, -1), /[.!?] /, 'one sentence');
  });

  it('issue 12, item 7: the Restricted Mode notice and the trust description say that $processEnv, $dotenv and files outside the workspace are refused', () => {
    for (const text of [Messages.restrictedMode, manifest.capabilities.untrustedWorkspaces.description]) {
      for (const what of ['$processEnv', '$dotenv', 'outside the workspace']) assert.ok(text.includes(what), `${what} in: ${text}`);
    }
  });

  it('issue 11, item 3: Pin Response Panel is in the title bar of our response panel only, Unpin in its place on a pinned one', () => {
    const when = (command: string) => manifest.contributes.menus['editor/title']?.find((m) => m.command === command)?.when;
    // The context key ResponsePanels sets (PINNED_CONTEXT_KEY in src/webview/panel.ts; the panel-modes suite checks the two agree).
    assert.equal(when('httpWire.pinResponsePanel'), "activeWebviewPanelId == 'httpWire.response' && !httpWire.responsePanelPinned");
    assert.equal(when('httpWire.unpinResponsePanel'), "activeWebviewPanelId == 'httpWire.response' && httpWire.responsePanelPinned");
  });
});
