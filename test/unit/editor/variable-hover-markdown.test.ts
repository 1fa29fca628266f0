/** The hover on a `{{name}}` (issue 12, item 5): value and origin, secrets masked. */
import * as assert from 'node:assert/strict';
import { SecretMasker } from '../../../src/core/secret-masker';
import { variableHoverMarkdown } from '../../../src/editor/variable-hover-markdown';

describe('editor: the variable hover text (issue 12, item 5)', () => {
  it('shows an environment value and where it comes from', () => {
    assert.deepEqual(variableHoverMarkdown('host', { value: 'http://dev', isSecret: false }, { kind: 'environment', section: 'dev', place: 'api/http-client.env.json' }, SecretMasker.create()), [
      '**`{{host}}`** = `http://dev`',
      '',
      'Environment `dev`, in `api/http-client.env.json`.',
    ]);
  });

  it('masks a secret whole, and a known secret inside another value (a file variable built from it)', () => {
    const masker = SecretMasker.create();
    masker.addSecret('private-token-1');
    const secret = variableHoverMarkdown('token', { value: 'private-token-1', isSecret: true }, { kind: 'environment', section: 'dev', place: 'http-client.private.env.json' }, masker);
    assert.equal(secret[0], '**`{{token}}`** = `***`');
    const built = variableHoverMarkdown('auth', { value: 'Bearer private-token-1', isSecret: false }, { kind: 'file', name: 'auth', line: 1 }, masker);
    assert.deepEqual(built, ['**`{{auth}}`** = `Bearer ***`', '', 'File variable `@auth`, line 2.']);
    // A short secret is not searched for, but a secret-flagged value is masked whatever its length.
    assert.equal(variableHoverMarkdown('pin', { value: '12', isSecret: true }, { kind: 'environment', section: '$shared', place: 'x' }, masker)[0], '**`{{pin}}`** = `***`');
  });

  it('says why there is no value, escaped and masked, and what a prompt, a request or a system variable is', () => {
    const masker = SecretMasker.create();
    masker.addSecret('s3cret-value');
    assert.equal(variableHoverMarkdown('x', { error: 'no *x* here, s3cret-value' }, { kind: 'no-environment-value', environment: 'dev' }, masker).join('\n'), '**`{{x}}`** has no value here: no \\*x\\* here, \\*\\*\\*\n\nNot a variable of environment `dev`.');
    assert.equal(variableHoverMarkdown('x', undefined, { kind: 'no-environment-value', environment: undefined }, masker)[2], 'No environment is chosen: only `$shared` variables apply.');
    assert.equal(variableHoverMarkdown('otp', undefined, { kind: 'prompt', line: 3, description: 'One-time code' }, masker)[2], 'Prompt of this request (line 4), asked when it is sent: One\\-time code.');
    assert.equal(variableHoverMarkdown('login.response.body.$.t', { error: 'later' }, { kind: 'request', name: 'login', line: 0 }, masker)[2], 'Request `login` (line 1): its exchange, once it has been sent in this session.');
    assert.equal(variableHoverMarkdown('$guid', { value: 'u', isSecret: false }, { kind: 'system', usage: '{{$guid}}', description: 'a random UUID', dialect: 'REST Client' }, masker)[2], 'System variable (REST Client): `{{$guid}}`, a random UUID.');
  });
});
