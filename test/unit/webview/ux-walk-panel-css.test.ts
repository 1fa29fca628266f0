/**
 * The UI walk's findings on panel.css, read as the webview gets it with each built-in theme's
 * variables resolved as the browser would:
 * - item 1: the status line `HTTP/1.1 200 OK` was #73c991 on Light Modern's white (2.0:1), warnings,
 *   notes and 4xx lines 3.1:1: every text now meets WCAG AA (4.5:1), the status class is a marker;
 * - item 2: secondary buttons had no border and, in Dark Modern and the High Contrast themes, no
 *   background: they read as plain text;
 * - item 4: a hex dump's 16-byte rows wrapped at ~520 px, the Timing table overflowed a ~330 px panel,
 *   and the tab strip cut "Timing" to "T" at ~220 px.
 */
import * as assert from 'node:assert/strict';
import { contrast, cssRules, declarationsFor, over, parseColour, resolve, type Rgba } from './panel-css';
import { THEMES } from './vscode-themes';

/** The page's background in `theme`: panel.css paints the body with the editor's. */
function pageOf(theme: Readonly<Record<string, string>>): Rgba {
  return parseColour(resolve(declarationsFor('body').get('background')!, theme)!)!;
}

/** A background declaration resolved and laid over the page; the page itself without one (or an unset one). */
function backgroundOf(value: string | undefined, theme: Readonly<Record<string, string>>): Rgba {
  const page = pageOf(theme);
  const resolved = value === undefined ? undefined : resolve(value, theme);
  const colour = resolved === undefined ? undefined : parseColour(resolved);
  return colour === undefined ? page : over(colour, page);
}

describe('webview: panel.css text contrast in the built-in themes (UI walk, item 1)', () => {
  const coloured = cssRules().filter((rule) => rule.declarations.has('color') && !/^(inherit|currentColor)$/.test(rule.declarations.get('color')!));

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`every text colour is 4.5:1 or more on its background in ${name}`, () => {
      for (const rule of coloured) {
        const value = resolve(rule.declarations.get('color')!, theme);
        assert.ok(value !== undefined, `${rule.selectors.join(', ')}: ${rule.declarations.get('color')} is unset in ${name}`);
        const background = backgroundOf(rule.declarations.get('background') ?? rule.declarations.get('background-color'), theme);
        const ratio = contrast(over(parseColour(value)!, background), background);
        assert.ok(ratio >= 4.5, `${rule.selectors.join(', ')}: ${value} is ${ratio.toFixed(2)}:1 in ${name}`);
      }
    });
  }

  it('colours no status line, note or warning with an icon colour: their class is a marker beside the text', () => {
    for (const selector of ['.status', '.status-info', '.status-success', '.status-redirect', '.status-client-error', '.status-server-error', '.status-other', '.note', '.warnings']) {
      assert.equal(declarationsFor(selector).get('color'), undefined, `${selector} sets its own text colour`);
    }
    assert.match(declarationsFor('.status').get('border-left') ?? '', /var\(--status-marker, transparent\)/);
  });

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`each status class has a marker of its own, 3:1 or more on the background (WCAG 1.4.11), in ${name}`, () => {
      const page = pageOf(theme);
      const seen = new Map<string, string>();
      for (const statusClass of ['info', 'success', 'redirect', 'client-error', 'server-error']) {
        const marker = resolve(declarationsFor(`.status-${statusClass}`).get('--status-marker') ?? '', theme);
        assert.ok(marker !== undefined && parseColour(marker) !== undefined, `.status-${statusClass} has no marker in ${name}`);
        const ratio = contrast(over(parseColour(marker)!, page), page);
        assert.ok(ratio >= 3, `.status-${statusClass}: ${marker} is ${ratio.toFixed(2)}:1 in ${name}`);
        seen.set(marker.toLowerCase(), statusClass);
      }
      assert.equal(seen.size, 5, `status classes share markers in ${name}: ${JSON.stringify([...seen])}`);
      const warning = resolve(declarationsFor('.note').get('border-left') ?? '', theme);
      assert.ok(warning !== undefined && contrast(over(parseColour(warning)!, page), page) >= 3, `the notes' marker in ${name}`);
    });
  }
});

describe('webview: buttons are visible in every built-in theme (UI walk, item 2)', () => {
  for (const selector of ['.result-action', '.tool', '.body-viewer .cm-search .cm-button']) {
    for (const [name, theme] of Object.entries(THEMES)) {
      it(`${selector} has a border 3:1 or more on the background in ${name}`, () => {
        const declarations = declarationsFor(selector);
        const border = resolve(declarations.get('border') ?? '', theme);
        assert.ok(border !== undefined && /\bsolid\b/.test(border), `${selector}: border ${declarations.get('border')} in ${name}`);
        const page = pageOf(theme);
        const fill = backgroundOf(declarations.get('background'), theme);
        const ratio = contrast(over(parseColour(border)!, fill), page);
        assert.ok(ratio >= 3, `${selector}: border ${border} is ${ratio.toFixed(2)}:1 in ${name}`);
      });
    }
  }

  it('keeps a focus ring on the buttons, and a border on the primary ones', () => {
    for (const selector of ['.result-action:focus-visible', '.tool:focus-visible', '.body-viewer .cm-search .cm-button:focus-visible']) {
      assert.match(declarationsFor(selector).get('outline') ?? '', /--vscode-focusBorder/, selector);
    }
    for (const [name, theme] of Object.entries(THEMES)) {
      const primary = resolve(declarationsFor('.result-action.primary').get('border-color') ?? '', theme);
      assert.ok(primary !== undefined && parseColour(primary)!.a > 0, `the primary button's border in ${name}`);
    }
  });
});

describe('webview: narrow panels (UI walk, item 4)', () => {
  it('a hex dump never wraps its rows: it scrolls sideways', () => {
    const hex = declarationsFor('pre.hex');
    assert.equal(hex.get('white-space'), 'pre');
    assert.equal(hex.get('overflow-wrap'), 'normal');
    assert.match(hex.get('overflow-x') ?? '', /^(auto|scroll)$/);
  });

  it('the Timing track shrinks with the panel: no fixed width, and the table no wider than its container', () => {
    const track = declarationsFor('.timing .track');
    assert.doesNotMatch(track.get('width') ?? '', /\d(em|px|rem|ch)\b/, 'a fixed width pushes the milliseconds out of a narrow panel');
    assert.ok(parseFloat(track.get('min-width') ?? '0') <= 4, `min-width ${track.get('min-width')}`);
    const table = declarationsFor('.timing');
    assert.match(table.get('width') ?? '', /^100%$/);
  });

  it('the tabs wrap onto a new line rather than cut their labels', () => {
    assert.equal(declarationsFor('.tablist').get('flex-wrap'), 'wrap');
    const tab = declarationsFor('.tab');
    assert.equal(tab.get('flex'), 'none', 'a tab that shrinks cuts its label');
    assert.equal(tab.get('white-space'), 'nowrap');
    assert.equal(declarationsFor('.body-tools').get('flex-wrap'), 'wrap');
  });

  it('hides the live region from sight only (UI walk, item 6)', () => {
    const hidden = declarationsFor('.visually-hidden');
    assert.equal(hidden.get('position'), 'absolute');
    assert.equal(hidden.get('width'), '1px');
    assert.equal(hidden.get('overflow'), 'hidden');
    assert.equal(hidden.get('display'), undefined, 'display: none would hide it from screen readers too');
  });
});

describe('webview: panel.css, a narrow panel (third UI walk)', () => {
  it('the headline (status line, or a failure quoting a long {{reference}}) wraps anywhere: a 220 px panel scrolled sideways to 410 px', () => {
    assert.equal(declarationsFor('h1').get('overflow-wrap'), 'anywhere');
  });
});
