// Building the page: createElement and textContent only, never an HTML string (style guide §6), so no
// byte of a response can become markup.
import { bidiControl, splitBidiControls, type BidiControl } from './bidi-controls';

type Child = Node | string | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; attrs?: Record<string, string> } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className !== undefined) el.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const child of children) if (child !== undefined) el.append(child);
  return el;
}

/** A bidi control's visible placeholder (bidi-controls.ts): `⟨RLO⟩`, named in its title. */
export function bidiPlaceholder(control: BidiControl): HTMLElement {
  return h('span', { className: 'special-char', attrs: { title: control.description, 'aria-label': control.description } }, control.placeholder);
}

/** The placeholder of the character `code`, or null when it is no bidi control (CodeMirror's `render` hook). */
export function bidiPlaceholderOf(code: number): HTMLElement | null {
  const control = bidiControl(code);
  return control === undefined ? null : bidiPlaceholder(control);
}

/** `text` as children of an element, its bidi controls shown as placeholders rather than obeyed. */
export function visibleText(text: string): Array<Node | string> {
  return splitBidiControls(text).map((part) => (typeof part === 'string' ? part : bidiPlaceholder(part)));
}

/**
 * A section heading with a table of header lines, in order and case as received. `heading`: its
 * level, h2 for a section of a tab (the page's h1 is the status line), h4 under a redirect's h3.
 */
export function headerTable(caption: string, headers: readonly (readonly [string, string])[], heading: 'h2' | 'h4' = 'h2'): HTMLElement {
  const rows = headers.map(([name, value]) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, name), h('td', {}, ...visibleText(value))));
  return h('section', { className: 'headers' }, h(heading, {}, caption), headers.length === 0 ? h('p', { className: 'muted' }, 'None.') : h('table', {}, h('tbody', {}, ...rows)));
}
