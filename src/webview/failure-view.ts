// Host side, no DOM and no `vscode`: a failed send (HttpWireError) becomes the panel's failure view:
// the message in one sentence, its stable code, what to do next, and whatever bytes did arrive.
import { ErrorCodes, type ErrorCode, type HttpWireError } from '../core/errors';
import type { SecretMasker } from '../core/secret-masker';
import { statusLineOf } from '../core/response/model';
import type { PartialExchange } from '../core/wire/exchange-types';
import type { RedirectHop } from '../core/wire/send-result';
import type { FailureAction, FailureHopView, FailureView } from './protocol';
import { maskedRequestLine, RAW_LIMIT_BYTES, statusClassOf } from './response-view';
import { NOT_SENT_CODES } from './ui/failure-text';
import { referencedRequestOf } from '../core/variables/variable-problem';
import { formatByteSize as formatBytes } from '../core/response/exchange-summary';

/** One next action per code: codes are the contract (errors.ts), messages are not. */
const NEXT_ACTION: Record<ErrorCode, string> = {
  [ErrorCodes.parse]: 'Fix the request the diagnostics point at, then send it again.',
  [ErrorCodes.unresolvedVariable]: 'Define the variable (a file variable `@name = value`) or fix its name, then send again.',
  [ErrorCodes.variableCycle]: 'Change one of the variables named so that they no longer use each other, then send again.',
  [ErrorCodes.invalidRequest]: 'Fix the request line or header named in the message; nothing was sent.',
  [ErrorCodes.file]: 'Check that the file exists and is readable, and that the disk has room.',
  [ErrorCodes.dns]: 'Check the host name in the URL, or your network and DNS settings.',
  [ErrorCodes.connectRefused]: 'Check that the server is running and listening on that port.',
  [ErrorCodes.connectTimeout]: 'Check that the host is reachable (firewall, VPN, proxy), then retry.',
  [ErrorCodes.connect]: 'Check your network connection and the proxy settings, then retry.',
  [ErrorCodes.tls]: "Check the server's certificate; for a test server only, turn verification off for this request with `# @no-reject-unauthorized`.",
  [ErrorCodes.proxy]: 'Check the proxy address and its credentials in the settings.',
  // Right whether or not the request has a `# @timeout` already: a larger one, or the setting.
  [ErrorCodes.headersTimeout]: 'The server did not answer in time: retry, or allow more time with a larger `# @timeout MS` on the request (or the `httpWire.timeouts.responseMs` setting).',
  [ErrorCodes.bodyTimeout]: 'The body stalled: retry, or allow more time with a larger `# @timeout MS` on the request (or the `httpWire.timeouts.responseMs` setting).',
  [ErrorCodes.totalTimeout]: 'Retry, or raise the total timeout for slow responses.',
  [ErrorCodes.connectionReset]: 'The server reset the connection: retry, and check its logs.',
  [ErrorCodes.incomplete]: 'The server closed the connection early: retry, and check its logs.',
  [ErrorCodes.protocol]: 'The server broke HTTP/1.1 framing: see the bytes received below, and fix the server.',
  [ErrorCodes.responseTooLarge]: 'Raise the body limit (`# @max-body`) if you expect a response this large.',
  [ErrorCodes.decode]: 'Send the request without Accept-Encoding to get the body unencoded.',
  [ErrorCodes.tooManyRedirects]: 'Check the Location of each redirect below; if the chain is meant to be this long, raise `httpWire.redirects.max`, or add `# @no-redirect` to see the first answer itself.',
  [ErrorCodes.redirectLoop]: 'The server redirects in a loop: the Location of each redirect below leads back to a URL already requested. Fix them on the server, or add `# @no-redirect` to see the first answer itself.',
  [ErrorCodes.aborted]: 'The request was cancelled: send it again when ready.',
  [ErrorCodes.bodyOutput]: 'Check where the body was being written (disk space, permissions).',
  [ErrorCodes.curlCommand]: 'Copy the whole curl command (from "curl" to its last option) and paste it again.',
  [ErrorCodes.environment]: 'Fix the environment file or setting at the place the message names, then send again.',
  [ErrorCodes.restricted]: 'Trust the workspace (Manage Workspace Trust) to allow it, or take the value from a file variable or the environment instead.',
  [ErrorCodes.requestCycle]: 'Change one of the requests named so that they no longer use each other\'s values, then send again.',
  [ErrorCodes.dependencyFailed]: 'Fix the request named in the message (its own answer is in the history), then send again.',
};

function nextActionFor(err: HttpWireError): string {
  const reference = referencedRequestOf(err);
  if (reference !== undefined) return `Check the reference against the answer "${reference}" got (Show History, Ctrl/Cmd+Alt+H, opens it), or send "${reference}" again, then send this request.`;
  return NEXT_ACTION[err.code] ?? 'Retry the request.';
}

/** Codes a setting can cure: a proxy, a timeout, the body limit. */
const SETTINGS_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCodes.proxy, ErrorCodes.connectTimeout, ErrorCodes.headersTimeout, ErrorCodes.bodyTimeout, ErrorCodes.totalTimeout, ErrorCodes.responseTooLarge, ErrorCodes.tooManyRedirects]);
/**
 * Whether sending again can help before the file changes: not when the request never left
 * (NOT_SENT_CODES, which the failure view also reads to say so), unless what stopped it is a
 * request it uses, which may answer the next time.
 */
function isRetryable(code: ErrorCode): boolean {
  return !NOT_SENT_CODES.has(code) || code === ErrorCodes.dependencyFailed;
}

/** The buttons under a failure: retry unless the request itself is wrong, then what cures this code. */
export function failureActionsFor(code: ErrorCode): FailureAction[] {
  const actions: FailureAction[] = [];
  if (isRetryable(code)) actions.push('retry');
  if (code === ErrorCodes.tls) actions.push('skipVerification');
  if (SETTINGS_CODES.has(code)) actions.push('openSettings');
  actions.push('showLog');
  return actions;
}

/**
 * The view of a failed send. `err.detail.redirects` (set by HttpClient on every rejection) holds
 * the redirects answered before it: a loop or a too long chain failed on answers, not on silence.
 * Their URLs' credentials are registered with `masker` first, as for a result (resultView).
 * `secrets` says whether anything was masked (Show Secrets), or, with `isRevealed` (a revealing
 * masker), that this is the view with them shown.
 */
export function failureView(err: HttpWireError, masker: SecretMasker, isRevealed = false): FailureView {
  const maskedBefore = masker.maskCount;
  const hops = (err.detail as { redirects?: readonly RedirectHop[] }).redirects ?? [];
  for (const hop of hops) masker.addUrlCredentials(hop.request.url);
  const partial = (err.detail as { partial?: PartialExchange }).partial;
  const shown = partial?.capture.received.subarray(0, RAW_LIMIT_BYTES) ?? Buffer.alloc(0);
  const received = masker.maskBytes(shown);
  const total = partial?.capture.receivedBytes ?? 0;
  const message = masker.maskText(err.message);
  const redirects = hops.map((hop) => failureHopView(hop, masker));
  const secrets = isRevealed ? 'revealed' : masker.maskCount > maskedBefore ? 'masked' : undefined;
  return {
    message,
    code: err.code,
    nextAction: nextActionFor(err),
    received: received.toString('latin1'),
    // A proxy's certificate is not the request's to skip (see dial-route's asProxyTlsError).
    actions: failureActionsFor(err.code).filter((a) => a !== 'skipVerification' || err.detail.isProxy !== true),
    receivedNote: total === 0 ? undefined : shown.length < total ? `${formatBytes(total)} arrived before the failure; the first ${formatBytes(shown.length)} are shown.` : `${formatBytes(total)} arrived before the failure.`,
    redirects,
    ...(secrets !== undefined ? { secrets } : {}),
  };
}

function failureHopView(hop: RedirectHop, masker: SecretMasker): FailureHopView {
  return {
    requestLine: maskedRequestLine(hop.request, masker),
    statusLine: statusLineOf(hop.response),
    statusClass: statusClassOf(hop.response.status),
    location: masker.maskText(hop.location),
  };
}
