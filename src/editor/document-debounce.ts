import type * as vscode from 'vscode';

/**
 * One pending timer per document: `schedule` restarts the document's timer, so a burst of
 * keystrokes runs `run` once, `delayMs` after the last. A document closed before its timer
 * fires is skipped: a closed one must not get diagnostics back.
 */
export class DocumentDebounce {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (document: vscode.TextDocument) => void,
  ) {}

  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!document.isClosed) this.run(document);
      }, this.delayMs),
    );
  }

  /** Drops the document's pending run. */
  cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
