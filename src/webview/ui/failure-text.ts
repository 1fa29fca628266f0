// What the failure view says about the bytes received, from its model alone. DOM-free, so it is
// tested in plain Node.
import type { FailureView } from '../protocol';

/** The Received part of a failure view: the bytes with their note, a sentence, or nothing. */
export type FailureReceived = { readonly kind: 'bytes'; readonly note: string } | { readonly kind: 'nothing'; readonly note: string } | { readonly kind: 'redirects' };

/**
 * `bytes` when some of the failing exchange arrived; else `nothing` ("No bytes arrived."), unless
 * redirects were answered first (a loop, a chain too long): their answers are listed instead, and
 * "No bytes arrived" would be false.
 */
export function receivedOfFailure(view: FailureView): FailureReceived {
  if (view.receivedNote !== undefined) return { kind: 'bytes', note: view.receivedNote };
  if ((view.redirects?.length ?? 0) > 0) return { kind: 'redirects' };
  return { kind: 'nothing', note: 'No bytes arrived.' };
}
