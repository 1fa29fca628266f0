// The response panel's page (browser side, bundled to dist/webview/main.js). It posts `ready`, then
// renders what the host sends; every message is checked by the protocol's guards first.
import { isHostMessage, isPersistedState, type HostMessage, type PanelIdentity, type PersistedState, type ResultView, type UiMessage } from '../protocol';
import { BodyAssembly } from './body-assembly';
import { BodyFeed } from './body-feed';
import { startPrettyPrinter, type PrettyPrinter } from './pretty-port';
import { renderFailure, renderReceiving, renderRestored, renderResult, renderSending, type BodySection, type RenderedResult } from './render';
import { resultActions } from './result-actions';
import { failureAnnouncement, receivingAnnouncement, receivingProgressText, resultAnnouncement, sendingAnnouncement } from './status-text';

interface VsCodeApi {
  postMessage(message: UiMessage): void;
  getState(): unknown;
  setState(state: PersistedState & { readonly tab?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
/** The page's only live region (panel-html.ts): a new answer is announced by its summary here, not by the whole panel. */
const liveStatus = document.getElementById('live-status');
// Read while this script runs: the nonce CodeMirror gives its style elements (the CSP's style-src).
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const saved = vscode.getState();
let identity: PanelIdentity | undefined = isPersistedState(saved) ? saved.panel : undefined;
let tab = typeof (saved as { tab?: unknown } | undefined)?.tab === 'string' ? (saved as { tab: string }).tab : 'body';
let body: { assembly: BodyAssembly; feed: BodyFeed } | undefined;
/** The result on screen: its seq and Body tab, kept when its view is drawn again with secrets shown or masked. */
let current: { seq: number; body: BodySection } | undefined;
/** Started with the first JSON body, then kept for the next ones. */
let printer: PrettyPrinter | undefined;

function prettyPrinter(): PrettyPrinter {
  // Where it runs is kept on the page's root element: the UI test checks the worker started
  // under the CSP (worker-src blob:), and a reader of the page's DOM can see it.
  printer ??= startPrettyPrinter(
    (answer) => body?.feed.answer(answer),
    (where) => document.documentElement.setAttribute('data-pretty-printer', where),
  );
  return printer;
}

function remember(): void {
  if (identity !== undefined) vscode.setState({ panel: identity, tab });
}

function announce(text: string): void {
  if (liveStatus !== null) liveStatus.textContent = text;
}

function replace(content: HTMLElement): void {
  body = undefined;
  current = undefined;
  root.replaceChildren(content);
}

/** The result's view drawn (anew), with its buttons under the status line; `keptBody` from the drawing before. */
function drawResult(seq: number, view: ResultView, keptBody?: BodySection): RenderedResult {
  const rendered = renderResult(
    view,
    tab,
    (id) => {
      tab = id;
      remember();
    },
    nonce,
    keptBody,
  );
  // Under the status line: Save Body, Save Response, Compare (issue 11, item 2), Show Secrets (issue 12).
  rendered.root.querySelector('.status')?.after(resultActions(seq, (m) => vscode.postMessage(m), view.secrets));
  return rendered;
}

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'idle':
      identity = message.panel;
      replace(renderRestored(message.panel.title));
      break;
    case 'sending':
      identity = message.panel;
      replace(renderSending(message.panel.title, () => vscode.postMessage({ type: 'cancel' }), message.request));
      announce(sendingAnnouncement(message.panel.title));
      break;
    case 'receiving':
      identity = message.panel;
      replace(renderReceiving(message.view, () => vscode.postMessage({ type: 'cancel' })));
      announce(receivingAnnouncement(message.view));
      break;
    case 'failure': {
      identity = message.panel;
      // Show Secrets answered: the toggle keeps the focus, as for a result.
      const isToggleAnswer = (root.querySelector('.failure .secrets-toggle') as HTMLButtonElement | null)?.disabled === true;
      const seq = message.seq;
      const failure = renderFailure(
        message.view,
        (action) => vscode.postMessage({ type: 'failureAction', action }),
        (reveal) => vscode.postMessage({ type: 'reveal', reveal, seq }),
      );
      replace(failure);
      // Secrets shown or masked again is the same failure: not announced again (nor its secret).
      if (isToggleAnswer) (failure.querySelector('.secrets-toggle') as HTMLButtonElement | null)?.focus();
      else announce(failureAnnouncement(message.view));
      break;
    }
    case 'result': {
      identity = message.panel;
      // Show Secrets on a body that held one streams the result again: the answer to the toggle's
      // click (which disabled it until then), so the toggle keeps the focus, as in 'secrets'.
      const isToggleAnswer = (root.querySelector('.secrets-toggle') as HTMLButtonElement | null)?.disabled === true;
      const rendered = drawResult(message.seq, message.view);
      replace(rendered.root);
      if (isToggleAnswer) (rendered.root.querySelector('.secrets-toggle') as HTMLButtonElement | null)?.focus();
      else announce(resultAnnouncement(message.view));
      current = { seq: message.seq, body: rendered.body };
      const shown = message.view.body;
      // HTML is shown as its source, as sent: only JSON and XML are laid out.
      const pretty = shown.kind !== 'text' ? undefined : shown.isJson ? 'json' : shown.syntax === 'xml' ? 'xml' : undefined;
      if (rendered.bodyViewer !== undefined) {
        const port = pretty !== undefined ? prettyPrinter() : { post: () => undefined };
        body = { assembly: new BodyAssembly(message.seq), feed: new BodyFeed(message.seq, pretty, rendered.bodyViewer, port) };
      }
      break;
    }
    case 'bodyPiece': {
      const text = body?.assembly.accept(message);
      if (text !== undefined) body!.feed.piece(text);
      break;
    }
    case 'secrets': {
      // The same result, its secrets shown or masked again: drawn anew around the body received so far.
      if (current === undefined || current.seq !== message.seq) break;
      const rendered = drawResult(message.seq, message.view, current.body);
      root.replaceChildren(rendered.root);
      (rendered.root.querySelector('.secrets-toggle') as HTMLButtonElement | null)?.focus();
      break;
    }
    case 'bodyEnd':
      if (body?.assembly.finish(message) === true) body.feed.end();
      break;
    case 'progress': {
      // Only while the receiving view is up: a late one after the result changes nothing.
      const line = root.querySelector('.receiving .receiving-progress');
      if (line !== null) line.textContent = receivingProgressText(message.received);
      break;
    }
  }
  remember();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the host's messages (the webview's parent) are acted on, and only in a known shape.
  if (isHostMessage(event.data)) onMessage(event.data);
});

vscode.postMessage({ type: 'ready' });
