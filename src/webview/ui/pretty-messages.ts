// The messages between the panel's page and its pretty-print worker (pretty-worker.ts), and the
// guard each side runs. DOM-free: both bundles and the unit tests import it.

/** The bodies the worker lays out. */
export type PrettySyntax = 'json' | 'xml';

/** Page → worker: the next piece of body `id` (in `syntax`), or its end. A new id starts a new body. */
export type ToPrettyWorker = { readonly id: number; readonly syntax: PrettySyntax; readonly piece: string } | { readonly id: number; readonly syntax: PrettySyntax; readonly end: true };

/** Worker → page: pretty text of body `id` in order, `done` after the last; `invalid` once it is not JSON (XML is never refused). */
export type FromPrettyWorker = { readonly id: number; readonly pretty: string } | { readonly id: number; readonly done: true } | { readonly id: number; readonly invalid: true };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isToPrettyWorker(v: unknown): v is ToPrettyWorker {
  return isRecord(v) && typeof v.id === 'number' && (v.syntax === 'json' || v.syntax === 'xml') && (typeof v.piece === 'string' || v.end === true);
}

export function isFromPrettyWorker(v: unknown): v is FromPrettyWorker {
  return isRecord(v) && typeof v.id === 'number' && (typeof v.pretty === 'string' || v.done === true || v.invalid === true);
}
