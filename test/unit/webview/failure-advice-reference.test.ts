/**
 * A send that fails because a value it reads from another request's answer is not there (a
 * JSONPath that matches nothing) was advised to "define the variable (a file variable @name =
 * value)": wrong, the reference is to that answer. The advice, in the panel and in Send All's
 * notification, is about the answer it reads.
 */
import * as assert from 'node:assert/strict';
import { exchangeRecordOf } from '../../../src/core/chaining/exchange-record';
import { ExchangeStore } from '../../../src/core/chaining/exchange-store';
import { HttpWireError } from '../../../src/core/errors';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { SecretMasker } from '../../../src/core/secret-masker';
import { prepareRequest } from '../../../src/core/send/prepare-request';
import { sendContextOf } from '../../../src/core/send/send-context';
import { messageForError } from '../../../src/editor/user-messages';
import { failureView } from '../../../src/webview/failure-view';

async function failureOf(text: string, store: ExchangeStore): Promise<HttpWireError> {
  const file = parseHttpFile(text);
  const context = sendContextOf(file, { baseDir: '.', baseOptions: {}, variables: { requests: store } });
  try {
    await prepareRequest(file, file.requests[file.requests.length - 1]!, context);
  } catch (err) {
    assert.ok(err instanceof HttpWireError);
    return err;
  }
  return assert.fail('the request was prepared');
}

describe('failure advice for a reference to another request\'s answer', () => {
  const text = ['# @name login', 'POST http://a.test/login', '', '###', 'GET http://a.test/me', 'Authorization: Bearer {{login.response.body.$.token}}', ''].join('\n');

  it('a JSONPath that matches nothing in login\'s answer: check the reference against that answer, or send login again', async () => {
    const store = new ExchangeStore();
    store.record('login', exchangeRecordOf({ status: 200, responseHeaders: [['Content-Type', 'application/json']], responseBody: Buffer.from('{"access_token":"t"}'), responseBodyBytes: 20, requestHeaders: [], requestBody: [] }));
    const err = await failureOf(text, store);
    assert.match(err.message, /the JSONPath \$\.token matches nothing/);
    const view = failureView(err, SecretMasker.create());
    assert.equal(view.nextAction, 'Check the reference against the answer "login" got (Show History, Ctrl/Cmd+Alt+H, opens it), or send "login" again, then send this request.');
    assert.doesNotMatch(view.nextAction, /[Dd]efine/);
    assert.match(messageForError('me', err).text, /^"me" failed: a value it reads from the answer of "login" is not there; .* \(HW_UNRESOLVED_VARIABLE\)\.$/);
  });

  it('a plain variable with no value still gets the advice to define it', async () => {
    const err = await failureOf('GET http://a.test/{{nowhere}}\n', new ExchangeStore());
    assert.match(failureView(err, SecretMasker.create()).nextAction, /^Define the variable/);
    assert.match(messageForError('x', err).text, /has no value \(a name to define/);
  });
});
