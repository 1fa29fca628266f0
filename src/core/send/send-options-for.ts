import type { Metadata } from '../http-file/model';
import type { SendOptions } from '../wire/client-options';

type OptionChanges = { -readonly [K in keyof SendOptions]?: SendOptions[K] };

/**
 * One request's send options: the run's `base` (command line or settings) with the request's own
 * `# @` metadata on top:
 *
 * | metadata                    | option                                  |
 * |-----------------------------|-----------------------------------------|
 * | `# @no-redirect`            | `followRedirects: false`                |
 * | `# @no-cookie-jar`          | `useCookieJar: false`                   |
 * | `# @no-reject-unauthorized` | `rejectUnauthorized: false`             |
 * | `# @timeout MS`             | `headersTimeoutMs` and `bodyTimeoutMs`  |
 * | `# @max-body BYTES`         | `maxBodyBytes`                          |
 *
 * A repeated `@timeout` or `@max-body` counts by its last line. Values are read with `Number()`:
 * `@timeout` needs a whole number above 0 and `@max-body` one from 0, else they change nothing
 * (the parser warns about a bad `@timeout`); a bare `# @max-body` changes nothing either (it is
 * not a limit of 0, which `Number('')` would make it).
 *
 * Returns `base` itself, not a copy, when no metadata changes an option (no metadata, or only
 * `@name`, `@verbatim`...): the client merges an options object with its defaults once and keeps
 * the result for that object, so a run of such requests costs one merge, not one per request.
 */
export function sendOptionsFor(metadata: readonly Metadata[], base: Partial<SendOptions>): Partial<SendOptions> {
  if (metadata.length === 0) return base;
  let changes: OptionChanges | undefined;
  let timeout: string | undefined;
  let maxBody: string | undefined;
  for (let i = 0; i < metadata.length; i++) {
    const { key, value } = metadata[i]!;
    switch (key) {
      case 'no-redirect':
        (changes ??= {}).followRedirects = false;
        break;
      case 'no-cookie-jar':
        (changes ??= {}).useCookieJar = false;
        break;
      case 'no-reject-unauthorized':
        (changes ??= {}).rejectUnauthorized = false;
        break;
      case 'timeout':
        timeout = value;
        break;
      case 'max-body':
        maxBody = value;
        break;
    }
  }
  const timeoutMs = Number(timeout);
  if (Number.isInteger(timeoutMs) && timeoutMs > 0) {
    changes ??= {};
    changes.headersTimeoutMs = timeoutMs;
    changes.bodyTimeoutMs = timeoutMs;
  }
  const maxBodyBytes = maxBody === undefined || maxBody.trim() === '' ? Number.NaN : Number(maxBody);
  if (Number.isSafeInteger(maxBodyBytes) && maxBodyBytes >= 0) (changes ??= {}).maxBodyBytes = maxBodyBytes;
  return changes === undefined ? base : { ...base, ...changes };
}
