import { HttpWireError, type ErrorCode } from '../core/errors';
import { referencedRequestOf } from '../core/variables/variable-problem';

/**
 * Every sentence the editor shows a user, in one place: code lens titles, progress titles, and
 * what each error code means with the action that helps next. The developer message and the
 * cause of an error go to the log, not here.
 */

export const LensTitles = {
  sendRequest: 'Send Request',
  sendAllRequests: 'Send All Requests',
  /** While the request under it is in flight; clicking it cancels. */
  sending: 'Sending… (Cancel)',
} as const;

/** The buttons a message may offer; the caller decides what each does. */
export type UserAction = 'Retry' | 'Show Log';

export interface UserMessage {
  readonly text: string;
  readonly actions: readonly UserAction[];
}

interface ErrorText {
  readonly sentence: string;
  readonly action: UserAction;
}

/** Exhaustive over the codes: a code added to errors.ts fails the build until it has its sentence. */
const ERROR_TEXT: Record<ErrorCode, ErrorText> = {
  HW_PARSE: { sentence: 'the request has an error in the file; fix the line marked in the Problems view', action: 'Show Log' },
  HW_UNRESOLVED_VARIABLE: { sentence: 'a {{variable}} in the request has no value (a name to define with @name = value or in the environment, or a system variable written wrong): the panel names it', action: 'Show Log' },
  HW_VARIABLE_CYCLE: { sentence: 'variables of the request use each other in a cycle, so none has a value; the message names them', action: 'Show Log' },
  HW_INVALID_REQUEST: { sentence: 'the request would be malformed on the wire, so nothing was sent', action: 'Show Log' },
  HW_FILE: { sentence: 'a file the request includes, or the temporary file for its answer, could not be read or written', action: 'Show Log' },
  HW_DNS: { sentence: 'the host name could not be found; check the URL or your network', action: 'Retry' },
  HW_CONNECT_REFUSED: { sentence: 'the server refused the connection; check that it is running on that port', action: 'Retry' },
  HW_CONNECT_TIMEOUT: { sentence: 'the connection could not be opened in time', action: 'Retry' },
  HW_CONNECT: { sentence: 'the connection could not be opened', action: 'Retry' },
  HW_TLS: { sentence: 'the TLS handshake failed or the server\'s certificate is not trusted', action: 'Show Log' },
  HW_PROXY: { sentence: 'the proxy refused or broke the tunnel to the server', action: 'Retry' },
  HW_HEADERS_TIMEOUT: { sentence: 'the server did not send the response headers in time', action: 'Retry' },
  HW_BODY_TIMEOUT: { sentence: 'the response body stopped arriving', action: 'Retry' },
  HW_TOTAL_TIMEOUT: { sentence: 'the request took longer than its total time limit', action: 'Retry' },
  HW_CONNECTION_RESET: { sentence: 'the server reset the connection before the response was complete', action: 'Retry' },
  HW_INCOMPLETE: { sentence: 'the server closed the connection before the response was complete', action: 'Retry' },
  HW_PROTOCOL: { sentence: 'the server\'s response broke HTTP/1.1 framing', action: 'Show Log' },
  HW_RESPONSE_TOO_LARGE: { sentence: 'the response was larger than the limit for this request', action: 'Show Log' },
  HW_DECODE: { sentence: 'the response body could not be decoded; its raw bytes are kept', action: 'Show Log' },
  HW_TOO_MANY_REDIRECTS: { sentence: 'the server redirected more times than allowed', action: 'Show Log' },
  HW_REDIRECT_LOOP: { sentence: 'the server redirects in a loop', action: 'Show Log' },
  HW_ABORTED: { sentence: 'the request was cancelled', action: 'Retry' },
  HW_BODY_OUTPUT: { sentence: 'the response body could not be written where it was sent', action: 'Show Log' },
  HW_CURL_COMMAND: { sentence: 'the text is not a curl command HTTP Wire can read', action: 'Show Log' },
  HW_ENVIRONMENT: { sentence: 'an environment file or setting is not valid JSON of the expected shape; the message names the file and the place', action: 'Show Log' },
  HW_RESTRICTED: { sentence: 'the request needs something Restricted Mode refuses in an untrusted workspace ($processEnv, $dotenv or a file outside the workspace); trust the workspace to allow it', action: 'Show Log' },
  HW_REQUEST_CYCLE: { sentence: 'requests of the file use each other\'s values in a cycle, so none was sent; the message names them', action: 'Show Log' },
  HW_DEPENDENCY_FAILED: { sentence: 'a request it uses values of failed, so it was not sent; the message names that request', action: 'Show Log' },
};

/** `"home" failed: the server refused the connection; … (HW_CONNECT_REFUSED)`, with its next action. */
export function messageForError(label: string, err: HttpWireError): UserMessage {
  const reference = referencedRequestOf(err);
  if (reference !== undefined) return { text: `"${label}" failed: a value it reads from the answer of "${reference}" is not there; check the reference against that answer, or send "${reference}" again (${err.code}).`, actions: ['Show Log'] };
  const { sentence, action } = ERROR_TEXT[err.code];
  return { text: `"${label}" failed: ${sentence} (${err.code}).`, actions: [action] };
}

/**
 * A send path message without its closing "; nothing was sent." nor its full stop, for a sentence
 * that says it otherwise (a hover says what a send would do; Copy as cURL sends nothing anyway).
 */
function withoutSentNote(message: string): string {
  return message.replace(/;? nothing was sent\.$/, '').replace(/\.$/, '');
}

export const Messages = {
  /** A request is sent once at a time, Send All alone in its file: a second click must not send a POST twice by accident. */
  busyRequest: (label: string): string => `"${label}" is still being sent: wait for it or cancel it (Ctrl/Cmd+Alt+K) first.`,
  busyAll: (fileName: string): string => `Send All is still going through ${fileName}: wait for it or cancel it (Ctrl/Cmd+Alt+K) first.`,
  busyFile: (fileName: string): string => `Requests of ${fileName} are still being sent: wait for them or cancel them (Ctrl/Cmd+Alt+K) before Send All.`,
  noRequestAtCursor: 'There is no request at the cursor: put the cursor on a request\'s lines and send again.',
  noActiveHttpEditor: 'Open an .http file and put the cursor on a request to send it.',
  unsupportedScheme: (scheme: string): string => `Requests are sent only from files on disk and untitled files, not from a "${scheme}:" view.`,
  nothingToRerun: 'No request has been sent yet in this window: send one first.',
  requestGone: (label: string): string => `"${label}" is no longer in its file, or another request there now reads the same: send it again from its lens.`,
  nothingToCancel: 'No request is being sent.',
  cookiesCleared: (count: number): string => (count === 0 ? 'No cookies were kept.' : `Forgot ${count} cookie${count === 1 ? '' : 's'}: the next requests send none until a server sets them again.`),
  progressTitle: (label: string): string => `Sending "${label}"…`,
  /** Shown once per window, at the first send from an untrusted workspace (package.json `restrictedConfigurations`). */
  restrictedMode: "Restricted Mode: HTTP Wire ignores this workspace's proxy and TLS settings (httpWire.proxy, httpWire.proxyStrictSSL, httpWire.noProxy, httpWire.tls.verify, httpWire.tls.insecureHosts) and uses only your user settings, and requests may not read $processEnv, $dotenv or files outside the workspace, until you trust the workspace.",
  manageTrust: 'Manage Workspace Trust',
  /** The Pin Response Panel command with no response panel to pin. */
  noPanelToPin: 'There is no response panel to pin: send a request first.',
  /** A panel still waiting for its answer: pinning it would leave it waiting forever. */
  pinWhileSending: 'The response panel is still waiting for its answer: pin it once the answer is shown.',
  /** The Unpin Response Panel command with no pinned panel (none active, none pinned). */
  noPanelToUnpin: 'There is no pinned response panel to unpin.',
  /** Unpin Response Panel in a panel that is not pinned. */
  notPinned: 'This response panel is not pinned: it already shows the next answer of its file.',
  /** Unpinning would send the answer awaited by the panel that took the file's answers elsewhere. */
  unpinWhileSending: 'The panel that took the answers of this file is still waiting for one: unpin once it is shown.',
} as const;

/** Copy Request as cURL and Paste cURL as Request (curl-commands.ts). */
export const CurlTexts = {
  copied: (label: string): string => `Copied "${label}" as a curl command.`,
  /**
   * `maskedMessage`: the error's own message, secrets masked: it names the variable or header and
   * its line, which a Markdown block has no Problems view entry for.
   */
  copyFailed: (label: string, err: HttpWireError, maskedMessage: string): string => `"${label}" could not be copied as curl: ${withoutSentNote(maskedMessage)} (${err.code}).`,
  clipboardNotCurl: (reason: string): string => `The clipboard does not hold a curl command HTTP Wire can read: ${reason}`,
  pasted: (warnings: number): string => `Pasted the curl command as a request${warnings > 0 ? `; see the ${warnings === 1 ? 'comment' : `${warnings} comments`} above it for what it could not carry` : ''}.`,
  noEditor: 'Open an .http file and put the cursor where the request should go, then paste again.',
} as const;

/** The history of exchanges (exchange-history.ts). */
export const HistoryTexts = {
  empty: 'The history is empty: the answers of the requests you send appear here.',
  placeHolder: 'Reopen a past exchange in the response panel (newest first)',
  cleared: 'The history of exchanges was cleared.',
  clearFailed: 'The history could not be cleared: see the HTTP Wire log for the file that could not be removed.',
  reopenFailed: 'That exchange could not be read back from the history: see the HTTP Wire log.',
  panelTitle: (requestLine: string): string => `History: ${requestLine}`,
} as const;

/** Save Response, Save Response Body and Compare Responses (save-commands.ts). */
export const SaveTexts = {
  pickToSave: 'Save the response of which exchange? (newest first)',
  pickFirst: 'Compare which response? (newest first)',
  pickSecond: (label: string): string => `Compare "${label}" with which response?`,
  nothingToCompareWith: 'The history holds no other response to compare with: send another request first.',
  noResultInPanel: 'That response panel shows no response now: send the request again, or pick one from the history (HTTP Wire: Show History).',
  gone: 'That exchange is no longer in the history: it keeps the last 50.',
  notAFile: (uri: string): string => `Responses are saved only to files on disk, not to ${uri}.`,
  saveBodyLabel: 'Save Body',
  saveResponseLabel: 'Save Response',
  saved: (fileName: string): string => `Saved ${fileName}.`,
  savedAsReceived: (fileName: string, codings: string): string => `Saved ${fileName} as received: its ${codings} coding could not be undone.`,
  saveFailed: (fileName: string, reason: string): string => `The response could not be saved to ${fileName}: ${reason}.`,
  compareFailed: 'The responses could not be read for the comparison: see the HTTP Wire log.',
  comparisonGone: 'This comparison was closed: run HTTP Wire: Compare Responses again.\n',
  diffTitle: (left: string, right: string): string => `${left} ↔ ${right}`,
} as const;

/**
 * Why a save to `targetPath` failed, for SaveTexts.saveFailed: the file system's reason when the
 * file could not be written (saveToFile names it in `detail.path`), else the exchange itself
 * could not be read back (its history file is gone).
 */
export function saveFailureReason(err: unknown, targetPath: string): string {
  const detail = err instanceof HttpWireError ? (err.detail as { path?: unknown; sysCode?: unknown }) : {};
  if (detail.path !== targetPath) return 'the response could not be read back; see the HTTP Wire log';
  switch (detail.sysCode) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission to write there was denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'a folder has that name';
    default:
      return 'see the HTTP Wire log';
  }
}

/** The hover on a request line (hover-markdown.ts puts them together). */
export const HoverTexts = {
  sends: 'HTTP Wire sends',
  requestLine: 'Request line:',
  body: (bytes: number): string => `Body: ${bytes} ${bytes === 1 ? 'byte' : 'bytes'}.`,
  noChanges: 'The headers go as written: HTTP Wire adds nothing.',
  changesHeading: 'HTTP Wire adds or fixes:',
  added: 'adds',
  changed: 'sets',
  removed: 'removes',
  /** The request would be refused before a byte is written: the error's own message says why. */
  notSent: (message: string, code: string): string => `HTTP Wire would not send this request: ${withoutSentNote(message)} (${code})`,
} as const;

/** The titles of the quick fixes on the parser's diagnostics (quick-fix-edits.ts). */
export const QuickFixTitles = {
  setContentLength: (actual: number): string => `Set Content-Length to ${actual}`,
  removeContentLength: 'Remove Content-Length (HTTP Wire adds it)',
  moveHeaderUp: 'Move the header above the blank line',
  moveMetadataUp: 'Move it above the request line',
  changeKey: (meant: string): string => `Change to @${meant}`,
} as const;

/** The environment picker, its status-bar item and the import of REST Client's environments (environments.ts). */
export const EnvironmentTexts = {
  statusText: (name: string | undefined): string => `$(server-environment) ${name ?? 'No Environment'}`,
  statusTooltip: 'HTTP Wire environment: the variables {{name}} take from http-client.env.json and httpWire.environmentVariables. Click to choose another.',
  noEnvironment: 'No Environment',
  noEnvironmentDetail: 'Only the $shared variables apply',
  placeHolder: 'Choose the environment for HTTP Wire requests',
  fromPlaces: (places: string): string => `from ${places}`,
  noneFound: 'No environments were found: add http-client.env.json beside your .http files, or set httpWire.environmentVariables.',
  loadFailed: (message: string): string => `The environments could not be read: ${message}`,
  importOffer: 'HTTP Wire found REST Client environments (rest-client.environmentVariables). Import them into httpWire.environmentVariables?',
  importAction: 'Import',
  imported: 'Imported the REST Client environments into httpWire.environmentVariables.',
} as const;
