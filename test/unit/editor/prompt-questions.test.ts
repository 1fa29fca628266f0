/**
 * Issue 12, item 5: what the editor asks before a send, as data (prompt-questions.ts imports no
 * `vscode` at run time): the `# @prompt` input box, hidden for a secret's name; the `# @note`
 * confirmation; the session's memory of non-secret answers.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes } from '../../../src/core/errors';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { noteOf, noteQuestion, promptInputOptions, PromptMemory, SendDeclined } from '../../../src/editor/prompt-questions';

describe('editor: prompt and note questions (issue 12, item 5)', () => {
  const hidden: { name: string; password: boolean }[] = [
    { name: 'password', password: true },
    { name: 'adminPassword', password: true },
    { name: 'PASS', password: true },
    { name: 'clientSecret', password: true },
    { name: 'accessToken', password: true },
    { name: 'TOKEN', password: true },
    { name: 'apiKey', password: true },
    { name: 'userId', password: false },
    { name: 'count', password: false },
  ];
  for (const row of hidden) {
    it(`# @prompt ${row.name}: ${row.password ? 'typed hidden' : 'typed in the clear'}`, () => {
      assert.equal(promptInputOptions({ name: row.name, description: undefined, requestLabel: 'login' }).password, row.password);
    });
  }

  it('asks with the description, titled by the request and the name, and keeps the box open on focus loss', () => {
    assert.deepEqual(promptInputOptions({ name: 'otp', description: 'The code from your authenticator', requestLabel: 'login' }), {
      title: 'login: otp',
      prompt: 'The code from your authenticator',
      password: false,
      ignoreFocusOut: true,
    });
  });

  it('without a description, asks for the value of {{name}}', () => {
    assert.equal(promptInputOptions({ name: 'id', description: undefined, requestLabel: 'GET /users/{{id}}' }).prompt, 'The value of {{id}}');
  });

  it('pre-fills the previous answer, never for a secret', () => {
    assert.equal(promptInputOptions({ name: 'id', description: undefined, requestLabel: 'r' }, '42').value, '42');
    assert.equal(promptInputOptions({ name: 'token', description: undefined, requestLabel: 'r' }, 'abc').value, undefined);
  });

  it('PromptMemory keeps non-secret answers per file and name, never a secret one, and forgets a closed file', () => {
    const memory = new PromptMemory();
    memory.remember('file:///a.http', 'id', '1');
    memory.remember('file:///b.http', 'id', '2');
    memory.remember('file:///a.http', 'password', 'hunter22');
    assert.equal(memory.get('file:///a.http', 'id'), '1');
    assert.equal(memory.get('file:///b.http', 'id'), '2');
    assert.equal(memory.get('file:///a.http', 'password'), undefined);
    memory.forget('file:///a.http');
    assert.equal(memory.get('file:///a.http', 'id'), undefined);
    assert.equal(memory.get('file:///b.http', 'id'), '2');
  });

  it('noteOf reads # @note and // @note, bare or with a text; undefined without one', () => {
    const file = parseHttpFile(['# @note Deletes every user', 'DELETE http://127.0.0.1/users', '', '###', '// @note', 'DELETE http://127.0.0.1/cache', '', '###', 'GET http://127.0.0.1/'].join('\n'));
    assert.deepEqual(
      file.requests.map((r) => noteOf(r)),
      ['Deletes every user', '', undefined],
    );
  });

  it('the note confirmation is modal, with the note as its detail', () => {
    assert.deepEqual(noteQuestion('Deletes every user', 'wipeUsers', 'DELETE https://prod.example.com/users'), { message: 'Send "wipeUsers"?', options: { modal: true, detail: 'Deletes every user\n\nDELETE https://prod.example.com/users' } });
    assert.match(noteQuestion('', 'wipe', 'DELETE http://a/').options.detail!, /# @note.*\n\nDELETE http:\/\/a\/$/s);
  });

  it('SendDeclined is a cancellation (HW_ABORTED) that says nothing was sent', () => {
    const prompt = new SendDeclined('prompt', 'login', 'otp');
    assert.equal(prompt.code, ErrorCodes.aborted);
    assert.match(prompt.message, /"login" was not sent: the prompt \{\{otp\}\} was cancelled/);
    assert.equal(new SendDeclined('note', 'wipe').detail.declined, 'note');
  });
});
