/**
 * Levenshtein distance of `a` and `b`, for "did you mean" hints (a misspelt `# @key`, a reference
 * path's `respone`), or `limit + 1` as soon as it is known to be larger: once every cell of a row
 * of the table exceeds `limit`, the distance only grows. The parser may ask about thousands of
 * unknown keys in one file: with a small limit most are ruled out after a row or two.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    let least = (row[0] = i);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cell = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = cell;
      diagonal = above;
      if (cell < least) least = cell;
    }
    if (least > limit) return limit + 1;
  }
  return row[b.length]!;
}
