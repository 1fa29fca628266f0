/**
 * The sentences the editor shows for a failed send (issue 11, item 2): one per error code, naming
 * the request and the code, with the action that helps next. Plain Node: user-messages.ts
 * imports no `vscode`.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { CurlTexts, messageForError, saveFailureReason, SaveTexts } from '../../../src/editor/user-messages';

describe('user messages for failed sends (issue 11, item 2)', () => {
  for (const code of Object.values(ErrorCodes)) {
    it(`${code}: one sentence naming the request and the code, with one action`, () => {
      const message = messageForError('home', new HttpWireError(code, 'developer detail'));
      assert.match(message.text, new RegExp(`^"home" failed: .+ \\(${code}\\)\\.$`));
      assert.doesNotMatch(message.text.slice(0, -1), /[.!?] /, 'one sentence');
      // The developer message goes to the log, not to the user.
      assert.ok(!message.text.includes('developer detail'));
      assert.equal(message.actions.length, 1);
    });
  }

  it('offers Retry for a refused connection and the log for a malformed response', () => {
    assert.deepEqual(messageForError('a', new HttpWireError(ErrorCodes.connectRefused, '')).actions, ['Retry']);
    assert.deepEqual(messageForError('a', new HttpWireError(ErrorCodes.protocol, '')).actions, ['Show Log']);
  });
});

describe('user messages for a failed save (issue 11, item 2)', () => {
  const target = '/home/u/out.json';
  const rows: { name: string; err: unknown; want: string }[] = [
    { name: 'a missing folder', err: new HttpWireError(ErrorCodes.file, 'x', { path: target, sysCode: 'ENOENT' }), want: 'its folder does not exist' },
    { name: 'no permission', err: new HttpWireError(ErrorCodes.file, 'x', { path: target, sysCode: 'EACCES' }), want: 'permission to write there was denied' },
    { name: 'a full disk', err: new HttpWireError(ErrorCodes.file, 'x', { path: target, sysCode: 'ENOSPC' }), want: 'the disk is full' },
    { name: 'another file system error', err: new HttpWireError(ErrorCodes.file, 'x', { path: target, sysCode: 'EIO' }), want: 'see the HTTP Wire log' },
    { name: 'the history body gone (not the target)', err: new HttpWireError(ErrorCodes.file, 'x', { sysCode: 'ENOENT' }), want: 'the response could not be read back; see the HTTP Wire log' },
    { name: 'not one of ours', err: new Error('bug'), want: 'the response could not be read back; see the HTTP Wire log' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const reason = saveFailureReason(row.err, target);
      assert.equal(reason, row.want);
      assert.match(SaveTexts.saveFailed('out.json', reason), /^The response could not be saved to out\.json: [^.]+\.$/);
    });
  }
});

describe('user messages for Copy as cURL', () => {
  it('a request that cannot be prepared says which variable and line, as its own message does (a Markdown block has no Problems entry)', () => {
    const err = new HttpWireError(ErrorCodes.unresolvedVariable, '{{password}} in the body (line 14) has no value: "password" is not defined; nothing was sent.');
    assert.equal(CurlTexts.copyFailed('login', err, err.message), '"login" could not be copied as curl: {{password}} in the body (line 14) has no value: "password" is not defined (HW_UNRESOLVED_VARIABLE).');
  });
});
