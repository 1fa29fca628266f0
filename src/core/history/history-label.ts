import { formatDuration } from '../response/exchange-summary';
import type { HistoryEntry } from './history-entry';

/** `200 OK · GET http://… · 34 ms`: how the history list names an entry (the time comes apart). */
export function historyLabelOf(entry: HistoryEntry): string {
  const { record } = entry;
  const status = record.response.reason === '' ? String(record.response.status) : `${record.response.status} ${record.response.reason}`;
  return [status, `${record.request.method} ${record.request.url}`, formatDuration(record.timings.totalMs)].join(' · ');
}

/** `login — api.http`: the request an entry answered and its file, when the entry says (see HistoryRecord.source). */
export function historySourceOf(entry: HistoryEntry): string | undefined {
  const source = entry.record.source;
  return source === undefined ? undefined : `${source.label} — ${source.fileName}`;
}
