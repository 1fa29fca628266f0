/**
 * The next request of a run is prepared while the current one is on the wire (issue 10, item 6:
 * the turn from an answer to the next request's bytes held 13 µs of preparing), but only when
 * preparing it earlier cannot change what is sent.
 */
import * as assert from 'node:assert/strict';
import { PrepareAhead } from '../../../src/core/chaining/prepare-ahead';
import type { HttpFile, HttpRequest } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareSend } from '../../../src/core/send/prepare-send';
import { sendContextOf } from '../../../src/core/send/send-context';
import type { Clock } from '../../../src/core/variables/inputs';
import { waitFor } from '../../support/raw-server';
import { fixedInputs } from '../variables/support';

/** A clock the test moves; local time is UTC. */
function movableClock(startMs: number): Clock & { set(ms: number): void } {
  let now = startMs;
  return { now: () => now, offsetMinutesAt: () => 0, set: (ms) => (now = ms) };
}

/** Resolves after the turn of the event loop in which PrepareAhead starts its work. */
const afterImmediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Harness {
  readonly file: HttpFile;
  readonly ahead: PrepareAhead;
  readonly clock: ReturnType<typeof movableClock>;
  /** The requests prepared, in order, by label. */
  readonly prepared: string[];
  request(name: string): HttpRequest;
}

function harness(text: string, environment: Record<string, string> = {}): Harness {
  const file = parseHttpFile(text);
  const clock = movableClock(Date.UTC(2026, 0, 1));
  const env = new Map(Object.entries(environment));
  const context = sendContextOf(file, { baseDir: __dirname, baseOptions: {}, variables: fixedInputs({ clock, environment: env }) });
  const prepared: string[] = [];
  const ahead = new PrepareAhead(file, context, env, (f, request, c) => {
    prepared.push(request.name ?? '?');
    return prepareSend(f, request, c);
  });
  return { file, ahead, clock, prepared, request: (name) => file.requests.find((r) => r.name === name)! };
}

describe('PrepareAhead: the next request is prepared while the current one is in flight (issue 10, item 6)', () => {
  it('prepares a request without time-bound values after the current turn, and hands that preparation over', async () => {
    const h = harness(['@base = http://a', '# @name one', 'GET {{base}}/1', '###', '# @name two', 'POST {{base}}/2', 'X-Env: {{region}}', '', 'body'].join('\n'), { region: 'eu' });
    h.ahead.startSoon(h.request('two'));
    assert.deepEqual(h.prepared, [], 'nothing is prepared in the turn that sends the current request');
    await afterImmediate();
    assert.deepEqual(h.prepared, ['two']);
    const { wire } = await h.ahead.take(h.request('two'));
    assert.deepEqual(h.prepared, ['two'], 'taken, not prepared again');
    assert.equal(wire.url.href, 'http://a/2');
    assert.deepEqual(
      wire.headers.find(([n]) => n === 'X-Env'),
      ['X-Env', 'eu'],
    );
  });

  it('prepares at its turn a request whose values depend on when it is sent, on another answer, or on a file', async () => {
    const texts: Record<string, string> = {
      'a system variable': 'GET http://a/?t={{$timestamp}}',
      'a system variable through a file variable': '@t = {{$timestamp}}\nGET http://a/?t={{t}}',
      'another request': '# @name login\nGET http://a/login\n###\nGET http://a/?t={{login.response.body.$.t}}',
      '# @ref': '# @name login\nGET http://a/login\n###\n# @ref login\nGET http://a/',
      'a prompt': '# @prompt code\nGET http://a/?c={{code}}',
      'a body file': 'POST http://a/\n\n< ./body.json',
      'the @host an origin-form target takes, from another answer': '@host = {{discover.response.body.$.base}}\n# @name discover\nGET http://a/d\n###\nGET /users',
      'a @host a {{path}} target may take': '@host = http://a\n@path = /users\nGET {{path}}',
      'a prompt named host': '# @prompt host\nGET /users',
    };
    for (const [what, text] of Object.entries(texts)) {
      const file = parseHttpFile(text);
      const target = file.requests[file.requests.length - 1]!;
      const prepared: HttpRequest[] = [];
      const ahead = new PrepareAhead(file, sendContextOf(file, { baseDir: __dirname, baseOptions: {}, variables: fixedInputs() }), new Map(), (f, r, c) => {
        prepared.push(r);
        return prepareSend(f, r, c);
      });
      ahead.startSoon(target);
      await afterImmediate();
      assert.deepEqual(prepared, [], `${what}: not prepared ahead`);
      ahead.dispose();
    }
  });

  it('prepares ahead an origin-form request whose @host is written out', async () => {
    const h = harness('@host = http://a\n# @name one\nGET http://a/1\n###\n# @name users\nGET /users');
    h.ahead.startSoon(h.request('users'));
    await afterImmediate();
    assert.deepEqual(h.prepared, ['users']);
    assert.equal((await h.ahead.take(h.request('users'))).wire.url.href, 'http://a/users');
  });

  it('reads the clock when the request is taken, not while the one before waits', async () => {
    const h = harness('# @name slow\nGET http://a/slow\n###\n# @name stamped\nGET http://a/?t={{$timestamp}}');
    h.ahead.startSoon(h.request('stamped'));
    await afterImmediate();
    // The slow request's answer comes a minute later.
    h.clock.set(Date.UTC(2026, 0, 1, 0, 1));
    const { wire } = await h.ahead.take(h.request('stamped'));
    assert.equal(wire.url.searchParams.get('t'), String(Date.UTC(2026, 0, 1, 0, 1) / 1000));
  });

  it('does not prepare ahead through an environment whose values hold variables', async () => {
    const h = harness('# @name two\nGET http://a/?k={{key}}', { key: '{{$guid}}' });
    h.ahead.startSoon(h.request('two'));
    await afterImmediate();
    assert.deepEqual(h.prepared, []);
  });

  it('prepares anew a request other than the one prepared ahead, and drops a choice taken before its turn', async () => {
    const h = harness('# @name one\nGET http://a/1\n###\n# @name two\nGET http://a/2\n###\n# @name three\nGET http://a/3');
    h.ahead.startSoon(h.request('two'));
    await afterImmediate();
    const three = await h.ahead.take(h.request('three'));
    assert.equal(three.wire.url.href, 'http://a/3');
    assert.deepEqual(h.prepared, ['two', 'three']);
    // Taken before the turn it was to be prepared in: prepared once, by take.
    h.ahead.startSoon(h.request('one'));
    await h.ahead.take(h.request('one'));
    await afterImmediate();
    assert.deepEqual(h.prepared, ['two', 'three', 'one']);
  });

  it('keeps a preparation that failed for the request it was for: the error comes when it is taken', async () => {
    const h = harness('# @name bad\nGET http://a/{{nowhere}}');
    h.ahead.startSoon(h.request('bad'));
    await afterImmediate();
    await assert.rejects(h.ahead.take(h.request('bad')), /nowhere/);
    assert.deepEqual(h.prepared, ['bad']);
  });

  it('tells onReady the preparation while the request is still ahead; not once it is taken, nor when it failed', async () => {
    const h = harness('# @name one\nGET http://a/1\n###\n# @name two\nGET http://a/2\n###\n# @name bad\nGET http://a/{{nowhere}}');
    const ready: string[] = [];
    let told: (() => void) | undefined;
    const onReady = (p: { wire: { url: URL } }): void => {
      ready.push(p.wire.url.href);
      told?.();
    };
    await waitFor('onReady', 5000, (done) => {
      told = () => done(undefined);
      h.ahead.startSoon(h.request('one'), onReady);
    });
    const one = await h.ahead.take(h.request('one'));
    assert.deepEqual(ready, ['http://a/1'], 'told once prepared, before it was taken');
    assert.equal(one.wire.url.href, 'http://a/1', 'and taken as prepared');
    // Taken while its preparation is still under way: the caller sends it itself, onReady is not told.
    let finish: (() => void) | undefined;
    const slow = new PrepareAhead(h.file, sendContextOf(h.file, { baseDir: __dirname, baseOptions: {}, variables: fixedInputs() }), new Map(), async (f, r, c) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return prepareSend(f, r, c);
    });
    slow.startSoon(h.request('two'), onReady);
    await afterImmediate();
    const two = slow.take(h.request('two'));
    finish!();
    assert.equal((await two).wire.url.href, 'http://a/2');
    await afterImmediate();
    h.ahead.startSoon(h.request('bad'), onReady);
    await afterImmediate();
    await assert.rejects(h.ahead.take(h.request('bad')), /nowhere/);
    assert.deepEqual(ready, ['http://a/1']);
  });

  it('dispose stops a preparation not yet begun', async () => {
    const h = harness('# @name one\nGET http://a/1');
    h.ahead.startSoon(h.request('one'));
    h.ahead.dispose();
    await afterImmediate();
    assert.deepEqual(h.prepared, []);
  });
});
