/**
 * QA report `high-contrast-added-lines-unmarked`: in High Contrast themes the Raw tab's lines the
 * client added or fixed (`mark.client-added`, `mark.client-changed`) looked like any other line,
 * as panel.css marked them with `--vscode-diffEditor-insertedTextBackground` alone, which those
 * themes leave unset (they set the *Border* colours). Read from panel.css as the webview gets it,
 * with each theme's variables resolved as the browser would.
 */
import * as assert from 'node:assert/strict';
import { declarationsFor, paints, resolve } from './panel-css';

/** The variables VS Code's built-in themes set for these colours (unset ones absent). */
const THEMES: Record<string, Record<string, string>> = {
  'Dark Modern': { '--vscode-diffEditor-insertedTextBackground': '#9ccc2c33', '--vscode-editor-findMatchHighlightBackground': '#ea5c0055' },
  'Light Modern': { '--vscode-diffEditor-insertedTextBackground': '#9ccc2c40', '--vscode-editor-findMatchHighlightBackground': '#ea5c0055' },
  'Dark High Contrast': { '--vscode-diffEditor-insertedTextBorder': '#33ff2e', '--vscode-contrastBorder': '#6fc3df' },
  'Light High Contrast': { '--vscode-diffEditor-insertedTextBorder': '#374e06', '--vscode-contrastBorder': '#0f4a85' },
  'a High Contrast theme without a diff border': { '--vscode-contrastBorder': '#6fc3df' },
};

describe('webview: the Raw tab marks what the client added or fixed in every theme (QA high-contrast-added-lines-unmarked)', () => {
  for (const selector of ['mark.client-added', 'mark.client-changed']) {
    for (const [theme, variables] of Object.entries(THEMES)) {
      it(`${selector} is marked in ${theme}`, () => {
        const declarations = declarationsFor(selector);
        const painted = [...declarations].filter(([property, value]) => /^(background|border|outline|text-decoration)(-color)?$/.test(property) && paints(resolve(value, variables)));
        assert.ok(painted.length > 0, `nothing of ${JSON.stringify(Object.fromEntries(declarations))} paints in ${theme}`);
      });
    }
  }

  it('uses the High Contrast border colours, and draws nothing more in themes that set neither', () => {
    const decoration = declarationsFor('mark.client-added').get('text-decoration') ?? '';
    assert.match(decoration, /--vscode-diffEditor-insertedTextBorder/);
    assert.match(decoration, /--vscode-contrastBorder/);
    assert.match(resolve(decoration, THEMES['Dark Modern']!) ?? '', /transparent/);
  });
});
