/**
 * WritableSink, the body streamed to stdout or a file: small chunks are copied into shared
 * slabs, not a 64 KiB buffer each, and while the stream is full they are held and handed over as
 * one write at its drain (wire-hunt t15: 200,000 1-byte chunks were 200,000 queued writes of
 * 64 KiB buffers, 1 GB).
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { ErrorCodes } from '../../../src/core/errors';
import { WritableSink, type ByteTarget } from '../../../src/core/response/body-sink';

/** A stream stand-in: keeps each write (the view itself, not a copy) and its callback; full while `isFull`. */
class FakeTarget extends EventEmitter {
  readonly writes: Buffer[] = [];
  readonly callbacks: Array<() => void> = [];
  isFull = false;
  write(chunk: Buffer, done?: () => void): boolean {
    this.writes.push(chunk);
    if (done !== undefined) this.callbacks.push(done);
    return !this.isFull;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.writes);
  }
}

function sinkOn(): { sink: WritableSink; target: FakeTarget } {
  const target = new FakeTarget();
  return { sink: new WritableSink(target as unknown as ByteTarget), target };
}

function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31) & 0xff;
  return b;
}

describe('response: WritableSink (wire-hunt t15)', () => {
  it('while the stream is full, 100,000 1-byte chunks are held and handed over as one write at its drain', () => {
    const { sink, target } = sinkOn();
    const body = pattern(100_000);
    target.isFull = true;
    assert.equal(sink.write(body.subarray(0, 1)), false, 'the stream said it is full');
    for (let i = 1; i < body.length; i++) assert.equal(sink.write(body.subarray(i, i + 1)), false);
    assert.equal(target.writes.length, 1, 'nothing more is queued on a full stream');
    let resumed = 0;
    sink.onDrain(() => resumed++);
    target.isFull = false;
    target.emit('drain');
    assert.equal(resumed, 1);
    assert.ok(target.writes.length <= 3, `${target.writes.length} writes`);
    assert.deepEqual(target.bytes, body);
    assert.deepEqual(sink.finish(), { length: body.length });
  });

  it('small chunks share 64 KiB slabs: 10,000 chunks the stream has not flushed yet take one buffer, not 10,000', () => {
    const { sink, target } = sinkOn();
    for (let i = 0; i < 10_000; i++) sink.write(Buffer.from([i & 0xff]));
    assert.equal(target.writes.length, 10_000, 'each written as it comes while the stream takes it');
    const buffers = new Set(target.writes.map((w) => w.buffer));
    assert.ok(buffers.size <= 2, `${buffers.size} buffers behind 10,000 one-byte writes`);
  });

  it('a slab is copied into again once the stream has flushed all of it; the bytes written stay as they were until then', () => {
    const { sink, target } = sinkOn();
    sink.write(Buffer.from('first'));
    sink.write(Buffer.from('second'));
    assert.equal(target.writes[0]!.toString(), 'first');
    for (const done of target.callbacks.splice(0)) done();
    sink.write(Buffer.from('third'));
    assert.equal(target.writes[2]!.toString(), 'third');
    assert.equal(target.writes[2]!.buffer, target.writes[0]!.buffer, 'the same slab, from its start');
  });

  it('a chunk larger than a slab is written whole', () => {
    const { sink, target } = sinkOn();
    const big = pattern(200_000);
    sink.write(Buffer.from('a'));
    sink.write(big);
    assert.deepEqual(target.bytes, Buffer.concat([Buffer.from('a'), big]));
  });

  it('finish and abort hand over what is held, and leave no listener on the stream', () => {
    for (const end of ['finish', 'abort'] as const) {
      const { sink, target } = sinkOn();
      target.isFull = true;
      sink.write(Buffer.from('a'));
      sink.write(Buffer.from('b'));
      sink.write(Buffer.from('c'));
      assert.equal(target.bytes.toString(), 'a');
      if (end === 'finish') sink.finish();
      else sink.abort();
      assert.equal(target.bytes.toString(), 'abc', end);
      assert.equal(target.listenerCount('drain'), 0, end);
      assert.equal(target.listenerCount('error'), 0, end);
    }
  });

  it('onDrain resumes at once when the stream is not full', () => {
    const { sink } = sinkOn();
    let resumed = false;
    sink.onDrain(() => (resumed = true));
    assert.equal(resumed, true);
  });

  it('a drain that leaves the stream full again waits for the next drain', () => {
    const { sink, target } = sinkOn();
    target.isFull = true;
    sink.write(Buffer.from('a'));
    sink.write(Buffer.from('b'));
    let resumed = 0;
    sink.onDrain(() => resumed++);
    target.emit('drain');
    assert.equal(resumed, 0, 'the held bytes filled it again');
    assert.equal(target.bytes.toString(), 'ab');
    target.isFull = false;
    target.emit('drain');
    assert.equal(resumed, 1);
  });

  it('a stream error while full resumes the download, and the next write fails with HW_BODY_OUTPUT', () => {
    const { sink, target } = sinkOn();
    target.isFull = true;
    sink.write(Buffer.from('a'));
    let resumed = 0;
    sink.onDrain(() => resumed++);
    target.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.equal(resumed, 1);
    assert.throws(() => sink.write(Buffer.from('b')), { code: ErrorCodes.bodyOutput });
  });
});
