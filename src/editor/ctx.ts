import * as vscode from 'vscode';

/**
 * What the extension owns while active: everything registered here is disposed on deactivation
 * (it goes into `context.subscriptions`), and the log channel every part writes to.
 */
export class Ctx {
  readonly log: vscode.LogOutputChannel;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.log = this.register(vscode.window.createOutputChannel('HTTP Wire', { log: true }));
  }

  register<T extends vscode.Disposable>(d: T): T {
    this.context.subscriptions.push(d);
    return d;
  }
}
