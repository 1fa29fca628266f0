// The messages between the extension host (panel.ts) and the webview UI (ui/main.ts), both ways,
// with the guards each side runs on what it receives. Imports nothing: the UI bundles this file,
// and it must hold no `vscode`, no DOM and no Node API.

/** The webview panel's type: `onWebviewPanel:httpWire.response` activates the serializer. */
export const RESPONSE_VIEW_TYPE = 'httpWire.response';

/** One header line as received: name in its case, value as its bytes read as latin1. */
export type HeaderLine = readonly [name: string, value: string];

/** How a status code is coloured: its class (RFC 9110 §15), or `other` outside 100-599. */
export type StatusClass = 'info' | 'success' | 'redirect' | 'client-error' | 'server-error' | 'other';

const STATUS_CLASSES: readonly string[] = ['info', 'success', 'redirect', 'client-error', 'server-error', 'other'] satisfies readonly StatusClass[];

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

/** A 401 whose Digest challenge was answered by sending the request again: the exchange before the answer. */
export interface ChallengeView {
  /** `GET http://host/path` as sent, without the credentials the answer added. */
  readonly requestLine: string;
  readonly response: HeadView;
}

/** One phase of the waterfall: when it started after the send began, and how long it took. */
export interface TimingPhase {
  readonly name: string;
  readonly startMs: number;
  readonly ms: number;
}

/** How the body viewer lays out and highlights a text body. */
export type BodySyntax = 'json' | 'xml' | 'html' | 'plain';

const BODY_SYNTAXES: readonly string[] = ['json', 'xml', 'html', 'plain'] satisfies readonly BodySyntax[];

/** A labelled value of the Timing view's connection and certificate tables. */
export type LabelledValue = readonly [label: string, value: string];

/** The connection that carried the answer, and the peer's certificate on a TLS one. */
export interface ConnectionView {
  /** Remote address, reuse, proxy, each address tried. */
  readonly rows: readonly LabelledValue[];
  /** Protocol, cipher, verification, subject, issuer, validity, names, fingerprint; undefined without TLS. */
  readonly tls: readonly LabelledValue[] | undefined;
}

/** A header the client added, changed or removed in what was written, and why. */
export interface ClientChangeView {
  readonly name: string;
  readonly action: 'added' | 'changed' | 'removed';
  /** `Host: 127.0.0.1:8081` added, `Content-Length: 64 → 63` changed, `Content-Length: 5` removed. */
  readonly text: string;
  readonly reason: string;
}

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
  /** Digest challenges answered on the way (absent in a view made before they were shown). */
  readonly challenges?: readonly ChallengeView[];
  readonly requestHeaders: readonly HeaderLine[];
  readonly body: BodyView;
  readonly raw: RawView;
  readonly timing: { readonly phases: readonly TimingPhase[]; readonly totalMs: number };
  readonly connection: ConnectionView;
  readonly warnings: readonly string[];
  /**
   * Whether secrets (private environment values, secret prompt answers, URL passwords, proxy
   * credentials) are masked in this view (`masked`), shown because the user asked (`revealed`),
   * or absent when the view masks nothing (the panel then has no Show Secrets button).
   */
  readonly secrets?: SecretsState;
}

/** See ResultView.secrets. */
export type SecretsState = 'masked' | 'revealed';

/** The exact bytes as latin1 text (one character per byte); sent bytes with secrets masked. */
export interface RawView {
  readonly sent: string;
  readonly received: string;
  /** What is not here: the redirects before the final exchange, what the capture or this view's limit cut. */
  readonly note: string | undefined;
  /** Set when the body's bytes are left out of `received` (not text on the wire): says so. */
  readonly bodyNote?: string;
  /** What the client added to or fixed in the request as written (the header lines are marked in `sent`). */
  readonly changes: readonly ClientChangeView[];
}

/**
 * What a failure view offers to do next, as buttons: send again; add `# @no-reject-unauthorized`
 * to the request and send again (a TLS failure); open the settings; show the log.
 */
export type FailureAction = 'retry' | 'skipVerification' | 'openSettings' | 'showLog';

const FAILURE_ACTIONS: readonly string[] = ['retry', 'skipVerification', 'openSettings', 'showLog'] satisfies FailureAction[];

export interface FailureView {
  readonly message: string;
  readonly code: string;
  /** What the user can do next, in one sentence. */
  readonly nextAction: string;
  /** The bytes that did arrive, as latin1 text; '' when none. */
  readonly received: string;
  readonly receivedNote: string | undefined;
  /** The buttons, in this order; none for a failure shown from history. */
  readonly actions: readonly FailureAction[];
  /**
   * The redirects answered before the failure, in order: every hop of a loop or of a chain too
   * long (its last one not followed), or those followed before another failure. Absent or empty
   * when the first request failed.
   */
  readonly redirects?: readonly FailureHopView[];
  /**
   * Present when the view masks something (a URL's password, a private value in the message):
   * the failure then offers Show Secrets, as a result does (see ResultView.secrets).
   */
  readonly secrets?: SecretsState;
}

/** A redirect answered before a failure: the request, the status line received and its Location. */
export interface FailureHopView {
  /** `GET http://host/path` as sent (URL credentials masked). */
  readonly requestLine: string;
  readonly statusLine: string;
  readonly statusClass: StatusClass;
  /** The Location header's value, masked. */
  readonly location: string;
}

/** A response whose head has arrived while its body is still coming: shown until the result replaces it. */
export interface ReceivingView {
  /** `GET http://host/path` as sent (secrets masked). */
  readonly requestLine: string;
  readonly statusLine: string;
  readonly statusClass: StatusClass;
  /** As received, in order and case, secrets masked. */
  readonly headers: readonly HeaderLine[];
}

/** Which panel a message is for: the UI keeps it in its state so a restored panel finds its file. */
export interface PanelIdentity {
  readonly documentUri: string;
  readonly title: string;
  /** The history entry of the answer shown, if it has one: reopened after a window reload. */
  readonly historyId?: string;
  /**
   * The panel's key among the open panels (panel.ts): the document URI, or with a panel per
   * request the document URI and the request. Kept with the UI's state, so a panel restored after
   * a window reload takes its place again; absent in states saved before it existed.
   */
  readonly key?: string;
}

/** The request a `sending` panel waits on: its request line (secrets masked) and since when (epoch ms, the host's clock). */
export interface SendingRequest {
  readonly requestLine: string;
  readonly startedAtMs: number;
}

export type HostMessage =
  /** Nothing to show: a panel restored after a window reload (its response was not kept). */
  | { readonly type: 'idle'; readonly panel: PanelIdentity }
  | { readonly type: 'sending'; readonly panel: PanelIdentity; readonly request?: SendingRequest }
  /** The head has come and the body is still on its way (a slow or streamed body): what came so far. */
  | { readonly type: 'receiving'; readonly panel: PanelIdentity; readonly view: ReceivingView }
  /** While `receiving` is shown: how much of the response has arrived so far, head included (`12.3 KB`). */
  | { readonly type: 'progress'; readonly received: string }
  | { readonly type: 'result'; readonly panel: PanelIdentity; readonly seq: number; readonly view: ResultView }
  /** The next piece of the body text of result `seq`, in order from index 0. */
  | { readonly type: 'bodyPiece'; readonly seq: number; readonly index: number; readonly text: string }
  | { readonly type: 'bodyEnd'; readonly seq: number }
  /**
   * The view of result `seq` again, its secrets revealed or masked again as the UI asked
   * (`reveal`): everything but the body is drawn anew. Never kept in the UI's state.
   */
  | { readonly type: 'secrets'; readonly seq: number; readonly view: ResultView }
  | { readonly type: 'failure'; readonly panel: PanelIdentity; readonly seq: number; readonly view: FailureView };

/** The buttons in a result's header (issue 11, item 2): Save Response Body, Save Response, Compare. */
export type ResultAction = 'saveBody' | 'saveResponse' | 'compare';

export type UiMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  /** A button under a failure was clicked. */
  | { readonly type: 'failureAction'; readonly action: FailureAction }
  /** A header button of the result `seq` was clicked: the host acts on that result only if it still shows it. */
  | { readonly type: 'action'; readonly action: ResultAction; readonly seq: number }
  /** Show Secrets / Hide Secrets of result `seq` was clicked: the host answers with a `secrets` message. */
  | { readonly type: 'reveal'; readonly reveal: boolean; readonly seq: number };

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
  return isObject(v) && isString(v.documentUri) && isString(v.title) && (v.historyId === undefined || isString(v.historyId)) && (v.key === undefined || isString(v.key));
}

function isFailureAction(v: unknown): v is FailureAction {
  return isString(v) && FAILURE_ACTIONS.includes(v);
}

export function isUiMessage(v: unknown): v is UiMessage {
  return isObject(v) && (v.type === 'ready' || v.type === 'cancel' || (v.type === 'failureAction' && isFailureAction(v.action)) || (v.type === 'action' && isResultAction(v.action) && isCount(v.seq)) || (v.type === 'reveal' && typeof v.reveal === 'boolean' && isCount(v.seq)));
}

function isResultAction(v: unknown): v is ResultAction {
  return v === 'saveBody' || v === 'saveResponse' || v === 'compare';
}

export function isPersistedState(v: unknown): v is PersistedState {
  return isObject(v) && isPanelIdentity(v.panel);
}

function isLabelledValues(v: unknown): v is LabelledValue[] {
  return isHeaderLines(v);
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
    (v.challenges === undefined || Array.isArray(v.challenges)) &&
    isBodyView(v.body) &&
    isObject(v.raw) &&
    isString(v.raw.sent) &&
    isString(v.raw.received) &&
    (v.raw.bodyNote === undefined || isString(v.raw.bodyNote)) &&
    Array.isArray(v.raw.changes) &&
    isObject(v.timing) &&
    Array.isArray(v.timing.phases) &&
    isObject(v.connection) &&
    isLabelledValues(v.connection.rows) &&
    (v.connection.tls === undefined || isLabelledValues(v.connection.tls)) &&
    Array.isArray(v.warnings) &&
    isSecretsState(v.secrets)
  );
}

function isSecretsState(v: unknown): v is SecretsState | undefined {
  return v === undefined || v === 'masked' || v === 'revealed';
}

function isFailureView(v: unknown): v is FailureView {
  return (
    isObject(v) &&
    isString(v.message) &&
    isString(v.code) &&
    isString(v.nextAction) &&
    isString(v.received) &&
    Array.isArray(v.actions) &&
    v.actions.every(isFailureAction) &&
    (v.redirects === undefined || (Array.isArray(v.redirects) && v.redirects.every(isFailureHopView))) &&
    isSecretsState(v.secrets)
  );
}

function isReceivingView(v: unknown): v is ReceivingView {
  return isObject(v) && isString(v.requestLine) && isString(v.statusLine) && isString(v.statusClass) && STATUS_CLASSES.includes(v.statusClass) && isHeaderLines(v.headers);
}

function isFailureHopView(v: unknown): v is FailureHopView {
  return isObject(v) && isString(v.requestLine) && isString(v.statusLine) && isString(v.statusClass) && STATUS_CLASSES.includes(v.statusClass) && isString(v.location);
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'idle':
      return isPanelIdentity(v.panel);
    case 'sending':
      return isPanelIdentity(v.panel) && (v.request === undefined || (isObject(v.request) && isString(v.request.requestLine) && Number.isFinite(v.request.startedAtMs)));
    case 'receiving':
      return isPanelIdentity(v.panel) && isReceivingView(v.view);
    case 'progress':
      return isString(v.received);
    case 'result':
      return isPanelIdentity(v.panel) && isCount(v.seq) && isResultView(v.view);
    case 'bodyPiece':
      return isCount(v.seq) && isCount(v.index) && isString(v.text);
    case 'bodyEnd':
      return isCount(v.seq);
    case 'secrets':
      return isCount(v.seq) && isResultView(v.view);
    case 'failure':
      return isPanelIdentity(v.panel) && isCount(v.seq) && isFailureView(v.view);
    default:
      return false;
  }
}
