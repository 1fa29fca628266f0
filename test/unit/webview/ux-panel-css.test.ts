/**
 * QA report `high-contrast-added-lines-unmarked`: in High Contrast themes the Raw tab's lines the
 * client added or fixed (`mark.client-added`, `mark.client-changed`) looked like any other line,
 * as panel.css marked them with `--vscode-diffEditor-insertedTextBackground` alone, which those
 * themes leave unset (they set the *Border* colours). Read from panel.css as the webview gets it,
 * with each theme's variables resolved as the browser would.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const CSS = fs.readFileSync(path.join(__dirname, '../../../../src/webview/ui/panel.css'), 'utf8');

/** The declarations of every rule whose selector list names `selector`, in order (later ones win). */
function declarationsFor(selector: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = CSS.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (!m[1]!.split(',').some((s) => s.trim() === selector)) continue;
    for (const declaration of m[2]!.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon !== -1) out.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
    }
  }
  return out;
}

/**
 * `value` with its var() replaced by the theme's variables (a variable the theme leaves unset
 * takes the fallback); undefined when one without a fallback is unset: the declaration is then
 * invalid at computed-value time, as for the background the report saw.
 */
function resolve(value: string, theme: Readonly<Record<string, string>>): string | undefined {
  const at = value.indexOf('var(');
  if (at === -1) return value;
  let depth = 0;
  let end = at + 3;
  for (; end < value.length; end++) {
    if (value[end] === '(') depth++;
    else if (value[end] === ')' && --depth === 0) break;
  }
  const inner = value.slice(at + 4, end);
  const comma = inner.indexOf(',');
  const name = (comma === -1 ? inner : inner.slice(0, comma)).trim();
  const replaced = theme[name] ?? (comma === -1 ? undefined : resolve(inner.slice(comma + 1).trim(), theme));
  return replaced === undefined ? undefined : resolve(value.slice(0, at) + replaced + value.slice(end + 1), theme);
}

/** Whether a resolved declaration paints something: a colour other than transparent. */
function paints(value: string | undefined): boolean {
  return value !== undefined && /#[0-9a-f]{3,8}\b/i.test(value) && !/^transparent$/.test(value);
}

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
