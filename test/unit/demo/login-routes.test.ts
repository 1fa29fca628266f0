import * as assert from 'node:assert/strict';
import type { DemoRequest } from '../../../src/demo/demo-server';
import { LoginRoutes } from '../../../src/demo/login-routes';

function request(method: string, target: string, body = '', headers: [string, string][] = []): DemoRequest {
  return { method, target, headers, body: Buffer.from(body) };
}

function parse(answer: Buffer | undefined): { status: number; headers: string; json: Record<string, unknown> } {
  assert.ok(answer !== undefined);
  const text = answer.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  return { status: Number(text.slice(9, 12)), headers: text.slice(0, end), json: JSON.parse(text.slice(end + 4)) as Record<string, unknown> };
}

describe('demo server: the JSON login for chaining examples (issue 12, item 4)', () => {
  it('issue 12, item 4: POST /api/login issues a token that GET /api/me accepts as a Bearer token', () => {
    const routes = new LoginRoutes();
    const login = parse(routes.answer(request('POST', '/api/login', '{"user": "ada"}'), '/api/login'));
    assert.equal(login.status, 200);
    const token = login.json.token as string;
    assert.match(token, /^[0-9a-f]{24}$/);
    assert.match(login.headers, new RegExp(`\r\nX-Request-Id: login-${token.slice(0, 6)}\r\n`));
    assert.deepEqual(parse(routes.answer(request('GET', '/api/me', '', [['authorization', `Bearer ${token}`]]), '/api/me')).json, { name: 'ada', roles: ['reader'] });
  });

  it('issue 12, item 4: a bad login body is 400, a missing or unknown token 401, and other paths are not its own', () => {
    const routes = new LoginRoutes();
    assert.equal(parse(routes.answer(request('POST', '/api/login', 'nope'), '/api/login')).status, 400);
    assert.equal(parse(routes.answer(request('POST', '/api/login', '{"user": 3}'), '/api/login')).status, 400);
    assert.equal(parse(routes.answer(request('GET', '/api/me'), '/api/me')).status, 401);
    assert.equal(parse(routes.answer(request('GET', '/api/me', '', [['Authorization', 'Bearer 00']]), '/api/me')).status, 401);
    assert.equal(routes.answer(request('GET', '/'), '/'), undefined);
    assert.equal(routes.answer(request('GET', '/api/login'), '/api/login'), undefined);
  });
});
