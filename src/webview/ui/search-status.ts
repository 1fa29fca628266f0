// The match count beside the search field of the body's search panel: "3 of 120", "No results"
// (CodeMirror's panel says neither). Counted in slices (match-count.ts) while the panel is open,
// again when the query or the text changes; a new selection only looks its number up.
import { getSearchQuery, searchPanelOpen } from '@codemirror/search';
import type { Extension } from '@codemirror/state';
import { ViewPlugin, type EditorView, type ViewUpdate } from '@codemirror/view';
import { h } from './dom';
import { MatchCount, matchCountText, SLICE_MS } from './match-count';

/** Waits this long after the last change before counting: typing, or a body still streaming in. */
const SETTLE_MS = 50;

class SearchStatus {
  /** Polite: a screen reader hears the count after the search, as the Find widget of VS Code says it. */
  private readonly element = h('span', { className: 'cm-search-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private count: MatchCount | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly view: EditorView) {}

  update(update: ViewUpdate): void {
    if (!searchPanelOpen(update.state)) {
      this.stop();
      return;
    }
    const isNewQuery = !searchPanelOpen(update.startState) || !getSearchQuery(update.state).eq(getSearchQuery(update.startState));
    if (isNewQuery || update.docChanged) this.recount();
    else if (update.selectionSet) this.requestShow();
  }

  destroy(): void {
    this.stop();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.count = undefined;
    this.element.textContent = '';
  }

  /** Counts anew after SETTLE_MS, then a slice at a time, showing the count so far after each. */
  private recount(): void {
    clearTimeout(this.timer);
    const query = getSearchQuery(this.view.state);
    const count = new MatchCount(query, this.view.state.doc);
    this.count = count;
    this.requestShow();
    if (!query.valid || query.search === '') return;
    const step = (): void => {
      if (this.count !== count || !this.view.dom.isConnected) return;
      const started = performance.now();
      const isDone = count.step(() => performance.now() - started >= SLICE_MS);
      this.show();
      this.timer = isDone ? undefined : setTimeout(step, 0);
    };
    this.timer = setTimeout(step, SETTLE_MS);
  }

  /** The panel's DOM is drawn in the same update: the status is put in after it. */
  private requestShow(): void {
    this.view.requestMeasure({ key: this, read: () => undefined, write: () => this.show() });
  }

  private show(): void {
    const count = this.count;
    if (count === undefined) return;
    if (!this.element.isConnected) this.view.dom.querySelector('.cm-search [name=search]')?.after(this.element);
    const query = getSearchQuery(this.view.state);
    const { from, to } = this.view.state.selection.main;
    this.element.textContent = matchCountText(query, count, count.numberOf(from, to));
  }
}

/** The search panel's match count (see SearchStatus). */
export function searchStatus(): Extension {
  return ViewPlugin.fromClass(SearchStatus);
}
