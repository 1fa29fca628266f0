/**
 * UI walk, item 7: the failure view showed its next action's backticks literally ("give this
 * request more time with `# @timeout MS`"), a cancel the user asked for as a red error, and "No
 * bytes arrived." for a request that never left (a variable without a value). What the view says
 * comes from its model (failure-text.ts); the view draws `code` parts as <code> text.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, HttpWireError, type ErrorCode } from '../../../src/core/errors';
import { SecretMasker } from '../../../src/core/secret-masker';
import { failureActionsFor, failureView } from '../../../src/webview/failure-view';
import { failureToneOf, inlineCodeParts, NOT_SENT_CODES, receivedOfFailure } from '../../../src/webview/ui/failure-text';

const viewOf = (code: ErrorCode, message = 'm') => failureView(new HttpWireError(code, message), SecretMasker.create());

describe('failure view: inline code in the next action (UI walk, item 7)', () => {
  const rows: Array<{ name: string; input: string; want: Array<[string, boolean]> }> = [
    {
      name: 'a timeout',
      input: 'The server did not answer in time: retry, or give this request more time with `# @timeout MS`.',
      want: [
        ['The server did not answer in time: retry, or give this request more time with ', false],
        ['# @timeout MS', true],
        ['.', false],
      ],
    },
    { name: 'two spans', input: 'add `a` or `b`', want: [['add ', false], ['a', true], [' or ', false], ['b', true]] },
    { name: 'no backtick', input: 'Retry the request.', want: [['Retry the request.', false]] },
    { name: 'a backtick without its pair stays', input: 'a `x` b `', want: [['a ', false], ['x', true], [' b `', false]] },
    { name: 'markup is text, in code or not', input: '<b>x</b> `<img src=x onerror=alert(1)>`', want: [['<b>x</b> ', false], ['<img src=x onerror=alert(1)>', true]] },
    { name: 'empty backticks are no code', input: 'a `` b', want: [['a `` b', false]] },
  ];
  for (const row of rows) it(row.name, () => assert.deepEqual(inlineCodeParts(row.input).map((p) => [p.text, p.isCode]), row.want));

  it('every next action reads whole once its code spans are drawn: no backtick is left over', () => {
    for (const code of Object.values(ErrorCodes)) {
      const parts = inlineCodeParts(viewOf(code).nextAction);
      assert.ok(parts.every((p) => !p.text.includes('`')), `${code}: ${JSON.stringify(parts)}`);
    }
    assert.ok(inlineCodeParts(viewOf(ErrorCodes.headersTimeout).nextAction).some((p) => p.isCode && p.text === '# @timeout MS'));
  });
});

describe('failure view: a cancel is a note, not an error (UI walk, item 7)', () => {
  it('HW_ABORTED is a neutral note; every other code an error', () => {
    assert.equal(failureToneOf(viewOf(ErrorCodes.aborted, 'The request was cancelled.')), 'note');
    for (const code of Object.values(ErrorCodes).filter((c) => c !== ErrorCodes.aborted)) assert.equal(failureToneOf(viewOf(code)), 'error', code);
  });

  it('a cancel says nothing had arrived when it came, not "No bytes arrived."', () => {
    assert.deepEqual(receivedOfFailure(viewOf(ErrorCodes.aborted)), { kind: 'nothing', note: 'Nothing had arrived when the request was cancelled.' });
  });
});

describe('failure view: what was sent, said from the code (UI walk, item 7)', () => {
  const rows: Array<{ code: ErrorCode; want: string }> = [
    { code: ErrorCodes.unresolvedVariable, want: 'Nothing was sent: the request stopped before it left.' },
    { code: ErrorCodes.parse, want: 'Nothing was sent: the request stopped before it left.' },
    { code: ErrorCodes.invalidRequest, want: 'Nothing was sent: the request stopped before it left.' },
    { code: ErrorCodes.dependencyFailed, want: 'Nothing was sent: the request stopped before it left.' },
    { code: ErrorCodes.connectRefused, want: 'Nothing was sent: no connection was made.' },
    { code: ErrorCodes.dns, want: 'Nothing was sent: no connection was made.' },
    { code: ErrorCodes.tls, want: 'Nothing was sent: no connection was made.' },
    // Sent, and not a byte back.
    { code: ErrorCodes.headersTimeout, want: 'No bytes arrived.' },
    { code: ErrorCodes.connectionReset, want: 'No bytes arrived.' },
    // HW_CONNECT also stands for an unexpected error at any point of a send.
    { code: ErrorCodes.connect, want: 'No bytes arrived.' },
  ];
  for (const row of rows) it(row.code, () => assert.deepEqual(receivedOfFailure(viewOf(row.code)), { kind: 'nothing', note: row.want }));

  it('the bytes that did arrive still come first, whatever the code', () => {
    const view = { ...viewOf(ErrorCodes.aborted), received: 'HTTP/1.1 200', receivedNote: '12 B arrived before the failure.' };
    assert.deepEqual(receivedOfFailure(view), { kind: 'bytes', note: '12 B arrived before the failure.' });
  });

  it('names only real codes, and the host offers Retry as before: not where the request never left, unless a request it uses failed', () => {
    const codes: readonly string[] = Object.values(ErrorCodes);
    for (const code of NOT_SENT_CODES) assert.ok(codes.includes(code), code);
    for (const code of Object.values(ErrorCodes)) {
      const isRetried = failureActionsFor(code).includes('retry');
      assert.equal(isRetried, !NOT_SENT_CODES.has(code) || code === ErrorCodes.dependencyFailed, code);
    }
  });
});
