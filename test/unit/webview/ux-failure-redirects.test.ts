/**
 * QA report `redirect-loop-no-location`: a redirect loop (HW_REDIRECT_LOOP) and a chain longer
 * than allowed (HW_TOO_MANY_REDIRECTS) said "check the Location headers below", then "No bytes
 * arrived", though the server answered every hop. The failure view now lists the hops the error
 * carries (`detail.redirects`), masked, and its next action says what they show.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { SecretMasker } from '../../../src/core/secret-masker';
import { HttpClient } from '../../../src/core/wire/client';
import { failureView } from '../../../src/webview/failure-view';
import { isHostMessage, type FailureView } from '../../../src/webview/protocol';
import { receivedOfFailure } from '../../../src/webview/ui/failure-text';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

describe('failure view: the redirects answered before a redirect failure (QA redirect-loop-no-location)', () => {
  let server: RawServer | undefined;
  let client: HttpClient | undefined;

  afterEach(async () => {
    client?.close();
    client = undefined;
    await server?.close();
    server = undefined;
  });

  /** A server answering each path with a 302 to `next(path)`; the send's rejection. */
  async function failedSend(next: (path: string) => string, options: { maxRedirects?: number } = {}): Promise<HttpWireError> {
    const s = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const path = head.split(' ')[1]!;
        socket.write(`HTTP/1.1 302 Found\r\nLocation: ${next(path)}\r\nContent-Length: 0\r\n\r\n`);
      }),
    );
    server = s;
    client = new HttpClient();
    return client.send(wireRequest(s.url('/a')), options).then(
      (r) => {
        r.dispose();
        throw new Error('the send should fail');
      },
      (e: unknown) => e as HttpWireError,
    );
  }

  it('a loop (/a → /b → /a): both hops with their status line and Location, and a next action that names them', async () => {
    const err = await failedSend((path) => (path === '/a' ? '/b' : '/a'));
    assert.equal(err.code, ErrorCodes.redirectLoop);
    const view = failureView(err, SecretMasker.create());
    const origin = server!.url('');
    assert.deepEqual(view.redirects, [
      { requestLine: `GET ${origin}/a`, statusLine: 'HTTP/1.1 302 Found', statusClass: 'redirect', location: '/b' },
      { requestLine: `GET ${origin}/b`, statusLine: 'HTTP/1.1 302 Found', statusClass: 'redirect', location: '/a' },
    ]);
    assert.match(view.nextAction, /Location of each redirect below/);
    assert.doesNotMatch(view.nextAction, /Location headers below/);
    // The server answered: the UI lists the hops and does not say that nothing arrived.
    assert.deepEqual(receivedOfFailure(view), { kind: 'redirects' });
    assert.ok(isHostMessage({ type: 'failure', panel: { documentUri: 'file:///a.http', title: 'a' }, seq: 1, view }));
  });

  it('too many redirects: every hop followed, the limit named as a setting in the next action', async () => {
    let n = 0;
    const err = await failedSend(() => `/r${++n}`, { maxRedirects: 2 });
    assert.equal(err.code, ErrorCodes.tooManyRedirects);
    const view = failureView(err, SecretMasker.create());
    assert.deepEqual(
      view.redirects?.map((hop) => [hop.statusLine, hop.location]),
      [
        ['HTTP/1.1 302 Found', '/r1'],
        ['HTTP/1.1 302 Found', '/r2'],
        ['HTTP/1.1 302 Found', '/r3'],
      ],
    );
    assert.match(view.nextAction, /each redirect below.*httpWire\.redirects\.max/);
    assert.deepEqual(receivedOfFailure(view), { kind: 'redirects' });
  });

  it("masks each hop with the failure view's masker: the request line is the URL as sent (no credentials), Location's password masked", () => {
    const hop = {
      request: { method: 'GET', url: 'http://ana:s3cret-pass@api.test/a', target: '/a', httpVersion: 'HTTP/1.1', headers: [], changes: [], bodyBytes: 0 },
      response: { httpVersion: 'HTTP/1.1', status: 302, reason: 'Found', headers: [['Location', 'http://ana:s3cret-pass@api.test/b?key=s3cret-pass']] },
      location: 'http://ana:s3cret-pass@api.test/b?key=s3cret-pass',
      connection: {},
    };
    const err = new HttpWireError(ErrorCodes.redirectLoop, 'Redirect loop: http://api.test/a redirects back to itself through 1 hop(s).', { redirects: [hop] });
    const view = failureView(err, SecretMasker.create());
    assert.equal(view.redirects?.[0]?.requestLine, 'GET http://api.test/a');
    assert.equal(view.redirects?.[0]?.location, 'http://ana:***@api.test/b?key=***');
  });

  it('a failure without redirects has none and still says that nothing arrived', () => {
    const view = failureView(new HttpWireError(ErrorCodes.headersTimeout, 'no answer'), SecretMasker.create());
    assert.deepEqual(view.redirects, []);
    assert.deepEqual(receivedOfFailure(view), { kind: 'nothing', note: 'No bytes arrived.' });
    assert.deepEqual(receivedOfFailure({ ...view, receivedNote: '47 B arrived before the failure.', received: 'HTTP/1.1' }), { kind: 'bytes', note: '47 B arrived before the failure.' });
  });

  it('the UI takes a failure whose hops are well formed, and refuses others', () => {
    const panel = { documentUri: 'file:///a.http', title: 'a' };
    const base: FailureView = { message: 'm', code: 'HW_REDIRECT_LOOP', nextAction: 'n', received: '', receivedNote: undefined, actions: ['retry'] };
    const hop = { requestLine: 'GET http://a/', statusLine: 'HTTP/1.1 302 Found', statusClass: 'redirect', location: '/b' };
    const rows: Array<{ name: string; redirects: unknown; want: boolean }> = [
      { name: 'absent (a view made before hops were shown)', redirects: undefined, want: true },
      { name: 'empty', redirects: [], want: true },
      { name: 'one hop', redirects: [hop], want: true },
      { name: 'not a list', redirects: 'x', want: false },
      { name: 'a hop without its Location', redirects: [{ ...hop, location: undefined }], want: false },
      { name: 'a hop with an unknown status class', redirects: [{ ...hop, statusClass: 'x y' }], want: false },
    ];
    for (const row of rows) assert.equal(isHostMessage({ type: 'failure', panel, seq: 1, view: { ...base, redirects: row.redirects } }), row.want, row.name);
  });
});
