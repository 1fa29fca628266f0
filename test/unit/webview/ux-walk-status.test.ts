/**
 * The UI walk's findings on what the panel says about an answer, DOM-free parts:
 * - item 3: the main view showed no sign that redirects were followed;
 * - item 5: a link clicked in the HTML preview led the sandboxed frame to a page the CSP blocks;
 * - item 6: the whole panel was a live region (status, headers and body lines announced on every
 *   update, a failure twice): only a short summary is now;
 * - item 8: the sending view's elapsed time.
 */
import * as assert from 'node:assert/strict';
import { responseHtml } from '../../../src/webview/panel-html';
import type { FailureView, RedirectView, ResultView } from '../../../src/webview/protocol';
import { PREVIEW_BASE, PREVIEW_CSP, previewDocument } from '../../../src/webview/ui/html-preview';
import { elapsedText, failureAnnouncement, receivingAnnouncement, receivingProgressText, redirectNoteOf, resultAnnouncement, sendingAnnouncement } from '../../../src/webview/ui/status-text';

const hop = (from: string, to: string): RedirectView => ({
  requestLine: `GET http://127.0.0.1:18082${from}`,
  response: { statusLine: 'HTTP/1.1 302 Found', statusClass: 'redirect', headers: [['Location', to]] },
  location: to,
});

/** A result as the host makes it, trimmed to what these sentences read. */
const result = (redirects: RedirectView[]): ResultView => ({
  statusLine: 'HTTP/1.1 200 OK',
  statusClass: 'success',
  requestLine: 'GET http://127.0.0.1:18082/json',
  summary: ['85.0 ms', '1.2 KB', 'connection #2, request 3 on it (reused)'],
  headers: [],
  trailers: [],
  informational: [],
  redirects,
  requestHeaders: [],
  body: { kind: 'empty' },
  raw: { sent: '', received: '', note: undefined, changes: [] },
  timing: { phases: [], totalMs: 85 },
  connection: { rows: [], tls: undefined },
  warnings: [],
});

describe('webview UI: redirects followed are said beside the status (UI walk, item 3)', () => {
  it('names how many and where the chain started; nothing without redirects', () => {
    assert.equal(redirectNoteOf([]), undefined);
    assert.equal(redirectNoteOf([hop('/redirect', '/json')]), '1 redirect followed, from GET http://127.0.0.1:18082/redirect');
    assert.equal(redirectNoteOf([hop('/redirect2', '/redirect'), hop('/redirect', '/json')]), '2 redirects followed, from GET http://127.0.0.1:18082/redirect2');
  });
});

describe('webview UI: the live region hears a summary, not the panel (UI walk, item 6)', () => {
  it('a result: its status without the version, its time and size, and the redirects that led there', () => {
    assert.equal(resultAnnouncement(result([])), '200 OK, 85.0 ms, 1.2 KB');
    assert.equal(resultAnnouncement(result([hop('/a', '/b'), hop('/b', '/json')])), '200 OK, 85.0 ms, 1.2 KB, after 2 redirects');
    assert.equal(resultAnnouncement({ ...result([]), statusLine: 'HTTP/1.0 404 Not Found' }), '404 Not Found, 85.0 ms, 1.2 KB');
  });

  it('a failure by its message, a head by its status, a send by its request', () => {
    const failure: FailureView = { message: 'Connection refused by 127.0.0.1:1.', code: 'HW_CONNECT_REFUSED', nextAction: 'n', received: '', receivedNote: undefined, actions: [] };
    assert.equal(failureAnnouncement(failure), 'Connection refused by 127.0.0.1:1.');
    assert.equal(receivingAnnouncement({ requestLine: 'GET http://a/', statusLine: 'HTTP/1.1 200 OK', statusClass: 'success', headers: [] }), '200 OK, receiving the body');
    assert.equal(sendingAnnouncement('small'), 'Sending small');
  });

  it('the shell: the panel is no live region; one polite status region, empty and hidden from sight only', () => {
    const html = responseHtml({ cspSource: 'https://x', scriptUri: 'https://x/main.js', styleUri: 'https://x/panel.css' }, 'n');
    assert.doesNotMatch(/<main\b[^>]*>/.exec(html)![0], /aria-live|role=/);
    const live = [...html.matchAll(/<[^>]*aria-live[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(live, ['<div id="live-status" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">']);
    assert.match(html, /<div id="live-status"[^>]*><\/div>/, 'the shell carries no data');
  });
});

describe('webview UI: links in the HTML preview do nothing (UI walk, item 5)', () => {
  const HEAD = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><base target="_blank">`;

  it('opens links in a new window, which the sandbox (no allow-popups) refuses: the page stays', () => {
    assert.equal(PREVIEW_BASE, '<base target="_blank">');
    assert.equal(previewDocument('<p><a href="http://x/">x</a></p>'), `${HEAD}<p><a href="http://x/">x</a></p>`);
    assert.equal(previewDocument('<!doctype html><a href=y>y</a>'), `<!doctype html>${HEAD}<a href=y>y</a>`);
  });

  it("puts its <base> before the page's own, which a document ignores after the first", () => {
    const doc = previewDocument('<html><head><base target="_self" href="http://x/"></head><a href=y>y</a></html>');
    assert.ok(doc.indexOf(PREVIEW_BASE) < doc.indexOf('<base target="_self"'));
    assert.ok(doc.startsWith(HEAD));
  });

  it('keeps the preview as strict: the same CSP, no base href (relative URLs stay where they were)', () => {
    assert.equal(PREVIEW_CSP, "default-src 'none'; img-src data:");
    assert.doesNotMatch(PREVIEW_BASE, /href/);
  });
});

describe('webview UI: the elapsed time of a send (UI walk, item 8)', () => {
  const rows: Array<[number, string]> = [
    [0, '0.0 s'],
    [-5, '0.0 s'],
    [420, '0.4 s'],
    [9_949, '9.9 s'],
    [12_800, '12 s'],
    [59_999, '59 s'],
    [60_000, '1 min 00 s'],
    [125_400, '2 min 05 s'],
  ];
  for (const [ms, want] of rows) it(`${ms} ms → ${want}`, () => assert.equal(elapsedText(ms), want));

  it('a slow body says how much has come so far', () => {
    assert.equal(receivingProgressText(undefined), 'Receiving the body…');
    assert.equal(receivingProgressText('221 B'), 'Receiving the body… 221 B so far');
  });
});
