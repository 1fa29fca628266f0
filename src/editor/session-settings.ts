import * as vscode from 'vscode';
import { clientDefaultsFrom, sendDefaultsFrom } from '../core/send/send-settings';
import { HttpClient } from '../core/wire/client';
import type { ClientOptions, SendOptions } from '../core/wire/client-options';
import { CookieStore } from '../core/wire/cookies';
import type { PanelMode } from '../webview/presenter';
import { panelModeFrom, RESTRICTED_SETTINGS, sendSettingsFrom, settingNameOf, SETTINGS_SECTION, VSCODE_HTTP_SECTION } from './config';
import { Disposable } from '../core/disposable';
import { Messages } from './user-messages';

/** What a send needs from the session: its client and the settings' send options for a document. */
export interface SendSession {
  /** The session's HTTP client, as the settings make it now (proxy, TLS per host). */
  readonly client: HttpClient;
  /** The settings' send options for a document (its folder's values), under each request's `# @` metadata. */
  baseOptionsFor(uri: vscode.Uri): Partial<SendOptions>;
  /** Called as a send starts: in Restricted Mode, says once what is off. */
  noticeRestrictedMode(): void;
}

/**
 * The settings the client is made from: our proxy and TLS settings (the restricted ones), and
 * VS Code's proxy settings, used where ours are unset.
 */
const CLIENT_SETTINGS = [...RESTRICTED_SETTINGS, ...['proxy', 'proxyStrictSSL', 'noProxy'].map((k) => `${VSCODE_HTTP_SECTION}.${k}`)];

/**
 * The `httpWire.*` settings of the window, kept current: read again when they (or VS Code's
 * `http.proxy*`) change, or when the workspace becomes trusted (its proxy and TLS values then
 * count). Owns the session's HttpClient, made again when the proxy or TLS settings change (the
 * cookie jar is kept; sends under way finish on the old client, whose idle connections close).
 */
export class SessionSettings extends Disposable implements SendSession {
  private current: HttpClient;
  private currentOptions: ClientOptions;
  private readonly cookies = new CookieStore();
  /** Send options per workspace folder ('' for none): one object per folder, so the client merges it once. */
  private readonly baseOptions = new Map<string, Partial<SendOptions>>();
  private mode: PanelMode;
  private hasNoticedRestricted = false;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires after the settings were read again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    [this.current, this.currentOptions] = this.makeClient();
    this.mode = panelModeFrom(this.reader());
    this.register(new vscode.Disposable(() => this.current.close()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // A new client only when what shapes it changed: the pool's keep-alive connections go with the old one.
        const isClientChange = CLIENT_SETTINGS.some((k) => e.affectsConfiguration(k));
        if (isClientChange || e.affectsConfiguration(SETTINGS_SECTION)) this.reload(isClientChange);
      }),
    );
    // Trusted now: the workspace's proxy and TLS values count from here on.
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload(true)));
  }

  get client(): HttpClient {
    return this.current;
  }

  /** Forgets the session's cookies (the Clear Cookies command); returns how many there were. */
  clearCookies(): number {
    return this.cookies.clear();
  }

  /** The options the client was made with: Copy Request as cURL gives curl the same proxy and cookies. */
  get clientOptions(): ClientOptions {
    return this.currentOptions;
  }

  get panelMode(): PanelMode {
    return this.mode;
  }

  baseOptionsFor(uri: vscode.Uri): Partial<SendOptions> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? '';
    let options = this.baseOptions.get(key);
    if (options === undefined) {
      const { options: read, invalid } = sendDefaultsFrom(sendSettingsFrom(this.reader(folder?.uri), this.vscodeHttpReader(), process.env));
      this.warnInvalid(invalid);
      this.baseOptions.set(key, (options = read));
    }
    return options;
  }

  noticeRestrictedMode(): void {
    if (vscode.workspace.isTrusted || this.hasNoticedRestricted) return;
    this.hasNoticedRestricted = true;
    void vscode.window.showInformationMessage(Messages.restrictedMode, Messages.manageTrust).then((action) => {
      if (action === Messages.manageTrust) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  private reload(isClientChange: boolean): void {
    this.baseOptions.clear();
    this.mode = panelModeFrom(this.reader());
    if (isClientChange) {
      const previous = this.current;
      [this.current, this.currentOptions] = this.makeClient();
      previous.close();
    }
    this.log.info('settings changed: sends from now on use them');
    this.changed.fire();
  }

  private makeClient(): [HttpClient, ClientOptions] {
    const { options, invalid } = clientDefaultsFrom(sendSettingsFrom(this.reader(), this.vscodeHttpReader(), process.env));
    this.warnInvalid(invalid);
    const clientOptions: ClientOptions = { cookies: this.cookies, ...options };
    return [new HttpClient(clientOptions), clientOptions];
  }

  private reader(scope?: vscode.Uri): (key: string) => unknown {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
    return (key) => config.get(key);
  }

  private vscodeHttpReader(): (key: string) => unknown {
    const config = vscode.workspace.getConfiguration(VSCODE_HTTP_SECTION);
    return (key) => config.get(key);
  }

  private warnInvalid(invalid: readonly string[]): void {
    // Setting names and host entries only, never a proxy URL: it may hold a password.
    if (invalid.length > 0) this.log.warn(`settings ignored as invalid (the default applies): ${invalid.map(settingNameOf).join(', ')}`);
  }
}
