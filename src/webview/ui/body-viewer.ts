// The body's text in a read-only CodeMirror 6 view (issue 11, items 3 and 4): it lays out only the
// lines in sight (a 50 MB body scrolls), folds and highlights JSON and XML by their syntax trees,
// searches with its own panel (Ctrl/Cmd+F in the body; find next in slices, sliced-search.ts), and keeps every character real text in
// the DOM, keyboard navigable. Colours come from the VS Code theme's CSS variables.
import { defaultKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { foldGutter, foldKeymap, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { BodySyntax } from '../protocol';
import { BIDI_CONTROL } from './bidi-controls';
import { bidiPlaceholderOf, h } from './dom';
import type { TextSink } from './body-feed';
import { previewToggle } from './html-preview';
import { searchStatus } from './search-status';
import { slicedSearch, takeSearchButtons } from './sliced-search';

/**
 * Token colours: the debug views' value colours, which every VS Code theme (and high contrast)
 * sets as text colours (4.5:1 and more on the editor's background). Tags take the booleans' blue
 * (XML has none): the class icon colour they had is 3:1 on a light theme's white.
 */
const themeHighlight = HighlightStyle.define([
  { tag: t.propertyName, color: 'var(--vscode-debugTokenExpression-name)' },
  { tag: [t.string, t.attributeValue], color: 'var(--vscode-debugTokenExpression-string)' },
  { tag: t.number, color: 'var(--vscode-debugTokenExpression-number)' },
  { tag: [t.bool, t.null], color: 'var(--vscode-debugTokenExpression-boolean)' },
  { tag: [t.tagName, t.angleBracket], color: 'var(--vscode-debugTokenExpression-boolean)' },
  { tag: t.attributeName, color: 'var(--vscode-debugTokenExpression-name)' },
  { tag: [t.comment, t.processingInstruction, t.documentMeta], color: 'var(--vscode-descriptionForeground)' },
  { tag: t.invalid, color: 'var(--vscode-debugTokenExpression-error)' },
]);

const themeColours = EditorView.theme({
  '&': {
    color: 'var(--vscode-editor-foreground)',
    backgroundColor: 'var(--vscode-editor-background)',
    fontSize: 'var(--vscode-editor-font-size)',
    maxHeight: '80vh',
    border: '1px solid var(--vscode-panel-border, transparent)',
  },
  '.cm-scroller': { fontFamily: 'var(--vscode-editor-font-family)', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--vscode-editorCursor-foreground)' },
  '&.cm-focused': { outline: '1px solid var(--vscode-focusBorder)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--vscode-editor-selectionBackground)' },
  '.cm-gutters': { backgroundColor: 'var(--vscode-editorGutter-background, var(--vscode-editor-background))', color: 'var(--vscode-editorLineNumber-foreground)', border: 'none' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--vscode-editor-foldBackground, transparent)', color: 'var(--vscode-descriptionForeground)', border: '1px solid var(--vscode-panel-border, currentColor)' },
  '.cm-searchMatch': { backgroundColor: 'var(--vscode-editor-findMatchHighlightBackground)', outline: '1px solid var(--vscode-editor-findMatchHighlightBorder, transparent)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--vscode-editor-findMatchBackground)' },
  '.cm-panels': { backgroundColor: 'var(--vscode-editorWidget-background)', color: 'var(--vscode-editorWidget-foreground)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border))' },
  // The search panel's field and buttons are styled with the panel's own (panel.css); the
  // gradient CodeMirror paints its buttons with would stay under their background.
  '.cm-button': { backgroundImage: 'none' },
  // Drawn boxed in the warning colour by panel.css; CodeMirror's red text is 4:1 on white.
  '.cm-specialChar': { color: 'inherit' },
});

/**
 * The search panel's labels, as VS Code's Find widget names them: CodeMirror's are lower case
 * ("next", "by word") and its buttons small.
 */
const searchPhrases = EditorState.phrases.of({
  next: 'Next',
  previous: 'Previous',
  all: 'Select All',
  'match case': 'Match Case',
  regexp: 'Regular Expression',
  'by word': 'Whole Word',
  close: 'Close',
});

/**
 * Control characters, zero-width ones and bidi controls drawn as placeholders, never obeyed: a body
 * holding `role=\u202Enimda` must not read "role=admin" (bidi-controls.ts). CodeMirror's default
 * set lacks some bidi controls; those get the same `⟨RLO⟩` placeholder as the Raw tab.
 */
const specialChars = highlightSpecialChars({
  addSpecialChars: BIDI_CONTROL,
  render: (code, description, placeholder) => {
    const bidi = bidiPlaceholderOf(code);
    // CodeMirror's class for the placeholders it draws, on ours too; the others drawn as it does.
    bidi?.classList.add('cm-specialChar');
    return bidi ?? h('span', { className: 'cm-specialChar', attrs: { title: description ?? '', 'aria-label': description ?? '' } }, placeholder);
  },
});

function languageOf(syntax: BodySyntax): Extension {
  switch (syntax) {
    case 'json':
      return json();
    // HTML is shown as its source: the XML grammar highlights its tags and folds its elements.
    case 'xml':
    case 'html':
      return xml();
    case 'plain':
      return [];
  }
}

export interface BodyViewer extends TextSink {
  /** The toolbar, the note line and the editor. */
  readonly element: HTMLElement;
}

/**
 * A read-only viewer for text that arrives in pieces. `nonce` is the page's CSP nonce: CodeMirror
 * injects its style elements with it (`EditorView.cspNonce`), so style-src needs no 'unsafe-inline'.
 */
export function createBodyViewer(syntax: BodySyntax, nonce: string): BodyViewer {
  const wrap = new Compartment();
  const view = new EditorView({
    state: EditorState.create({
      doc: '',
      extensions: [
        EditorState.readOnly.of(true),
        EditorView.cspNonce.of(nonce),
        // Through CodeMirror: it rewrites its element's class list on updates (focus, theme).
        EditorView.editorAttributes.of({ class: 'body-text' }),
        EditorView.contentAttributes.of({ 'aria-label': 'Response body', 'aria-readonly': 'true' }),
        lineNumbers(),
        specialChars,
        foldGutter(),
        languageOf(syntax),
        syntaxHighlighting(themeHighlight),
        slicedSearch(),
        search({ top: true }),
        searchPhrases,
        searchStatus(),
        keymap.of([...searchKeymap, ...foldKeymap, ...defaultKeymap]),
        wrap.of([]),
        themeColours,
      ],
    }),
  });
  takeSearchButtons(view);
  keepHandledKeys(view);
  const note = h('p', { className: 'note', attrs: { hidden: '' } });
  const wrapButton = h('button', { className: 'tool', attrs: { type: 'button', 'aria-pressed': 'false' } }, 'Wrap lines');
  wrapButton.addEventListener('click', () => {
    const isOn = wrapButton.getAttribute('aria-pressed') !== 'true';
    wrapButton.setAttribute('aria-pressed', String(isOn));
    view.dispatch({ effects: wrap.reconfigure(isOn ? EditorView.lineWrapping : []) });
  });
  const findButton = h('button', { className: 'tool', attrs: { type: 'button' } }, 'Find');
  findButton.addEventListener('click', () => openSearchPanel(view));
  const copyButton = h('button', { className: 'tool', attrs: { type: 'button', title: 'Copy the selection, or the whole body when nothing is selected' } }, 'Copy');
  copyButton.addEventListener('click', () => {
    const { from, to } = view.state.selection.main;
    const text = from === to ? view.state.doc.toString() : view.state.sliceDoc(from, to);
    void navigator.clipboard.writeText(text).then(
      () => (copyButton.textContent = 'Copied'),
      () => (copyButton.textContent = 'Copy failed'),
    );
    setTimeout(() => (copyButton.textContent = 'Copy'), 1500);
  });
  const toolbar = h('div', { className: 'body-tools', attrs: { role: 'toolbar', 'aria-label': 'Body' } }, wrapButton, findButton, copyButton);
  // aria-busy until the whole body is in (pretty): tests and assistive tech wait on it.
  // The editor in a box of its own: the preview hides the box (CodeMirror owns its element's attributes).
  const editorBox = h('div', {}, view.dom);
  const element = h('div', { className: 'body-viewer', attrs: { 'aria-busy': 'true' } }, toolbar, note, editorBox);
  const showNote = (text: string): void => {
    note.textContent = text;
    note.hidden = false;
  };
  if (syntax === 'html') toolbar.append(previewToggle(element, editorBox, () => view.state.doc.toString(), showNote));
  return {
    element,
    append: (text) => view.dispatch({ changes: { from: view.state.doc.length, insert: text } }),
    replace: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    note: showNote,
    complete: () => element.setAttribute('aria-busy', 'false'),
  };
}

/**
 * A search key the body's editor acted on stops there: Ctrl/Cmd+F opening its search, Ctrl/Cmd+G
 * and F3 going to the next match, Enter and Escape in its search field. VS Code's webview host
 * listens on the frame's window and hands every key on to the workbench, which also opened its
 * own find widget over the body's search for the same Ctrl+F (and Ctrl+G its Go to Line). Other
 * keys go on even when CodeMirror used them (Alt+Left is Go Back on Windows), and so does Ctrl+F
 * outside the body, where VS Code's find widget searches the Headers and Raw views.
 */
function keepHandledKeys(view: EditorView): void {
  view.dom.addEventListener('keydown', (event) => {
    if (event.defaultPrevented && isSearchKey(event)) event.stopPropagation();
  });
}

function isSearchKey(event: KeyboardEvent): boolean {
  const key = event.key.toLowerCase();
  if ((event.ctrlKey || event.metaKey) && (key === 'f' || key === 'g')) return true;
  if (event.key === 'F3') return true;
  return (event.key === 'Enter' || event.key === 'Escape') && (event.target as Element | null)?.closest?.('.cm-search') != null;
}
