// UI test through the real workbench (issue 11, item 2): the response panel's Save Body button
// goes through VS Code's save dialog with the name the body's type gives, and its Compare… button
// opens a diff with an answer picked from the history. Run by `npm run test:ui`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startDemoServer } from '../../src/demo/demo-server';
import { NOT_FOUND_BODY } from '../../src/demo/seed-responses';
import { openUiWorkspace, uiSuite } from './support/workbench-ui';

const FILE = 'ui-save.http';
const LONG = 60_000;

describe('UI: the response panel saves and compares its answer (issue 11, item 2)', function () {
  this.timeout(3 * LONG);
  let folder = '';
  let port = 0;

  const workbench = uiSuite(async (parts) => {
    const demo = await startDemoServer(0, '127.0.0.1');
    parts.servers.push(demo);
    port = (demo.address() as AddressInfo).port;
    const text = ['# @name home', `GET http://127.0.0.1:${port}/`, '', '###', '# @name notFound', `GET http://127.0.0.1:${port}/no-such-page`, ''].join('\n');
    ({ folder } = await openUiWorkspace('http-wire-ui-save-', FILE, text, parts));
  });

  /** Polls `condition` every 100 ms until it holds; fails naming `what` after LONG. */
  async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + LONG;
    while (!(await condition())) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await workbench().page.waitForTimeout(100);
    }
  }

  async function send(index: number, statusLine: string): Promise<void> {
    const { page, panel } = workbench();
    await page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).nth(index).click({ timeout: LONG });
    await panel.locator('h1.status', { hasText: statusLine }).waitFor({ timeout: LONG });
  }

  it('Save Body: the save dialog proposes response.html for a text/html body and writes its bytes', async () => {
    await send(0, 'HTTP/1.1 200 OK');
    await send(1, 'HTTP/1.1 404 Not Found');
    const { page, panel } = workbench();
    await panel.getByRole('button', { name: 'Save Body' }).click({ timeout: LONG });
    // VS Code's own save dialog (a quick input over the remote file system), the path proposed.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: LONG });
    const target = path.join(folder, 'response.html');
    await until('the dialog to propose response.html', async () => (await input.inputValue()).endsWith('/response.html'));
    await input.press('Enter');
    await until(`${target} to be written`, () => fs.existsSync(target) && fs.statSync(target).size === NOT_FOUND_BODY.length);
    assert.deepEqual(fs.readFileSync(target), NOT_FOUND_BODY);
  });

  it('Compare…: picks the 200 from the history and opens a diff titled with both', async () => {
    const { page, panel } = workbench();
    await panel.getByRole('button', { name: 'Compare…' }).click({ timeout: LONG });
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: LONG });
    await page.locator('.quick-input-widget .quick-input-list-row', { hasText: '200 OK' }).first().waitFor({ timeout: LONG });
    await input.fill('200 OK');
    await input.press('Enter');
    const title = `notFound ↔ GET http://127.0.0.1:${port}/`;
    await page.locator('.tabs-container .tab', { hasText: title }).waitFor({ timeout: LONG });
    const diff = page.locator('.monaco-diff-editor');
    await diff.locator('.view-line', { hasText: 'HTTP/1.1 404 Not Found' }).first().waitFor({ timeout: LONG });
    await diff.locator('.view-line', { hasText: 'HTTP/1.1 200 OK' }).first().waitFor({ timeout: LONG });
  });
});
