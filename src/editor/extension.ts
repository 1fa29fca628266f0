import * as vscode from 'vscode';
import { removeLiveTempFiles } from '../core/response/live-temp-files';
import { Ctx } from './ctx';
import { DiagnosticsPublisher } from './diagnostics';
import { HttpFoldingProvider } from './folding';
import { HttpDocuments } from './http-documents';
import { HttpOutlineProvider } from './outline';
import { HTTP_SELECTOR } from './selector';

/**
 * Activated by the `http` language (package.json `activationEvents`), never `*`. Registers the
 * parser-backed editor help: diagnostics, the outline, folding per request.
 */
export function activate(context: vscode.ExtensionContext): void {
  const ctx = new Ctx(context);
  try {
    const documents = ctx.register(new HttpDocuments());
    ctx.register(new DiagnosticsPublisher(documents));
    ctx.register(vscode.languages.registerDocumentSymbolProvider(HTTP_SELECTOR, new HttpOutlineProvider(documents), { label: 'HTTP requests' }));
    ctx.register(vscode.languages.registerFoldingRangeProvider(HTTP_SELECTOR, new HttpFoldingProvider(documents)));
    ctx.log.info(`HTTP Wire ${String(context.extension.packageJSON.version)} activated`);
  } catch (err) {
    // Shown to the user and rethrown, so VS Code also records the activation as failed.
    ctx.log.error('activation failed', err);
    void vscode.window.showErrorMessage(`HTTP Wire failed to start: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

export function deactivate(): void {
  // Everything else is in context.subscriptions, disposed by VS Code. Response bodies kept in
  // temporary files are not: delete the ones still alive.
  removeLiveTempFiles();
}
