/**
 * SendLine: requests given while one is in flight go one after another, each the moment the one
 * before has its outcome, from inside the client (issue 10, item 6: the turn from an answer to
 * the next request's bytes). Real servers on 127.0.0.1.
 */
import * as assert from 'node:assert/strict';
import type { RawHeader } from '../../../src/core/response/model';
import { DigestSink } from '../../../src/core/response/body-sink';
import { HttpClient } from '../../../src/core/wire/client';
import { CookieStore } from '../../../src/core/wire/cookies';
import { SendLine } from '../../../src/core/wire/send-line';
import { wireRequest } from '../../support/wire-request';
import { expectWireError } from './support-a';
import { onRequests, RawServer, waitFor } from '../../support/raw-server';
import { RecordingServer, respond, valuesOf, type Answer } from './support-b';

describe('wire: SendLine, one send after another (issue 10, item 6)', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  const clients: HttpClient[] = [];

  const start = async (answer: Answer): Promise<RecordingServer> => {
    const s = await RecordingServer.start(answer);
    servers.push(s);
    return s;
  };
  const newClient = (): HttpClient => {
    const c = new HttpClient({ cookies: new CookieStore() });
    clients.push(c);
    return c;
  };
  const digest = (): ((start: { contentCodings: readonly string[] }) => DigestSink) => (start) => new DigestSink(start.contentCodings.length > 0);

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('sends in the order given, one at a time, on one kept-alive connection; the next is on the wire before the caller of the one before resumes', async () => {
    const s = await start((r) => respond(200, 'OK', [], `answer ${r.target}`));
    const client = newClient();
    const line = new SendLine(client);
    // A warm connection: the pool knows the server keeps it open.
    (await client.send(wireRequest(s.url('/warm')))).dispose();
    const first = line.sendTo(wireRequest(s.url('/1')), digest());
    // The caller's code after the first answer: the second request has the connection already.
    const idleWhenFirstSettled = first.then(() => client.idleConnections);
    const second = line.sendTo(wireRequest(s.url('/2')), digest());
    const third = line.send(wireRequest(s.url('/3')));
    assert.equal(await idleWhenFirstSettled, 0, 'the connection went to the next send before the caller resumed');
    const [two, three] = await Promise.all([second, third]);
    assert.equal(two.response.status, 200);
    assert.equal(three.body.toBuffer().toString(), 'answer /3');
    three.dispose();
    assert.deepEqual(
      s.requests.map((r) => r.target),
      ['/warm', '/1', '/2', '/3'],
    );
    assert.equal(s.connectionCount, 1, 'one connection for all, never two sends at once');
  });

  it("a Set-Cookie in one answer goes with the next request, given while that answer was still on its way", async () => {
    const s = await start((r) => respond(200, 'OK', r.target === '/login' ? [['Set-Cookie', 'sid=abc; Path=/']] : [], 'ok'));
    const line = new SendLine(newClient());
    const login = line.sendTo(wireRequest(s.url('/login')), digest());
    const me = line.sendTo(wireRequest(s.url('/me')), digest());
    await Promise.all([login, me]);
    assert.deepEqual(valuesOf(s.requests[1]!, 'cookie'), ['sid=abc']);
  });

  it('a redirect of the one in flight is followed to its end before the next request goes', async () => {
    const s = await start((r) => (r.target === '/old' ? respond(302, 'Found', [['Location', '/new']]) : respond(200, 'OK', [], r.target)));
    const line = new SendLine(newClient());
    const moved = line.sendTo(wireRequest(s.url('/old')), digest());
    const next = line.sendTo(wireRequest(s.url('/next')), digest());
    const [a, b] = await Promise.all([moved, next]);
    assert.equal(a.redirects.length, 1);
    assert.equal(b.response.status, 200);
    assert.deepEqual(
      s.requests.map((r) => r.target),
      ['/old', '/new', '/next'],
    );
  });

  it('a send that fails does not hold up the next, and each promise tells its own outcome', async () => {
    const s = await start((r) => respond(200, 'OK', [], r.target));
    const line = new SendLine(newClient());
    // Refused before a byte is written: a header value with CR/LF.
    const bad = line.sendTo(wireRequest(s.url('/bad'), { headers: [['Host', `127.0.0.1:${s.port}`], ['X-Evil', 'a\r\nInjected: 1'] as RawHeader] }), digest());
    const good = line.sendTo(wireRequest(s.url('/good')), digest());
    await expectWireError(bad, 'HW_INVALID_REQUEST');
    assert.equal((await good).response.status, 200);
    assert.deepEqual(
      s.requests.map((r) => r.target),
      ['/good'],
    );
  });

  it('close() rejects the sends still waiting (HW_ABORTED) and writes nothing of them; the one in flight completes', async () => {
    const seen: string[] = [];
    let answerFirst: (() => void) | undefined;
    let onSeen: (() => void) | undefined;
    // The first answer waits until the test has closed the line.
    const raw = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        seen.push(head.split(' ')[1]!);
        answerFirst = () => socket.write(respond(200, 'OK', [], 'first'));
        onSeen?.();
      }),
    );
    servers.push(raw);
    const line = new SendLine(newClient());
    const first = line.sendTo(wireRequest(raw.url('/first')), digest());
    const waiting = line.sendTo(wireRequest(raw.url('/waiting')), digest());
    await waitFor('the first request at the server', 5000, (done) => (onSeen = () => done(undefined)));
    line.close();
    answerFirst!();
    await expectWireError(waiting, 'HW_ABORTED', /not sent/);
    assert.equal((await first).response.status, 200);
    await expectWireError(line.sendTo(wireRequest(raw.url('/after')), digest()), 'HW_ABORTED');
    assert.deepEqual(seen, ['/first']);
  });
});
