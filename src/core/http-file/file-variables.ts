const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_DEPTH = 16;

/**
 * Substitutes `{{name}}` with file variables, which may themselves use other file variables.
 * Returns undefined when any name stays unresolved (an environment, system or chained variable
 * that only sending can know) or the definitions form a cycle.
 */
export function substituteFileVariables(text: string, values: ReadonlyMap<string, string>, depth = 0): string | undefined {
  if (!text.includes('{{')) return text;
  if (depth >= MAX_DEPTH) return undefined;
  let unresolved = false;
  const out = text.replace(VARIABLE, (_whole, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    const inner = substituteFileVariables(value, values, depth + 1);
    if (inner === undefined) unresolved = true;
    return inner ?? '';
  });
  return unresolved ? undefined : out;
}
