import * as assert from 'node:assert/strict';
import { KeepingSink } from '../../../src/core/chaining/keeping-sink';
import { DigestSink } from '../../../src/core/response/body-sink';

describe('chaining: the body kept for references while streaming (issue 12, item 4)', () => {
  it('issue 12, item 4: keeps a copy of the decoded body within the limit and passes every chunk on', () => {
    const sink = new KeepingSink(new DigestSink(false), 10);
    const read = Buffer.from('abcdef');
    sink.write(read.subarray(0, 3));
    // The client reuses its read buffer: what is kept must be a copy.
    read.write('XYZ', 0);
    sink.write(read.subarray(3));
    const digest = sink.finish(undefined);
    assert.equal(sink.kept?.toString(), 'abcdef');
    assert.equal(sink.length, 6);
    assert.equal(digest.length, 6, 'the inner sink saw every byte');
  });

  it('issue 12, item 4: drops the copy once the body grows past the limit, counting its length only', () => {
    const sink = new KeepingSink(new DigestSink(false), 4);
    sink.write(Buffer.from('abc'));
    sink.write(Buffer.from('de'));
    sink.write(Buffer.from('f'));
    sink.finish(undefined);
    assert.equal(sink.kept, undefined);
    assert.equal(sink.length, 6);
  });
});
