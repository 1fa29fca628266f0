// UI tests through the real VS Code workbench in headless Chromium (issue 11, Tests): open the seed's
// requests from the explorer, click their Send Request lenses against the demo server of "A typical
// HTTP session", and read what the response panel renders. Run by scripts/vscode/run-ui-tests.js
// (`npm run test:ui`); a failing test leaves a screenshot and the page's console in test-results/.
import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { startDemoServer, type DemoRequest } from '../../src/demo/demo-server';
import { HOME_BODY, MOVED_301 } from '../../src/demo/seed-responses';
import { bodyLines, waitForSendLenses } from './support/first-screen';
import { openUiWorkspace, uiSuite } from './support/workbench-ui';
import { waitFor } from '../integration/suite/wait';

const FILE = 'ui-typical-session.http';
// Generous on two busy cores: the workbench takes 5–8 s, the first lens 8–15 s after it.
const LONG = 60_000;

/** The seed's three GETs (examples/a-typical-http-session.http), aimed at the local demo server. */
function sessionFile(port: number): string {
  const origin = `http://127.0.0.1:${port}`;
  return [
    '### Ask for the home page, in French if possible',
    '# @name home',
    `GET ${origin}/ HTTP/1.1`,
    'Accept-Language: fr',
    '',
    '### A page that moved: the 301 itself, not followed',
    '# @name moved',
    '# @no-redirect',
    `GET ${origin}/moved HTTP/1.1`,
    '',
    '### A page that does not exist',
    '# @name notFound',
    `GET ${origin}/no-such-page HTTP/1.1`,
    '',
  ].join('\n');
}

/** The header lines of a seed response, in order and case as it puts them on the wire. */
function headersOf(response: Buffer): [string, string][] {
  const head = response.toString('latin1', 0, response.indexOf('\r\n\r\n'));
  return head
    .split('\r\n')
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
}

describe('UI: Send Request through the workbench shows the answer in the panel (issue 11, Tests)', function () {
  this.timeout(3 * LONG);
  const received: DemoRequest[] = [];

  const workbench = uiSuite(async (parts) => {
    const demo = await startDemoServer(0, '127.0.0.1', (r) => received.push(r));
    parts.servers.push(demo);
    const port = (demo.address() as AddressInfo).port;
    const { ui } = await openUiWorkspace('http-wire-ui-', FILE, sessionFile(port), parts);
    await waitForSendLenses(ui, 3);
  });

  /** Clicks the Send Request lens of the `index`th request and waits for the panel's status line. */
  async function send(index: number, statusLine: string): Promise<void> {
    const { page, panel } = workbench();
    await waitForSendLenses(workbench(), 3);
    const before = received.length;
    // The panel may still show an earlier answer with the same status line: mark what is there, so
    // that only the new rendering (the page replaces its whole content per answer) can match.
    if ((await page.locator('iframe.webview.ready').count()) > 0) {
      await panel.locator('h1.status').evaluateAll((els) => els.forEach((el) => el.setAttribute('data-earlier', '')));
    }
    await page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).nth(index).click({ timeout: LONG });
    const status = panel.locator('h1.status:not([data-earlier])', { hasText: statusLine });
    await status.waitFor({ timeout: LONG });
    assert.equal(await status.textContent(), statusLine);
    assert.equal(received.length, before + 1, 'one click sent one request to the demo server');
  }

  /** A screenshot of the workbench with the panel, kept in test-results/ for the note. */
  async function keepShot(name: string): Promise<void> {
    const shot = await workbench().screenshot(name);
    console.log(`    screenshot: ${shot ?? '(none: the page could not be shot)'}`);
  }

  async function openTab(name: 'Body' | 'Headers' | 'Raw' | 'Timing'): Promise<void> {
    const { panel } = workbench();
    await panel.getByRole('tab', { name }).click({ timeout: LONG });
    await panel.locator(`#panel-${name.toLowerCase()}`).waitFor({ state: 'visible', timeout: LONG });
  }

  /** The Raw view's two blocks as rendered: the bytes sent and the bytes received. */
  async function rawBlocks(): Promise<{ sent: string; received: string }> {
    const blocks = await workbench().panel.locator('#panel-raw pre.raw').allTextContents();
    assert.equal(blocks.length, 2, 'the Raw view shows a Sent and a Received block');
    return { sent: blocks[0]!, received: blocks[1]! };
  }

  it('200: the status line and the French home page, asked for with Accept-Language: fr', async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await openTab('Body');
    // The body arrives in pieces: wait until all of it is in, then compare it line by line (the
    // viewer draws one element per line; a page this short is drawn whole).
    await workbench().panel.locator('.body-viewer[aria-busy=false] .body-text').waitFor({ timeout: LONG });
    const lines = await bodyLines(workbench());
    assert.ok(lines.some((l) => l.includes('<html lang="fr">')), lines.join('\n'));
    assert.ok(lines.some((l) => /La page d'accueil, en francais si possible\./.test(l)));
    // A line far wider than the panel (the page's padding comment) is drawn only as far as it
    // can be seen: what is drawn of it is its start.
    const want = HOME_BODY.toString('latin1').split(/\r\n|\r|\n/);
    assert.equal(lines.length, want.length);
    lines.forEach((line, i) => assert.ok(line === want[i] || (want[i]!.length > 2000 && want[i]!.startsWith(line)), `line ${i + 1}: ${line.slice(0, 80)}`));
    assert.deepEqual(received.at(-1)?.headers.find(([name]) => name === 'Accept-Language'), ['Accept-Language', 'fr']);
    await keepShot('ui-panel-200-body');
  });

  it('200: Preview draws the page in a sandboxed frame with no scripts; Preview again shows the source (issue 11, item 3)', async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await openTab('Body');
    const { panel } = workbench();
    await panel.locator('.body-viewer[aria-busy=false] .body-text').waitFor({ timeout: LONG });
    const preview = panel.getByRole('button', { name: 'Preview' });
    await preview.click({ timeout: LONG });
    const frame = panel.locator('iframe.html-preview');
    await frame.waitFor({ timeout: LONG });
    assert.equal(await frame.getAttribute('sandbox'), '', 'an empty sandbox: no scripts, forms, popups or navigation');
    assert.equal(await preview.getAttribute('aria-pressed'), 'true');
    await panel.frameLocator('iframe.html-preview').locator('body', { hasText: "La page d'accueil, en francais si possible." }).waitFor({ timeout: LONG });
    // Its own CSP, besides the panel's: a relative <img src=x> would be asked of the webview's origin.
    const csp = await panel.frameLocator('iframe.html-preview').locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(csp, "default-src 'none'; img-src data:");
    assert.equal(await panel.locator('.body-text').isVisible(), false, 'the source is hidden under the preview');
    await preview.click({ timeout: LONG });
    assert.equal(await frame.count(), 0);
    assert.equal(await panel.locator('.body-text').isVisible(), true);
  });

  it("200: Ctrl+F in the body opens the body's search and not VS Code's find widget over it", async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await openTab('Body');
    const { page, panel } = workbench();
    const content = panel.locator('.body-viewer[aria-busy=false] .body-text .cm-content');
    // VS Code's webview host hands the workbench every keydown that reaches the frame's window
    // (bubbling): a probe beside its listener sees the same keys it does.
    await content.evaluate(() => {
      const w = globalThis as unknown as { keysSeen: string[]; addEventListener(type: string, f: (e: { ctrlKey: boolean; key: string }) => void): void };
      w.keysSeen = [];
      w.addEventListener('keydown', (e) => void (e.key.length === 1 && w.keysSeen.push(`${e.ctrlKey ? 'Ctrl+' : ''}${e.key}`)));
    });
    const keysSeen = (): Promise<string[]> => content.evaluate(() => (globalThis as unknown as { keysSeen: string[] }).keysSeen);
    await content.click({ timeout: LONG });
    await page.keyboard.press('Control+f');
    await panel.locator('.cm-search input[name=search]').waitFor({ timeout: LONG });
    // (Modifier keys alone go on: the workbench reads them for its own chords.)
    assert.deepEqual(await keysSeen(), [], 'the Ctrl+F the body acted on was handed on to VS Code, which opens its find widget too');
    // Other keys the body acts on go on to VS Code too (Alt+Left is Go Back on Windows): Ctrl+A here.
    await page.keyboard.press('Escape');
    await panel.locator('.cm-search').waitFor({ state: 'detached', timeout: LONG });
    await content.click({ timeout: LONG });
    await page.keyboard.press('Control+a');
    assert.deepEqual(await keysSeen(), ['Ctrl+a'], 'only the search keys stop in the body');
    // Keys the body leaves go on to VS Code as ever: Ctrl+Shift+P opens the Command Palette.
    await page.keyboard.press('Control+Shift+P');
    const palette = page.locator('.quick-input-widget');
    await palette.waitFor({ state: 'visible', timeout: LONG });
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'hidden', timeout: LONG });
    assert.equal(await page.locator('.simple-find-part.visible').count(), 0, "VS Code's find widget opened over the body's own search");
  });

  it('200: Ctrl+Alt+L with the response panel focused sends the last request again', async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await openTab('Body');
    const { page, panel } = workbench();
    const before = received.length;
    // Focus in the panel (its body), not in the editor: the key binding must still reach the command.
    await panel.locator('.body-viewer[aria-busy=false] .body-text .cm-content').click({ timeout: LONG });
    await page.keyboard.press('Control+Alt+l');
    await waitFor('the request sent again', () => received.length === before + 1, LONG);
    assert.equal(received[received.length - 1]!.target, '/');
  });

  it('200: the Raw view shows the request line and headers exactly as the server read them, and the answer received', async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await openTab('Raw');
    const { sent, received: got } = await rawBlocks();
    const request = received.at(-1)!;
    const head = [`GET / HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)].join('\r\n');
    assert.ok(sent.startsWith('GET / HTTP/1.1\r\n'), `Sent starts with the request line: ${JSON.stringify(sent.slice(0, 40))}`);
    assert.equal(sent, `${head}\r\n\r\n`);
    // What the client added to the request as written is marked, with its reason listed (issue 11, item 3).
    const marked = await workbench().panel.locator('#panel-raw pre.raw mark.client-added').allTextContents();
    assert.ok(marked.some((line) => line.startsWith('Host: ')), `Host is marked as added: ${JSON.stringify(marked)}`);
    assert.match(await workbench().panel.locator('#panel-raw .client-changes').innerText(), /added: Host: 127\.0\.0\.1:\d+ — HTTP\/1\.1 requires a Host header/);
    assert.ok(got.startsWith('HTTP/1.1 200 OK\r\nDate: Sat, 09 Oct 2010 14:28:02 GMT\r\n'), `Received starts with the status line: ${JSON.stringify(got.slice(0, 40))}`);
  });

  it('200: the Timing view draws a waterfall bar per phase, the total, and the connection (issue 11, item 3)', async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await openTab('Timing');
    const { panel } = workbench();
    const names = await panel.locator('#panel-timing table.timing th').allTextContents();
    assert.deepEqual(names, ['DNS', 'Connect', 'TLS', 'Send', 'Wait (first byte)', 'Download', 'Total']);
    const bars = panel.locator('#panel-timing table.timing .bar');
    assert.equal(await bars.count(), 6);
    // A waterfall: each bar starts where the one before it ended (the left offsets never go back).
    const lefts = await bars.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().left));
    for (let i = 1; i < lefts.length; i++) assert.ok(lefts[i]! >= lefts[i - 1]! - 0.5, `bar ${i} starts after bar ${i - 1}: ${lefts.join(', ')}`);
    for (const ms of await panel.locator('#panel-timing td.ms').allTextContents()) assert.match(ms, /^\d+\.\d ms$/);
    const connection = await panel.locator('#panel-timing table.connection').innerText();
    assert.match(connection, /Remote address\s+127\.0\.0\.1:\d+/);
    await keepShot('ui-panel-200-timing');
  });

  it('301: the Headers view lists the headers in the order sent, both X-Cache-Info, and the redirect is not followed', async () => {
    await send(1, 'HTTP/1.1 301 Moved Permanently');
    await openTab('Headers');
    const { panel } = workbench();
    // The first table is the response's headers; the request's come last.
    const rows = panel.locator('#panel-headers section.headers').first().locator('tr');
    const shown: [string, string][] = [];
    for (let i = 0, n = await rows.count(); i < n; i++) {
      shown.push([(await rows.nth(i).locator('th').textContent()) ?? '', (await rows.nth(i).locator('td').textContent()) ?? '']);
    }
    assert.deepEqual(shown, headersOf(MOVED_301));
    const cacheInfo = shown.flatMap(([name], i) => (name === 'X-Cache-Info' ? [i] : []));
    assert.equal(cacheInfo.length, 2, 'both X-Cache-Info lines are shown, not merged');
    assert.equal(cacheInfo[1], cacheInfo[0]! + 1, 'the two X-Cache-Info lines stay side by side, as sent');
    // @no-redirect: no chain, and the demo server saw the one request.
    assert.equal(await panel.locator('#panel-headers .redirects').count(), 0);
    assert.equal(received.at(-1)?.target, '/moved');
    await keepShot('ui-panel-301-headers');
  });

  it('404: the status line, the "Page introuvable" page, and the request line in the Raw view', async () => {
    await send(2, 'HTTP/1.1 404 Not Found');
    await openTab('Body');
    const { panel } = workbench();
    await panel.locator('.body-viewer[aria-busy=false] .body-text').waitFor({ timeout: LONG });
    assert.ok((await bodyLines(workbench())).some((l) => l.includes('<title>Page introuvable</title>')));
    await openTab('Raw');
    const { sent, received: got } = await rawBlocks();
    assert.ok(sent.startsWith('GET /no-such-page HTTP/1.1\r\n'), `Sent starts with the request line: ${JSON.stringify(sent.slice(0, 40))}`);
    assert.ok(got.startsWith('HTTP/1.1 404 Not Found\r\n'));
    await keepShot('ui-panel-404-raw');
  });

  it('issue 11, item 3: the pin in the panel\'s title bar keeps the 404; the next answer opens beside it; Unpin gives it the answers back', async () => {
    await send(2, 'HTTP/1.1 404 Not Found');
    const { page } = workbench();
    // The pin is in the title bar of our response panel only: bring the panel's tab to the front.
    await page.locator('.tabs-container .tab', { hasText: 'notFound' }).click({ timeout: LONG });
    await page.locator('.editor-actions [aria-label^="Pin Response Panel"]').click({ timeout: LONG });
    await page.locator('.tabs-container .tab', { hasText: 'notFound (pinned)' }).waitFor({ timeout: LONG });
    await page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).nth(0).click({ timeout: LONG });
    await page.locator('.tabs-container .tab', { hasText: /^home$/ }).waitFor({ timeout: LONG });
    // Two panels side by side, each with its own answer.
    const statusOf = (i: number) => page.locator('iframe.webview.ready').nth(i).contentFrame().locator('#active-frame').contentFrame().locator('h1.status');
    await page.locator('iframe.webview.ready').nth(1).waitFor({ timeout: LONG });
    await statusOf(0).waitFor({ timeout: LONG });
    await statusOf(1).waitFor({ timeout: LONG });
    const shown = [await statusOf(0).textContent(), await statusOf(1).textContent()].sort();
    assert.deepEqual(shown, ['HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found']);
    // On the pinned panel the button is Unpin: the 404 takes the file's answers again, and the
    // panel that took them meanwhile keeps its 200, pinned in its place.
    await page.locator('.tabs-container .tab', { hasText: 'notFound (pinned)' }).click({ timeout: LONG });
    await page.locator('.editor-actions [aria-label^="Unpin Response Panel"]').click({ timeout: LONG });
    await page.locator('.tabs-container .tab', { hasText: 'home (pinned)' }).waitFor({ timeout: LONG });
    await page.locator('.tabs-container .tab', { hasText: /^notFound$/ }).waitFor({ timeout: LONG });
    assert.equal(await page.locator('.editor-actions [aria-label^="Unpin Response Panel"]').count(), 0, 'the unpinned panel offers Pin again');
    await page.locator('.editor-actions [aria-label^="Pin Response Panel"]').waitFor({ timeout: LONG });
  });
});
