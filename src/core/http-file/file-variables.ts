import { findVariable, type VariableSpan } from './variable-syntax';

/** One scratch span for every scan: read at once, before the next. */
const span: VariableSpan = { open: 0, close: 0 };

/** A value that grows past this while expanding is refused: `@a = {{b}}{{b}}`, 20 levels deep, would not fit in memory. */
const MAX_EXPANDED_CHARS = 1024 * 1024;
/** Variables defined through more than this many others are refused rather than overflow the stack. */
const MAX_DEPTH = 64;

/** `text.slice(start, end).trim()`, without the trim's copy for a name written without spaces (`{{host}}`, most). */
function trimmedName(text: string, start: number, end: number): string {
  const name = text.slice(start, end);
  return isVisibleAscii(name.charCodeAt(0)) && isVisibleAscii(name.charCodeAt(name.length - 1)) ? name : name.trim();
}

/** What trim() never removes; anything else (Unicode spaces too) is left to it. */
function isVisibleAscii(c: number): boolean {
  return c > 32 && c < 127;
}

export type Expansion = string | { readonly unresolved: string };

/**
 * Substitutes `{{name}}` from a set of values (file variables, which may use other variables).
 * Each variable is expanded once and remembered, so chains of variables that use each other
 * several times cost linear time, not exponential. A name that stays unknown (an environment,
 * system or chained variable), a cycle, a chain over 64 deep, or a value past 1 MiB makes the expansion
 * `{ unresolved: name }`.
 */
export class VariableExpander {
  private readonly memo = new Map<string, Expansion>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly values: ReadonlyMap<string, string>) {}

  expand(text: string): Expansion {
    // A scan with indexOf, not replace() with a callback: this runs for every URL of a file.
    if (!findVariable(text, 0, span)) return text;
    let out = '';
    let from = 0;
    do {
      // Read before expanding: a variable's own value is scanned with the same span.
      const { open, close } = span;
      const value = this.variable(trimmedName(text, open + 2, close));
      if (typeof value !== 'string') return value;
      out += text.slice(from, open) + value;
      // What the values added, not the text around them (see variable-resolver.ts).
      if (out.length - (close + 2) > MAX_EXPANDED_CHARS) return { unresolved: '(value too large)' };
      from = close + 2;
    } while (findVariable(text, from, span));
    return out + text.slice(from);
  }

  /** Whether `name` is one of the values (defined, whether or not it expands). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** `text` expanded, or undefined when anything stays unresolved. */
  expandOrUndefined(text: string): string | undefined {
    const out = this.expand(text);
    return typeof out === 'string' ? out : undefined;
  }

  private variable(name: string): Expansion {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const raw = this.values.get(name);
    if (raw === undefined || this.inProgress.has(name) || this.inProgress.size >= MAX_DEPTH) return { unresolved: name };
    this.inProgress.add(name);
    const result = this.expand(raw);
    this.inProgress.delete(name);
    this.memo.set(name, result);
    return result;
  }
}
