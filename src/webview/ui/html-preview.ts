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

/** `html` with PREVIEW_CSP in a `<meta>` before anything of the page (after its doctype). */
export function previewDocument(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">`;
  const doctype = LEADING_DOCTYPE.exec(html)?.[0];
  return doctype === undefined ? `${meta}${html}` : `${doctype}${meta}${html.slice(doctype.length)}`;
}

export function htmlPreviewFrame(html: string): HTMLIFrameElement {
  const frame = h('iframe', { className: 'html-preview', attrs: { sandbox: '', referrerpolicy: 'no-referrer', title: 'HTML preview (no scripts, nothing loaded)' } });
  frame.srcdoc = previewDocument(html);
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
