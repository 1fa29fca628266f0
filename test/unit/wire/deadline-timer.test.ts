/**
 * DeadlineTimer, the one Node timer behind a connection's moving deadlines: it fires once the
 * latest deadline has passed (not before, and not much after), never after stop or dispose, and
 * never keeps the process alive.
 */

import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { DeadlineTimer } from '../../../src/core/wire/deadline-timer';

/** A timer that records when it expired, in ms since `started`. */
function recorder(): { timer: DeadlineTimer; fired: number[]; started: number } {
  const started = performance.now();
  const fired: number[] = [];
  const timer = new DeadlineTimer(() => fired.push(performance.now() - started));
  return { timer, fired, started };
}

describe('wire: DeadlineTimer', () => {
  const timers: DeadlineTimer[] = [];
  afterEach(() => timers.splice(0).forEach((t) => t.dispose()));

  it('expires once, after its deadline', async () => {
    const { timer, fired } = recorder();
    timers.push(timer);
    timer.start(40);
    await delay(150);
    assert.equal(fired.length, 1);
    assert.ok(fired[0]! >= 39 && fired[0]! < 1000, `fired at ${fired[0]} ms`);
  });

  it('a later start pushes the deadline back without firing at the first one', async () => {
    const { timer, fired, started } = recorder();
    timers.push(timer);
    timer.start(40);
    await delay(20);
    const restarted = performance.now() - started;
    timer.start(300);
    await delay(100);
    assert.deepEqual(fired, [], 'fired at the first deadline');
    await delay(400);
    assert.equal(fired.length, 1);
    assert.ok(fired[0]! >= restarted + 299, `fired at ${fired[0]} ms, before the second deadline (${restarted + 300} ms)`);
  });

  it('an earlier deadline than the armed one is kept', async () => {
    const { timer, fired } = recorder();
    timers.push(timer);
    timer.start(5_000);
    timer.start(30);
    await delay(130);
    assert.equal(fired.length, 1);
    assert.ok(fired[0]! < 1000, `fired at ${fired[0]} ms`);
  });

  it('stop and dispose keep it from firing', async () => {
    const stopped = recorder();
    const disposed = recorder();
    timers.push(stopped.timer, disposed.timer);
    stopped.timer.start(20);
    disposed.timer.start(20);
    stopped.timer.stop();
    disposed.timer.dispose();
    await delay(80);
    assert.deepEqual([stopped.fired, disposed.fired], [[], []]);
  });

  it('can be started again after it expired', async () => {
    const { timer, fired } = recorder();
    timers.push(timer);
    timer.start(10);
    await delay(60);
    timer.start(10);
    await delay(60);
    assert.equal(fired.length, 2);
  });

  it('never keeps the event loop alive', () => {
    const { timer } = recorder();
    timers.push(timer);
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    timer.start(60_000);
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before);
  });
});
