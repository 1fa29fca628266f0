import type { HttpRequest, UnsupportedBlock } from '../core/http-file/model';

/** What each kind of block kept but not run would have done, as a CI log should say it. */
const SKIPPED: Readonly<Record<UnsupportedBlock['kind'], string>> = {
  assertion: '?? assertion',
  'response-handler': '> {% %} response handler',
  script: '{{ }} script',
  'pre-request-script': '< {% %} pre-request script',
  'response-reference': '<> response comparison',
  'output-redirect': '>> output to a file',
  directive: 'directive',
};

/**
 * The stderr line for a request that has blocks HTTP Wire keeps but does not run: in CI a check
 * (`?? status == 200`, `client.assert(...)`) that silently passes is a false green, so the run
 * says which ones were skipped (with their lines) and how to fail on an error status instead.
 * Undefined when it has none.
 */
export function skippedBlocksNote(request: HttpRequest, isFailOnStatus: boolean): string | undefined {
  // Asked after every answer of a run: most requests have no block, and no list need be made for them.
  if (request.unsupported.length === 0) return undefined;
  const blocks = request.unsupported.filter((b) => b.kind !== 'directive');
  if (blocks.length === 0) return undefined;
  const listed = blocks.map((b) => `${SKIPPED[b.kind]} (line ${b.startLine + 1})`).join(', ');
  return `not run: ${listed}${isFailOnStatus ? '' : '; --fail makes a 4xx or 5xx answer fail the run'}`;
}
