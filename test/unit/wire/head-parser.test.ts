/**
 * parseHeadFast, the keep-alive hot path's reading of a head, against parseHead, the careful one:
 * it takes only regular heads, reads them exactly as parseHead does, and leaves everything else
 * (irregular forms and every error) to parseHead.
 */

import assert from 'node:assert/strict';
import { HttpWireError } from '../../../src/core/errors';
import type { ResponseHead } from '../../../src/core/response/model';
import { parseHead, parseHeadFast } from '../../../src/core/wire/head-parser';
import { makeFuzzCase, Rng } from './support-a';

/** What parseHead makes of `text`: the head, or the code it throws. */
function carefully(text: string): ResponseHead | string {
  try {
    return parseHead(text, 0);
  } catch (err) {
    if (err instanceof HttpWireError) return err.code;
    throw err;
  }
}

describe('wire: parseHeadFast', () => {
  const taken: { name: string; input: string }[] = [
    { name: 'a status line and headers', input: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n' },
    { name: 'no reason phrase', input: 'HTTP/1.1 204\r\n\r\n' },
    { name: 'an empty reason after the space', input: 'HTTP/1.1 200 \r\nA: b\r\n\r\n' },
    { name: 'a reason with spaces, a tab and latin1', input: 'HTTP/1.0 404  Nicht\tgefunden \xe4 \r\n\r\n' },
    { name: 'OWS around values, an empty value, colons in a value', input: 'HTTP/1.1 200 OK\r\nA:b\r\nB: \t c d \t\r\nC:\r\nD: http://x:1/\r\n\r\n' },
    { name: 'repeated names in their case and order', input: 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nSET-COOKIE: c=3\r\n\r\n' },
    { name: 'the lowest and highest status codes', input: 'HTTP/1.1 100 Continue\r\n\r\n' },
    { name: 'status 599', input: 'HTTP/1.1 599 X\r\n\r\n' },
    { name: 'an HTTP/1.9 version', input: 'HTTP/1.9 200 OK\r\n\r\n' },
    { name: 'latin1 bytes in values', input: 'HTTP/1.1 200 OK\r\nX-Name: Garc\xeda \xff\x80\r\n\r\n' },
  ];
  for (const row of taken) {
    it(`reads ${row.name} as parseHead does`, () => {
      const fast = parseHeadFast(row.input);
      assert.notEqual(fast, undefined, 'left to parseHead');
      assert.deepEqual(fast, parseHead(row.input, 0));
    });
  }

  const left: { name: string; input: string }[] = [
    { name: 'bare LF line ends', input: 'HTTP/1.1 200 OK\nA: b\n\n' },
    { name: 'one bare LF', input: 'HTTP/1.1 200 OK\r\nA: b\n\r\n' },
    { name: 'a bare CR in a value', input: 'HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n' },
    { name: 'a bare CR in the status line', input: 'HTTP/1.1 200 O\rK\r\n\r\n' },
    { name: 'obs-fold', input: 'HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n' },
    { name: 'a control character in a value', input: 'HTTP/1.1 200 OK\r\nA: b\x01\r\n\r\n' },
    { name: 'DEL in the reason', input: 'HTTP/1.1 200 O\x7fK\r\n\r\n' },
    { name: 'NUL in a name', input: 'HTTP/1.1 200 OK\r\nA\0: b\r\n\r\n' },
    { name: 'a space before the colon', input: 'HTTP/1.1 200 OK\r\nA : b\r\n\r\n' },
    { name: 'a line without a colon', input: 'HTTP/1.1 200 OK\r\nA b\r\n\r\n' },
    { name: 'an empty name', input: 'HTTP/1.1 200 OK\r\n: b\r\n\r\n' },
    { name: 'status 600', input: 'HTTP/1.1 600 X\r\n\r\n' },
    { name: 'status 099', input: 'HTTP/1.1 099 X\r\n\r\n' },
    { name: 'a four-digit status', input: 'HTTP/1.1 2000 OK\r\n\r\n' },
    { name: 'HTTP/2', input: 'HTTP/2 200 OK\r\n\r\n' },
    { name: 'HTTP/2.0', input: 'HTTP/2.0 200 OK\r\n\r\n' },
    { name: 'no space after the version', input: 'HTTP/1.1  200 OK\r\n\r\n' },
    { name: 'bytes after the blank line', input: 'HTTP/1.1 200 OK\r\n\r\nx' },
    { name: 'no blank line', input: 'HTTP/1.1 200 OK\r\nA: b\r\n' },
  ];
  for (const row of left) {
    it(`leaves ${row.name} to parseHead`, () => assert.equal(parseHeadFast(row.input), undefined));
  }

  it('agrees with parseHead on every head it takes among 3,000 fuzzed responses', () => {
    const rng = new Rng(20_240_601);
    let isTaken = 0;
    let isLeft = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = makeFuzzCase(rng).bytes;
      const end = bytes.indexOf('\r\n\r\n');
      if (end === -1) continue;
      const text = bytes.toString('latin1', 0, end + 4);
      const fast = parseHeadFast(text);
      if (fast === undefined) {
        isLeft++;
        continue;
      }
      isTaken++;
      assert.deepEqual(fast, carefully(text), `case ${i}: ${JSON.stringify(text)}`);
    }
    assert.ok(isTaken > 500 && isLeft > 100, `taken ${isTaken}, left ${isLeft}: the fuzz no longer reaches both sides`);
  });
});
