/** The message guards of the response panel (issue 11, item 3): each side acts only on known shapes. */
import * as assert from 'node:assert/strict';
import { isHostMessage, isPersistedState, isUiMessage } from '../../../src/webview/protocol';

const panel = { documentUri: 'file:///w/a.http', title: 'GET /' };
const view = {
  statusLine: 'HTTP/1.1 200 OK',
  statusClass: 'success',
  requestLine: 'GET http://127.0.0.1/',
  summary: ['1.0 ms'],
  headers: [['A', '1']],
  trailers: [],
  informational: [],
  redirects: [],
  requestHeaders: [['Host', '127.0.0.1']],
  body: { kind: 'empty' },
  raw: { sent: '', received: '', note: undefined, changes: [] },
  timing: { phases: [], totalMs: 1 },
  connection: { rows: [['Remote address', '127.0.0.1:80']], tls: undefined },
  warnings: [],
};

describe('webview: protocol guards (issue 11, item 3)', () => {
  const uiRows: { name: string; input: unknown; want: boolean }[] = [
    { name: 'ready', input: { type: 'ready' }, want: true },
    { name: 'cancel', input: { type: 'cancel' }, want: true },
    { name: 'a failure action', input: { type: 'failureAction', action: 'retry' }, want: true },
    { name: 'an unknown failure action', input: { type: 'failureAction', action: 'runShell' }, want: false },
    { name: 'an unknown type', input: { type: 'openFile', path: '/etc/passwd' }, want: false },
    { name: 'Save Response Body of result 3 (issue 11, item 2)', input: { type: 'action', action: 'saveBody', seq: 3 }, want: true },
    { name: 'Save Response (issue 11, item 2)', input: { type: 'action', action: 'saveResponse', seq: 0 }, want: true },
    { name: 'Compare (issue 11, item 2)', input: { type: 'action', action: 'compare', seq: 1 }, want: true },
    { name: 'an unknown action (issue 11, item 2)', input: { type: 'action', action: 'writeFile', seq: 1 }, want: false },
    { name: 'an action without its result (issue 11, item 2)', input: { type: 'action', action: 'saveBody' }, want: false },
    { name: 'an action with a path (issue 11, item 2): the path is not a seq', input: { type: 'action', action: 'saveBody', seq: '/etc/passwd' }, want: false },
    { name: 'Show Secrets of result 2 (issue 12)', input: { type: 'reveal', reveal: true, seq: 2 }, want: true },
    { name: 'Hide Secrets of result 2 (issue 12)', input: { type: 'reveal', reveal: false, seq: 2 }, want: true },
    { name: 'a reveal without its result (issue 12)', input: { type: 'reveal', reveal: true }, want: false },
    { name: 'a reveal that is not a boolean (issue 12)', input: { type: 'reveal', reveal: 'yes', seq: 2 }, want: false },
    { name: 'a string', input: 'ready', want: false },
    { name: 'null', input: null, want: false },
  ];
  for (const row of uiRows) it(`UI message: ${row.name}`, () => assert.equal(isUiMessage(row.input), row.want));

  const hostRows: { name: string; input: unknown; want: boolean }[] = [
    { name: 'idle', input: { type: 'idle', panel }, want: true },
    { name: 'sending', input: { type: 'sending', panel }, want: true },
    { name: 'sending without its panel', input: { type: 'sending' }, want: false },
    { name: 'sending with its request line and start', input: { type: 'sending', panel, request: { requestLine: 'GET http://a/', startedAtMs: 1_700_000_000_000 } }, want: true },
    { name: 'sending with a start that is not a number', input: { type: 'sending', panel, request: { requestLine: 'GET http://a/', startedAtMs: 'now' } }, want: false },
    { name: 'a result', input: { type: 'result', panel, seq: 3, view }, want: true },
    { name: 'a result with a negative seq', input: { type: 'result', panel, seq: -1, view }, want: false },
    { name: 'a result whose headers are not pairs', input: { type: 'result', panel, seq: 1, view: { ...view, headers: [['A']] } }, want: false },
    { name: 'an image body from an https: URL', input: { type: 'result', panel, seq: 1, view: { ...view, body: { kind: 'image', mimeType: 'image/png', dataUrl: 'https://evil.example/x.png' } } }, want: false },
    { name: 'an image body as a data: URL', input: { type: 'result', panel, seq: 1, view: { ...view, body: { kind: 'image', mimeType: 'image/png', dataUrl: 'data:image/png;base64,AAAA' } } }, want: true },
    { name: 'an unknown body kind', input: { type: 'result', panel, seq: 1, view: { ...view, body: { kind: 'html', html: '<script>' } } }, want: false },
    { name: 'a body piece', input: { type: 'bodyPiece', seq: 1, index: 0, text: 'abc' }, want: true },
    { name: 'a body piece with a fractional index', input: { type: 'bodyPiece', seq: 1, index: 0.5, text: 'abc' }, want: false },
    { name: 'a body piece without text', input: { type: 'bodyPiece', seq: 1, index: 0 }, want: false },
    { name: 'the body end', input: { type: 'bodyEnd', seq: 1 }, want: true },
    { name: 'a failure', input: { type: 'failure', panel, seq: 3, view: { message: 'm', code: 'HW_DNS', nextAction: 'n', received: '', receivedNote: undefined, actions: ['retry', 'showLog'] } }, want: true },
    { name: 'a failure that masks something', input: { type: 'failure', panel, seq: 3, view: { message: 'm', code: 'HW_DNS', nextAction: 'n', received: '', receivedNote: undefined, actions: [], secrets: 'masked' } }, want: true },
    { name: 'a failure without its seq (Show Secrets answers name it)', input: { type: 'failure', panel, view: { message: 'm', code: 'HW_DNS', nextAction: 'n', received: '', receivedNote: undefined, actions: [] } }, want: false },
    { name: 'a failure with an unknown secrets state', input: { type: 'failure', panel, seq: 3, view: { message: 'm', code: 'HW_DNS', nextAction: 'n', received: '', receivedNote: undefined, actions: [], secrets: 'shown' } }, want: false },
    { name: 'a failure with an unknown action', input: { type: 'failure', panel, seq: 3, view: { message: 'm', code: 'HW_DNS', nextAction: 'n', received: '', receivedNote: undefined, actions: ['format'] } }, want: false },
    { name: 'a failure without its code', input: { type: 'failure', panel, seq: 3, view: { message: 'm', nextAction: 'n', received: '' } }, want: false },
    { name: 'a result whose secrets are masked (issue 12)', input: { type: 'result', panel, seq: 1, view: { ...view, secrets: 'masked' } }, want: true },
    { name: 'a result with an unknown secrets state (issue 12)', input: { type: 'result', panel, seq: 1, view: { ...view, secrets: 'half' } }, want: false },
    { name: 'the view of result 1 with its secrets revealed (issue 12)', input: { type: 'secrets', seq: 1, view: { ...view, secrets: 'revealed' } }, want: true },
    { name: 'a secrets message without its view (issue 12)', input: { type: 'secrets', seq: 1 }, want: false },
    { name: 'the head of a slow body', input: { type: 'receiving', panel: { documentUri: 'file:///a.http', title: 'a' }, view: { requestLine: 'GET http://a/', statusLine: 'HTTP/1.1 200 OK', statusClass: 'success', headers: [['X-Stream', 'events']] } }, want: true },
    { name: 'the head of a slow body with a header that is not a pair', input: { type: 'receiving', panel: { documentUri: 'file:///a.http', title: 'a' }, view: { requestLine: 'GET http://a/', statusLine: 'HTTP/1.1 200 OK', statusClass: 'success', headers: [['X-Stream']] } }, want: false },
    { name: 'the progress of a slow body', input: { type: 'progress', received: '12.3 KB' }, want: true },
    { name: 'a progress without its text', input: { type: 'progress', received: 12 }, want: false },
    { name: 'an unknown type', input: { type: 'eval', code: 'alert(1)' }, want: false },
  ];
  for (const row of hostRows) it(`host message: ${row.name}`, () => assert.equal(isHostMessage(row.input), row.want));

  it('accepts a persisted state only with its panel identity', () => {
    assert.equal(isPersistedState({ panel, tab: 'raw' }), true);
    assert.equal(isPersistedState({ panel: { documentUri: 1, title: 'x' } }), false);
    assert.equal(isPersistedState(undefined), false);
  });

  it("issue 11, item 3: a persisted panel identity may carry its key (a panel per request), and then it is a string", () => {
    assert.equal(isPersistedState({ panel: { ...panel, key: 'file:///w/a.http#12' } }), true);
    assert.equal(isPersistedState({ panel: { ...panel, key: 12 } }), false);
  });
});
