/**
 * The sentences the editor shows for a failed send (issue 11, item 2): one per error code, naming
 * the request and the code, with the action that helps next. Plain Node: user-messages.ts
 * imports no `vscode`.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { messageForError } from '../../../src/editor/user-messages';

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
