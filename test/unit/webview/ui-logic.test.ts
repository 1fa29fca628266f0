/** The webview UI's DOM-free logic (issue 11, item 3): hex dump, JSON pretty-printing, body pieces. */
import * as assert from 'node:assert/strict';
import { BodyAssembly } from '../../../src/webview/ui/body-assembly';
import { base64ToBytes, hexDump } from '../../../src/webview/ui/hex-dump';
import { prettyJson } from '../../../src/webview/ui/json-pretty';

describe('webview UI: hex dump (issue 11, item 3)', () => {
  it('prints offset, two groups of eight bytes and the printable ASCII', () => {
    const bytes = base64ToBytes(Buffer.from('HTTP/1.1 200 OK\r\n\x00\xff').toString('base64'));
    assert.equal(
      hexDump(bytes),
      ['00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  |HTTP/1.1 200 OK.|', '00000010  0a 00 c3 bf                                       |....|'].join('\n'),
    );
  });

  it('round-trips every byte value through base64', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    assert.deepEqual(Buffer.from(base64ToBytes(all.toString('base64'))), all);
    assert.equal(hexDump(new Uint8Array(0)), '');
  });
});

describe('webview UI: JSON pretty-printing (issue 11, item 3)', () => {
  const rows: { name: string; input: string; want: string | undefined }[] = [
    { name: 'an object', input: '{"a":[1,{"b":null}],"c":"é"}', want: '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": "é"\n}' },
    { name: 'a cut body', input: '{"a":[1,', want: undefined },
    { name: 'not JSON', input: '<html>', want: undefined },
    { name: 'a number past 2^53 (would lose digits)', input: '{"id":12345678901234567890}', want: undefined },
    { name: 'a safe long number', input: '{"id":1234567890123456}', want: '{\n  "id": 1234567890123456\n}' },
  ];
  for (const row of rows) it(row.name, () => assert.equal(prettyJson(row.input), row.want));
});

describe('webview UI: body pieces (issue 11, item 3)', () => {
  it('takes the pieces of its result in order and refuses stale or out-of-order ones', () => {
    const a = new BodyAssembly(7, false);
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 1, text: 'late' }), undefined);
    assert.equal(a.accept({ type: 'bodyPiece', seq: 6, index: 0, text: 'stale' }), undefined);
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 0, text: 'one ' }), 'one ');
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 1, text: 'two' }), 'two');
    assert.equal(a.pieceCount, 2);
    assert.equal(a.finish({ type: 'bodyEnd', seq: 7 }), undefined, 'text is kept as appended');
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 2, text: 'after the end' }), undefined);
  });

  it('pretty-prints a JSON body once its last piece is in', () => {
    const a = new BodyAssembly(1, true);
    a.accept({ type: 'bodyPiece', seq: 1, index: 0, text: '{"a":' });
    a.accept({ type: 'bodyPiece', seq: 1, index: 1, text: '1}' });
    assert.equal(a.finish({ type: 'bodyEnd', seq: 2 }), undefined, 'the end of another result');
    assert.equal(a.finish({ type: 'bodyEnd', seq: 1 }), '{\n  "a": 1\n}');
  });
});
