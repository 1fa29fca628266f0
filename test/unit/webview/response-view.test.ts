/**
 * The panel's view model (issue 11, item 3), built from real sends to a 127.0.0.1 server: the
 * seed's 301 as received, the body in pieces, binary and images, raw bytes with secrets masked,
 * and failures with the bytes that did arrive.
 */
import * as assert from 'node:assert/strict';
import { challengeNoteOf } from '../../../src/webview/ui/status-text';
import * as zlib from 'node:zlib';
import { ErrorCodes, HttpWireError, type ErrorCode } from '../../../src/core/errors';
import { BodyStore } from '../../../src/core/response/body-store';
import { SecretMasker } from '../../../src/core/secret-masker';
import { HttpClient } from '../../../src/core/wire/client';
import type { SendResult } from '../../../src/core/wire/send-result';
import { MOVED_301, MOVED_BODY } from '../../../src/demo/seed-responses';
import { failureActionsFor, failureView } from '../../../src/webview/failure-view';
import type { FailureAction } from '../../../src/webview/protocol';
import { bodyTextPieces, receivingView, resultView, revealedView, statusClassOf } from '../../../src/webview/response-view';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';

async function collect(pieces: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of pieces) out.push(p);
  return out;
}

function answer(head: readonly string[], body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

describe('webview: response view (issue 11, item 3)', () => {
  let server: RawServer | undefined;
  let client: HttpClient | undefined;
  const results: SendResult[] = [];

  /** A server answering every request on a connection with `bytes` (one per request, in turn). */
  async function serve(...answers: Buffer[]): Promise<RawServer> {
    server = await RawServer.start((socket) => onRequests(socket, (_head, _body, i) => socket.write(answers[Math.min(i, answers.length - 1)]!)));
    return server;
  }

  async function send(url: string, headers: readonly (readonly [string, string])[] = []): Promise<SendResult> {
    client ??= new HttpClient();
    const u = new URL(url);
    const result = await client.send(wireRequest(url, { headers: [['Host', u.host], ...headers] }), { followRedirects: false });
    results.push(result);
    return result;
  }

  afterEach(async () => {
    for (const r of results.splice(0)) r.dispose();
    client?.close();
    client = undefined;
    await server?.close();
    server = undefined;
  });

  it("shows the seed's 301 as received: status line, both X-Cache-Info headers in order, connection", async () => {
    const s = await serve(MOVED_301);
    const view = resultView(await send(s.url('/')), SecretMasker.create());
    assert.equal(view.statusLine, 'HTTP/1.1 301 Moved Permanently');
    assert.equal(view.statusClass, 'redirect');
    assert.deepEqual(
      view.headers.filter(([name]) => name === 'X-Cache-Info'),
      [['X-Cache-Info', 'caching'], ['X-Cache-Info', 'caching']],
    );
    assert.deepEqual(view.headers[0], ['Server', 'Apache/2.2.3 (Red Hat)']);
    assert.equal(view.summary[1], '347 B');
    assert.equal(view.summary[2], 'connection #1, request 1 on it (new)');
    assert.equal(view.raw.received, MOVED_301.toString('latin1'));
    assert.match(view.raw.sent, /^GET \/ HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    assert.equal(view.raw.note, undefined);
    assert.deepEqual(
      view.timing.phases.map((p) => p.name),
      ['DNS', 'Connect', 'TLS', 'Send', 'Wait (first byte)', 'Download'],
    );
  });

  it("decodes the 301's ISO-8859-1 page as text, whole across pieces", async () => {
    const s = await serve(MOVED_301);
    const result = await send(s.url('/'));
    const view = resultView(result, SecretMasker.create());
    assert.deepEqual(view.body, { kind: 'text', mimeType: 'text/html', charset: 'windows-1252', isJson: false, syntax: 'html', note: undefined });
    const pieces = await collect(bodyTextPieces(result.body, 'text/html; charset=iso-8859-1', Infinity, 40));
    assert.ok(pieces.length > 5 && pieces.slice(0, -1).every((p) => p.length === 40));
    assert.equal(pieces.join(''), MOVED_BODY.toString('latin1'));
    assert.ok(pieces.join('').includes('aquí'));
  });

  it('says which request on a kept-alive connection an answer came by', async () => {
    const s = await serve(answer(['HTTP/1.1 200 OK'], Buffer.from('one')), answer(['HTTP/1.1 404 Not Found'], Buffer.from('two')));
    await send(s.url('/a'));
    const second = resultView(await send(s.url('/b')), SecretMasker.create());
    assert.equal(second.summary[2], 'connection #1, request 2 on it (reused)');
    assert.equal(second.statusClass, 'client-error');
  });

  it('masks URL credentials in the request line, its headers and the raw bytes sent', async () => {
    const s = await serve(answer(['HTTP/1.1 200 OK'], Buffer.alloc(0)));
    const token = Buffer.from('ana:s3cret-pass').toString('base64');
    const url = `http://ana:s3cret-pass@127.0.0.1:${s.port}/private`;
    const view = resultView(await send(url, [['Authorization', `Basic ${token}`]]), SecretMasker.create());
    const shown = JSON.stringify([view.requestLine, view.requestHeaders, view.raw.sent]);
    assert.ok(!shown.includes('s3cret-pass') && !shown.includes(token), shown);
    // The request line is the URL as the request's bytes name it: the credentials went as Authorization.
    assert.equal(view.requestLine, `GET http://127.0.0.1:${s.port}/private`);
    assert.deepEqual(view.body, { kind: 'empty' });
  });

  it('the head of a slow body: status line, headers as received (secrets masked), the request as sent', () => {
    const masker = SecretMasker.create();
    masker.addSecret('echoed-key-1234');
    const start = {
      request: { method: 'GET', url: 'http://ana:pw-5678@api.test/events', target: '/events', httpVersion: 'HTTP/1.1', headers: [], changes: [], bodyBytes: 0 },
      informational: [],
      response: { httpVersion: 'HTTP/1.1', status: 200, reason: 'OK', headers: [['Content-Type', 'text/event-stream'], ['X-Echo', 'echoed-key-1234']] as Array<[string, string]> },
      contentCodings: [],
      redirects: [],
      connection: {} as never,
      requestBytes: () => Buffer.alloc(0),
      receivedBytes: () => 0,
    };
    assert.deepEqual(receivingView(start, masker), {
      requestLine: 'GET http://api.test/events',
      statusLine: 'HTTP/1.1 200 OK',
      statusClass: 'success',
      headers: [['Content-Type', 'text/event-stream'], ['X-Echo', '***']],
    });
  });

  it("shows the request-target as it was sent, not as a URL re-serializes it (x='y' is no x=%27y%27)", async () => {
    const s = await serve(answer(['HTTP/1.1 200 OK'], Buffer.alloc(0)));
    client ??= new HttpClient();
    const target = `/search?x='y'&q="z"`;
    const result = await client.send(wireRequest(s.url('/search'), { target, headers: [['Host', `127.0.0.1:${s.port}`]] }));
    results.push(result);
    assert.equal(resultView(result, SecretMasker.create()).requestLine, `GET http://127.0.0.1:${s.port}${target}`);
  });

  it('issue 12: a view that masks a secret says so; revealedView shows it, and the masker still masks after', async () => {
    const s = await serve(answer(['HTTP/1.1 200 OK'], Buffer.alloc(0)), answer(['HTTP/1.1 200 OK'], Buffer.alloc(0)));
    const masker = SecretMasker.create();
    masker.addSecret('private-env-token-42');
    const result = await send(s.url('/items?key=private-env-token-42'), [['Authorization', 'Bearer private-env-token-42']]);
    const masked = resultView(result, masker);
    assert.equal(masked.secrets, 'masked');
    assert.ok(!JSON.stringify(masked).includes('private-env-token-42'));
    const revealed = revealedView(result);
    assert.equal(revealed.secrets, 'revealed');
    assert.ok(revealed.requestLine.endsWith('/items?key=private-env-token-42'), revealed.requestLine);
    assert.deepEqual(revealed.requestHeaders.find(([n]) => n === 'Authorization'), ['Authorization', 'Bearer private-env-token-42']);
    assert.match(revealed.raw.sent, /\r\nAuthorization: Bearer private-env-token-42\r\n/);
    // Revealing one view changes nothing of the masker the panels share.
    assert.ok(!JSON.stringify(resultView(result, masker)).includes('private-env-token-42'));
    // A send with nothing to mask has no secrets state: the panel shows no Show Secrets button.
    assert.equal(resultView(await send(s.url('/plain')), masker).secrets, undefined);
  });

  it('Raw leaves out a body that is not text on the wire (binary, gzip-coded) and says so; a text body stays whole', async () => {
    const gz = zlib.gzipSync(Buffer.from('{"ok":true}'));
    const binaryHead = ['HTTP/1.1 200 OK', 'Content-Type: application/octet-stream'];
    const gzipHead = ['HTTP/1.1 200 OK', 'Content-Type: application/json', 'Content-Encoding: gzip'];
    const textHead = ['HTTP/1.1 200 OK', 'Content-Type: text/plain'];
    const s = await serve(Buffer.concat([Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'), answer(binaryHead, Buffer.alloc(3000, 0x00))]), answer(gzipHead, gz), answer(textHead, Buffer.from('plain words')));
    const binary = resultView(await send(s.url('/b')), SecretMasker.create()).raw;
    assert.equal(binary.received, `HTTP/1.1 100 Continue\r\n\r\n${binaryHead.join('\r\n')}\r\nContent-Length: 3000\r\n\r\n`);
    assert.match(binary.bodyNote ?? '', /^The body \(2\.9 KB as received\) is not text.*Save Body saves it/);
    const coded = resultView(await send(s.url('/g')), SecretMasker.create()).raw;
    assert.equal(coded.received, `${gzipHead.join('\r\n')}\r\nContent-Length: ${gz.length}\r\n\r\n`);
    assert.match(coded.bodyNote ?? '', new RegExp(`^The body \\(${gz.length} B as received\\)`));
    const text = resultView(await send(s.url('/t')), SecretMasker.create()).raw;
    assert.ok(text.received.endsWith('\r\n\r\nplain words'));
    assert.equal(text.bodyNote, undefined);
  });

  it('Raw finds the final head after blank lines the parser skips (before it, and after a 100 Continue)', async () => {
    const head = ['HTTP/1.1 200 OK', 'Content-Type: application/octet-stream'];
    const s = await serve(Buffer.concat([Buffer.from('\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n\r\n\r\n'), answer(head, Buffer.alloc(64, 0))]));
    const raw = resultView(await send(s.url('/b')), SecretMasker.create()).raw;
    assert.equal(raw.received, `\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n\r\n\r\n${head.join('\r\n')}\r\nContent-Length: 64\r\n\r\n`);
    assert.match(raw.bodyNote ?? '', /^The body \(64 B as received\)/);
  });

  it('Raw says its bytes are the final exchange\'s when redirects came before it', async () => {
    const moved = (to: string): Buffer => Buffer.from(`HTTP/1.1 301 Moved Permanently\r\nLocation: ${to}\r\nContent-Length: 0\r\n\r\n`);
    const s = await serve(moved('/middle'), moved('/end'), answer(['HTTP/1.1 200 OK', 'Content-Type: text/plain'], Buffer.from('end')));
    client ??= new HttpClient();
    const result = await client.send(wireRequest(s.url('/start'), { headers: [['Host', new URL(s.url('/')).host]] }));
    results.push(result);
    const raw = resultView(result, SecretMasker.create()).raw;
    assert.equal(raw.note, 'The bytes of the final exchange: the 2 redirects before it are on the Headers tab.');
    assert.match(raw.sent, /^GET \/end HTTP\/1\.1\r\n/);
  });

  it('a Digest challenge answered on the way is in the view: the 401 with its request, and a note under the status line', async () => {
    const challenge = Buffer.from('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="vault", nonce="n0nce", qop="auth"\r\nContent-Length: 0\r\n\r\n');
    const s = await serve(challenge, answer(['HTTP/1.1 200 OK', 'Content-Type: text/plain'], Buffer.from('welcome')));
    client ??= new HttpClient();
    const url = s.url('/vault');
    const result = await client.send({ ...wireRequest(url, { headers: [['Host', new URL(url).host]] }), digest: { user: 'ada', password: 's3cret' } });
    results.push(result);
    const view = resultView(result, SecretMasker.create());
    assert.equal(view.statusLine, 'HTTP/1.1 200 OK');
    assert.deepEqual(view.challenges?.map((c) => [c.requestLine, c.response.statusLine]), [[`GET ${url}`, 'HTTP/1.1 401 Unauthorized']]);
    assert.equal(challengeNoteOf(view.challenges!), 'Answered a Digest challenge first (401 Unauthorized): see Headers');
    assert.equal(challengeNoteOf([]), undefined);
  });

  it('shows an image as a data: URL and other binary as its first bytes', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const s = await serve(answer(['HTTP/1.1 200 OK', 'Content-Type: image/png'], png), answer(['HTTP/1.1 200 OK', 'Content-Type: application/octet-stream'], Buffer.alloc(5000, 0xab)));
    const image = resultView(await send(s.url('/i')), SecretMasker.create()).body;
    assert.deepEqual(image, { kind: 'image', mimeType: 'image/png', dataUrl: `data:image/png;base64,${png.toString('base64')}` });
    const binary = resultView(await send(s.url('/b')), SecretMasker.create()).body;
    assert.equal(binary.kind, 'binary');
    assert.ok(binary.kind === 'binary' && Buffer.from(binary.headBase64, 'base64').equals(Buffer.alloc(4096, 0xab)));
    assert.match(binary.kind === 'binary' ? binary.note : '', /application\/octet-stream, 4\.9 KB: its first 4096 bytes in hex/);
  });

  it('marks JSON for pretty-printing and notes a body cut at the shown limit', async () => {
    const s = await serve(answer(['HTTP/1.1 200 OK', 'Content-Type: application/problem+json'], Buffer.from('{"a":1}')));
    const view = resultView(await send(s.url('/')), SecretMasker.create());
    assert.equal(view.body.kind === 'text' && view.body.isJson, true);
    const store = new BodyStore({ maxInMemoryBytes: 1 << 20 });
    try {
      // "é" is two bytes in UTF-8: a limit in the middle of one drops it rather than mangling it.
      store.append(Buffer.from('aé'.repeat(10)));
      assert.equal((await collect(bodyTextPieces(store, 'text/plain; charset=utf-8', 5, 100))).join(''), 'aéa');
      assert.equal((await collect(bodyTextPieces(store, 'text/plain; charset=utf-8', 6, 100))).join(''), 'aéaé');
    } finally {
      store.dispose();
    }
  });

  it('streams a 20 MB JSON body whole, marked for pretty-printing, with no cut note (issue 11, item 4)', async function () {
    this.timeout(20_000);
    const row = Buffer.from('{"id":12345,"name":"a row of the big body","tags":["x","y"],"ok":true},');
    const rows = Math.ceil(20_000_000 / row.length);
    const json = Buffer.concat([Buffer.from('['), Buffer.concat(Array.from({ length: rows }, () => row)).subarray(0, -1), Buffer.from(']')]);
    const s = await serve(answer(['HTTP/1.1 200 OK', 'Content-Type: application/json'], json));
    const result = await send(s.url('/big'));
    const view = resultView(result, SecretMasker.create());
    assert.deepEqual(view.body, { kind: 'text', mimeType: 'application/json', charset: 'utf-8', isJson: true, syntax: 'json', note: undefined });
    const text = (await collect(bodyTextPieces(result.body, 'application/json'))).join('');
    assert.equal(text.length, json.length);
    assert.ok(text === json.toString('utf8'));
  });

  it('tells the viewer the syntax of each text type (issue 11, item 3)', async () => {
    const rows: { type: string; want: string }[] = [
      { type: 'application/json', want: 'json' },
      { type: 'application/problem+json; charset=utf-8', want: 'json' },
      { type: 'application/xml', want: 'xml' },
      { type: 'image/svg+xml', want: 'xml' },
      { type: 'text/html', want: 'html' },
      { type: 'text/plain', want: 'plain' },
    ];
    const s = await serve(...rows.map((r) => answer(['HTTP/1.1 200 OK', `Content-Type: ${r.type}`], Buffer.from('x'))));
    for (const [i, row] of rows.entries()) {
      const body = resultView(await send(s.url(`/${i}`)), SecretMasker.create()).body;
      assert.equal(body.kind === 'text' ? body.syntax : body.kind, row.want, row.type);
    }
  });

  it('classes status codes by their first digit (RFC 9110 §15)', () => {
    const rows = [
      { input: 100, want: 'info' },
      { input: 204, want: 'success' },
      { input: 308, want: 'redirect' },
      { input: 451, want: 'client-error' },
      { input: 503, want: 'server-error' },
      { input: 600, want: 'other' },
      { input: 99, want: 'other' },
    ];
    for (const row of rows) assert.equal(statusClassOf(row.input), row.want, String(row.input));
  });

  it('shows a failure with its code, a next action and the bytes that did arrive', async () => {
    const s = await RawServer.start((socket) => onRequests(socket, () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial')));
    server = s;
    client = new HttpClient();
    const err = await client.send(wireRequest(s.url('/'))).then(
      (r) => {
        r.dispose();
        throw new Error('the send should fail');
      },
      (e: unknown) => e as HttpWireError,
    );
    assert.ok(err instanceof HttpWireError);
    const view = failureView(err, SecretMasker.create());
    assert.equal(view.code, ErrorCodes.incomplete);
    assert.match(view.nextAction, /closed the connection early/);
    assert.equal(view.received, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
    assert.equal(view.receivedNote, '47 B arrived before the failure.');
    (err.detail as { partial?: { rawBody?: BodyStore } }).partial?.rawBody?.dispose();
  });

  it('offers the buttons that can help with each failure: retry, verification, settings, log (issue 11, item 3)', () => {
    const rows: Array<[ErrorCode, FailureAction[]]> = [
      [ErrorCodes.connectRefused, ['retry', 'showLog']],
      [ErrorCodes.tls, ['retry', 'skipVerification', 'showLog']],
      [ErrorCodes.proxy, ['retry', 'openSettings', 'showLog']],
      [ErrorCodes.totalTimeout, ['retry', 'openSettings', 'showLog']],
      [ErrorCodes.responseTooLarge, ['retry', 'openSettings', 'showLog']],
      // Never sent: sending again changes nothing until the file does.
      [ErrorCodes.unresolvedVariable, ['showLog']],
      [ErrorCodes.invalidRequest, ['showLog']],
    ];
    for (const [code, want] of rows) assert.deepEqual(failureActionsFor(code), want, code);
    for (const code of Object.values(ErrorCodes)) assert.ok(failureActionsFor(code).includes('showLog'), code);
    // An https:// proxy's certificate: turning off the request's verification would not help.
    assert.deepEqual(failureView(new HttpWireError(ErrorCodes.tls, 'x', { isProxy: true }), SecretMasker.create()).actions, ['retry', 'showLog']);
  });

  it('masks a URL password in a failure message', () => {
    const err = new HttpWireError(ErrorCodes.dns, 'Could not resolve http://ana:s3cret-pass@nowhere.invalid/');
    const view = failureView(err, SecretMasker.create());
    assert.equal(view.message, 'Could not resolve http://ana:***@nowhere.invalid/');
    assert.equal(view.receivedNote, undefined);
    assert.equal(view.received, '');
  });

  it('a failure that masks something offers Show Secrets (secrets: masked); its revealed view shows them; one that masks nothing does not', () => {
    const masker = SecretMasker.create();
    masker.addSecret('pr1vate-key-77');
    const err = new HttpWireError(ErrorCodes.connectRefused, 'Connection refused sending http://127.0.0.1:9/?key=pr1vate-key-77');
    const masked = failureView(err, masker);
    assert.equal(masked.message, 'Connection refused sending http://127.0.0.1:9/?key=***');
    assert.equal(masked.secrets, 'masked');
    const revealed = failureView(err, SecretMasker.revealing(), true);
    assert.equal(revealed.message, err.message);
    assert.equal(revealed.secrets, 'revealed');
    assert.equal(failureView(new HttpWireError(ErrorCodes.dns, 'Could not resolve nowhere.invalid'), masker).secrets, undefined);
  });
});
