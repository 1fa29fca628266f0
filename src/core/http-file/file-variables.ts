const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_DEPTH = 16;

/**
 * Substitutes `{{name}}` from `values` (file variables, which may themselves use other variables).
 * Returns the text, or `{ unresolved }` naming the first variable that stays unknown (an
 * environment, system or chained variable), or the first name caught in a cycle of definitions.
 */
export function substituteVariables(text: string, values: ReadonlyMap<string, string>, depth = 0): string | { unresolved: string } {
  if (!text.includes('{{')) return text;
  let unresolved: string | undefined;
  const out = text.replace(VARIABLE, (whole, name: string) => {
    if (unresolved !== undefined) return whole;
    const value = values.get(name);
    const inner = value === undefined || depth >= MAX_DEPTH ? { unresolved: name } : substituteVariables(value, values, depth + 1);
    if (typeof inner !== 'string') {
      unresolved = inner.unresolved;
      return whole;
    }
    return inner;
  });
  return unresolved === undefined ? out : { unresolved };
}

/** Like `substituteVariables`, but undefined when anything stays unresolved. */
export function substituteFileVariables(text: string, values: ReadonlyMap<string, string>): string | undefined {
  const out = substituteVariables(text, values);
  return typeof out === 'string' ? out : undefined;
}
