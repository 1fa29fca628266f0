// panel.css as the webview gets it, read in plain Node: its rules, their declarations with the
// theme's variables resolved as the browser would, and the colour arithmetic of WCAG 2.2.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PANEL_CSS = fs.readFileSync(path.join(__dirname, '../../../../src/webview/ui/panel.css'), 'utf8');

export interface CssRule {
  readonly selectors: readonly string[];
  readonly declarations: ReadonlyMap<string, string>;
}

/** Every rule of panel.css in order (comments dropped; the file has no at-rules). */
export function cssRules(css = PANEL_CSS): CssRule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...text.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => {
    const declarations = new Map<string, string>();
    for (const declaration of m[2]!.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon !== -1) declarations.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
    }
    return { selectors: m[1]!.split(',').map((s) => s.trim()), declarations };
  });
}

/** The declarations of every rule whose selector list names `selector`, in order (later ones win). */
export function declarationsFor(selector: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of cssRules()) if (rule.selectors.includes(selector)) for (const [property, value] of rule.declarations) out.set(property, value);
  return out;
}

/**
 * `value` with its var() replaced by the theme's variables (a variable the theme leaves unset
 * takes the fallback); undefined when one without a fallback is unset: the declaration is then
 * invalid at computed-value time.
 */
export function resolve(value: string, theme: Readonly<Record<string, string>>): string | undefined {
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
export function paints(value: string | undefined): boolean {
  return value !== undefined && /#[0-9a-f]{3,8}\b/i.test(value) && !/^transparent$/.test(value);
}

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

const TRANSPARENT: Rgba = { r: 0, g: 0, b: 0, a: 0 };

/**
 * A resolved colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `transparent`, `none`, or
 * `color-mix(in srgb, <colour> P%, transparent)` (the colour at P% of its alpha); the first colour
 * of a shorthand such as `1px solid #abc`. Undefined when there is none.
 */
export function parseColour(value: string): Rgba | undefined {
  const mix = /color-mix\(in srgb,\s*(#[0-9a-f]{3,8})\s+([\d.]+)%,\s*transparent\)/i.exec(value);
  if (mix !== null) {
    const c = parseColour(mix[1]!)!;
    return { ...c, a: (c.a * Number(mix[2])) / 100 };
  }
  const hex = /#([0-9a-f]{3,8})\b/i.exec(value)?.[1];
  if (hex === undefined) return /\b(transparent|none)\b/.test(value) ? TRANSPARENT : undefined;
  const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
  const channel = (i: number) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
  return { r: channel(0), g: channel(1), b: channel(2), a: full.length === 8 ? channel(3) / 255 : 1 };
}

/** `top` painted over the opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/** WCAG 2.2 relative luminance. */
function luminance({ r, g, b }: Rgba): number {
  const linear = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2.2 contrast ratio of two opaque colours. */
export function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
