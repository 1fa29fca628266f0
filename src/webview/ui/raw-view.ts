// The Raw tab: the bytes sent and received as text (UTF-8 where they are, else one character per
// byte: raw-text.ts), with the header lines the client added or changed marked in what was sent,
// and every change listed with its reason.
import type { ClientChangeView, RawView } from '../protocol';
import { h, visibleText } from './dom';
import { decodeRawText } from './raw-text';
import { markSentLines } from './sent-lines';

function sentBlock(sent: string, changes: readonly ClientChangeView[]): HTMLElement {
  const pre = h('pre', { className: 'raw' });
  for (const line of markSentLines(decodeRawText(sent), changes)) {
    if (line.change === undefined) pre.append(...visibleText(line.text));
    else pre.append(h('mark', { className: `client-${line.change.action}`, attrs: { title: line.change.reason } }, ...visibleText(line.text)));
  }
  return pre;
}

/** Bytes as the host posts them (latin1 text, RawView), shown as the Raw tab shows them. */
export function rawBlock(latin1: string): HTMLElement {
  return h('pre', { className: 'raw' }, ...visibleText(decodeRawText(latin1)));
}

function changeList(changes: readonly ClientChangeView[]): HTMLElement | undefined {
  if (changes.length === 0) return undefined;
  return h(
    'section',
    { className: 'client-changes' },
    h('h2', {}, 'Added or fixed by HTTP Wire'),
    h('ul', {}, ...changes.map((c) => h('li', {}, h('span', { className: `client-${c.action}` }, ...visibleText(`${c.action}: ${c.text}`)), ` — ${c.reason}`))),
  );
}

export function rawSection(raw: RawView): HTMLElement {
  return h(
    'div',
    {},
    raw.note === undefined ? undefined : h('p', { className: 'note' }, raw.note),
    changeList(raw.changes),
    h('h2', {}, 'Sent'),
    sentBlock(raw.sent, raw.changes),
    h('h2', {}, 'Received'),
    rawBlock(raw.received),
    raw.bodyNote === undefined ? undefined : h('p', { className: 'note' }, raw.bodyNote),
  );
}
