/**
 * Issue 12, item 4: a referenced JSON body keeps the digits of numbers past 2^53. Compact JSON of
 * random values (integers of every size, strings holding digits, quotes and backslashes, nested
 * arrays and objects) reads back, through parse and asText, as the very text the server sent.
 */
import * as assert from 'node:assert/strict';
import { asText, parseJson } from '../../../src/core/chaining/body-query';
import { protectLossyNumbers } from '../../../src/core/chaining/json-big-numbers';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function integerText(next: () => number): string {
  const digits = 1 + Math.floor(next() * 25);
  let text = String(1 + Math.floor(next() * 9));
  for (let i = 1; i < digits; i++) text += String(Math.floor(next() * 10));
  return next() < 0.3 ? `-${text}` : text;
}

function valueText(next: () => number, depth: number): string {
  const pick = next();
  if (depth > 3 || pick < 0.35) return integerText(next);
  if (pick < 0.6) return JSON.stringify(`${['id ', 'a"b\\\\', '', 'é '][Math.floor(next() * 4)]}${integerText(next)}`);
  if (pick < 0.8) return `[${Array.from({ length: Math.floor(next() * 4) }, () => valueText(next, depth + 1)).join(',')}]`;
  return `{${Array.from({ length: Math.floor(next() * 4) }, (_, i) => `"k${i}":${valueText(next, depth + 1)}`).join(',')}}`;
}

describe('chaining: numbers past 2^53 in referenced JSON (issue 12, item 4)', () => {
  it('issue 12, item 4: 2,000 random compact documents read back as written (seed 12)', () => {
    const next = random(12);
    for (let i = 0; i < 2000; i++) {
      const text = valueText(next, 0);
      assert.equal(asText(parseJson(text, 'the body')), text.startsWith('"') ? JSON.parse(text) : text, text);
    }
  });

  it('issue 12, item 4: leaves a text without such numbers as it is (the same string)', () => {
    const text = '{"id": 9007199254740991, "s": "12345678901234567890", "f": 1.25e3}';
    assert.equal(protectLossyNumbers(text), text);
  });
});
