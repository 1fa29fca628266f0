import * as vscode from 'vscode';
import { formatByteSize } from '../core/response/exchange-summary';
import { firstHeader } from '../core/response/model';
import type { SecretMasker } from '../core/secret-masker';
import type { SendResult } from '../core/wire/send-result';
import { Disposable } from '../core/disposable';
import { responseHtml } from './panel-html';
import { isUiMessage, type FailureAction, type FailureView, type HostMessage, type PanelIdentity, type ReceivingView, type SendingRequest, type ResultAction, type ResultView } from './protocol';
import { bodyTextPieces, revealedView } from './response-view';

/**
 * Body pieces posted to the page and not yet delivered, at most (postMessage keeps their order).
 * Two keep the pieces flowing; with eight, pieces waiting to be delivered lived long enough to be
 * promoted, and a full collection held the host for 96 ms once in six 50 MB runs (two: 29-36 ms).
 */
const PIECES_IN_FLIGHT = 2;
/** How often a panel receiving a slow body is told how much has arrived. */
const PROGRESS_INTERVAL_MS = 250;

/** What a panel shows now: replayed whole each time its UI (re)loads and posts `ready`. */
export type Shown =
  | { readonly kind: 'idle' }
  | { readonly kind: 'sending'; readonly cancel: () => void; readonly request?: SendingRequest }
  | { readonly kind: 'receiving'; readonly view: ReceivingView; readonly cancel: () => void; readonly receivedBytes: () => number }
  | {
      readonly kind: 'result';
      readonly result: SendResult;
      readonly view: ResultView;
      /** The masker the view was made with: the body text is masked with it too as it streams. */
      readonly masker: SecretMasker;
    }
  | { readonly kind: 'failure'; readonly view: FailureView; readonly onAction?: (action: FailureAction) => void; readonly revealed?: () => FailureView };

/** The only folder the webview may load from (style guide §6). */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

/**
 * One webview panel and what it shows. Owns the SendResult it shows (disposed when replaced or
 * when the panel closes). Without retainContextWhenHidden the page is dropped while the panel is
 * hidden, so every `ready` from the UI replays the current state, the body streamed again.
 */
export class ResponsePanel extends Disposable {
  private shown: Shown = { kind: 'idle' };
  private isReady = false;
  /** Bumped by every show and replay: a body stream of an older one stops. */
  private generation = 0;
  /** While a slow body is received: the timer that posts its progress (see watchProgress). */
  private progressTimer: NodeJS.Timeout | undefined;
  private isClosed = false;
  /** The body of the result shown held a secret (masked as it streamed): Show Secrets streams it again. */
  private isBodyMasked = false;
  private isPinned = false;
  /** The file named after the title while another panel has the same title (see setFileNote). */
  private fileNote: string | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private identity: PanelIdentity,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    onClosed: () => void,
    /** A header button of the result shown was clicked (Save, Compare): the editor acts on it. */
    private readonly onAction: (action: ResultAction) => void = () => undefined,
    /** Called once the whole body of a result has been posted to the page. */
    private readonly onBodyPosted: () => void = () => undefined,
    /** Called with each message delivered to the page but body pieces (tests read what a page was given). */
    private readonly onPosted: (message: HostMessage) => void = () => undefined,
  ) {
    super();
    const webview = panel.webview;
    // Reset on a restored panel too (webview-sample): options are not persisted with it.
    webview.options = webviewOptions(extensionUri);
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    webview.html = responseHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css')).toString(),
    });
    this.register(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.register(
      panel.onDidChangeViewState(() => {
        // Hidden: the page is gone; it posts `ready` again when shown.
        if (!panel.visible) this.isReady = false;
      }),
    );
    this.register(
      panel.onDidDispose(() => {
        this.isClosed = true;
        // Closing the panel of a send still waiting for its answer stops that send (style guide).
        if (this.shown.kind === 'sending' || this.shown.kind === 'receiving') this.shown.cancel();
        this.dispose();
        onClosed();
      }),
    );
  }

  /** Shows `next` in place of what was shown, and brings the panel to the front without focus. */
  show(next: Shown, identity: PanelIdentity, isNew: boolean): void {
    this.release();
    this.shown = next;
    this.identity = identity;
    this.retitle();
    // A new panel is shown where it was created; revealing it again before it has a column
    // would move it.
    if (!isNew) this.panel.reveal(this.panel.viewColumn, true);
    this.generation++;
    this.isBodyMasked = false;
    if (this.isReady) void this.replay();
    if (next.kind === 'receiving') this.watchProgress(next);
  }

  /** While `shown` is on screen, posts how many bytes have arrived, when that changed. */
  private watchProgress(shown: Extract<Shown, { kind: 'receiving' }>): void {
    let posted = -1;
    this.progressTimer = setInterval(() => {
      // Cancelled: the panel is idle until the failure comes.
      if (this.shown !== shown) return this.stopProgress();
      const bytes = shown.receivedBytes();
      if (!this.isReady || bytes === posted) return;
      posted = bytes;
      void this.post({ type: 'progress', received: formatByteSize(bytes) });
    }, PROGRESS_INTERVAL_MS);
  }

  private stopProgress(): void {
    clearInterval(this.progressTimer);
    this.progressTimer = undefined;
  }

  /** Open and showing nothing yet: a restored panel, before its answer is read back from the history. */
  get isShowingNothing(): boolean {
    return !this.isClosed && this.shown.kind === 'idle';
  }

  /** Still waiting for its answer (what it shows is the Sending view). */
  get isSending(): boolean {
    return this.shown.kind === 'sending' || this.shown.kind === 'receiving';
  }

  /** Pinned (ResponsePanels.pinCurrent): it keeps what it shows, and its title says so; unpinned, it takes answers again. */
  setPinned(isPinned: boolean): void {
    this.isPinned = isPinned;
    this.retitle();
  }

  /**
   * Names the file after the title (`me · users.http`), or not (undefined): two panels titled
   * `me` from two files could not be told apart. Only then, as VS Code names an editor's folder
   * only when two tabs have the same file name.
   */
  setFileNote(fileName: string | undefined): void {
    if (fileName === this.fileNote) return;
    this.fileNote = fileName;
    this.retitle();
  }

  private retitle(): void {
    const title = `${this.identity.title}${this.isPinned ? ' (pinned)' : ''}${this.fileNote === undefined ? '' : ` · ${this.fileNote}`}`;
    if (this.panel.title !== title) this.panel.title = title;
  }

  /** The document the answer shown was sent from (a panel of the history: the history's key). */
  get documentUri(): string {
    return this.identity.documentUri;
  }

  /** The result shown now, owned by this panel: use it at once (the next show disposes it). */
  get result(): SendResult | undefined {
    return this.shown.kind === 'result' ? this.shown.result : undefined;
  }

  /** The panel's title: the request's name or request line. */
  get title(): string {
    return this.identity.title;
  }

  /** The history entry of the answer shown, once it is kept (Compare does not offer it against itself). */
  get historyId(): string | undefined {
    return this.identity.historyId;
  }

  override dispose(): void {
    this.release();
    this.shown = { kind: 'idle' };
    super.dispose();
    if (!this.isClosed) this.panel.dispose();
  }

  private release(): void {
    this.stopProgress();
    if (this.shown.kind === 'result') this.shown.result.dispose();
  }

  /** A message from the page: checked by the protocol's guard, anything else ignored. */
  receive(message: unknown): void {
    if (!isUiMessage(message)) {
      this.log.warn('response panel: ignored a message of an unknown shape');
      return;
    }
    if (message.type === 'ready') {
      this.isReady = true;
      this.generation++;
      void this.replay();
    } else if (message.type === 'failureAction') {
      if (this.shown.kind === 'failure' && this.shown.view.actions.includes(message.action)) this.shown.onAction?.(message.action);
    } else if (message.type === 'reveal') {
      // Only for the result on screen. The unmasked view is made on each request and posted to
      // this page alone: never kept here, in the page's state or in the history. A replay (the
      // page reloaded) shows the masked view again.
      if (this.shown.kind === 'failure' && message.seq === this.generation && this.shown.view.secrets !== undefined) {
        // As for a result: the view with secrets shown is made on each request, never kept.
        const { view, revealed } = this.shown;
        void this.post({ type: 'failure', panel: this.identity, seq: message.seq, view: message.reveal && revealed !== undefined ? revealed() : view });
      } else if (this.shown.kind === 'result' && message.seq === this.generation && this.shown.view.secrets !== undefined) {
        const { result, view, masker } = this.shown;
        const next = message.reveal ? revealedView(result) : view;
        if (this.isBodyMasked) {
          // The body itself held a secret: it is streamed again, as the toggle now asks.
          this.generation++;
          void this.streamResult(result, next, this.identity, message.reveal ? undefined : masker);
        } else {
          void this.post({ type: 'secrets', seq: message.seq, view: next });
        }
      }
    } else if (message.type === 'action') {
      // Only for the result on screen: a click on a result already replaced does nothing.
      if (this.shown.kind === 'result' && message.seq === this.generation) this.onAction(message.action);
    } else if (this.shown.kind === 'sending' || this.shown.kind === 'receiving') {
      const { cancel } = this.shown;
      // Once: a second click finds the panel idle until the failure arrives.
      this.shown = { kind: 'idle' };
      cancel();
    }
  }

  private async replay(): Promise<void> {
    const shown = this.shown;
    const panel = this.identity;
    switch (shown.kind) {
      case 'idle':
        await this.post({ type: 'idle', panel });
        return;
      case 'sending':
        await this.post({ type: 'sending', panel, ...(shown.request !== undefined ? { request: shown.request } : {}) });
        return;
      case 'receiving':
        await this.post({ type: 'receiving', panel, view: shown.view });
        await this.post({ type: 'progress', received: formatByteSize(shown.receivedBytes()) });
        return;
      case 'failure':
        await this.post({ type: 'failure', panel, seq: this.generation, view: shown.view });
        return;
      case 'result':
        await this.streamResult(shown.result, shown.view, panel, shown.masker);
    }
  }

  /**
   * The view, then the body text in pieces, at most PIECES_IN_FLIGHT posted and not yet delivered:
   * the host never holds the body as one string and yields to its event loop between pieces,
   * while the pieces travel to the page back to back (one at a time, a 50 MB body took seconds
   * of round trips through code-server).
   */
  private async streamResult(result: SendResult, view: ResultView, panel: PanelIdentity, masker: SecretMasker | undefined): Promise<void> {
    const seq = this.generation;
    const isCurrent = () => seq === this.generation && !this.isClosed;
    await this.post({ type: 'result', panel, seq, view });
    if (!isCurrent()) return;
    if (view.body.kind !== 'text') {
      this.onBodyPosted();
      return;
    }
    // A secret the server sent back (an echoed key) is masked in the body as everywhere else.
    const stream = masker?.streamMasker();
    let index = 0;
    const inFlight: Promise<void>[] = [];
    const postPiece = (text: string): void => {
      if (text !== '') inFlight.push(this.post({ type: 'bodyPiece', seq, index: index++, text }));
    };
    try {
      for await (const text of bodyTextPieces(result.body, firstHeader(result.response.headers, 'content-type'))) {
        if (!isCurrent()) return;
        postPiece(stream === undefined ? text : stream.push(text));
        if (inFlight.length >= PIECES_IN_FLIGHT) await inFlight.shift();
        // Checked before the generator reads on: a newer show may have disposed the body.
        if (!isCurrent()) return;
      }
      if (stream !== undefined) postPiece(stream.end());
    } catch (err) {
      this.log.error('response panel: could not read the response body', err);
    }
    await Promise.all(inFlight);
    if (!isCurrent()) return;
    await this.post({ type: 'bodyEnd', seq });
    if (stream?.isMasked === true) await this.bodyWasMasked(seq, view);
    this.onBodyPosted();
  }

  /** The body held a secret: the result offers Show Secrets, if its head did not already. */
  private async bodyWasMasked(seq: number, view: ResultView): Promise<void> {
    if (seq !== this.generation) return;
    this.isBodyMasked = true;
    if (view.secrets !== undefined || this.shown.kind !== 'result') return;
    const masked: ResultView = { ...view, secrets: 'masked' };
    this.shown = { ...this.shown, view: masked };
    await this.post({ type: 'secrets', seq, view: masked });
  }

  private async post(message: HostMessage): Promise<void> {
    if (this.isClosed) return;
    try {
      await this.panel.webview.postMessage(message);
      if (message.type !== 'bodyPiece') this.onPosted(message);
    } catch (err) {
      // The webview went away between the check and the post: it replays on its next `ready`.
      this.log.warn(`response panel: a '${message.type}' message was not delivered: ${String(err)}`);
    }
  }
}
