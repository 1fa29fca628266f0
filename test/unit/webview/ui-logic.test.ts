/** The webview UI's DOM-free logic (issue 11, items 3 and 4): hex dump, JSON pretty-printed as it streams, body pieces. */
import * as assert from 'node:assert/strict';
import { BodyAssembly } from '../../../src/webview/ui/body-assembly';
import { base64ToBytes, hexDump } from '../../../src/webview/ui/hex-dump';
import { PREVIEW_CSP, previewDocument } from '../../../src/webview/ui/html-preview';
import { BodyFeed, NOT_JSON_NOTE, type PrettyPort, type TextSink } from '../../../src/webview/ui/body-feed';
import { prettyJson } from '../../../src/webview/ui/json-pretty';
import { JsonStreamFormatter } from '../../../src/webview/ui/json-stream-format';
import type { FromPrettyWorker, ToPrettyWorker } from '../../../src/webview/ui/pretty-messages';
import { PrettySession } from '../../../src/webview/ui/pretty-session';
import { XmlStreamFormatter } from '../../../src/webview/ui/xml-stream-format';

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

describe('webview UI: JSON pretty-printed as it streams (issue 11, items 3 and 4)', () => {
  /** The formatter's output for `text` cut in two at `cut`, or undefined when it is not JSON. */
  function formatSplit(text: string, cut: number): string | undefined {
    const f = new JsonStreamFormatter();
    const parts = [f.write(text.slice(0, cut)), f.write(text.slice(cut)), f.end()];
    return parts.some((p) => p === undefined) ? undefined : parts.join('');
  }

  it('lays JSON out as JSON.stringify(value, null, 2) does, wherever the pieces are cut', () => {
    const values: unknown[] = [{ a: [1, { b: null }], c: 'é\n"q" \\ \u0001', d: {}, e: [], f: [[], [{}]], g: -1.5e-7, h: true, i: false }, [], {}, 0, 'text', [1, [2, [3]]]];
    for (const value of values) {
      const text = JSON.stringify(value);
      const want = JSON.stringify(value, null, 2);
      for (let cut = 0; cut <= text.length; cut++) assert.equal(formatSplit(text, cut), want, `${text} cut at ${cut}`);
    }
  });

  it('keeps every token as sent: long numbers, escapes, exponents, whitespace inside strings', () => {
    const text = ' {"id" : 12345678901234567890, "e":"caf\\u00e9 \\/", "x":1E+2 ,"s":"a  b"}\r\n';
    assert.equal(formatSplit(text, 9), '{\n  "id": 12345678901234567890,\n  "e": "caf\\u00e9 \\/",\n  "x": 1E+2,\n  "s": "a  b"\n}');
  });

  it('says "not JSON" for what RFC 8259 refuses, wherever the pieces are cut', () => {
    const bad = ['{"a" 1}', '[1,]', '{"a":1,}', '01', '[1 2]', '"\\x"', '"\\u12g4"', '{', '[1', 'tru', '1 2', '"a\u0001"', '{"a":1}}', '[}', '{1:2}', "{'a':1}", '<html>', '', 'NaN', '+1', '.5', '1.', '"open'];
    for (const text of bad) {
      for (let cut = 0; cut <= text.length; cut++) assert.equal(formatSplit(text, cut), undefined, `${JSON.stringify(text)} cut at ${cut}`);
    }
  });

  it('re-indents 5 MB in pieces as fast as parse + stringify would, within a second', () => {
    const big = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `row ${i}`, tags: ['a', 'b'], price: i * 1.25, ok: i % 2 === 0 })));
    const started = performance.now();
    const f = new JsonStreamFormatter();
    const out: string[] = [];
    for (let at = 0; at < big.length; at += 256 * 1024) out.push(f.write(big.slice(at, at + 256 * 1024))!);
    out.push(f.end()!);
    const ms = performance.now() - started;
    assert.equal(out.join(''), JSON.stringify(JSON.parse(big), null, 2));
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });
});

describe('webview UI: JSON laid out whole (issue 11, item 3)', () => {
  const rows: { name: string; input: string; want: string | undefined }[] = [
    { name: 'an object', input: '{"a":[1,{"b":null}],"c":"é"}', want: '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": "é"\n}' },
    { name: 'a cut body', input: '{"a":[1,', want: undefined },
    { name: 'not JSON', input: '<html>', want: undefined },
    { name: 'a number past 2^53, kept as sent', input: '{"id":12345678901234567890}', want: '{\n  "id": 12345678901234567890\n}' },
  ];
  for (const row of rows) it(row.name, () => assert.equal(prettyJson(row.input), row.want));
});

describe('webview UI: XML re-indented as it streams (issue 11, item 3)', () => {
  const rows: { name: string; input: string; want: string }[] = [
    { name: 'nested elements', input: '<a><b>1</b><c><d/></c></a>', want: '<a>\n  <b>1</b>\n  <c>\n    <d/>\n  </c>\n</a>' },
    { name: 'old indentation replaced', input: '<a>\n\t\t<b>1</b>\n</a>\n', want: '<a>\n  <b>1</b>\n</a>' },
    { name: 'a ">" inside a quoted attribute', input: '<a t="x>y"><b/></a>', want: '<a t="x>y">\n  <b/>\n</a>' },
    { name: 'CDATA, comments and a DOCTYPE copied whole', input: '<!DOCTYPE a [<!ENTITY e "v">]><a><![CDATA[<b></b>]]><!--<c>--></a>', want: '<!DOCTYPE a [<!ENTITY e "v">]>\n<a>\n  <![CDATA[<b></b>]]>\n  <!--<c>-->\n</a>' },
    { name: 'mixed content kept on its line', input: '<p>Hello <b>x</b> world</p>', want: '<p>Hello <b>x</b> world</p>' },
    { name: 'a tag cut short at the end, as it came', input: '<a><b', want: '<a><b' },
  ];
  for (const row of rows) {
    it(`${row.name}, wherever the pieces are cut`, () => {
      for (let cut = 0; cut <= row.input.length; cut++) {
        const f = new XmlStreamFormatter();
        assert.equal(f.write(row.input.slice(0, cut)) + f.write(row.input.slice(cut)) + f.end(), row.want, `cut at ${cut}`);
      }
    });
  }
});

describe('webview UI: body pieces (issue 11, item 3)', () => {
  it('takes the pieces of its result in order and refuses stale or out-of-order ones', () => {
    const a = new BodyAssembly(7);
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 1, text: 'late' }), undefined);
    assert.equal(a.accept({ type: 'bodyPiece', seq: 6, index: 0, text: 'stale' }), undefined);
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 0, text: 'one ' }), 'one ');
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 1, text: 'two' }), 'two');
    assert.equal(a.pieceCount, 2);
    assert.equal(a.finish({ type: 'bodyEnd', seq: 6 }), false, 'the end of another result');
    assert.equal(a.finish({ type: 'bodyEnd', seq: 7 }), true);
    assert.equal(a.finish({ type: 'bodyEnd', seq: 7 }), false, 'once');
    assert.equal(a.accept({ type: 'bodyPiece', seq: 7, index: 2, text: 'after the end' }), undefined);
  });
});

describe('webview UI: where body pieces go (issue 11, items 3 and 4)', () => {
  /** A viewer that records what it is told, and a pretty-printer run in place (as without a worker). */
  function harness(pretty: 'json' | 'xml' | undefined, id = 3) {
    const shown = { text: '', notes: [] as string[], replaced: 0, completed: 0 };
    const sink: TextSink = {
      append: (t) => (shown.text += t),
      replace: (t) => {
        shown.text = t;
        shown.replaced++;
      },
      note: (t) => shown.notes.push(t),
      complete: () => shown.completed++,
    };
    const answers: FromPrettyWorker[] = [];
    const session = new PrettySession((m) => answers.push(m));
    let feed: BodyFeed | undefined = undefined;
    const port: PrettyPort = { post: (m: ToPrettyWorker) => session.receive(m) };
    feed = new BodyFeed(id, pretty, sink, port);
    /** Delivers the worker's answers so far, as its message events would. */
    const deliver = () => {
      for (const m of answers.splice(0)) feed!.answer(m);
    };
    return { feed, shown, deliver };
  }

  it('shows JSON pretty from its first piece on, before the rest has come', () => {
    const { feed, shown, deliver } = harness('json');
    feed.piece('{"a":[1,');
    deliver();
    assert.equal(shown.text, '{\n  "a": [\n    1,\n    ', 'the first screen is there before the body ends');
    feed.piece('2]}');
    feed.end();
    deliver();
    assert.equal(shown.text, '{\n  "a": [\n    1,\n    2\n  ]\n}');
    assert.deepEqual(shown.notes, []);
    assert.equal(shown.completed, 1);
  });

  it('shows a body that turns out not to be JSON as received, the rest appended as it comes', () => {
    const { feed, shown, deliver } = harness('json');
    feed.piece('{"a":1} trailing');
    deliver();
    assert.equal(shown.text, '{"a":1} trailing');
    assert.equal(shown.replaced, 1);
    assert.deepEqual(shown.notes, [NOT_JSON_NOTE]);
    feed.piece(' and more');
    feed.end();
    deliver();
    assert.equal(shown.text, '{"a":1} trailing and more');
    assert.equal(shown.completed, 1);
  });

  it('a JSON body cut short is pretty up to its end, then shown as received', () => {
    const { feed, shown, deliver } = harness('json');
    feed.piece('[1,');
    deliver();
    feed.end();
    deliver();
    assert.equal(shown.text, '[1,');
    assert.deepEqual(shown.notes, [NOT_JSON_NOTE]);
    assert.equal(shown.completed, 1);
  });

  it('passes plain text through, keeping a CR LF split between two pieces one line break', () => {
    const { feed, shown } = harness(undefined);
    feed.piece('line 1\r');
    assert.equal(shown.text, 'line 1');
    feed.piece('\nline 2\r');
    feed.end();
    assert.equal(shown.text, 'line 1\r\nline 2\r');
    assert.equal(shown.completed, 1);
  });

  it('lays XML out by its tags as it comes, text kept with its tags', () => {
    const { feed, shown, deliver } = harness('xml');
    feed.piece('<?xml version="1.0"?><list><item id="1">One</item><item id="2"><name>Two &amp; more</na');
    deliver();
    feed.piece('me><empty></empty><self/></item><!-- <note> --><p>Hello <b>x</b> world</p></list>');
    feed.end();
    deliver();
    assert.equal(
      shown.text,
      ['<?xml version="1.0"?>', '<list>', '  <item id="1">One</item>', '  <item id="2">', '    <name>Two &amp; more</name>', '    <empty></empty>', '    <self/>', '  </item>', '  <!-- <note> -->', '  <p>Hello <b>x</b> world</p>', '</list>'].join('\n'),
    );
    assert.equal(shown.completed, 1);
  });

  it('ignores answers about another body', () => {
    const { feed, shown } = harness('json', 5);
    feed.answer({ id: 4, pretty: 'stale' });
    feed.answer({ id: 4, invalid: true });
    assert.equal(shown.text, '');
    assert.deepEqual(shown.notes, []);
  });
});

describe('webview UI: the HTML preview loads nothing (issue 11, item 3)', () => {
  // The page's own CSP, then where its links open (UI walk, item 5).
  const META = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><base target="_blank">`;

  it('puts a CSP of its own first in the page, after its doctype (no quirks mode)', () => {
    assert.equal(previewDocument('<!DOCTYPE html>\n<html><img src=x></html>'), `<!DOCTYPE html>${META}\n<html><img src=x></html>`);
    assert.equal(previewDocument('\uFEFF <!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n<p>hi'), `\uFEFF <!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">${META}\n<p>hi`);
    assert.equal(previewDocument('<p>no doctype<img src="/track.gif"></p>'), `${META}<p>no doctype<img src="/track.gif"></p>`);
  });
});
