import * as assert from 'node:assert/strict';
import { RunTally } from '../../../src/core/send/run-tally';

describe('send: the tally of a run (Send All, the CLI\'s --all)', () => {
  it('names each kind of outcome, the most frequent error statuses and codes first', () => {
    const tally = new RunTally();
    for (const status of [200, 201, 302, 404, 500, 404]) tally.answered(status);
    tally.failed('HW_CONNECT_REFUSED');
    tally.skipped();
    assert.equal(tally.summary('Send All in api.http', 8, 3456, false), 'Send All in api.http: 8 requests in 3.5 s: 3 answered 2xx/3xx, 3 answered HTTP 404 ×2, HTTP 500, 1 failed (HW_CONNECT_REFUSED), 1 not sent by your choice.');
    assert.equal(tally.isWarning, true);
    assert.deepEqual(tally.counts(), { done: 8, answered: 6, errorStatus: 3, failed: 1, declined: 1 });
  });

  it('is no warning when every answer is a success, and says how far a cancelled run got', () => {
    const tally = new RunTally();
    tally.answered(200);
    assert.equal(tally.summary('Send All in a.http', 1, 12.4, false), 'Send All in a.http: 1 request in 12 ms: 1 answered 2xx/3xx.');
    assert.equal(tally.isWarning, false);
    assert.equal(tally.summary('Send All in a.http', 5, 10, true), 'Send All in a.http cancelled after 1 of 5 requests: 1 answered 2xx/3xx.');
    assert.equal(new RunTally().summary('Send All in a.http', 5, 10, true), 'Send All in a.http cancelled after 0 of 5 requests.');
  });

  it('names at most three codes', () => {
    const tally = new RunTally();
    for (const code of ['HW_A', 'HW_B', 'HW_C', 'HW_D', 'HW_A']) tally.failed(code);
    assert.equal(tally.summary('Send All in f.http', 5, 2000, false), 'Send All in f.http: 5 requests in 2.0 s: 5 failed (HW_A ×2, HW_B, HW_C, …).');
  });
});
