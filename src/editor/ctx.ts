import * as vscode from 'vscode';
import { HttpClient } from '../core/wire/client';
import type { ClientOptions } from '../core/wire/client-options';
import { CookieStore } from '../core/wire/cookies';
import { proxySettingsFromEnv } from '../core/wire/proxy';

/**
 * What the extension owns while active: everything registered here is disposed on deactivation
 * (it goes into `context.subscriptions`), the log channel every part writes to, and the session's
 * one HTTP client (its keep-alive pool and cookie jar serve every send of the window).
 */
export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly client: HttpClient;
  /** The client's options: Copy Request as cURL gives curl the same proxy and cookies. */
  readonly clientOptions: ClientOptions;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.log = this.register(vscode.window.createOutputChannel('HTTP Wire', { log: true }));
    // The proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY, as the CLI does; VS Code's http.proxy
    // setting comes with the settings (issue 11, item 7).
    this.clientOptions = { cookies: new CookieStore(), proxy: proxySettingsFromEnv(process.env) };
    this.client = new HttpClient(this.clientOptions);
    this.register(new vscode.Disposable(() => this.client.close()));
  }

  register<T extends vscode.Disposable>(d: T): T {
    this.context.subscriptions.push(d);
    return d;
  }
}
