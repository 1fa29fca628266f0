// Time to first screen through the real workbench (issue 11, item 4): from the click on a Send
// Request lens to the first lines of the body in the response panel, as a user sees it; and the
// same for VS Code's own editor opening a file, the peer the bench prints beside it.
import type { WorkbenchUi } from './workbench-ui';

const LONG = 60_000;

/** Waits until `count` lenses read "Send Request" and none reads "Sending… (Cancel)". */
export async function waitForSendLenses(ui: WorkbenchUi, count: number): Promise<void> {
  await ui.page.locator('.codelens-decoration a', { hasText: /^Sending/ }).first().waitFor({ state: 'detached', timeout: LONG });
  await ui.page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).nth(count - 1).waitFor({ timeout: LONG });
}

/**
 * Clicks the `index`th Send Request lens and resolves with the milliseconds until a line of the
 * panel's body viewer shows `text`. What an earlier answer left in the panel is marked first, so
 * only the new rendering can match.
 */
export async function timeSendToFirstScreen(ui: WorkbenchUi, index: number, text: string, timeoutMs = LONG): Promise<number> {
  const { page, panel } = ui;
  if ((await page.locator('iframe.webview.ready').count()) > 0) {
    await panel.locator('.body-text').evaluateAll((els) => els.forEach((el) => el.setAttribute('data-earlier', '')));
  }
  const lens = page.locator('.codelens-decoration a', { hasText: /^Send Request$/ }).nth(index);
  await lens.waitFor({ timeout: LONG });
  const started = Date.now();
  await lens.click({ timeout: LONG });
  await panel.locator('.body-text:not([data-earlier]) .cm-line', { hasText: text }).first().waitFor({ timeout: timeoutMs });
  return Date.now() - started;
}

/**
 * Clicks `fileName` in the explorer and resolves with the milliseconds until VS Code's editor
 * shows a line with `text`: its own first screen of the same body, timed the same way. A file
 * over VS Code's large-file limit (about 50 MB in the browser) first shows "Open Anyway": it is
 * clicked at once, and `wasConfirmed` says so.
 */
export async function timeOpenToFirstScreen(ui: WorkbenchUi, fileName: string, text: string, timeoutMs = LONG): Promise<{ ms: number; wasConfirmed: boolean }> {
  const { page } = ui;
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName });
  await row.waitFor({ timeout: LONG });
  const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: text }).first();
  const openAnyway = page.getByRole('button', { name: 'Open Anyway' });
  const started = Date.now();
  await row.click({ timeout: LONG });
  await line.or(openAnyway).first().waitFor({ timeout: timeoutMs });
  const wasConfirmed = await openAnyway.isVisible();
  if (wasConfirmed) {
    await openAnyway.click({ timeout: LONG });
    await line.waitFor({ timeout: timeoutMs });
  }
  return { ms: Date.now() - started, wasConfirmed };
}

/** The body viewer's rendered lines (all of a short body; the lines in sight of a long one). */
export async function bodyLines(ui: WorkbenchUi): Promise<string[]> {
  return ui.panel.locator('.body-text:not([data-earlier]) .cm-line').allTextContents();
}
