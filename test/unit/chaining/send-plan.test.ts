import * as assert from 'node:assert/strict';
import { dependenciesOf, reachableReferences, referencedNames } from '../../../src/core/chaining/dependencies';
import { planSends } from '../../../src/core/chaining/send-plan';
import { HttpWireError } from '../../../src/core/errors';
import { parseHttpFile } from '../../../src/core/http-file/parse';

const lines = (...l: string[]): string => l.join('\n');

/** The plan for the request named `target`, as the names (or request lines) sent in order. */
function plan(text: string, target: string, sent: readonly string[] = []): string[] {
  const file = parseHttpFile(text);
  const request = file.requests.find((r) => r.name === target)!;
  return planSends(file, request, (name) => sent.includes(name)).map((s) => `${s.request.name ?? s.request.requestLine.target}${s.isTarget ? '*' : ''}`);
}

function planError(text: string, target: string, sent: readonly string[] = []): HttpWireError {
  try {
    plan(text, target, sent);
  } catch (err) {
    assert.ok(err instanceof HttpWireError);
    return err;
  }
  assert.fail('the plan was made');
}

const CHAIN = lines(
  '@token = {{login.response.body.$.token}}',
  '',
  '### login',
  'POST http://a/login',
  '',
  '{"user": "{{account.response.body.$.name}}"}',
  '',
  '###',
  '# @name account',
  'GET http://a/account',
  '',
  '###',
  '# @name me',
  'GET http://a/me',
  'Authorization: Bearer {{token}}',
  'X-Id: {{login.response.headers.X-Request-Id}}',
);

describe('chaining: the send plan (issue 12, item 4)', () => {
  it('issue 12, item 4: dependencies come depth-first before the target, each once, through file variables too', () => {
    assert.deepEqual(plan(CHAIN, 'me'), ['account', 'login', 'me*']);
    assert.deepEqual(plan(CHAIN, 'login'), ['account', 'login*']);
    assert.deepEqual(plan(CHAIN, 'account'), ['account*']);
  });

  it('issue 12, item 4: a dependency sent in this session is not sent again, nor are its own dependencies looked into', () => {
    assert.deepEqual(plan(CHAIN, 'me', ['login']), ['me*']);
    assert.deepEqual(plan(CHAIN, 'me', ['account']), ['login', 'me*']);
  });

  it('issue 12, item 4: # @ref sends once per session, # @forceRef every time; ### titles name requests', () => {
    const text = lines('### login', 'POST http://a/login', '', '###', '# @name me', '# @ref login', 'GET http://a/me', '', '###', '# @name again', '# @forceRef login', 'GET http://a/again');
    assert.deepEqual(plan(text, 'me'), ['login', 'me*']);
    assert.deepEqual(plan(text, 'me', ['login']), ['me*']);
    assert.deepEqual(plan(text, 'again', ['login']), ['login', 'again*']);
  });

  it('issue 12, item 4: httpYac names ({{login.token}}, {{login}}) are dependencies; a file variable of the same bare name is not', () => {
    const text = lines('@account = a file value', '', '# @name login', 'POST http://a/login', '', '###', '# @name account', 'GET http://a/acc', '', '###', '# @name me', 'GET http://a/me/{{login.user.id}}?all={{login}}&acc={{account}}');
    assert.deepEqual(plan(text, 'me'), ['login', 'me*']);
    const file = parseHttpFile(text);
    assert.deepEqual(dependenciesOf(file, file.requests[2]!).map((d) => d.expression), ['{{login.user.id}}', '{{login}}']);
    assert.deepEqual([...referencedNames(file)], ['login']);
    // A reference in a file variable no request uses keeps nothing: a later edit that uses it
    // sends login again rather than reading an answer kept before anything asked for it.
    const unused = parseHttpFile(lines('@token = {{login.response.body.$.token}}', '', '# @name login', 'POST http://a/login', '', '###', '# @name me', 'GET http://a/me'));
    assert.equal(referencedNames(unused).size, 0);
  });

  it('# @ref and # @forceRef name dependencies in a file without any {{ (the no-reference shortcut still reads them)', () => {
    const file = parseHttpFile(lines('# @name login', 'POST http://a/login', '', '###', '# @name audit', 'GET http://a/audit', '', '###', '# @ref login', 'GET http://a/me', '', '###', '# @forceRef audit', 'GET http://a/log'));
    assert.deepEqual([...referencedNames(file)].sort(), ['audit', 'login']);
    assert.deepEqual(plan(lines('# @name login', 'POST http://a/login', '', '###', '# @name me', '# @ref login', 'GET http://a/me'), 'me'), ['login', 'me*']);
  });

  it("a bare {{account}} that the send's environment defines is its value: the request named account (a DELETE) is not sent for it", () => {
    const text = lines('# @name account', 'DELETE http://a/accounts/current', '', '###', '# @name report', 'GET http://a/reports?account={{account}}&by={{login.response.body.$.id}}', '', '###', '# @name login', 'POST http://a/login');
    const file = parseHttpFile(text);
    const report = file.requests[1]!;
    const environment = new Map([['account', 'acme']]);
    assert.deepEqual(planSends(file, report, () => false, environment).map((s) => s.request.name), ['login', 'report'], 'a reference with a path still names the request');
    assert.deepEqual(planSends(file, report, () => false).map((s) => s.request.name), ['account', 'login', 'report'], 'without it in the environment, httpYac reads the name as the request');
    // REST Client's common pattern: an environment variable "user" and a request named user that uses login's answer.
    const rest = parseHttpFile(lines('# @name login', 'POST http://a/login', '', '{"user": "{{user}}"}', '', '###', '# @name user', 'GET http://a/me', 'Authorization: Bearer {{login.response.body.$.token}}'));
    assert.deepEqual(planSends(rest, rest.requests[0]!, () => false, new Map([['user', 'alice']])).map((s) => s.request.name), ['login'], 'no cycle login → user → login');
  });

  it('issue 12, item 4: cycles are refused before anything is sent, with the chain named', () => {
    const text = lines('# @name a', 'GET http://a/{{b.response.body.$.id}}', '', '###', '# @name b', 'GET http://a/{{c.response.headers.X}}', '', '###', '# @name c', '# @ref a', 'GET http://a/c');
    const err = planError(text, 'a');
    assert.equal(err.code, 'HW_REQUEST_CYCLE');
    assert.match(err.message, /^Requests a → b → c → a need each other's answers in a cycle \(# @ref a in "c", line 10\)/);
    assert.deepEqual(err.detail.cycle, ['a', 'b', 'c', 'a']);
    assert.equal(planError(text, 'b').message.startsWith('Requests b → c → a → b'), true);
  });

  it('issue 12, item 4: a request reading its own answer is a cycle until it has one', () => {
    const text = lines('# @name refresh', 'POST http://a/refresh', '', '{"token": "{{refresh.response.body.$.next}}"}');
    assert.match(planError(text, 'refresh').message, /^Requests refresh → refresh need each other's answers/);
    assert.deepEqual(plan(text, 'refresh', ['refresh']), ['refresh*']);
  });

  it('issue 12, item 4: a reference to a request the file does not have names it and where it stands', () => {
    const text = lines('# @name me', 'GET http://a/me', 'Authorization: {{nope.response.body.$.token}}');
    const err = planError(text, 'me');
    assert.equal(err.code, 'HW_UNRESOLVED_VARIABLE');
    assert.equal(err.message, '{{nope.response.body.$.token}} in request "me" (line 3) names request "nope", which is not in the file (name one with # @name nope); nothing was sent.');
    assert.match(planError(lines('# @name me', '# @ref ghost', 'GET http://a/me'), 'me').message, /^# @ref ghost in request "me" \(line 2\) names request "ghost"/);
  });

  describe('deep chains end in a plan or an error, never a stack overflow', () => {
    it('6,000 requests each reading the next one\'s answer: all planned, the deepest first', () => {
      const n = 6000;
      const text = Array.from({ length: n }, (_, i) => `# @name r${i}\nGET http://a.test/${i < n - 1 ? `{{r${i + 1}.response.body.$.x}}` : ''}\n`).join('\n###\n');
      const steps = plan(text, 'r0');
      assert.equal(steps.length, n);
      assert.deepEqual([steps[0], steps[n - 1]], [`r${n - 1}`, 'r0*']);
    });

    it('a cycle closed 6,000 requests down is named from where it starts', () => {
      const n = 6000;
      const text = Array.from({ length: n }, (_, i) => `# @name r${i}\nGET http://a.test/{{r${(i + 1) % n}.response.body.$.x}}\n`).join('\n###\n');
      const err = planError(text, 'r0');
      assert.equal(err.code, 'HW_REQUEST_CYCLE');
      assert.match(err.message, /^Requests r0 → r1 → .* → r5999 → r0 need each other's answers/);
    });

    it('4,000 file variables each defined through the next: every reference is reached', () => {
      const n = 4000;
      const text = `${Array.from({ length: n }, (_, i) => `@v${i} = x{{v${i + 1}}}`).join('\n')}\n\nGET http://a.test/?q={{v0}}\n`;
      const file = parseHttpFile(text);
      assert.equal(reachableReferences(file, file.requests[0]!).length, n + 1);
      assert.equal(referencedNames(file).size, 0);
    });
  });
});
