/**
 * The body reader between the parser and a sink that is full, with bodies of many small chunks
 * (wire-hunt t15: 200,000 1-byte chunks to a piped stdout ran for minutes at 1 GB, each chunk a
 * `drain` listener of its own, removed one by one). The sink's drain is waited on once per full
 * spell, and small chunks reach the sink batched, once per socket read.
 */
import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { WritableSink, type BodySink } from '../../../src/core/response/body-sink';
import { BodyReader, type BodyReaderHost } from '../../../src/core/wire/body-reader';
import { chunkedBody } from '../../support/chunked';
import { waitFor } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { answeringPerTest } from '../../support/answering-server';

/** A sink that keeps what it is given and says it is full while `isFull`; counts what is asked of it. */
class FakeSink implements BodySink<number> {
  readonly writes: Buffer[] = [];
  readonly raws: Buffer[] = [];
  readonly drainWaiters: Array<() => void> = [];
  isFull = false;
  throwOnWrite: HttpWireError | undefined;
  finished: Buffer | undefined;
  raw(chunk: Buffer): boolean {
    this.raws.push(Buffer.from(chunk));
    return !this.isFull;
  }
  write(chunk: Buffer): boolean {
    if (this.throwOnWrite !== undefined) throw this.throwOnWrite;
    this.writes.push(Buffer.from(chunk));
    return !this.isFull;
  }
  onDrain(resume: () => void): void {
    this.drainWaiters.push(resume);
  }
  finish(): number {
    this.finished = Buffer.concat(this.writes);
    return this.finished.length;
  }
  whenStored(): undefined {
    return undefined;
  }
  abort(): undefined {
    return undefined;
  }
}

class FakeHost implements BodyReaderHost {
  pauses = 0;
  resumes = 0;
  done = 0;
  failure: HttpWireError | undefined;
  pauseReading(): void {
    this.pauses++;
  }
  resumeReading(): void {
    this.resumes++;
  }
  onBodyDone(): void {
    this.done++;
  }
  onBodyFailure(err: HttpWireError): void {
    this.failure = err;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('wire: body reader backpressure with many small chunks (wire-hunt t15)', () => {
  it('a sink that stays full is waited on once, not once per chunk', () => {
    const sink = new FakeSink();
    const host = new FakeHost();
    const reader = new BodyReader(sink, [], 1e9, host);
    sink.isFull = true;
    // Chunks the size of a socket read go on as they come: the parser hands over the rest of its read after the pause.
    for (let i = 0; i < 100; i++) reader.write(Buffer.alloc(16 * 1024, i));
    assert.equal(sink.writes.length, 100);
    assert.equal(sink.drainWaiters.length, 1, 'one drain listener for the whole spell');
    sink.isFull = false;
    sink.drainWaiters.shift()!();
    assert.equal(host.resumes, 1);
    sink.isFull = true;
    reader.write(Buffer.alloc(16 * 1024));
    assert.equal(sink.drainWaiters.length, 1, 'a new spell waits again');
  });

  it('100,000 1-byte chunks of one read reach the sink as a couple of batched writes, in order, before finish', async () => {
    const sink = new FakeSink();
    const host = new FakeHost();
    const reader = new BodyReader(sink, [], 1e9, host);
    const body = Buffer.alloc(100_000);
    for (let i = 0; i < body.length; i++) body[i] = i & 0xff;
    for (let i = 0; i < body.length; i++) reader.write(body.subarray(i, i + 1));
    reader.endOfRead();
    assert.ok(sink.writes.length <= 2, `${sink.writes.length} writes`);
    reader.write(Buffer.from('end'));
    reader.end();
    assert.equal(host.done, 1);
    assert.deepEqual(sink.finished, Buffer.concat([body, Buffer.from('end')]), 'the batch is written before finish, in the same turn');
  });

  it('a body with codings: the raw side gets the batch, and the decoded body follows', async () => {
    const sink = new FakeSink();
    const host = new FakeHost();
    const reader = new BodyReader(sink, ['gzip'], 1e9, host);
    const gz = (await import('node:zlib')).gzipSync(Buffer.from('hello '.repeat(1000)));
    for (let i = 0; i < gz.length; i++) reader.write(gz.subarray(i, i + 1));
    reader.end();
    await waitFor('the body decoded', 5000, (done) => {
      const poll = (): void => void (host.done > 0 || host.failure ? done(undefined) : setImmediate(poll));
      poll();
    });
    assert.equal(host.failure, undefined);
    assert.ok(sink.raws.length <= 2, `${sink.raws.length} raw writes`);
    assert.deepEqual(Buffer.concat(sink.raws), gz);
    assert.equal(sink.finished?.toString(), 'hello '.repeat(1000));
  });

  it('a sink that throws on a batched write fails the body with its error', async () => {
    const sink = new FakeSink();
    const host = new FakeHost();
    const reader = new BodyReader(sink, [], 1e9, host);
    sink.throwOnWrite = new HttpWireError(ErrorCodes.bodyOutput, 'stdout closed');
    reader.write(Buffer.from('a'));
    reader.endOfRead();
    assert.equal(host.failure?.code, ErrorCodes.bodyOutput);
  });

  it('abort hands the batched bytes to the sink as received (the error shows them)', () => {
    const sink = new FakeSink();
    const reader = new BodyReader(sink, ['gzip'], 1e9, new FakeHost());
    reader.write(Buffer.from('partial'));
    reader.abort();
    assert.equal(Buffer.concat(sink.raws).toString(), 'partial');
  });

  it('the byte limit still cuts at exactly maxBodyBytes with batched chunks before it', () => {
    const sink = new FakeSink();
    const reader = new BodyReader(sink, [], 10, new FakeHost());
    for (const c of ['abc', 'def', 'ghi']) reader.write(Buffer.from(c));
    assert.throws(() => reader.write(Buffer.from('jkl')), { code: ErrorCodes.responseTooLarge });
    assert.equal(Buffer.concat(sink.writes).toString(), 'abcdefghij');
  });

  it('after a read of many chunks the reader gives the event loop a turn: paused, then resumed at setImmediate', async () => {
    const sink = new FakeSink();
    const host = new FakeHost();
    const reader = new BodyReader(sink, [], 1e9, host);
    for (let i = 0; i < 50_000; i++) reader.write(Buffer.from('x'));
    reader.endOfRead();
    assert.equal(host.pauses, 1, 'paused once the read was through');
    assert.equal(host.resumes, 0);
    await nextTurn();
    assert.equal(host.resumes, 1, 'resumed on the next turn');
    // A read of few chunks reads on without a pause.
    reader.write(Buffer.from('y'));
    reader.endOfRead();
    await nextTurn();
    assert.equal(host.pauses, 1);
  });

  it('a yield does not resume a socket the full sink still holds', async () => {
    const sink = new FakeSink();
    const host = new FakeHost();
    const reader = new BodyReader(sink, [], 1e9, host);
    sink.isFull = true;
    for (let i = 0; i < 50_000; i++) reader.write(Buffer.from('x'));
    // The batch goes out at the end of the read; the yield's immediate is set then, before this one.
    reader.endOfRead();
    await nextTurn();
    assert.equal(host.resumes, 0, 'the sink is still full');
    sink.isFull = false;
    sink.drainWaiters.shift()!();
    assert.equal(host.resumes, 1);
  });

  describe('through the client, to a slow stream', () => {
    const answer = answeringPerTest();

    it('200,000 1-byte chunks in one burst to a stream that is slower than the socket: done in seconds, few writes', async () => {
      const n = 200_000;
      const body = Buffer.alloc(n, 'x');
      const wire = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), chunkedBody(body, 1)]);
      const { server, client } = await answer(wire);
      const got: Buffer[] = [];
      // A pipe whose reader takes one piece per turn, with a small buffer: full most of the time.
      const target = new Writable({
        highWaterMark: 1024,
        write(chunk: Buffer, _encoding, callback) {
          got.push(Buffer.from(chunk));
          setImmediate(callback);
        },
      });
      const sent = client.sendTo(wireRequest(server.url('/')), () => new WritableSink(target));
      // Minutes before the fix (a drain listener per chunk); well under a second after it.
      const result = await waitFor<Awaited<typeof sent>>('the body through a slow stream', 20_000, (done) => void sent.then(done));
      assert.equal(result.body.length, n);
      await waitFor('the stream to take the last bytes', 5000, (done) => (target.writableLength === 0 ? done(undefined) : target.once('drain', () => done(undefined))));
      assert.deepEqual(Buffer.concat(got), body);
      assert.ok(got.length < 1000, `${got.length} writes to the stream for ${n} chunks`);
    });
  });
});
