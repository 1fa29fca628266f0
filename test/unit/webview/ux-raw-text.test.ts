/**
 * The panel's text as shown, DOM-free parts (webview/ui):
 * - QA report `bidi-controls-not-shown`: bidi overrides, embeddings, isolates and direction marks
 *   were obeyed, so `role=\u202Enimda` read "role=admin"; they are now cut out as placeholders
 *   (the Body viewer, the Raw tab and header values draw them from the same pieces);
 * - QA report `raw-tab-utf8-mojibake`: the Raw tab showed the bytes as Latin-1 ("cafÃ©"); it now
 *   decodes the well-formed UTF-8 sequences and keeps every other byte as its Latin-1 character.
 */
import * as assert from 'node:assert/strict';
import { BIDI_CONTROL, bidiControl, splitBidiControls } from '../../../src/webview/ui/bidi-controls';
import { decodeRawText } from '../../../src/webview/ui/raw-text';
import { markSentLines } from '../../../src/webview/ui/sent-lines';

/** Bytes as the host posts them: one latin1 character per byte. */
const latin1 = (bytes: Buffer | string): string => (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('latin1');

describe('webview UI: bidi controls shown, not obeyed (QA bidi-controls-not-shown)', () => {
  const CONTROLS = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];

  it('knows every bidi control of the report (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and nothing else', () => {
    for (const code of CONTROLS) {
      assert.ok(BIDI_CONTROL.test(String.fromCharCode(code)), code.toString(16));
      assert.ok(bidiControl(code) !== undefined, code.toString(16));
    }
    for (const other of ['a', 'é', '\u200b', '\u2028', '\u2065', '\u206a', '\u202f', '\u0000']) {
      assert.equal(BIDI_CONTROL.test(other), false, JSON.stringify(other));
      assert.equal(bidiControl(other.charCodeAt(0)), undefined);
    }
    // CodeMirror joins it to its own set with the flags "gu": it must compile so.
    assert.ok(new RegExp(`[a]|${BIDI_CONTROL.source}`, 'gu').test('\u2068'));
  });

  it('role=\\u202Enimda is cut into the text and a visible ⟨RLO⟩ that names the character', () => {
    assert.deepEqual(splitBidiControls('role=\u202Enimda'), ['role=', { code: 0x202e, placeholder: '⟨RLO⟩', description: 'Control character: right-to-left override (U+202E)' }, 'nimda']);
    const shown = (text: string): string => splitBidiControls(text).map((p) => (typeof p === 'string' ? p : p.placeholder)).join('');
    assert.equal(shown('\u2066a\u2069\u202a\u202b\u202c\u202d\u2067\u2068\u200e\u200f\u061c'), '⟨LRI⟩a⟨PDI⟩⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLI⟩⟨FSI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩');
    assert.equal(bidiControl(0x061c)?.description, 'Control character: arabic letter mark (U+061C)');
  });

  it('text without any stays one piece, the same string', () => {
    const text = 'HTTP/1.1 200 OK\r\nX: café ✓\r\n';
    assert.deepEqual(splitBidiControls(text), [text]);
    assert.deepEqual(splitBidiControls(''), ['']);
  });

  it('a header value or raw line holding one is shown with it as a placeholder after UTF-8 decoding', () => {
    const raw = latin1('X-Role: role=\u202Enimda\r\n');
    // Read as Latin-1 the control is three bytes of mojibake; decoded it is the control, shown.
    assert.deepEqual(splitBidiControls(raw), [raw]);
    assert.deepEqual(
      splitBidiControls(decodeRawText(raw)).map((p) => (typeof p === 'string' ? p : p.placeholder)),
      ['X-Role: role=', '⟨RLO⟩', 'nimda\r\n'],
    );
  });
});

describe('webview UI: the Raw tab reads UTF-8 as UTF-8 (QA raw-tab-utf8-mojibake)', () => {
  const rows: Array<{ name: string; bytes: Buffer; want: string }> = [
    { name: 'the report: "café" and "Zoë ✓" sent as UTF-8', bytes: Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ncafé Zoë ✓', 'utf8'), want: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ncafé Zoë ✓' },
    { name: 'four-byte sequences (outside the BMP)', bytes: Buffer.from('a😀b𝄞', 'utf8'), want: 'a😀b𝄞' },
    { name: 'a Latin-1 body stays Latin-1, byte for byte', bytes: Buffer.from('caf\xe9 \xfcber\r\n', 'latin1'), want: 'caf\xe9 \xfcber\r\n' },
    { name: 'UTF-8 and stray bytes mixed: each sequence decoded, each other byte Latin-1', bytes: Buffer.concat([Buffer.from('é', 'utf8'), Buffer.from([0xe9, 0x20]), Buffer.from('✓', 'utf8'), Buffer.from([0xff, 0xc3])]), want: 'é\xe9 ✓\xff\xc3' },
    { name: 'overlong forms are not UTF-8', bytes: Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xf0, 0x80, 0x80, 0xaf]), want: '\xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf' },
    { name: 'surrogates and code points past U+10FFFF are not UTF-8', bytes: Buffer.from([0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), want: '\xed\xa0\x80\xf4\x90\x80\x80' },
    { name: 'a sequence cut by a chunk-size line, or at the end of the capture, stays bytes', bytes: Buffer.from([0x63, 0xc3, 0x0d, 0x0a, 0x31, 0x0d, 0x0a, 0xa9, 0xe2, 0x9c]), want: 'c\xc3\r\n1\r\n\xa9\xe2\x9c' },
    { name: 'CR and LF stay where they were', bytes: Buffer.from('a\r\nb\nc\rd', 'utf8'), want: 'a\r\nb\nc\rd' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(decodeRawText(row.bytes.toString('latin1')), row.want);
    });
  }

  it('ASCII comes back as the same string, and every byte value survives', () => {
    const ascii = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
    assert.equal(decodeRawText(ascii), ascii);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('latin1');
    // No two bytes in a row here form a sequence (C2 is followed by C3): all stay Latin-1.
    assert.equal(decodeRawText(all), all);
  });

  it('the header lines the client added are still marked once the text is decoded', () => {
    const sent = latin1('POST /x HTTP/1.1\r\nX-Name: Zoë\r\nContent-Length: 6\r\n\r\nZoë ✓');
    const lines = markSentLines(decodeRawText(sent), [{ name: 'Content-Length', action: 'added', text: 'Content-Length: 6', reason: 'r' }]);
    assert.deepEqual(
      lines.map((l) => [l.text, l.change?.name]),
      [
        ['POST /x HTTP/1.1\r\n', undefined],
        ['X-Name: Zoë\r\n', undefined],
        ['Content-Length: 6\r\n', 'Content-Length'],
        ['\r\nZoë ✓', undefined],
      ],
    );
  });

  it('decodes a capture of 1 MB (about the Raw limit) of non-ASCII text quickly', () => {
    const text = Buffer.from('é✓'.repeat(200_000), 'utf8').toString('latin1');
    const started = performance.now();
    const decoded = decodeRawText(text);
    const ms = performance.now() - started;
    assert.equal(decoded, 'é✓'.repeat(200_000));
    assert.ok(ms < 1000, `${ms} ms`);
  });
});
