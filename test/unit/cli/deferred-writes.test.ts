/**
 * DeferredWrites, the queue the `--json` output writes its results through after the next request
 * has gone out: pieces run after the current turn, in call order, one waiting for the one before;
 * a caller waits only when a piece before its own is not done; a failure reaches the next caller.
 */
import * as assert from 'node:assert/strict';
import { DeferredWrites } from '../../../src/cli/deferred-writes';

/** A promise with its resolve and reject at hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Settles after the immediates queued before it (a piece runs from one). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('cli: DeferredWrites (the --json results queue, issue 10 item 6)', () => {
  it('runs nothing in the caller\'s turn, then every piece in call order; a caller whose pieces before are done waits for nothing', async () => {
    const writes = new DeferredWrites();
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) {
      const waiting = writes.add(() => void ran.push(i));
      // The first starts free; the others have a piece before them not yet run.
      assert.equal(waiting === undefined, i === 0, `piece ${i}`);
    }
    assert.equal(ran.length, 0);
    await nextTurn();
    assert.deepEqual(ran, [0, 1, 2, 3, 4]);
    assert.equal(writes.add(() => void ran.push(5)), undefined, 'all before it done');
    await writes.idle();
    assert.deepEqual(ran, [0, 1, 2, 3, 4, 5]);
  });

  it('a piece that waits (stdout full) holds those after it, and the caller of the next one, until it settles', async () => {
    const writes = new DeferredWrites();
    const ran: string[] = [];
    const drain = deferred();
    writes.add(() => {
      ran.push('a');
      return drain.promise.then(() => void ran.push('a drained'));
    });
    await nextTurn();
    assert.deepEqual(ran, ['a']);
    let isBReleased = false;
    const waitingB = writes.add(() => void ran.push('b'));
    assert.ok(waitingB instanceof Promise, 'a is not done: the caller of b waits');
    void waitingB.then(() => (isBReleased = true));
    let isIdle = false;
    void writes.idle().then(() => (isIdle = true));
    await nextTurn();
    assert.deepEqual(ran, ['a'], 'b waits for a');
    assert.equal(isBReleased, false);
    drain.resolve();
    await waitingB;
    await writes.idle();
    assert.deepEqual(ran, ['a', 'a drained', 'b']);
    assert.equal(isIdle, true);
  });

  it('a caller waits only for the pieces before its own, not for its own', async () => {
    const writes = new DeferredWrites();
    const first = deferred();
    const second = deferred();
    writes.add(() => first.promise);
    writes.add(() => second.promise);
    const waitingThird = writes.add(() => undefined);
    let isThirdReleased = false;
    void waitingThird!.then(() => (isThirdReleased = true));
    first.resolve();
    await nextTurn();
    await nextTurn();
    assert.equal(isThirdReleased, false, 'the second is not done');
    second.resolve();
    await waitingThird;
    assert.equal(isThirdReleased, true);
  });

  it('a piece that fails, thrown or rejected: the pieces after it do not run; the next add, a waiting caller and idle() get its error', async () => {
    for (const failing of [
      (): undefined => {
        throw new Error('full disk');
      },
      (): Promise<void> => Promise.reject(new Error('full disk')),
    ]) {
      const writes = new DeferredWrites();
      const ran: string[] = [];
      writes.add(failing);
      const waiting = writes.add(() => void ran.push('after'));
      await assert.rejects(waiting!, /full disk/);
      assert.equal(ran.length, 0);
      await assert.rejects(writes.add(() => void ran.push('later'))!, /full disk/);
      await assert.rejects(writes.idle(), /full disk/);
      await nextTurn();
      assert.equal(ran.length, 0);
    }
  });

  it('idle() with nothing queued settles at once', async () => {
    await new DeferredWrites().idle();
  });
});
