import * as vscode from 'vscode';
import { SessionSettings } from './session-settings';

/**
 * What the extension owns while active: everything registered here is disposed on deactivation
 * (it goes into `context.subscriptions`), the log channel every part writes to, and the session's
 * settings with its one HTTP client (its keep-alive pool and cookie jar serve every send of the
 * window; it is made again when the proxy or TLS settings change).
 */
export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly settings: SessionSettings;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.log = this.register(vscode.window.createOutputChannel('HTTP Wire', { log: true }));
    // The proxy: httpWire.proxy, else VS Code's http.proxy, else HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
    this.settings = this.register(new SessionSettings(this.log));
  }

  register<T extends vscode.Disposable>(d: T): T {
    this.context.subscriptions.push(d);
    return d;
  }
}
