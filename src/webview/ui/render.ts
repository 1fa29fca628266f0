// The panel's views, built from the protocol's plain models. Every byte of a response goes in as
// text (textContent / text nodes); colours come from the theme through CSS classes (panel.css).
import type { BodyView, FailureAction, FailureHopView, FailureView, HeadView, ReceivingView, ResultView } from '../protocol';
import { createBodyViewer, type BodyViewer } from './body-viewer';
import { h, headerTable, visibleText } from './dom';
import { receivedOfFailure } from './failure-text';
import { base64ToBytes, hexDump } from './hex-dump';
import { rawBlock, rawSection } from './raw-view';
import { secretsToggle } from './result-actions';
import { tabView } from './tabs';
import { timingSection } from './timing-view';

export interface RenderedResult {
  readonly root: HTMLElement;
  /** Where the body text's pieces go; undefined when the body is not text. */
  readonly bodyViewer: BodyViewer | undefined;
  /** The Body tab's content: kept when the same result is drawn again (secrets revealed or masked). */
  readonly body: BodySection;
}

/** The Body tab's content and its viewer. */
export interface BodySection {
  readonly element: HTMLElement;
  readonly viewer: BodyViewer | undefined;
}

function statusHeading(statusLine: string, statusClass: string): HTMLElement {
  return h('h1', { className: `status status-${statusClass}` }, statusLine);
}

/**
 * `nonce`: the page's CSP nonce, for the style elements of the body viewer. `keptBody`: the body
 * section of the same result drawn before, moved into the new view with what it has received.
 */
export function renderResult(view: ResultView, selectedTab: string, onTab: (id: string) => void, nonce: string, keptBody?: BodySection): RenderedResult {
  const body = keptBody ?? bodySection(view.body, nonce);
  const root = h(
    'article',
    { className: 'result' },
    statusHeading(view.statusLine, view.statusClass),
    h('p', { className: 'request' }, view.requestLine),
    h('ul', { className: 'summary' }, ...view.summary.map((s) => h('li', {}, s))),
    view.warnings.length === 0 ? undefined : h('ul', { className: 'warnings', attrs: { 'aria-label': 'Warnings' } }, ...view.warnings.map((w) => h('li', {}, w))),
    tabView(
      [
        { id: 'body', label: 'Body', content: body.element },
        { id: 'headers', label: 'Headers', content: headersSection(view) },
        { id: 'raw', label: 'Raw', content: rawSection(view.raw) },
        { id: 'timing', label: 'Timing', content: timingSection(view.timing.phases, view.timing.totalMs, view.connection) },
      ],
      selectedTab,
      onTab,
    ),
  );
  return { root, bodyViewer: body.viewer, body };
}

function bodySection(body: BodyView, nonce: string): BodySection {
  switch (body.kind) {
    case 'empty':
      return { element: h('p', { className: 'muted' }, 'No body.'), viewer: undefined };
    case 'text': {
      const viewer = createBodyViewer(body.syntax, nonce);
      const meta = h('p', { className: 'muted' }, `${body.mimeType === '' ? 'no type' : body.mimeType} · ${body.charset}`);
      return { element: h('div', {}, body.note === undefined ? undefined : h('p', { className: 'note' }, body.note), meta, viewer.element), viewer };
    }
    case 'image':
      return { element: h('div', {}, h('img', { className: 'body-image', attrs: { src: body.dataUrl, alt: `The response body (${body.mimeType})` } })), viewer: undefined };
    case 'binary':
      return { element: h('div', {}, h('p', { className: 'note' }, body.note), h('pre', { className: 'hex' }, hexDump(base64ToBytes(body.headBase64)))), viewer: undefined };
  }
}

function headersSection(view: ResultView): HTMLElement {
  const section = h('div', {}, headerTable('Response headers', view.headers));
  if (view.trailers.length > 0) section.append(headerTable('Trailers', view.trailers));
  for (const head of view.informational) section.append(headTable('Informational response', head));
  if (view.redirects.length > 0) {
    const hops = view.redirects.map((hop, i) =>
      h('li', {}, h('p', {}, `${i + 1}. ${hop.requestLine}`), statusHeading(hop.response.statusLine, hop.response.statusClass), h('p', {}, `Location: ${hop.location}`), headerTable('Headers', hop.response.headers)),
    );
    section.append(h('section', { className: 'redirects' }, h('h3', {}, 'Redirect chain'), h('ol', {}, ...hops)));
  }
  section.append(headerTable('Request headers (sent)', view.requestHeaders));
  return section;
}

function headTable(caption: string, head: HeadView): HTMLElement {
  return headerTable(`${caption}: ${head.statusLine}`, head.headers);
}

const ACTION_LABELS: Record<FailureAction, string> = {
  retry: 'Retry',
  skipVerification: 'Turn Off Verification for This Request',
  openSettings: 'Open Settings',
  showLog: 'Show Log',
};

function actionButtons(actions: readonly FailureAction[], onAction: (action: FailureAction) => void): HTMLElement | undefined {
  if (actions.length === 0) return undefined;
  const buttons = actions.map((action, i) => {
    const button = h('button', { className: i === 0 ? 'result-action primary' : 'result-action', attrs: { type: 'button', 'data-action': action } }, ACTION_LABELS[action]);
    button.addEventListener('click', () => onAction(action));
    return button;
  });
  return h('div', { className: 'result-actions', attrs: { role: 'toolbar', 'aria-label': 'What to do next' } }, ...buttons);
}

export function renderFailure(view: FailureView, onAction: (action: FailureAction) => void, onReveal: (reveal: boolean) => void): HTMLElement {
  const received = receivedOfFailure(view);
  return h(
    'article',
    { className: 'failure', attrs: { role: 'alert' } },
    h('h1', { className: 'status status-server-error' }, view.message),
    h('p', { className: 'muted' }, view.code),
    h('p', { className: 'next-action' }, view.nextAction),
    actionButtons(view.actions, onAction),
    view.secrets !== undefined ? h('div', { className: 'result-actions', attrs: { role: 'toolbar', 'aria-label': 'Failure actions' } }, secretsToggle(view.secrets, onReveal)) : undefined,
    failureRedirects(view.redirects ?? []),
    // After redirects, the hops above are what was received.
    received.kind === 'bytes' ? h('section', {}, h('h3', {}, 'Received'), h('p', { className: 'note' }, received.note), rawBlock(view.received)) : received.kind === 'nothing' ? h('p', { className: 'muted' }, received.note) : undefined,
  );
}

/** The redirects answered before the failure, each as its request, status line and Location. */
function failureRedirects(hops: readonly FailureHopView[]): HTMLElement | undefined {
  if (hops.length === 0) return undefined;
  const items = hops.map((hop) => h('li', {}, h('p', { className: 'request' }, hop.requestLine), h('p', { className: `status status-${hop.statusClass}` }, hop.statusLine), h('p', {}, ...visibleText(`Location: ${hop.location}`))));
  return h('section', { className: 'redirects' }, h('h3', {}, 'Redirect chain'), h('ol', {}, ...items));
}

function cancelButton(onCancel: () => void): HTMLElement {
  const cancel = h('button', { className: 'cancel', attrs: { type: 'button' } }, 'Cancel');
  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    onCancel();
  });
  return cancel;
}

export function renderSending(title: string, onCancel: () => void): HTMLElement {
  return h('article', { className: 'sending' }, h('h1', {}, `Sending… ${title}`), cancelButton(onCancel));
}

/** The head of an answer whose body is still coming: its status line and headers, and Cancel. */
export function renderReceiving(view: ReceivingView, onCancel: () => void): HTMLElement {
  return h(
    'article',
    { className: 'receiving', attrs: { 'aria-busy': 'true' } },
    statusHeading(view.statusLine, view.statusClass),
    h('p', { className: 'request' }, view.requestLine),
    h('p', { className: 'muted' }, 'Receiving the body…'),
    cancelButton(onCancel),
    headerTable('Headers', view.headers),
  );
}

export function renderRestored(title: string): HTMLElement {
  return h('article', {}, h('h1', {}, title), h('p', { className: 'muted' }, 'No answer to show here (it was not kept in the history): send the request again.'));
}
