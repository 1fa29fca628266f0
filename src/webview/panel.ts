// The response panels (issue 11, item 3): the editor's ResponsePresenter, one webview panel per
// `.http` document, beside the editor. The editor registers an instance as the serializer of
// RESPONSE_VIEW_TYPE (package.json: `onWebviewPanel:httpWire.response`).
import * as vscode from 'vscode';
import type { HttpWireError } from '../core/errors';
import { SecretMasker } from '../core/secret-masker';
import type { PartialExchange } from '../core/wire/exchange-types';
import type { SendResult } from '../core/wire/send-result';
import { Disposable } from '../editor/disposable';
import { failureView } from './failure-view';
import type { PanelTarget, ResponsePresenter } from './presenter';
import { isPersistedState, RESPONSE_VIEW_TYPE, type PanelIdentity } from './protocol';
import { ResponsePanel, webviewOptions, type Shown } from './response-panel';
import { resultView } from './response-view';

export { RESPONSE_VIEW_TYPE } from './protocol';

/**
 * Register with `ctx.register(vscode.window.registerWebviewPanelSerializer(RESPONSE_VIEW_TYPE,
 * panels))` so panels come back after a window reload; a restored panel shows that its response
 * was not kept (the SendResult and its body are gone with the old extension host).
 */
export class ResponsePanels extends Disposable implements ResponsePresenter, vscode.WebviewPanelSerializer<unknown> {
  private readonly panels = new Map<string, ResponsePanel>();
  /** One masker for every panel: a credential seen in one send stays masked in the next. */
  private readonly masker = SecretMasker.create();
  private isClosed = false;
  private readonly bodyPosted = this.register(new vscode.EventEmitter<string>());
  /**
   * Fires with a panel's document URI once the whole body of the result it shows has been posted
   * to its page (tests and the bench time the host's work by it).
   */
  readonly onDidPostBody = this.bodyPosted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register({
      dispose: () => {
        this.isClosed = true;
        this.closeAll();
      },
    });
  }

  showSending(target: PanelTarget, cancel: () => void): void {
    this.show(target, { kind: 'sending', cancel });
  }

  showResult(target: PanelTarget, result: SendResult): void {
    if (this.isClosed) {
      // Owned from the call on, and no panel will show it: an answer that came after deactivation.
      result.dispose();
      return;
    }
    let shown: Shown;
    try {
      shown = { kind: 'result', result, view: resultView(result, this.masker) };
    } catch (err) {
      // Owned from the call on: not shown, so freed here (its body may be a temporary file).
      result.dispose();
      this.log.error('response panel: could not read the response', err);
      throw err;
    }
    this.show(target, shown);
  }

  showFailure(target: PanelTarget, err: HttpWireError): void {
    const partial = (err.detail as { partial?: PartialExchange }).partial;
    // The failure view shows the captured bytes; the partial body store is ours to free.
    partial?.rawBody?.dispose();
    this.show(target, { kind: 'failure', view: failureView(err, this.masker) });
  }

  /** A panel restored after a window reload, with the state its UI kept (`setState`). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPersistedState(state) || this.panels.has(state.panel.documentUri)) {
      panel.dispose();
      return;
    }
    this.adopt(panel, state.panel);
  }

  /** How many panels are open (for tests and the status of the extension). */
  get openCount(): number {
    return this.panels.size;
  }

  private show(target: PanelTarget, shown: Shown): void {
    if (this.isClosed) return;
    const identity: PanelIdentity = { documentUri: target.documentUri, title: target.title };
    let panel = this.panels.get(target.documentUri);
    const isNew = panel === undefined;
    if (panel === undefined) {
      const created = vscode.window.createWebviewPanel(
        RESPONSE_VIEW_TYPE,
        target.title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        // The find widget searches the rendered text; no retainContextWhenHidden (style guide §6).
        { ...webviewOptions(this.extensionUri), enableFindWidget: true },
      );
      panel = this.adopt(created, identity);
    }
    panel.show(shown, identity, isNew);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, identity: PanelIdentity): ResponsePanel {
    const panel = new ResponsePanel(
      webviewPanel,
      identity,
      this.extensionUri,
      this.log,
      () => {
        if (this.panels.get(identity.documentUri) === panel) this.panels.delete(identity.documentUri);
      },
      () => this.bodyPosted.fire(identity.documentUri),
    );
    this.panels.set(identity.documentUri, panel);
    return panel;
  }

  private closeAll(): void {
    const panels = [...this.panels.values()];
    this.panels.clear();
    for (const p of panels) p.dispose();
  }
}
