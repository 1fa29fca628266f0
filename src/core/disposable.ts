/** What can be disposed: VS Code's Disposable, a listener's subscription, a BodyStore. */
export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Base for objects that own listeners and providers. `register` collects what must be disposed
 * with the owner; `dispose` is idempotent, and anything registered after it is disposed at once,
 * so a late listener cannot outlive its owner. In core (it needs nothing of `vscode`), so that the
 * editor and the webview host share it without importing each other.
 */
export abstract class Disposable implements DisposableLike {
  private readonly owned: DisposableLike[] = [];
  private isDisposed = false;

  protected register<T extends DisposableLike>(d: T): T {
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
