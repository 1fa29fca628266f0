// Issue 11, item 4 through the real workbench in headless Chromium: a 50 MB JSON answer from a
// 127.0.0.1 server shows its first screen within 2 s of the click on Send Request, pretty, and
// the viewer still answers: it goes to the last line and searches. A failing test leaves a
// screenshot and the page's console in test-results/ (scripts/vscode/run-ui-tests.js).
import * as assert from 'node:assert/strict';
import { FIRST_SCREEN_TEXT, startBigJsonServer } from '../support/big-json';
import { bodyLines, timeSendToFirstScreen, waitForSendLenses } from './support/first-screen';
import { openUiWorkspace, uiSuite } from './support/workbench-ui';

const FILE = 'ui-big-body.http';
const LONG = 60_000;
const BODY_BYTES = 50_000_000;
/**
 * Issue 11, item 4: 2 s from the click. This 2-core VM runs the server, code-server, its
 * extension host and Chromium at once; the measured median is printed with the result.
 */
const FIRST_SCREEN_GOAL_MS = 2000;
/** Polls `condition` until it holds, for at most a minute. */
async function waitUntil(what: string | (() => string), condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + LONG;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * "Without freezing": no task of the panel's page longer than this. Measured here at load 6-10:
 * 57 ms while the body streams in, 101 ms going to its end, none over 50 ms while searching
 * (CodeMirror's own findNext took one 5.6 s task to find the same record).
 */
const PAGE_TASK_LIMIT_MS = 250;

describe('UI: a 50 MB JSON body in the panel (issue 11, item 4)', function () {
  this.timeout(5 * LONG);
  const workbench = uiSuite(async (parts) => {
    const server = await startBigJsonServer([1000, BODY_BYTES]);
    parts.servers.push(server);
    // A small answer first: the first send also pays for the panel's page and its worker.
    const text = ['### warm up', `GET ${server.url('/json/1000')} HTTP/1.1`, '', '### 50 MB', `GET ${server.url(`/json/${BODY_BYTES}`)} HTTP/1.1`, ''].join('\n');
    const { ui } = await openUiWorkspace('http-wire-ui-big-', FILE, text, parts);
    await waitForSendLenses(ui, 2);
    await timeSendToFirstScreen(ui, 0, FIRST_SCREEN_TEXT);
    await waitForSendLenses(ui, 2);
  });

  it(`shows the first screen, pretty, within ${FIRST_SCREEN_GOAL_MS} ms of the click`, async () => {
    const ms = await timeSendToFirstScreen(workbench(), 1, FIRST_SCREEN_TEXT);
    // Kept for the record (issue 11, "Done when": the 50 MB timing in the note).
    const shot = await workbench().screenshot('ui-50mb-json-first-screen');
    console.log(`    50 MB JSON: first screen ${ms} ms after the click (screenshot: ${shot ?? 'none'})`);
    const lines = await bodyLines(workbench());
    assert.deepEqual(lines.slice(0, 3), ['[', '  {', '    "id": 0,']);
    // Laid out off the page's main thread: the worker started under the panel's CSP.
    assert.equal(await workbench().panel.locator('html').getAttribute('data-pretty-printer'), 'worker');
    assert.ok(ms <= FIRST_SCREEN_GOAL_MS, `first screen after ${ms} ms`);
  });

  it('goes to the last line and finds a record by its text, the page never busy long', async () => {
    const { panel, page } = workbench();
    const viewer = panel.locator('.body-viewer');
    // The panel page's longest task (Long Tasks API: those over 50 ms), read and reset per phase.
    // (Run in the page: globalThis is its window; 'longtask' is a browser entry type.)
    await viewer.evaluate(() => {
      const w = globalThis as unknown as { longestTaskMs: number };
      w.longestTaskMs = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, entry.duration);
      }).observe({ type: 'longtask' as 'mark' });
    });
    const longestTaskMs = () =>
      viewer.evaluate(() => {
        const w = globalThis as unknown as { longestTaskMs: number };
        const ms = w.longestTaskMs;
        w.longestTaskMs = 0;
        return ms;
      });
    await waitForSendLenses(workbench(), 2);
    // The whole body is in once the viewer is no longer busy (it streams on after the first screen).
    await panel.locator('.body-viewer[aria-busy=false] .body-text:not([data-earlier])').waitFor({ timeout: LONG });
    await panel.locator('.body-text:not([data-earlier]) .cm-content').click();
    // The whole body, pretty: its last record, then the array's close on the last line.
    const streamingMs = await longestTaskMs();
    await page.keyboard.press('Control+End');
    // Only the array's close stands alone at the left margin ("]"); inner closes are indented.
    let seen: string[] = [];
    await waitUntil(() => `the last line in sight (the last lines drawn: ${JSON.stringify(seen.slice(-3))})`, async () => {
      seen = await bodyLines(workbench());
      return seen.some((line) => line.replace(/[\u200b\s]/g, '') === ']' && !line.startsWith(' '));
    });
    const scrollingMs = await longestTaskMs();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+f');
    const field = panel.locator('.cm-search input[name=search]');
    await field.waitFor({ timeout: LONG });
    await field.fill('"name": "row 250000"');
    // CodeMirror's panel takes its query on change or keyup; fill() sends neither.
    await field.dispatchEvent('change');
    const started = Date.now();
    await field.press('Enter');
    await panel.locator('.body-text:not([data-earlier]) .cm-line', { hasText: '"name": "row 250000"' }).waitFor({ timeout: LONG });
    const searchingMs = await longestTaskMs();
    console.log(`    search: found the record of row 250000, four fifths down the body, ${Date.now() - started} ms after Enter`);
    console.log(`    the panel page's longest task: ${streamingMs} ms while the body streamed in, ${scrollingMs} ms going to its end, ${searchingMs} ms searching`);
    for (const [what, ms] of [['streaming', streamingMs], ['going to the end', scrollingMs], ['searching', searchingMs]] as const) {
      assert.ok(ms <= PAGE_TASK_LIMIT_MS, `the panel's page was busy ${ms} ms at once ${what}`);
    }
  });
});
