// The response panel's page (browser side, bundled to dist/webview/main.js). It posts `ready`, then
// renders what the host sends; every message is checked by the protocol's guards first.
import { isHostMessage, isPersistedState, type HostMessage, type PanelIdentity, type PersistedState, type UiMessage } from '../protocol';
import { BodyAssembly } from './body-assembly';
import { renderFailure, renderRestored, renderResult, renderSending } from './render';
import { resultActions } from './result-actions';

interface VsCodeApi {
  postMessage(message: UiMessage): void;
  getState(): unknown;
  setState(state: PersistedState & { readonly tab?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const saved = vscode.getState();
let identity: PanelIdentity | undefined = isPersistedState(saved) ? saved.panel : undefined;
let tab = typeof (saved as { tab?: unknown } | undefined)?.tab === 'string' ? (saved as { tab: string }).tab : 'body';
let body: { assembly: BodyAssembly; text: HTMLPreElement } | undefined;

function remember(): void {
  if (identity !== undefined) vscode.setState({ panel: identity, tab });
}

function replace(content: HTMLElement): void {
  body = undefined;
  root.replaceChildren(content);
}

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'idle':
      identity = message.panel;
      replace(renderRestored(message.panel.title));
      break;
    case 'sending':
      identity = message.panel;
      replace(renderSending(message.panel.title, () => vscode.postMessage({ type: 'cancel' })));
      break;
    case 'failure':
      identity = message.panel;
      replace(renderFailure(message.view, (action) => vscode.postMessage({ type: 'failureAction', action })));
      break;
    case 'result': {
      identity = message.panel;
      const rendered = renderResult(message.view, tab, (id) => {
        tab = id;
        remember();
      });
      replace(rendered.root);
      // Under the status line: Save Body, Save Response, Compare (issue 11, item 2).
      rendered.root.querySelector('.status')?.after(resultActions(message.seq, (m) => vscode.postMessage(m)));
      const isJson = message.view.body.kind === 'text' && message.view.body.isJson;
      if (rendered.bodyText !== undefined) body = { assembly: new BodyAssembly(message.seq, isJson), text: rendered.bodyText };
      break;
    }
    case 'bodyPiece': {
      const text = body?.assembly.accept(message);
      // One text node per piece: the page grows by appends, never by re-parsing what is there.
      if (text !== undefined) body!.text.append(document.createTextNode(text));
      break;
    }
    case 'bodyEnd': {
      const pretty = body?.assembly.finish(message);
      if (pretty !== undefined) body!.text.replaceChildren(document.createTextNode(pretty));
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
