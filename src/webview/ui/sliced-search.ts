// Find next / previous in the body viewer, in slices (issue 11, item 4). CodeMirror's own
// findNext walks the document in one go: four fifths down a 50 MB JSON body it held the page for
// 5.6 s. These commands search the same query (CodeMirror's search panel and its highlighting stay)
// a stretch of lines at a time, giving the page back between slices of about 25 ms.
import { getSearchQuery, SearchQuery, setSearchQuery } from '@codemirror/search';
import { EditorSelection, Prec, type Extension, type Text } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { SLICE_MS, STRETCH_CHARS, stretchEnd } from './match-count';

/** The search under way per view: a newer one, or a closed view, stops it. */
const running = new WeakMap<EditorView, { isCancelled: boolean }>();

/**
 * The query as the panel's fields read now: the panel takes its query on change or keyup, so a
 * query typed or pasted and searched at once would otherwise be the one before.
 */
function queryOf(view: EditorView): SearchQuery {
  const panel = view.dom.querySelector('.cm-search');
  const field = (name: string) => panel?.querySelector<HTMLInputElement>(`[name=${name}]`) ?? null;
  const search = field('search');
  if (search === null) return getSearchQuery(view.state);
  const query = new SearchQuery({ search: search.value, caseSensitive: field('case')?.checked ?? false, regexp: field('re')?.checked ?? false, wholeWord: field('word')?.checked ?? false });
  if (!query.eq(getSearchQuery(view.state))) view.dispatch({ effects: setSearchQuery.of(query) });
  return query;
}

/** The first match in [from, to), or the last one when `isLast`. */
function matchIn(query: SearchQuery, doc: Text, from: number, to: number, isLast: boolean): { from: number; to: number } | undefined {
  const cursor = query.getCursor(doc, from, to);
  let found: { from: number; to: number } | undefined;
  for (let m = cursor.next(); !m.done; m = cursor.next()) {
    found = m.value;
    if (!isLast) break;
  }
  return found;
}

/**
 * Starts a search for the next (or previous) match from the selection, wrapping around once;
 * selects and scrolls to it when found. Stretches end at line ends (stretchEnd).
 */
function searchInSlices(view: EditorView, isBackwards: boolean): boolean {
  const query = queryOf(view);
  if (!query.valid) return false;
  const previous = running.get(view);
  if (previous !== undefined) previous.isCancelled = true;
  const run = { isCancelled: false };
  running.set(view, run);
  const selection = view.state.selection.main;
  let at = isBackwards ? selection.from : selection.to;
  let searched = 0;
  const step = (): void => {
    if (run.isCancelled || !view.dom.isConnected) return;
    const doc = view.state.doc;
    const started = performance.now();
    while (performance.now() - started < SLICE_MS) {
      if (searched > doc.length) {
        running.delete(view);
        return;
      }
      const from = isBackwards ? (at === 0 ? doc.line(doc.lines).from : doc.lineAt(Math.max(0, at - STRETCH_CHARS)).from) : at;
      const to = isBackwards ? (at === 0 ? doc.length : at) : stretchEnd(doc, at);
      const match = matchIn(query, doc, from, to, isBackwards);
      if (match !== undefined) {
        running.delete(view);
        view.dispatch({ selection: EditorSelection.single(match.from, match.to), effects: EditorView.scrollIntoView(match.from, { y: 'center' }), userEvent: 'select.search' });
        return;
      }
      searched += Math.max(1, to - from);
      at = isBackwards ? from : to >= doc.length ? 0 : to;
    }
    setTimeout(step, 0);
  };
  step();
  return true;
}

const findNextInSlices = (view: EditorView): boolean => searchInSlices(view, false);
const findPreviousInSlices = (view: EditorView): boolean => searchInSlices(view, true);

/** Enter and Shift+Enter in the search panel, Mod-g and F3 (with Shift: previous): sliced. */
export function slicedSearch(): Extension {
  return Prec.highest(
    keymap.of([
      { key: 'Enter', run: findNextInSlices, shift: findPreviousInSlices, scope: 'search-panel' },
      { key: 'Mod-g', run: findNextInSlices, shift: findPreviousInSlices, scope: 'editor search-panel', preventDefault: true },
      { key: 'F3', run: findNextInSlices, shift: findPreviousInSlices, scope: 'editor search-panel', preventDefault: true },
    ]),
  );
}

/**
 * Routes clicks on the search panel's next / previous buttons to the sliced search: they call
 * CodeMirror's findNext from their own handlers, so the click is taken on its way down.
 */
export function takeSearchButtons(view: EditorView): void {
  view.dom.addEventListener(
    'click',
    (event) => {
      const name = (event.target as Element | null)?.closest?.('.cm-search button')?.getAttribute('name');
      if (name !== 'next' && name !== 'prev') return;
      event.stopPropagation();
      event.preventDefault();
      searchInSlices(view, name === 'prev');
    },
    true,
  );
}
