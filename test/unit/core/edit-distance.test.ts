import * as assert from 'node:assert/strict';
import { editDistance } from '../../../src/core/edit-distance';

describe('core: edit distance (did-you-mean hints)', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('no-redirct', 'no-redirect'), 1);
    assert.equal(editDistance('timout', 'timeout'), 1);
    assert.equal(editDistance('respone', 'response'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('stops past the limit with limit + 1, and agrees with the full table within it', () => {
    assert.equal(editDistance('verbatim', 'x', 2), 3);
    assert.equal(editDistance('connection-timeout', 'timeout', 2), 3);
    for (const [a, b] of [['nam', 'name'], ['forceref', 'forceRef'], ['sleeep', 'sleep'], ['prmpt', 'prompt']] as const) {
      const full = editDistance(a, b);
      assert.equal(editDistance(a, b, 2), full <= 2 ? full : 3, `${a} / ${b}`);
    }
  });
});
