// The invisible characters that reorder the text around them: bidi embeddings, overrides and
// isolates, and the direction marks. Rendered, `role=\u202Enimda` reads "role=admin" (Trojan
// Source, CVE-2021-42574); a panel that shows what came over the wire draws them as visible
// placeholders instead. DOM-free, so it is tested in plain Node.

/** Each control with its abbreviation and name in the Unicode Bidirectional Algorithm (UAX #9, §2). */
const CONTROLS: ReadonlyMap<number, readonly [abbreviation: string, name: string]> = new Map([
  [0x061c, ['ALM', 'arabic letter mark']],
  [0x200e, ['LRM', 'left-to-right mark']],
  [0x200f, ['RLM', 'right-to-left mark']],
  [0x202a, ['LRE', 'left-to-right embedding']],
  [0x202b, ['RLE', 'right-to-left embedding']],
  [0x202c, ['PDF', 'pop directional formatting']],
  [0x202d, ['LRO', 'left-to-right override']],
  [0x202e, ['RLO', 'right-to-left override']],
  [0x2066, ['LRI', 'left-to-right isolate']],
  [0x2067, ['RLI', 'right-to-left isolate']],
  [0x2068, ['FSI', 'first strong isolate']],
  [0x2069, ['PDI', 'pop directional isolate']],
]);

/**
 * Matches one bidi control. Also given to CodeMirror's highlightSpecialChars as `addSpecialChars`:
 * its own default set lacks LRE, RLE, PDF and FSI.
 */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A bidi control as shown: `⟨RLO⟩`, with the description for its title and aria-label. */
export interface BidiControl {
  readonly code: number;
  readonly placeholder: string;
  readonly description: string;
}

/** The placeholder of `code`, or undefined when it is no bidi control. */
export function bidiControl(code: number): BidiControl | undefined {
  const known = CONTROLS.get(code);
  if (known === undefined) return undefined;
  const [abbreviation, name] = known;
  return { code, placeholder: `⟨${abbreviation}⟩`, description: `Control character: ${name} (U+${code.toString(16).toUpperCase().padStart(4, '0')})` };
}

const ALL_CONTROLS = new RegExp(BIDI_CONTROL.source, 'g');

/** `text` cut into its runs of other characters and its bidi controls, in order; `[text]` without any. */
export function splitBidiControls(text: string): Array<string | BidiControl> {
  if (!BIDI_CONTROL.test(text)) return [text];
  const parts: Array<string | BidiControl> = [];
  let from = 0;
  for (const m of text.matchAll(ALL_CONTROLS)) {
    if (m.index > from) parts.push(text.slice(from, m.index));
    parts.push(bidiControl(text.charCodeAt(m.index))!);
    from = m.index + 1;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}
