// What the failure view says, from its model alone: how it is shown, what it says about the bytes,
// and its next action's `code` spans. DOM-free, so it is tested in plain Node.
import type { FailureView } from '../protocol';

/**
 * Codes of a failure that stopped the request before a byte of it was written: the file, a
 * variable, a request it uses, or the request itself was refused first. The codes are errors.ts's
 * (the UI may import only the protocol); failure-view.ts reads the same set for its Retry button.
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'HW_PARSE',
  'HW_UNRESOLVED_VARIABLE',
  'HW_VARIABLE_CYCLE',
  'HW_INVALID_REQUEST',
  'HW_ENVIRONMENT',
  'HW_RESTRICTED',
  'HW_REQUEST_CYCLE',
  'HW_DEPENDENCY_FAILED',
]);

/**
 * Codes of a connection that could not be opened, so the request was not written either. Not
 * HW_CONNECT: it also stands for an unexpected error at any point of a send (asWireError).
 */
const NO_CONNECTION_CODES: ReadonlySet<string> = new Set(['HW_DNS', 'HW_CONNECT_REFUSED', 'HW_CONNECT_TIMEOUT', 'HW_PROXY', 'HW_TLS']);

/** HW_ABORTED: the user cancelled the send (Cancel, the lens, the command). */
const CANCELLED_CODE = 'HW_ABORTED';

/** How the failure is shown: an `error` is announced and marked as one; a cancel the user asked for is a neutral `note`. */
export type FailureTone = 'error' | 'note';

export function failureToneOf(view: FailureView): FailureTone {
  return view.code === CANCELLED_CODE ? 'note' : 'error';
}

/** The Received part of a failure view: the bytes with their note, a sentence, or nothing. */
export type FailureReceived = { readonly kind: 'bytes'; readonly note: string } | { readonly kind: 'nothing'; readonly note: string } | { readonly kind: 'redirects' };

/**
 * `bytes` when some of the failing exchange arrived; `redirects` when redirects were answered
 * first (a loop, a chain too long): their answers are listed instead, and "No bytes arrived"
 * would be false. Else `nothing`, saying why: the request never left, no connection was made, it
 * was cancelled, or the server sent nothing.
 */
export function receivedOfFailure(view: FailureView): FailureReceived {
  if (view.receivedNote !== undefined) return { kind: 'bytes', note: view.receivedNote };
  if ((view.redirects?.length ?? 0) > 0) return { kind: 'redirects' };
  if (NOT_SENT_CODES.has(view.code)) return { kind: 'nothing', note: 'Nothing was sent: the request stopped before it left.' };
  if (NO_CONNECTION_CODES.has(view.code)) return { kind: 'nothing', note: 'Nothing was sent: no connection was made.' };
  if (view.code === CANCELLED_CODE) return { kind: 'nothing', note: 'Nothing had arrived when the request was cancelled.' };
  return { kind: 'nothing', note: 'No bytes arrived.' };
}

/** A piece of a sentence: plain text, or code (a `# @timeout MS` in backticks). */
export interface TextPart {
  readonly text: string;
  readonly isCode: boolean;
}

/**
 * `text` cut at its backtick pairs, as Markdown writes inline code: the next actions
 * (failure-view.ts) name what to type that way. A backtick without its pair stays as it is.
 */
export function inlineCodeParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), isCode: false });
    parts.push({ text: m[1]!, isCode: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), isCode: false });
  return parts;
}
