import type { HttpFile, HttpRequest } from './model';

/**
 * The request whose block holds `line` (0-based), or undefined for lines outside every request
 * (file variables above the first one, an empty block after the last). Binary search over the
 * requests' extents, which are sorted and disjoint: O(log n).
 */
export function findRequestAt(file: HttpFile, line: number): HttpRequest | undefined {
  const requests = file.requests;
  let lo = 0;
  let hi = requests.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = requests[mid]!;
    if (line < r.extent.startLine) hi = mid - 1;
    else if (line > r.extent.endLine) lo = mid + 1;
    else return r;
  }
  return undefined;
}
