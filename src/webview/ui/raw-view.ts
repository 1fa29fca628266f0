// The Raw tab: the bytes sent and received as latin1 text, with the header lines the client added
// or changed marked in what was sent, and every change listed with its reason.
import type { ClientChangeView, RawView } from '../protocol';
import { h } from './dom';
import { markSentLines } from './sent-lines';

function sentBlock(sent: string, changes: readonly ClientChangeView[]): HTMLElement {
  const pre = h('pre', { className: 'raw' });
  for (const line of markSentLines(sent, changes)) {
    if (line.change === undefined) pre.append(line.text);
    else pre.append(h('mark', { className: `client-${line.change.action}`, attrs: { title: line.change.reason } }, line.text));
  }
  return pre;
}

function changeList(changes: readonly ClientChangeView[]): HTMLElement | undefined {
  if (changes.length === 0) return undefined;
  return h(
    'section',
    { className: 'client-changes' },
    h('h3', {}, 'Added or fixed by HTTP Wire'),
    h('ul', {}, ...changes.map((c) => h('li', {}, h('span', { className: `client-${c.action}` }, `${c.action}: ${c.text}`), ` — ${c.reason}`))),
  );
}

export function rawSection(raw: RawView): HTMLElement {
  return h(
    'div',
    {},
    raw.note === undefined ? undefined : h('p', { className: 'note' }, raw.note),
    changeList(raw.changes),
    h('h3', {}, 'Sent'),
    sentBlock(raw.sent, raw.changes),
    h('h3', {}, 'Received'),
    h('pre', { className: 'raw' }, raw.received),
  );
}
