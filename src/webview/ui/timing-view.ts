// The Timing tab: the phases as a waterfall, then the connection and the peer's certificate.
import type { ConnectionView, LabelledValue, TimingPhase } from '../protocol';
import { h } from './dom';
import { barGeometry } from './waterfall-geometry';

/** `0.4 ms`, `34.2 ms`: the phases are short; one decimal reads best beside each other. */
function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/**
 * A row per phase: its name, a bar placed at its start in a track as wide as the whole send, and
 * its duration. The bar is sized through the CSSOM (`style.width`), which a strict CSP allows; a
 * `style` attribute in markup it would not.
 */
function waterfall(phases: readonly TimingPhase[], totalMs: number): HTMLElement {
  const rows = phases.map((p) => {
    const { leftPercent, widthPercent } = barGeometry(p, totalMs);
    const bar = h('div', { className: 'bar', attrs: { role: 'img', 'aria-label': `${p.name}: from ${ms(p.startMs)}, ${ms(p.ms)}` } });
    bar.style.marginLeft = `${leftPercent}%`;
    bar.style.width = `${widthPercent}%`;
    return h('tr', {}, h('th', { attrs: { scope: 'row' } }, p.name), h('td', { className: 'track' }, bar), h('td', { className: 'ms' }, ms(p.ms)));
  });
  rows.push(h('tr', { className: 'total' }, h('th', { attrs: { scope: 'row' } }, 'Total'), h('td', {}), h('td', { className: 'ms' }, ms(totalMs))));
  return h('table', { className: 'timing' }, h('caption', {}, 'Phases'), h('tbody', {}, ...rows));
}

function labelledTable(caption: string, rows: readonly LabelledValue[], className: string): HTMLElement {
  return h(
    'table',
    { className },
    h('caption', {}, caption),
    h('tbody', {}, ...rows.map(([label, value]) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, label), h('td', {}, value)))),
  );
}

export function timingSection(phases: readonly TimingPhase[], totalMs: number, connection: ConnectionView): HTMLElement {
  return h(
    'div',
    {},
    waterfall(phases, totalMs),
    labelledTable('Connection', connection.rows, 'connection'),
    connection.tls === undefined ? undefined : labelledTable('TLS and the peer certificate', connection.tls, 'certificate'),
  );
}
