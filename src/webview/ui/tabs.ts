// A tab strip per the WAI-ARIA tabs pattern: buttons with role="tab", arrow keys move between
// them, Home/End jump; each tab controls one tabpanel.
import { h } from './dom';

export interface Tab {
  readonly id: string;
  readonly label: string;
  readonly content: HTMLElement;
}

export function tabView(tabs: readonly Tab[], selected: string, onSelect: (id: string) => void): HTMLElement {
  const list = h('div', { className: 'tablist', attrs: { role: 'tablist', 'aria-label': 'Response views' } });
  const buttons: HTMLButtonElement[] = [];
  const panels: HTMLElement[] = [];
  const select = (index: number, focus: boolean) => {
    tabs.forEach((_, i) => {
      const isOn = i === index;
      buttons[i]!.setAttribute('aria-selected', String(isOn));
      buttons[i]!.tabIndex = isOn ? 0 : -1;
      panels[i]!.hidden = !isOn;
    });
    if (focus) buttons[index]!.focus();
    onSelect(tabs[index]!.id);
  };
  tabs.forEach((tab, i) => {
    const button = h('button', { className: 'tab', attrs: { role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `panel-${tab.id}`, type: 'button' } }, tab.label);
    button.addEventListener('click', () => select(i, false));
    button.addEventListener('keydown', (e) => {
      const to = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
      if (to === -1) return;
      e.preventDefault();
      select(to, true);
    });
    buttons.push(button);
    list.append(button);
    panels.push(h('div', { className: 'tabpanel', attrs: { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, tabindex: '0' } }, tab.content));
  });
  const start = Math.max(0, tabs.findIndex((t) => t.id === selected));
  const view = h('div', { className: 'tabs' }, list, ...panels);
  select(start, false);
  return view;
}
