/**
 * The summary line above a request once it has been answered (issue 11, item 1):
 * `200 OK · 34 ms · 1.2 KB`.
 */
import * as assert from 'node:assert/strict';
import { formatByteSize, formatDuration, summarizeExchange } from '../../../src/core/response/exchange-summary';

describe('exchange summary (issue 11, item 1)', () => {
  const summaries = [
    { name: 'the issue\'s example', input: { status: 200, reason: 'OK', totalMs: 34.4, bodyBytes: 1229 }, want: '200 OK · 34 ms · 1.2 KB' },
    { name: 'a reason of several words', input: { status: 301, reason: 'Moved Permanently', totalMs: 2.6, bodyBytes: 347 }, want: '301 Moved Permanently · 3 ms · 347 B' },
    { name: 'no reason phrase', input: { status: 204, reason: '', totalMs: 0.2, bodyBytes: 0 }, want: '204 · 0 ms · 0 B' },
    { name: 'a slow, big answer', input: { status: 200, reason: 'OK', totalMs: 1549, bodyBytes: 50 * 1024 * 1024 }, want: '200 OK · 1.5 s · 50.0 MB' },
  ];
  for (const { name, input, want } of summaries) {
    it(name, () => assert.equal(summarizeExchange(input), want));
  }

  const sizes = [
    { input: 0, want: '0 B' },
    { input: 1023, want: '1023 B' },
    { input: 1024, want: '1.0 KB' },
    { input: 29769, want: '29.1 KB' },
    // Just under 1 MB would round to "1024.0 KB": it is shown as the next unit.
    { input: 1024 * 1024 - 1, want: '1.0 MB' },
    { input: 3 * 1024 ** 3, want: '3.0 GB' },
    { input: 5 * 1024 ** 5, want: '5120.0 TB' },
  ];
  for (const { input, want } of sizes) {
    it(`${input} bytes read ${want}`, () => assert.equal(formatByteSize(input), want));
  }

  const durations = [
    { input: 0.4, want: '0 ms' },
    { input: 999.4, want: '999 ms' },
    { input: 999.6, want: '1.0 s' },
    { input: 12_345, want: '12.3 s' },
  ];
  for (const { input, want } of durations) {
    it(`${input} ms reads ${want}`, () => assert.equal(formatDuration(input), want));
  }
});
