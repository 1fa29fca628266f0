// UI test through the real workbench: typing `# @` on a new line above a request opens the
// completion of metadata keys by itself (a walk found it did not: only Ctrl+Space showed them),
// as typing `{{` in a URL opens the variables'.
import * as assert from 'node:assert/strict';
import { waitForSendLenses } from './support/first-screen';
import { openUiWorkspace, uiSuite } from './support/workbench-ui';

const FILE = 'ui-completion.http';
const LONG = 60_000;

describe('UI: completion as you type in an .http file', function () {
  this.timeout(3 * LONG);
  const workbench = uiSuite(async (parts) => {
    const { ui } = await openUiWorkspace('http-wire-ui-completion-', FILE, '@host = http://127.0.0.1:9\n\n### users\nGET {{host}}/users\n', parts);
    await waitForSendLenses(ui, 1);
  });

  it('typing # @ above the request line opens the metadata keys, timeout among them, without Ctrl+Space', async () => {
    const { page } = workbench();
    // The end of the `### users` line, then a new line above the request line.
    await page.locator('.view-lines .view-line', { hasText: '### users' }).click({ timeout: LONG });
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# @');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.filter({ hasText: 'timeout' }).first().waitFor({ timeout: 10_000 });
    const labels = await rows.allTextContents();
    assert.ok(labels.some((l) => l.startsWith('name')), labels.join(' | '));
    await page.keyboard.press('Escape');
  });
});
