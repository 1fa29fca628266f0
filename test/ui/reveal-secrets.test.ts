// UI test through the real workbench (issue 12, item 3): a value from http-client.private.env.json
// is masked (***) in the response panel, in the body the server echoes it in too; the panel's Show
// Secrets toggle, a real button driven here by the mouse and by the keyboard, shows it in that
// panel and masks it again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as http from 'node:http';
import { waitForSendLenses } from './support/first-screen';
import { openUiWorkspace, uiSuite } from './support/workbench-ui';

const FILE = 'ui-reveal.http';
const SECRET = 'ui-private-key-2718';
// A tab, which a request-target may not hold (a space would be percent-encoded and sent).
const TABBED = 'two\twords-3141';
const LONG = 60_000;

describe('UI: Show Secrets in the response panel (issue 12, item 3)', function () {
  this.timeout(3 * LONG);
  const workbench = uiSuite(async (parts) => {
    // It echoes the key back in its JSON body, as a server that returns what it was given does.
    const echo = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ echoedKey: new URL(req.url ?? '/', 'http://x').searchParams.get('key') }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    parts.servers.push(echo);
    const port = (echo.address() as AddressInfo).port;
    // The second request fails before it is sent: its query would hold a tab.
    const { ui, folder } = await openUiWorkspace('http-wire-ui-reveal-', FILE, `GET http://127.0.0.1:${port}/?key={{apiKey}}\n\n###\nGET http://127.0.0.1:${port}/?q={{tabbed}}\n`, parts);
    // The private file's $shared applies with no environment chosen; its every value is a secret.
    fs.writeFileSync(path.join(folder, 'http-client.private.env.json'), JSON.stringify({ $shared: { apiKey: SECRET, tabbed: TABBED } }));
    await waitForSendLenses(ui, 2);
  });

  it('issue 12, item 3: the private value is masked; Show Secrets (click, then Enter and Space) reveals it and masks it again', async () => {
    const { page, panel } = workbench();
    await page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).first().click({ timeout: LONG });
    const request = panel.locator('p.request');
    await request.waitFor({ timeout: LONG });
    assert.match((await request.textContent()) ?? '', /\/\?key=\*\*\*$/);
    const toggle = panel.getByRole('button', { name: 'Show Secrets' });
    await toggle.waitFor({ timeout: LONG });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    const body = panel.locator('.body-text .cm-content');
    await body.filter({ hasText: '"echoedKey": "***"' }).waitFor({ timeout: LONG });

    await toggle.click({ timeout: LONG });
    await panel.locator('p.request', { hasText: SECRET }).waitFor({ timeout: LONG });
    await body.filter({ hasText: `"echoedKey": "${SECRET}"` }).waitFor({ timeout: LONG });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await workbench().screenshot('ui-panel-secrets-revealed');

    // Keyboard: the toggle keeps the focus when the view is drawn anew; Enter masks, Space reveals.
    await toggle.press('Enter');
    await panel.locator('p.request', { hasText: /key=\*\*\*$/ }).waitFor({ timeout: LONG });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle.evaluate((el) => el === document.activeElement), true, 'the toggle keeps the focus');
    await page.keyboard.press('Space');
    await panel.locator('p.request', { hasText: SECRET }).waitFor({ timeout: LONG });
    await page.keyboard.press('Space');
    await panel.locator('p.request', { hasText: /key=\*\*\*$/ }).waitFor({ timeout: LONG });
    // Masked again everywhere on the page, the hidden tabs (Raw, Headers) too.
    assert.ok(!((await panel.locator('body').textContent()) ?? '').includes(SECRET));
  });

  it('a failure that quotes a private value masks it too, and offers Show Secrets', async () => {
    const { page, panel } = workbench();
    await page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).nth(1).click({ timeout: LONG });
    const message = panel.locator('article.failure h1');
    await message.filter({ hasText: /\?q=\*\*\*/ }).waitFor({ timeout: LONG });
    assert.ok(!((await panel.locator('body').textContent()) ?? '').includes('words-3141'));
    const toggle = panel.locator('article.failure').getByRole('button', { name: 'Show Secrets' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click({ timeout: LONG });
    // The message quotes the target as JSON: the tab reads \t.
    await message.filter({ hasText: 'two\\twords-3141' }).waitFor({ timeout: LONG });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle.evaluate((el) => el === document.activeElement), true, 'the toggle keeps the focus');
    await page.keyboard.press('Enter');
    await message.filter({ hasText: /\?q=\*\*\*/ }).waitFor({ timeout: LONG });
  });
});
