import type * as vscode from 'vscode';

/**
 * Base for objects that own listeners and providers. `register` collects what must be disposed with
 * the owner; `dispose` is idempotent, and anything registered after it is disposed at once, so a
 * late listener cannot outlive its owner.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private isDisposed = false;

  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.isDisposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    // Last registered first: later objects may depend on earlier ones.
    while (this.owned.length > 0) this.owned.pop()!.dispose();
  }
}
