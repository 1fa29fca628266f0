/** The hover on a `{{name}}` (issue 12, item 5): value and origin, secrets masked. */
import * as assert from 'node:assert/strict';
import { exchangeRecordOf } from '../../../src/core/chaining/exchange-record';
import { ExchangeStore } from '../../../src/core/chaining/exchange-store';
import { HttpWireError } from '../../../src/core/errors';
import type { HttpFile, HttpRequest } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { sendContextOf } from '../../../src/core/send/send-context';
import { SecretMasker } from '../../../src/core/secret-masker';
import { definitionOf, referenceAt } from '../../../src/core/variables/variable-lookup';
import { HOVER_SITE, hoverValueOfError, planOfReference, variableHoverMarkdown, type HoverValue } from '../../../src/editor/variable-hover-markdown';

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
    assert.equal(variableHoverMarkdown('x', { problem: 'has no value: "x" is not a prompt' }, { kind: 'no-environment-value', environment: 'dev' }, masker)[0], '**`{{x}}`** has no value: "x" is not a prompt\\.');
    assert.equal(variableHoverMarkdown('$guid', { value: 'u', isSecret: false }, { kind: 'system', usage: '{{$guid}}', description: 'a random UUID', dialect: 'REST Client' }, masker)[2], 'System variable (REST Client): `{{$guid}}`, a random UUID.');
  });
});

/**
 * Issue: hovering `{{login.response.body.$.token}}` in an .http file showed the resolver's whole
 * message after the expression (`{{login...}} in the hover (line 6) has no value: request "login"
 * has not been sent in this session`), as if nothing could be sent, while Send Request sends
 * `login` first. Reproduced with the real parser, store, plan and resolver, as variable-hover.ts
 * puts them together.
 */
describe('editor: the hover on a reference to another request\'s answer', () => {
  const text = ['# @name login', 'POST http://a.test/login', '', '###', '# @name me', 'GET http://a.test/me', 'Authorization: Bearer {{login.response.body.$.token}}', '', '###', '# @name again', '# @forceRef login', 'GET http://a.test/again?t={{login.response.body.$.token}}', '', '###', '# @name refresh', 'GET http://a.test/refresh?t={{refresh.response.body.$.token}}'].join('\n');
  const file = parseHttpFile(text);
  const EXPRESSION = 'login.response.body.$.token';

  function answered(body: string, status = 200): ExchangeStore {
    const store = new ExchangeStore();
    store.record('login', exchangeRecordOf({ status, responseHeaders: [['Content-Type', 'application/json']], responseBody: Buffer.from(body), responseBodyBytes: body.length, requestHeaders: [], requestBody: [] }));
    return store;
  }

  /** The hover's lines on the reference of `line`, as VariableHoverProvider builds them. */
  async function hover(store: ExchangeStore, line: number): Promise<string[]> {
    const reference = referenceAt(file, line, text.split('\n')[line]!.indexOf('{{') + 2)!;
    const definition = definitionOf(file, reference);
    assert.equal(definition?.kind, 'request');
    if (definition?.kind !== 'request') return [];
    const request: HttpRequest | undefined = file.requests[reference.request!];
    const plan = planOfReference(file, request, definition.request, store, new Map(), 'dev');
    let value: HoverValue;
    if (plan.refusal !== undefined) value = { error: plan.refusal };
    else if (plan.answer.kind === 'answered') value = await resolve(file, request!, store, reference.expression, reference.line);
    return variableHoverMarkdown(reference.expression, value, { kind: 'request', name: reference.head, line: definition.line, answer: plan.answer }, SecretMasker.create());
  }

  async function resolve(f: HttpFile, request: HttpRequest, store: ExchangeStore, expression: string, line: number): Promise<HoverValue> {
    const resolver = sendContextOf(f, { baseDir: '.', baseOptions: {}, variables: { requests: store } }).variables;
    try {
      const out = await resolver.forRequest!(f, request).expand(`{{${expression}}}`, { where: HOVER_SITE, line });
      return typeof out === 'string' ? { value: out, isSecret: false } : { error: `${out.unresolved} has no value` };
    } catch (err) {
      assert.ok(err instanceof HttpWireError);
      return hoverValueOfError(err.message, { expression, line });
    }
  }

  it('says Send Request sends `login` first when it has no answer yet in the environment, with no garbled message', async () => {
    const lines = await hover(new ExchangeStore(), 6);
    assert.deepEqual(lines, [
      `**\`{{${EXPRESSION}}}\`**`,
      '',
      'Sent first: request `login` (line 1) has no answer yet in environment `dev`, so Send Request sends it before this request and reads the value from its answer.',
    ]);
    const all = lines.join('\n');
    for (const garble of ['in the hover', 'has not been sent', 'nothing', 'define', 'Define']) assert.ok(!all.includes(garble), `"${garble}" in ${all}`);
  });

  it('shows the value from login\'s kept answer, and that Send Request does not send login again', async () => {
    assert.deepEqual(await hover(answered('{"token": "t-1"}'), 6), [
      `**\`{{${EXPRESSION}}}\`** = \`t-1\``,
      '',
      'From the answer request `login` (line 1) got in environment `dev` (HTTP 200): Send Request uses it and does not send `login` again.',
    ]);
  });

  it('says the JSONPath matches nothing in login\'s answer, in the CLI\'s words, and advises fixing the path or sending login again, not defining a variable', async () => {
    const lines = await hover(answered('{"other": 1}'), 6);
    assert.equal(lines[0], `**\`{{${EXPRESSION}}}\`** has no value: the JSONPath $\\.token matches nothing in the response body of request "login"\\.`);
    assert.equal(lines[2], 'Send Request reads the answer request `login` (line 1) got in environment `dev` (HTTP 200) and does not send it again, so it would stop here: fix the path, or send `login` again for a new answer.');
    assert.ok(!lines.join('\n').includes('in the hover') && !/define/i.test(lines.join('\n')), lines.join('\n'));
  });

  it('says # @forceRef sends login again first, and a request reading its own answer before it has one is refused as a cycle', async () => {
    assert.equal((await hover(answered('{"token": "t-1"}'), 11))[2], 'Sent again first (`# @forceRef`): Send Request sends request `login` (line 1) again on every send and reads the value from its new answer.');
    const own = await hover(new ExchangeStore(), 15);
    assert.match(own[0]!, /^\*\*`\{\{refresh\.response\.body\.\$\.token\}\}`\*\* has no value here: Requests refresh → refresh need each other's answers in a cycle/);
    assert.equal(own[2], 'Request `refresh` (line 15) has no answer yet in environment `dev`.');
  });
});

