// The optional preview of an HTML body (issue 11, item 3): the page drawn in a frame that can do
// nothing. `sandbox=""` gives it an opaque origin with no scripts, forms, popups or navigation of
// the panel; the frame's document inherits the panel's CSP (default-src 'none', images only from
// the extension or data:), so the page loads nothing from the network either: no tracking pixel
// or stylesheet learns that the response was viewed. Styles inline in the page are refused by the
// same CSP, so the preview shows structure and text, not the site's look. The page gets a CSP of
// its own too (see previewDocument): the panel's lets images come from the webview's origin, where
// a relative `<img src=x>` of the page would be asked for.
import { h } from './dom';

/** Past this many characters the preview is refused: the source view is the way to read it. */
export const HTML_PREVIEW_LIMIT_CHARS = 5_000_000;

/** Images only as data: URLs, nothing else; enforced with the panel's CSP the frame inherits. */
export const PREVIEW_CSP = "default-src 'none'; img-src data:";

/** A doctype the page starts with (after a BOM or blanks): the CSP goes after it, or the page would be drawn in quirks mode. */
const LEADING_DOCTYPE = /^\uFEFF?\s*<!doctype[^>]*>/i;

/**
 * Where the page's links open: a new window, which the sandbox refuses (no allow-popups), so a
 * click does nothing. Followed in the frame itself, a link led to a page the CSP blocks, and the
 * frame showed a broken page until Preview was toggled. The first `<base target>` of a document
 * wins (HTML §4.2.3), so the page's own cannot undo it; a link's own `target` can (see previewFrame).
 */
export const PREVIEW_BASE = '<base target="_blank">';

/** `html` with PREVIEW_CSP in a `<meta>` and PREVIEW_BASE before anything of the page (after its doctype). */
export function previewDocument(html: string): string {
  const head = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">${PREVIEW_BASE}`;
  const doctype = LEADING_DOCTYPE.exec(html)?.[0];
  return doctype === undefined ? `${head}${html}` : `${doctype}${head}${html.slice(doctype.length)}`;
}

export function htmlPreviewFrame(html: string): HTMLIFrameElement {
  const frame = h('iframe', { className: 'html-preview', attrs: { sandbox: '', referrerpolicy: 'no-referrer', title: 'HTML preview (no scripts, nothing loaded)' } });
  const page = previewDocument(html);
  frame.srcdoc = page;
  // A link with a target of its own (`_self`) still leads the frame away, to a page the CSP
  // blocks: every load but that of the page is such a navigation, and the page is put back.
  let isPageLoad = true;
  frame.addEventListener('load', () => {
    if (isPageLoad) {
      isPageLoad = false;
      return;
    }
    isPageLoad = true;
    frame.srcdoc = page;
  });
  return frame;
}

/**
 * A Preview toggle for `host`: on, `source` is hidden and the frame shows `text()`; off, the
 * source comes back. `text()` is read when the preview opens, so it shows the body received so far.
 */
export function previewToggle(host: HTMLElement, source: HTMLElement, text: () => string, onNote: (text: string) => void): HTMLButtonElement {
  const button = h('button', { className: 'tool', attrs: { type: 'button', 'aria-pressed': 'false', title: 'Show the page, without scripts and without loading anything' } }, 'Preview');
  let frame: HTMLIFrameElement | undefined;
  button.addEventListener('click', () => {
    if (frame !== undefined) {
      frame.remove();
      frame = undefined;
      source.hidden = false;
      button.setAttribute('aria-pressed', 'false');
      return;
    }
    const html = text();
    if (html.length > HTML_PREVIEW_LIMIT_CHARS) {
      onNote(`The page is too large to preview (${html.length} characters); its source is shown.`);
      return;
    }
    frame = htmlPreviewFrame(html);
    source.hidden = true;
    host.append(frame);
    button.setAttribute('aria-pressed', 'true');
  });
  return button;
}
