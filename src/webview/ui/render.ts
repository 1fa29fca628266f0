// The panel's views, built from the protocol's plain models. Every byte of a response goes in as
// text (textContent / text nodes); colours come from the theme through CSS classes (panel.css).
import type { BodyView, FailureAction, FailureView, HeaderLine, HeadView, ReceivingView, ResultView, SendingRequest, StatusClass } from '../protocol';
import { createBodyViewer, type BodyViewer } from './body-viewer';
import { h, headerTable, visibleText } from './dom';
import { failureToneOf, inlineCodeParts, receivedOfFailure } from './failure-text';
import { base64ToBytes, hexDump } from './hex-dump';
import { rawBlock, rawSection } from './raw-view';
import { secretsToggle } from './result-actions';
import { challengeNoteOf, elapsedText, receivingProgressText, redirectNoteOf } from './status-text';
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

/**
 * The status line as the page's heading. Its class colours a marker beside it (panel.css), never
 * the text: the theme's status colours are icon colours, too faint for text on a light theme.
 */
function statusHeading(statusLine: string, statusClass: StatusClass): HTMLElement {
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
    textLine('redirect-note', redirectNoteOf(view.redirects)),
    textLine('redirect-note', challengeNoteOf(view.challenges ?? [])),
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

/** A paragraph of `text` with `className`, or nothing without text. */
function textLine(className: string, text: string | undefined): HTMLElement | undefined {
  return text === undefined ? undefined : h('p', { className }, text);
}

function headersSection(view: ResultView): HTMLElement {
  const hops = view.redirects.map((hop) => ({ requestLine: hop.requestLine, statusLine: hop.response.statusLine, statusClass: hop.response.statusClass, location: hop.location, headers: hop.response.headers }));
  return h(
    'div',
    {},
    headerTable('Response headers', view.headers),
    view.trailers.length > 0 ? headerTable('Trailers', view.trailers) : undefined,
    ...view.informational.map((head) => headTable('Informational response', head)),
    redirectChain(hops),
    // Heading first: the request line under the answer's own table read as the end of it.
    ...(view.challenges ?? []).map((c) => h('section', { className: 'challenge' }, h('h2', {}, 'Digest challenge answered first'), h('p', { className: 'request' }, c.requestLine), headerTable(c.response.statusLine, c.response.headers, 'h4'))),
    headerTable('Request headers (sent)', view.requestHeaders),
  );
}

/** A redirect answered on the way: of a result (with its headers) or of a failure (FailureHopView). */
interface Hop {
  readonly requestLine: string;
  readonly statusLine: string;
  readonly statusClass: StatusClass;
  readonly location: string;
  readonly headers?: readonly HeaderLine[];
}

/**
 * The redirects in order, numbered by the list itself: each under its request line (an h3 under
 * the section's h2), then the status line received, its Location and, of a result, its headers.
 */
function redirectChain(hops: readonly Hop[]): HTMLElement | undefined {
  if (hops.length === 0) return undefined;
  const items = hops.map((hop) =>
    h(
      'li',
      {},
      h('h3', { className: 'request' }, hop.requestLine),
      h('p', { className: `status status-${hop.statusClass}` }, hop.statusLine),
      h('p', {}, ...visibleText(`Location: ${hop.location}`)),
      hop.headers === undefined ? undefined : headerTable('Headers', hop.headers, 'h4'),
    ),
  );
  return h('section', { className: 'redirects' }, h('h2', {}, 'Redirect chain'), h('ol', {}, ...items));
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

/** `text` with its `code` spans (failure-text.ts) as <code> elements, every part as text. */
function withInlineCode(text: string): Array<Node | string> {
  return inlineCodeParts(text).map((part) => (part.isCode ? h('code', {}, part.text) : part.text));
}

/**
 * A failure, or a cancel the user asked for (a neutral note, not an error). The panel's live
 * region announces its message (main.ts): the article itself is no alert, heard twice before.
 */
export function renderFailure(view: FailureView, onAction: (action: FailureAction) => void, onReveal: (reveal: boolean) => void): HTMLElement {
  const received = receivedOfFailure(view);
  const isNote = failureToneOf(view) === 'note';
  return h(
    'article',
    { className: isNote ? 'failure cancelled' : 'failure' },
    h('h1', { className: isNote ? 'status status-info' : 'status status-server-error' }, view.message),
    h('p', { className: 'muted' }, view.code),
    h('p', { className: 'next-action' }, ...withInlineCode(view.nextAction)),
    actionButtons(view.actions, onAction),
    view.secrets !== undefined ? h('div', { className: 'result-actions', attrs: { role: 'toolbar', 'aria-label': 'Failure actions' } }, secretsToggle(view.secrets, onReveal)) : undefined,
    redirectChain(view.redirects ?? []),
    // After redirects, the hops above are what was received.
    received.kind === 'bytes' ? h('section', {}, h('h2', {}, 'Received'), h('p', { className: 'note' }, received.note), rawBlock(view.received)) : received.kind === 'nothing' ? h('p', { className: 'muted' }, received.note) : undefined,
  );
}

function cancelButton(onCancel: () => void): HTMLElement {
  const cancel = h('button', { className: 'cancel', attrs: { type: 'button' } }, 'Cancel');
  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    onCancel();
  });
  return cancel;
}

/**
 * `Sending… name` and Cancel; with `request`, its request line and the time it has been waiting,
 * counted from the host's start time, so a panel drawn again (shown after being hidden) goes on
 * counting. The counter stops once the view has left the page.
 */
export function renderSending(title: string, onCancel: () => void, request?: SendingRequest): HTMLElement {
  const elapsed = h('span', { className: 'elapsed' });
  const view = h('article', { className: 'sending' }, h('h1', {}, `Sending… ${title}`), request === undefined ? undefined : h('p', { className: 'request' }, request.requestLine, ' · ', elapsed), cancelButton(onCancel));
  if (request === undefined) return view;
  const tick = () => (elapsed.textContent = elapsedText(Date.now() - request.startedAtMs));
  tick();
  const timer = setInterval(() => (view.isConnected ? tick() : clearInterval(timer)), 100);
  return view;
}

/** The head of an answer whose body is still coming: its status line and headers, and Cancel. */
export function renderReceiving(view: ReceivingView, onCancel: () => void): HTMLElement {
  return h(
    'article',
    { className: 'receiving', attrs: { 'aria-busy': 'true' } },
    statusHeading(view.statusLine, view.statusClass),
    h('p', { className: 'request' }, view.requestLine),
    h('p', { className: 'muted receiving-progress' }, receivingProgressText(undefined)),
    cancelButton(onCancel),
    headerTable('Headers', view.headers),
  );
}

export function renderRestored(title: string): HTMLElement {
  return h('article', {}, h('h1', {}, title), h('p', { className: 'muted' }, 'No answer to show here (it was not kept in the history): send the request again.'));
}
