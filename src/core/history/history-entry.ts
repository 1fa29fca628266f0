import type { RawHeader, ResponseHead } from '../response/model';
import type { SecretMasker } from '../secret-masker';
import { sentUrlOf } from '../wire/send-outcome';
import type { ConnectionInfo, SendResult, Timings } from '../wire/send-result';

/** A redirect of a kept exchange, its URLs masked. */
export interface HistoryHop {
  readonly method: string;
  readonly url: string;
  readonly response: ResponseHead;
  readonly location: string;
}

/**
 * What the history keeps of one exchange (one small JSON file per entry, see history-store.ts).
 * Every URL, header and the sent bytes are masked by the SecretMasker before they are kept:
 * nothing the panel would mask reaches the disk.
 */
export interface HistoryRecord {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly RawHeader[];
    /** The request bytes as written (the capture's sent side, at most its limit), base64. */
    readonly sentBase64: string;
    readonly sentBytes: number;
  };
  readonly response: ResponseHead;
  readonly informational: readonly ResponseHead[];
  readonly trailers: readonly RawHeader[];
  readonly redirects: readonly HistoryHop[];
  readonly url: string;
  readonly timings: Timings;
  readonly connection: ConnectionInfo;
  readonly warnings: readonly string[];
  /**
   * Which request of which file it answered: its name (or request line as written) and the file's
   * name. Absent in entries kept before it was recorded.
   */
  readonly source?: HistorySource;
}

export interface HistorySource {
  readonly label: string;
  readonly fileName: string;
}

/** How a kept body is stored: inline (base64) up to the store's limit, else in a file beside the entry. */
export type HistoryBody = { readonly kind: 'inline'; readonly base64: string } | { readonly kind: 'file'; readonly fileName: string; readonly bytes: number };

export interface HistoryEntry {
  /** Sorts by time: the newest entry has the greatest id. */
  readonly id: string;
  /** When it was kept, ms since the epoch. */
  readonly savedAtMs: number;
  readonly record: HistoryRecord;
  readonly body: HistoryBody;
}

/**
 * The record of `result`, masked: registers the credentials of every URL of the send with
 * `masker` first (as the panel does), so a Basic token made from them is masked in the headers
 * and the sent bytes too.
 */
export function historyRecordOf(result: SendResult, masker: SecretMasker, source?: HistorySource): HistoryRecord {
  masker.addUrlCredentials(result.request.url);
  for (const hop of result.redirects) masker.addUrlCredentials(hop.request.url);
  const sent = masker.maskBytes(result.capture.sent);
  return {
    request: {
      method: result.request.method,
      url: masker.maskText(sentUrlOf(result.request)),
      httpVersion: result.request.httpVersion,
      headers: masker.maskHeaders(result.request.headers),
      sentBase64: sent.toString('base64'),
      sentBytes: result.capture.sentBytes,
    },
    response: maskHead(result.response, masker),
    informational: result.informational.map((h) => maskHead(h, masker)),
    trailers: masker.maskHeaders(result.trailers),
    redirects: result.redirects.map((hop) => ({
      method: hop.request.method,
      url: masker.maskText(sentUrlOf(hop.request)),
      response: maskHead(hop.response, masker),
      location: masker.maskText(hop.location),
    })),
    url: masker.maskText(result.url),
    timings: result.timings,
    connection: { ...result.connection, proxy: result.connection.proxy === undefined ? undefined : masker.maskText(result.connection.proxy) },
    warnings: result.warnings.map((w) => masker.maskText(w)),
    // A label is the request line when the request has no name: its URL may hold a password.
    ...(source !== undefined ? { source: { label: masker.maskText(source.label), fileName: source.fileName } } : {}),
  };
}

function maskHead(head: ResponseHead, masker: SecretMasker): ResponseHead {
  return { httpVersion: head.httpVersion, status: head.status, reason: head.reason, headers: masker.maskHeaders(head.headers) };
}

/** Does `value` look like an entry this version wrote? Anything else is skipped, never trusted. */
export function isHistoryEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<HistoryEntry>;
  const body = e.body as Partial<{ kind: string; base64: unknown; fileName: unknown; bytes: unknown }> | undefined;
  const isBody = body !== undefined && body !== null && ((body.kind === 'inline' && typeof body.base64 === 'string') || (body.kind === 'file' && typeof body.fileName === 'string' && typeof body.bytes === 'number'));
  const r = e.record;
  return typeof e.id === 'string' && typeof e.savedAtMs === 'number' && isBody && typeof r === 'object' && r !== null
    && typeof r.request?.method === 'string' && typeof r.request.url === 'string' && Array.isArray(r.request.headers) && typeof r.request.sentBase64 === 'string'
    && typeof r.response?.status === 'number' && Array.isArray(r.response.headers) && typeof r.timings?.totalMs === 'number' && typeof r.connection?.id === 'number';
}
