// The response panels (issue 11, item 3): the editor's ResponsePresenter, one webview panel per
// `.http` document (or per request of it, by the setting `httpWire.responsePanel.mode`), beside
// the editor; a pinned panel keeps its response and the next answer opens a new panel beside it.
// The editor registers an instance as the serializer of RESPONSE_VIEW_TYPE (package.json:
// `onWebviewPanel:httpWire.response`).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ErrorCodes, type HttpWireError } from '../core/errors';
import { exchangeSourceOfResult, type ExchangeSource } from '../core/history/exchange-source';
import { SecretMasker } from '../core/secret-masker';
import type { PartialExchange } from '../core/wire/exchange-types';
import type { ResponseStart, SendResult } from '../core/wire/send-result';
import { Disposable } from '../core/disposable';
import { failureView } from './failure-view';
import type { FailureAction, PanelMode, PanelTarget, ResponsePresenter } from './presenter';
import { isPersistedState, RESPONSE_VIEW_TYPE, type FailureView, type HostMessage, type PanelIdentity, type ResultAction } from './protocol';
import { ResponsePanel, webviewOptions, type Shown } from './response-panel';
import { maskedRequestLine, receivingView, resultView } from './response-view';

export { RESPONSE_VIEW_TYPE } from './protocol';

/** A header button clicked in the panel `panelKey` names (its own id: see exchangeSourceIn). */
export interface PanelAction {
  readonly action: ResultAction;
  readonly panelKey: string;
}

/**
 * Register with `ctx.register(vscode.window.registerWebviewPanelSerializer(RESPONSE_VIEW_TYPE,
 * panels))` so panels come back after a window reload. The SendResult and its body are gone with
 * the old extension host: a restored panel reopens its answer from the history (`restoreWith`),
 * or says that it was not kept.
 */
/** Panels opened beside pinned ones go no further right than this column (see columnBesidePinned). */
const MAX_RESPONSE_COLUMN = vscode.ViewColumn.Three;
/** True while the active response panel is pinned: the title bar shows Unpin instead of Pin. */
export const PINNED_CONTEXT_KEY = 'httpWire.responsePanelPinned';

export class ResponsePanels extends Disposable implements ResponsePresenter, vscode.WebviewPanelSerializer<unknown> {
  /** The panel each key (see keyOf) shows its answers in. A pinned panel is no longer here. */
  private readonly panels = new Map<string, ResponsePanel>();
  /** Pinned panels, each with the key it was the panel of: they keep what they show until closed or unpinned. */
  private readonly pinned = new Map<ResponsePanel, string>();
  /** What the `httpWire.responsePanelPinned` context key says: the active response panel is pinned (the title bar offers Unpin). */
  private isActivePinned = false;
  /** Per key, the panel pinned last: the key's next panel opens in the column beside it. */
  private readonly pinnedFrom = new Map<string, ResponsePanel>();
  /** The panel shown last: what Pin Response Panel pins when no response panel is active. */
  private lastShown: ResponsePanel | undefined;
  /** One panel per document, or one per request (`httpWire.responsePanel.mode`); set by the editor. */
  mode: PanelMode = 'perFile';
  /** One masker for every panel: a credential seen in one send stays masked in the next. */
  private readonly masker = SecretMasker.create();
  private isClosed = false;
  private readonly bodyPosted = this.register(new vscode.EventEmitter<string>());
  /**
   * Fires with a panel's document URI once the whole body of the result it shows has been posted
   * to its page (tests and the bench time the host's work by it).
   */
  readonly onDidPostBody = this.bodyPosted.event;
  private readonly posted = this.register(new vscode.EventEmitter<{ readonly documentUri: string; readonly message: HostMessage }>());
  /**
   * Fires with each message delivered to a panel's page, body pieces left out: what a page was
   * given (the extension-host tests check that secrets reach a page only when it asks).
   */
  readonly onDidPost = this.posted.event;
  private restore: ((historyId: string) => Promise<SendResult | undefined>) | undefined;
  private readonly actions = this.register(new vscode.EventEmitter<PanelAction>());
  /** Save Response Body, Save Response or Compare was clicked in a panel (issue 11, item 2). */
  readonly onDidRequestAction = this.actions.event;
  /** Every open panel, pinned ones included, by an id of its own: the panel a header button was clicked in. */
  private readonly byId = new Map<string, ResponsePanel>();
  private panelCount = 0;

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

  /** Masks `value` wherever the panels show it from now on: a secret environment value (issue 12, item 3). */
  addSecret(value: string): void {
    this.masker.addSecret(value);
  }

  /** Where restored panels find their answers again: the history of exchanges. */
  restoreWith(restore: (historyId: string) => Promise<SendResult | undefined>): void {
    this.restore = restore;
  }

  showSending(target: PanelTarget, cancel: () => void, request?: { readonly method: string; readonly url: URL; readonly target: string }): void {
    // The request line as the result's will read.
    const sending = request === undefined ? undefined : { requestLine: maskedRequestLine({ method: request.method, url: request.url.href, target: request.target }, this.masker), startedAtMs: Date.now() };
    this.show(target, { kind: 'sending', cancel, ...(sending !== undefined ? { request: sending } : {}) });
  }

  showReceiving(target: PanelTarget, start: ResponseStart, cancel: () => void): void {
    this.show(target, { kind: 'receiving', view: receivingView(start, this.masker), cancel, receivedBytes: start.receivedBytes });
  }

  showResult(target: PanelTarget, result: SendResult): void {
    if (this.isClosed) {
      // Owned from the call on, and no panel will show it: an answer that came after deactivation.
      result.dispose();
      return;
    }
    let shown: Shown;
    try {
      shown = { kind: 'result', result, view: resultView(result, this.masker), masker: this.masker };
    } catch (err) {
      // Owned from the call on: not shown, so freed here (its body may be a temporary file).
      result.dispose();
      this.log.error('response panel: could not read the response', err);
      throw err;
    }
    this.show(target, shown);
  }

  showFailure(target: PanelTarget, err: HttpWireError, onAction?: (action: FailureAction) => void): void {
    const partial = (err.detail as { partial?: PartialExchange }).partial;
    // The failure view shows the captured bytes; the partial body store is ours to free.
    partial?.rawBody?.dispose();
    // A cancel whose panel is closed (closing it was the cancel, or it was closed before) opens none.
    if (err.code === ErrorCodes.aborted && !this.panels.has(this.keyOf(target))) return;
    const view = failureView(err, this.masker);
    const actions = onAction === undefined ? [] : view.actions;
    const revealed = (): FailureView => ({ ...failureView(err, SecretMasker.revealing(), true), actions });
    this.show(target, { kind: 'failure', view: { ...view, actions }, onAction, revealed });
  }

  /**
   * A panel restored after a window reload, with the state its UI kept (`setState`). A second
   * panel for a key already taken was a pinned one: it comes back pinned.
   */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPersistedState(state)) {
      panel.dispose();
      return;
    }
    const key = state.panel.key ?? state.panel.documentUri;
    const adopted = this.adopt(panel, state.panel, key);
    if (this.panels.get(key) !== adopted) {
      this.pinned.set(adopted, key);
      adopted.setPinned(true);
    }
    this.noteFilesOfSameTitles();
    const { historyId } = state.panel;
    if (historyId === undefined || this.restore === undefined) return;
    let result: SendResult | undefined;
    try {
      result = await this.restore(historyId);
    } catch (err) {
      this.log.warn('response panel: could not reopen the answer kept in the history', err);
      return;
    }
    if (result === undefined) return;
    if (this.isClosed || !adopted.isShowingNothing) {
      // Closed, or a new answer took the panel while the history was read: this one is not shown.
      result.dispose();
      return;
    }
    // isNew: shown where it was restored, not revealed over the panels restored beside it.
    adopted.show({ kind: 'result', result, view: resultView(result, this.masker), masker: this.masker }, state.panel, true);
  }

  /**
   * Pins the active response panel, else the one shown last: it keeps its response, and the next
   * answer for its file (or request) opens a new panel beside it. Returns what happened, for the
   * command to tell the user: a panel still waiting for its answer is not pinned (that answer
   * would have nowhere to go).
   */
  pinCurrent(): 'pinned' | 'none' | 'sending' {
    const panel = this.activePanel() ?? this.lastShown;
    if (panel === undefined) return 'none';
    if (this.pinned.has(panel)) return 'pinned';
    if (panel.isSending) return 'sending';
    for (const [key, p] of this.panels) {
      if (p !== panel) continue;
      this.panels.delete(key);
      this.pinnedFrom.set(key, panel);
      this.pinned.set(panel, key);
    }
    panel.setPinned(true);
    this.updatePinnedContext();
    return 'pinned';
  }

  /**
   * Unpins the active response panel, else the panel pinned last: it shows the next answers of its
   * file (or request) again. The panel that took those answers meanwhile keeps what it shows,
   * pinned in its place: one panel per file (or request) takes answers, every other keeps its own.
   * Not while that panel still waits for its answer (the answer would go to the unpinned one).
   */
  unpinCurrent(): 'unpinned' | 'none' | 'notPinned' | 'sending' {
    const panel = this.activePanel() ?? [...this.pinned.keys()].pop();
    if (panel === undefined) return 'none';
    const key = this.pinned.get(panel);
    if (key === undefined) return 'notPinned';
    const current = this.panels.get(key);
    if (current?.isSending === true) return 'sending';
    this.pinned.delete(panel);
    if (current !== undefined) {
      this.pinned.set(current, key);
      this.pinnedFrom.set(key, current);
      current.setPinned(true);
    } else if (this.pinnedFrom.get(key) === panel) {
      this.pinnedFrom.delete(key);
    }
    this.panels.set(key, panel);
    panel.setPinned(false);
    this.updatePinnedContext();
    return 'unpinned';
  }

  private activePanel(): ResponsePanel | undefined {
    for (const p of this.byId.values()) if (p.panel.active) return p;
    return undefined;
  }

  /** Sets the context key the title bar's Pin and Unpin buttons are shown by (package.json `editor/title`). */
  private updatePinnedContext(): void {
    const active = this.activePanel();
    const isPinned = active !== undefined && this.pinned.has(active);
    if (isPinned === this.isActivePinned) return;
    this.isActivePinned = isPinned;
    void vscode.commands.executeCommand('setContext', PINNED_CONTEXT_KEY, isPinned);
  }

  /**
   * The exchange shown in the panel `panelKey` names (a panel's own id, as its buttons send it,
   * or a document's key), or with no key in the active response panel; undefined when there is
   * none or it shows no answer. Taken at once (see exchangeSourceOfResult): the panel may show the
   * next answer while the caller reads it, and the caller disposes it.
   */
  exchangeSourceIn(panelKey?: string): ExchangeSource | undefined {
    const panel = panelKey === undefined ? [...this.byId.values()].find((p) => p.panel.active) : (this.byId.get(panelKey) ?? this.panels.get(panelKey));
    const result = panel?.result;
    return panel === undefined || result === undefined ? undefined : exchangeSourceOfResult(result, panel.title, panel.historyId);
  }

  /** `text` with the secrets the panels mask masked: what Compare shows of a panel's answer. */
  maskText(text: string): string {
    return this.masker.maskText(text);
  }

  /**
   * Hands `message` to the panel of `documentUri` (or the panel a page's own id names) as if its
   * page had posted it: for the extension-host tests, which have no page to click in.
   */
  receiveFromPage(documentUri: string, message: unknown): void {
    (this.byId.get(documentUri) ?? this.panels.get(documentUri))?.receive(message);
  }

  /** How many panels are open, pinned ones included (for tests and the status of the extension). */
  get openCount(): number {
    return this.panels.size + this.pinned.size;
  }

  /** The key of the panel `target` goes to: its document's, or with a panel per request, its request's. */
  private keyOf(target: PanelTarget): string {
    return this.mode === 'perRequest' && target.requestKey !== undefined ? `${target.documentUri}#${target.requestKey}` : target.documentUri;
  }

  private show(target: PanelTarget, shown: Shown): void {
    if (this.isClosed) return;
    const key = this.keyOf(target);
    const identity: PanelIdentity = { documentUri: target.documentUri, title: target.title, key, ...(target.historyId === undefined ? {} : { historyId: target.historyId }) };
    let panel = this.panels.get(key);
    const isNew = panel === undefined;
    if (panel === undefined) {
      const created = vscode.window.createWebviewPanel(
        RESPONSE_VIEW_TYPE,
        target.title,
        // preserveFocus: the editor keeps the focus. Beside the panel pinned from this key, so the
        // two responses stand side by side; else beside the editor.
        { viewColumn: this.columnBesidePinned(key) ?? vscode.ViewColumn.Beside, preserveFocus: true },
        // The find widget searches the rendered text; no retainContextWhenHidden (style guide §6).
        { ...webviewOptions(this.extensionUri), enableFindWidget: true },
      );
      panel = this.adopt(created, identity, key);
    }
    this.lastShown = panel;
    panel.show(shown, identity, isNew);
    this.noteFilesOfSameTitles();
  }

  /**
   * Names the file in the title of each open panel whose title another panel from another file
   * also has (see ResponsePanel.setFileNote), and no longer once that one is gone.
   */
  private noteFilesOfSameTitles(): void {
    const open = [...this.byId.values()];
    for (const panel of open) {
      const clash = open.some((other) => other !== panel && other.title === panel.title && other.documentUri !== panel.documentUri);
      panel.setFileNote(clash ? fileNameOf(panel.documentUri) : undefined);
    }
  }

  /**
   * The column beside the panel pinned last from `key`, but never past the third: pinning again
   * and again put each next answer one column further right, until the editor was 220 px wide.
   * From there the new panel is a tab in front of the pinned one, as REST Client stacks answers.
   */
  private columnBesidePinned(key: string): vscode.ViewColumn | undefined {
    const column = this.pinnedFrom.get(key)?.panel.viewColumn;
    return column === undefined ? undefined : (Math.min(column + 1, MAX_RESPONSE_COLUMN) as vscode.ViewColumn);
  }

  /** Tracks `webviewPanel` as the panel of `key` (unless another has it), until it closes. */
  private adopt(webviewPanel: vscode.WebviewPanel, identity: PanelIdentity, key: string): ResponsePanel {
    const id = `panel-${++this.panelCount}`;
    // Focus moving between panels changes which of Pin and Unpin the title bar offers.
    const viewState = webviewPanel.onDidChangeViewState(() => this.updatePinnedContext());
    const panel = new ResponsePanel(webviewPanel, identity, this.extensionUri, this.log, () => {
      viewState.dispose();
      this.byId.delete(id);
      if (this.panels.get(key) === panel) this.panels.delete(key);
      this.pinned.delete(panel);
      if (this.pinnedFrom.get(key) === panel) this.pinnedFrom.delete(key);
      if (this.lastShown === panel) this.lastShown = undefined;
      this.noteFilesOfSameTitles();
      this.updatePinnedContext();
    }, (action) => this.actions.fire({ action, panelKey: id }), () => this.bodyPosted.fire(identity.documentUri), (message) => this.posted.fire({ documentUri: identity.documentUri, message }));
    this.byId.set(id, panel);
    if (!this.panels.has(key)) this.panels.set(key, panel);
    return panel;
  }

  private closeAll(): void {
    const panels = [...this.panels.values(), ...this.pinned.keys()];
    this.panels.clear();
    this.pinned.clear();
    this.pinnedFrom.clear();
    this.lastShown = undefined;
    for (const p of panels) p.dispose();
  }
}

/** The file name of a document URI (`users.http`), or the URI itself when it names no file (the history's key). */
function fileNameOf(documentUri: string): string {
  try {
    const base = path.posix.basename(vscode.Uri.parse(documentUri, true).path);
    return base === '' ? documentUri : base;
  } catch {
    return documentUri;
  }
}
