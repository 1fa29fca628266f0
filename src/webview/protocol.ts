// The messages between the extension host (panel.ts) and the webview UI (ui/main.ts), both ways,
// with the guards each side runs on what it receives. Imports nothing: the UI bundles this file,
// and it must hold no `vscode`, no DOM and no Node API.

/** The webview panel's type: `onWebviewPanel:httpWire.response` activates the serializer. */
export const RESPONSE_VIEW_TYPE = 'httpWire.response';

/** One header line as received: name in its case, value as its bytes read as latin1. */
export type HeaderLine = readonly [name: string, value: string];

/** How a status code is coloured: its class (RFC 9110 §15), or `other` outside 100-599. */
export type StatusClass = 'info' | 'success' | 'redirect' | 'client-error' | 'server-error' | 'other';

/** A status line and its headers: an informational (1xx) answer, a redirect hop, or the final one. */
export interface HeadView {
  readonly statusLine: string;
  readonly statusClass: StatusClass;
  readonly headers: readonly HeaderLine[];
}

export interface RedirectView {
  /** `GET http://host/path` as sent (URL credentials masked). */
  readonly requestLine: string;
  readonly response: HeadView;
  readonly location: string;
}

export interface TimingPhase {
  readonly name: string;
  readonly ms: number;
}

/** How the body viewer lays out and highlights a text body. */
export type BodySyntax = 'json' | 'xml' | 'html' | 'plain';

const BODY_SYNTAXES: readonly string[] = ['json', 'xml', 'html', 'plain'] satisfies readonly BodySyntax[];

/**
 * The body, described; the text itself follows in `bodyPiece` messages (never one huge message):
 * `text` bodies only. Images come whole as a data: URL (small ones only), binary as its first bytes.
 */
export type BodyView =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'text';
      readonly mimeType: string;
      readonly charset: string;
      /** Pretty-printed as it arrives (it is shown as received should it not be JSON). */
      readonly isJson: boolean;
      /** Highlighting and folding: JSON, XML, HTML as its source, or plain text. */
      readonly syntax: BodySyntax;
      /** The text is cut: shown first, above the body. */
      readonly note: string | undefined;
    }
  | { readonly kind: 'image'; readonly mimeType: string; readonly dataUrl: string }
  | { readonly kind: 'binary'; readonly mimeType: string; readonly headBase64: string; readonly note: string };

export interface ResultView {
  readonly statusLine: string;
  readonly statusClass: StatusClass;
  /** `GET http://127.0.0.1:8080/` as sent, credentials masked. */
  readonly requestLine: string;
  /** `34.2 ms · 1.2 KB · connection #2, request 3 on it (reused)`. */
  readonly summary: readonly string[];
  readonly headers: readonly HeaderLine[];
  readonly trailers: readonly HeaderLine[];
  readonly informational: readonly HeadView[];
  readonly redirects: readonly RedirectView[];
  readonly requestHeaders: readonly HeaderLine[];
  readonly body: BodyView;
  readonly raw: RawView;
  readonly timing: { readonly phases: readonly TimingPhase[]; readonly totalMs: number };
  readonly warnings: readonly string[];
}

/** The exact bytes as latin1 text (one character per byte); sent bytes with secrets masked. */
export interface RawView {
  readonly sent: string;
  readonly received: string;
  /** What was cut, when the capture or this view's limit cut anything. */
  readonly note: string | undefined;
}

export interface FailureView {
  readonly message: string;
  readonly code: string;
  /** What the user can do next, in one sentence. */
  readonly nextAction: string;
  /** The bytes that did arrive, as latin1 text; '' when none. */
  readonly received: string;
  readonly receivedNote: string | undefined;
}

/** Which panel a message is for: the UI keeps it in its state so a restored panel finds its file. */
export interface PanelIdentity {
  readonly documentUri: string;
  readonly title: string;
}

export type HostMessage =
  /** Nothing to show: a panel restored after a window reload (its response was not kept). */
  | { readonly type: 'idle'; readonly panel: PanelIdentity }
  | { readonly type: 'sending'; readonly panel: PanelIdentity }
  | { readonly type: 'result'; readonly panel: PanelIdentity; readonly seq: number; readonly view: ResultView }
  /** The next piece of the body text of result `seq`, in order from index 0. */
  | { readonly type: 'bodyPiece'; readonly seq: number; readonly index: number; readonly text: string }
  | { readonly type: 'bodyEnd'; readonly seq: number }
  | { readonly type: 'failure'; readonly panel: PanelIdentity; readonly view: FailureView };

export type UiMessage = { readonly type: 'ready' } | { readonly type: 'cancel' };

/** What the UI keeps with `setState`, and the serializer receives after a window reload. */
export interface PersistedState {
  readonly panel: PanelIdentity;
}

// Guards check the shape each side relies on; anything else is ignored, never trusted.

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isPanelIdentity(v: unknown): v is PanelIdentity {
  return isObject(v) && isString(v.documentUri) && isString(v.title);
}

export function isUiMessage(v: unknown): v is UiMessage {
  return isObject(v) && (v.type === 'ready' || v.type === 'cancel');
}

export function isPersistedState(v: unknown): v is PersistedState {
  return isObject(v) && isPanelIdentity(v.panel);
}

function isHeaderLines(v: unknown): v is HeaderLine[] {
  return Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2 && isString(h[0]) && isString(h[1]));
}

function isBodyView(v: unknown): v is BodyView {
  if (!isObject(v)) return false;
  switch (v.kind) {
    case 'empty':
      return true;
    case 'text':
      return isString(v.mimeType) && isString(v.charset) && typeof v.isJson === 'boolean' && isString(v.syntax) && BODY_SYNTAXES.includes(v.syntax) && (v.note === undefined || isString(v.note));
    case 'image':
      // Only a data: URL of an image type: the UI puts it in an <img src>.
      return isString(v.mimeType) && isString(v.dataUrl) && v.dataUrl.startsWith('data:image/');
    case 'binary':
      return isString(v.mimeType) && isString(v.headBase64) && isString(v.note);
    default:
      return false;
  }
}

function isResultView(v: unknown): v is ResultView {
  return (
    isObject(v) &&
    isString(v.statusLine) &&
    isString(v.statusClass) &&
    isString(v.requestLine) &&
    Array.isArray(v.summary) &&
    v.summary.every(isString) &&
    isHeaderLines(v.headers) &&
    isHeaderLines(v.trailers) &&
    isHeaderLines(v.requestHeaders) &&
    Array.isArray(v.informational) &&
    Array.isArray(v.redirects) &&
    isBodyView(v.body) &&
    isObject(v.raw) &&
    isString(v.raw.sent) &&
    isString(v.raw.received) &&
    isObject(v.timing) &&
    Array.isArray(v.timing.phases) &&
    Array.isArray(v.warnings)
  );
}

function isFailureView(v: unknown): v is FailureView {
  return isObject(v) && isString(v.message) && isString(v.code) && isString(v.nextAction) && isString(v.received);
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'idle':
    case 'sending':
      return isPanelIdentity(v.panel);
    case 'result':
      return isPanelIdentity(v.panel) && isCount(v.seq) && isResultView(v.view);
    case 'bodyPiece':
      return isCount(v.seq) && isCount(v.index) && isString(v.text);
    case 'bodyEnd':
      return isCount(v.seq);
    case 'failure':
      return isPanelIdentity(v.panel) && isFailureView(v.view);
    default:
      return false;
  }
}
