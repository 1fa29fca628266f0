import * as vscode from 'vscode';
import { removeLiveTempFiles, removeStaleTempFiles } from '../core/response/live-temp-files';
import { HistoryStore } from '../core/history/history-store';
import { HttpCodeLensProvider } from './code-lens';
import { registerSendCommands } from './commands';
import { registerCurlCommands } from './curl-commands';
import { Ctx } from './ctx';
import { DiagnosticsPublisher } from './diagnostics';
import { offerRestClientImport, registerEnvironmentCommands } from './environment-commands';
import { EditorEnvironments } from './environments';
import { ExchangeHistory, registerHistoryCommands } from './exchange-history';
import { HttpFoldingProvider } from './folding';
import { RequestHoverProvider } from './hover';
import { HttpDocuments } from './http-documents';
import { HttpRegions } from './http-regions';
import { HttpOutlineProvider } from './outline';
import { registerPanelCommands } from './panel-commands';
import { HttpQuickFixProvider } from './quick-fixes';
import { registerSaveCommands } from './save-commands';
import { HTTP_SELECTOR, SENDABLE_SELECTOR } from './selector';
import { SendController } from './send-controller';
import type { HttpWireTestApi } from './test-api';
import { registerVariableHelp } from './variable-help';
import { RESPONSE_VIEW_TYPE, ResponsePanels } from '../webview/panel';

/**
 * Activated by the `http` language (package.json `activationEvents`), never `*`, or by one of its
 * commands, or by a response panel to restore. Registers the parser-backed editor help
 * (diagnostics, the outline, folding per request), the Send Request lenses, the send commands and
 * the response panels.
 */
export function activate(context: vscode.ExtensionContext): HttpWireTestApi {
  const ctx = new Ctx(context);
  try {
    const documents = ctx.register(new HttpDocuments());
    ctx.register(new DiagnosticsPublisher(documents));
    ctx.register(vscode.languages.registerDocumentSymbolProvider(HTTP_SELECTOR, new HttpOutlineProvider(documents), { label: 'HTTP requests' }));
    ctx.register(vscode.languages.registerFoldingRangeProvider(HTTP_SELECTOR, new HttpFoldingProvider(documents)));
    // The response panels, restored after a window reload through their serializer.
    const panels = ctx.register(new ResponsePanels(context.extensionUri, ctx.log));
    ctx.register(vscode.window.registerWebviewPanelSerializer(RESPONSE_VIEW_TYPE, panels));
    const regions = ctx.register(new HttpRegions(documents));
    // Bodies a killed extension host left in the temp folder (deactivate never ran for it).
    void removeStaleTempFiles().then((n) => n > 0 && ctx.log.info(`removed ${n} response body file(s) left by an earlier session`));
    const history = new ExchangeHistory(new HistoryStore(context.globalStorageUri.fsPath), ctx.log);
    panels.restoreWith((id) => history.restore(id));
    // One panel per file or per request, as the settings say, now and after each change.
    panels.mode = ctx.settings.panelMode;
    ctx.register(ctx.settings.onDidChange(() => (panels.mode = ctx.settings.panelMode)));
    const environments = ctx.register(new EditorEnvironments(context.workspaceState, [panels, history]));
    const environmentStatus = registerEnvironmentCommands(ctx, environments);
    void offerRestClientImport(context.workspaceState).catch((err: unknown) => ctx.log.warn('environments: the REST Client import failed', err));
    const sends = ctx.register(new SendController(ctx.settings, regions, ctx.log, panels, history, environments));
    ctx.register(vscode.languages.registerCodeLensProvider(SENDABLE_SELECTOR, ctx.register(new HttpCodeLensProvider(regions, sends))));
    ctx.register(vscode.languages.registerHoverProvider(SENDABLE_SELECTOR, new RequestHoverProvider(regions, environments, (d) => sends.storeOf(d), (url) => ctx.settings.clientOptions.cookies?.cookieHeaderFor(url))));
    ctx.register(vscode.languages.registerCodeActionsProvider(SENDABLE_SELECTOR, new HttpQuickFixProvider(regions), HttpQuickFixProvider.metadata));
    registerVariableHelp(ctx, documents, regions, environments, (d) => sends.storeOf(d));
    registerSendCommands(ctx, regions, sends);
    registerCurlCommands(ctx, regions, environments, (d) => sends.storeOf(d), (d) => sends.promptAnswersFor(d));
    registerHistoryCommands(ctx, history, () => sends.currentPresenter);
    registerPanelCommands(ctx, panels);
    registerSaveCommands(ctx, panels, history);
    ctx.log.info(`HTTP Wire ${String(context.extension.packageJSON.version)} activated`);
    return { usePresenter: (presenter) => sends.usePresenter(presenter), useQuestions: (questions) => sends.useQuestions(questions), historyFolder: context.globalStorageUri.fsPath, onDidPostBody: panels.onDidPostBody, environmentStatus };
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
