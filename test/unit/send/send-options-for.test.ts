/**
 * `# @` metadata → send options (issue 11, item 0): each row parses real `.http` text, so the
 * parser's keys and values are the ones mapped.
 */
import * as assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import type { Metadata } from '../../../src/core/http-file/model';
import { sendOptionsFor } from '../../../src/core/send/send-options-for';
import type { SendOptions } from '../../../src/core/wire/client-options';

function metadataOf(lines: readonly string[]): readonly Metadata[] {
  const request = parseHttpFile([...lines, 'GET http://example.com/', ''].join('\n')).requests[0];
  assert.ok(request, 'no request parsed');
  return request.metadata;
}

/** The run's options, as a command line would give them. */
const BASE: Partial<SendOptions> = Object.freeze({ maxRedirects: 3, totalTimeoutMs: 9000, maxBodyBytes: 5000 });

/** `want: 'base'`: the very base object comes back; otherwise base with these options on top. */
const rows: { name: string; metadata: string[]; want: 'base' | Partial<SendOptions> }[] = [
  { name: 'no metadata', metadata: [], want: 'base' },
  { name: 'only # @name', metadata: ['# @name login'], want: 'base' },
  { name: '@name, @verbatim and @note', metadata: ['# @name login', '# @verbatim', '// @note hello'], want: 'base' },
  { name: '@no-redirect', metadata: ['# @no-redirect'], want: { followRedirects: false } },
  { name: '@no-redirect written with //', metadata: ['// @no-redirect'], want: { followRedirects: false } },
  { name: '@no-cookie-jar', metadata: ['# @no-cookie-jar'], want: { useCookieJar: false } },
  { name: '@no-reject-unauthorized', metadata: ['# @no-reject-unauthorized'], want: { rejectUnauthorized: false } },
  { name: '@timeout sets the headers and body timeouts', metadata: ['# @timeout 1500'], want: { headersTimeoutMs: 1500, bodyTimeoutMs: 1500 } },
  { name: '@timeout 0 changes nothing', metadata: ['# @timeout 0'], want: 'base' },
  { name: '@timeout that is not a number changes nothing', metadata: ['# @timeout soon'], want: 'base' },
  { name: '@timeout with a fraction changes nothing', metadata: ['# @timeout 1.5'], want: 'base' },
  { name: 'a repeated @timeout counts by its last line', metadata: ['# @timeout 100', '# @timeout 200'], want: { headersTimeoutMs: 200, bodyTimeoutMs: 200 } },
  { name: '@max-body over the base one', metadata: ['# @max-body 1000'], want: { maxBodyBytes: 1000 } },
  { name: '@max-body 0', metadata: ['# @max-body 0'], want: { maxBodyBytes: 0 } },
  { name: 'a negative @max-body changes nothing', metadata: ['# @max-body -1'], want: 'base' },
  { name: 'a bare @max-body changes nothing (not a limit of 0)', metadata: ['# @max-body'], want: 'base' },
  { name: '@max-body past 2^53 changes nothing', metadata: ['# @max-body 99999999999999999999'], want: 'base' },
  {
    name: 'all five at once',
    metadata: ['# @name all', '# @no-redirect', '# @no-cookie-jar', '# @no-reject-unauthorized', '# @timeout 250', '# @max-body 10'],
    want: { followRedirects: false, useCookieJar: false, rejectUnauthorized: false, headersTimeoutMs: 250, bodyTimeoutMs: 250, maxBodyBytes: 10 },
  },
];

describe('send: sendOptionsFor', () => {
  for (const row of rows) {
    it(`issue 11, item 0: ${row.name}`, () => {
      const options = sendOptionsFor(metadataOf(row.metadata), BASE);
      if (row.want === 'base') {
        assert.equal(options, BASE, 'expected the base object itself, not a copy');
      } else {
        assert.notEqual(options, BASE);
        assert.deepEqual(options, { ...BASE, ...row.want });
      }
    });
  }
});
