/**
 * UI walk, item 9: the body's search (CodeMirror's panel) said neither how many matches there were
 * nor that there were none. The count is made in slices (a 50 MB body must not hold the page), in
 * stretches that end at line ends, as the sliced find does.
 */
import * as assert from 'node:assert/strict';
import { SearchQuery } from '@codemirror/search';
import { Text } from '@codemirror/state';
import { MATCH_COUNT_LIMIT, MatchCount, matchCountText, STRETCH_CHARS } from '../../../src/webview/ui/match-count';

/** Counts to the end, one stretch per step as a page slice would; the steps taken. */
function countAll(count: MatchCount): number {
  let steps = 0;
  for (let isDone = false; !isDone; steps++) {
    let isOut = false;
    isDone = count.step(() => {
      const was = isOut;
      isOut = true;
      return was;
    });
  }
  return steps;
}

const docOf = (lines: string[]) => Text.of(lines);

describe('webview UI: the body search counts its matches (UI walk, item 9)', () => {
  it('"N of M" on a match, "M matches" elsewhere, "No results", nothing without a query', () => {
    const doc = docOf(['{"a": "user 1",', ' "b": "user 2", "c": "user 3"}']);
    const query = new SearchQuery({ search: 'user' });
    const count = new MatchCount(query, doc);
    countAll(count);
    assert.equal(count.total, 3);
    const second = doc.toString().indexOf('user', doc.toString().indexOf('user') + 1);
    assert.equal(matchCountText(query, count, count.numberOf(second, second + 4)), '2 of 3');
    assert.equal(matchCountText(query, count, count.numberOf(0, 0)), '3 matches');

    const none = new SearchQuery({ search: 'zzznomatch' });
    const nothing = new MatchCount(none, doc);
    countAll(nothing);
    assert.equal(matchCountText(none, nothing, undefined), 'No results');

    const one = new SearchQuery({ search: '"c"' });
    const single = new MatchCount(one, doc);
    countAll(single);
    assert.equal(matchCountText(one, single, undefined), '1 match');

    assert.equal(matchCountText(new SearchQuery({ search: '' }), new MatchCount(new SearchQuery({ search: '' }), doc), undefined), '');
    const bad = new SearchQuery({ search: '(', regexp: true });
    assert.equal(matchCountText(bad, new MatchCount(bad, doc), undefined), 'Not a valid regular expression');
  });

  it('counts a body of many stretches in as many slices, each match once, and says so while counting', () => {
    const line = 'x'.repeat(999);
    const lines = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? `${line.slice(4)}HIT!` : line));
    const doc = docOf(lines);
    assert.ok(doc.length > 5 * STRETCH_CHARS);
    const query = new SearchQuery({ search: 'HIT!' });
    const count = new MatchCount(query, doc);
    count.step(() => count.total > 0);
    assert.equal(count.isDone, false);
    assert.match(matchCountText(query, count, undefined), /^\d+\+ matches$/);
    const steps = countAll(count);
    assert.ok(steps >= 5, `${steps} steps`);
    assert.equal(count.total, 100);
    assert.equal(matchCountText(query, count, undefined), '100 matches');
    const last = doc.toString().lastIndexOf('HIT!');
    assert.equal(count.numberOf(last, last + 4), 100);
  });

  it('counts an empty match at a stretch end once (a regular expression such as ^)', () => {
    const doc = docOf(Array.from({ length: 300 }, () => 'y'.repeat(999)));
    const query = new SearchQuery({ search: '^', regexp: true });
    const count = new MatchCount(query, doc);
    countAll(count);
    assert.equal(count.total, 300);
  });

  it(`stops at ${MATCH_COUNT_LIMIT} matches: "${MATCH_COUNT_LIMIT}+"`, () => {
    const doc = docOf(Array.from({ length: 2000 }, () => 'a a a a a a'));
    const query = new SearchQuery({ search: 'a' });
    const count = new MatchCount(query, doc);
    countAll(count);
    assert.equal(count.total, MATCH_COUNT_LIMIT);
    assert.equal(matchCountText(query, count, undefined), `${MATCH_COUNT_LIMIT}+ matches`);
    assert.equal(matchCountText(query, count, 3), `3 of ${MATCH_COUNT_LIMIT}+`);
  });

  it('tells matches that start at the same place apart by their end', () => {
    const doc = docOf(['aaa']);
    const query = new SearchQuery({ search: 'a+?|aa', regexp: true });
    const count = new MatchCount(query, doc);
    countAll(count);
    assert.equal(count.numberOf(0, 2), undefined);
    assert.equal(count.numberOf(0, 1), 1);
  });
});
