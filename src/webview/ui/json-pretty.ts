// DOM-free (unit-tested in plain Node): JSON bodies pretty-printed when they parse.

/**
 * The text indented by two spaces, or undefined when it is not JSON (a cut or broken body is shown
 * as it came). Numbers past 2^53 would lose digits through JSON.parse: those bodies stay as sent.
 */
export function prettyJson(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (hasUnsafeNumber(text)) return undefined;
  return JSON.stringify(value, null, 2);
}

/** A run of 16 or more digits may be past Number.MAX_SAFE_INTEGER (9007199254740991). */
function hasUnsafeNumber(text: string): boolean {
  const long = /(?<![\w."])-?\d{16,}/g;
  for (const m of text.matchAll(long)) if (!Number.isSafeInteger(Number(m[0]))) return true;
  return false;
}
