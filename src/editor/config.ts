// The `httpWire.*` settings (package.json `contributes.configuration`), read into the plain
// SendSettings the core maps to send and client options (core/send/send-settings.ts), the same
// mapping the CLI's flags go through. No `vscode` import: the editor passes its configuration's
// `get`, so the key list is checked against the manifest in plain Node.
import type { ProxySource, SendSettings } from '../core/send/send-settings';
import { proxySettingsFromEnv } from '../core/wire/proxy';
import type { PanelMode } from '../webview/presenter';

/** Reads one setting: `vscode.WorkspaceConfiguration.get` for a section. */
export type SettingReader = (key: string) => unknown;

/** The section of our settings, and of VS Code's proxy settings. */
export const SETTINGS_SECTION = 'httpWire';
export const VSCODE_HTTP_SECTION = 'http';

/** Keys under `httpWire.`, by the SendSettings field each one sets. */
export const SettingKeys = {
  connectTimeoutMs: 'timeouts.connectMs',
  responseTimeoutMs: 'timeouts.responseMs',
  totalTimeoutMs: 'timeouts.totalMs',
  followRedirects: 'redirects.follow',
  maxRedirects: 'redirects.max',
  maxBodyBytes: 'maxBodyBytes',
  verifyTls: 'tls.verify',
  insecureHosts: 'tls.insecureHosts',
  proxy: 'proxy',
  proxyStrictSSL: 'proxyStrictSSL',
  noProxy: 'noProxy',
  panelMode: 'responsePanel.mode',
  /** Read by environments.ts (core `ENVIRONMENTS_SETTING`), not a send setting: the environments {{variables}} come from. */
  environments: 'environmentVariables',
} as const;

/**
 * Settings whose workspace value VS Code ignores in Restricted Mode (package.json
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`): a folder someone else wrote must
 * not send your requests through its proxy or turn off certificate checks.
 */
export const RESTRICTED_SETTINGS = [SettingKeys.proxy, SettingKeys.proxyStrictSSL, SettingKeys.noProxy, SettingKeys.verifyTls, SettingKeys.insecureHosts].map((k) => `${SETTINGS_SECTION}.${k}`);


const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const asBoolean = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const asStrings = (v: unknown): readonly string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);
/** Numbers are passed as read: the core names the ones it cannot use. */
const asNumber = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : (v as number));

/**
 * The SendSettings of `ours` (`httpWire.*`), with VS Code's `http.proxy`, `http.proxyStrictSSL`
 * and `http.noProxy` (`vscodeHttp`) where ours are unset, then the environment's proxy variables.
 */
export function sendSettingsFrom(ours: SettingReader, vscodeHttp: SettingReader, env: NodeJS.ProcessEnv): SendSettings {
  const source = (read: SettingReader, keys: { url: string; strictSSL: string; noProxy: string }): ProxySource => {
    const url = asString(read(keys.url));
    const strictSSL = asBoolean(read(keys.strictSSL));
    const noProxy = asStrings(read(keys.noProxy));
    return { ...(url !== undefined ? { url } : {}), ...(strictSSL !== undefined ? { strictSSL } : {}), ...(noProxy !== undefined ? { noProxy } : {}) };
  };
  const optional = <K extends keyof SendSettings>(name: K, value: SendSettings[K] | undefined): Partial<SendSettings> => (value === undefined ? {} : { [name]: value });
  return {
    ...optional('connectTimeoutMs', asNumber(ours(SettingKeys.connectTimeoutMs))),
    ...optional('responseTimeoutMs', asNumber(ours(SettingKeys.responseTimeoutMs))),
    ...optional('totalTimeoutMs', asNumber(ours(SettingKeys.totalTimeoutMs))),
    ...optional('followRedirects', asBoolean(ours(SettingKeys.followRedirects))),
    ...optional('maxRedirects', asNumber(ours(SettingKeys.maxRedirects))),
    ...optional('maxBodyBytes', asNumber(ours(SettingKeys.maxBodyBytes))),
    ...optional('verifyTls', asBoolean(ours(SettingKeys.verifyTls))),
    ...optional('insecureHosts', asStrings(ours(SettingKeys.insecureHosts))),
    proxySources: [
      source(ours, { url: SettingKeys.proxy, strictSSL: SettingKeys.proxyStrictSSL, noProxy: SettingKeys.noProxy }),
      source(vscodeHttp, { url: 'proxy', strictSSL: 'proxyStrictSSL', noProxy: 'noProxy' }),
    ],
    envProxy: proxySettingsFromEnv(env),
  };
}

/**
 * The setting an entry of the core's `invalid` list is about, for the log: `connectTimeoutMs` →
 * `httpWire.timeouts.connectMs`, `insecureHosts: x:1` → `httpWire.tls.insecureHosts: x:1`.
 */
export function settingNameOf(invalid: string): string {
  const [field, ...rest] = invalid.split(': ');
  const key = (SettingKeys as Record<string, string>)[field!];
  return key === undefined ? invalid : [`${SETTINGS_SECTION}.${key}`, ...rest].join(': ');
}

export function panelModeFrom(ours: SettingReader): PanelMode {
  return ours(SettingKeys.panelMode) === 'perRequest' ? 'perRequest' : 'perFile';
}
