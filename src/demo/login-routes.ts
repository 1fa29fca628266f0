import { randomBytes } from 'node:crypto';
import type { DemoRequest } from './demo-server';
import { jsonAnswer } from './json-answer';

/**
 * A tiny JSON API beside the seed's pages, for request chaining examples: `POST /api/login`
 * with `{"user": "..."}` answers `{"token": "...", "user": {...}}`; `GET /api/me` answers the
 * user when `Authorization: Bearer <token>` carries a token this server issued, else 401. Tokens
 * are random per login and live as long as the server.
 */
export class LoginRoutes {
  private readonly tokens = new Map<string, string>();

  /** The answer for `request`, or undefined when it is not one of these routes. */
  answer(request: DemoRequest, path: string): Buffer | undefined {
    if (path === '/api/login' && request.method === 'POST') return this.login(request);
    if (path === '/api/me' && request.method === 'GET') return this.me(request);
    return undefined;
  }

  private login(request: DemoRequest): Buffer {
    let user: unknown;
    try {
      user = (JSON.parse(request.body.toString('utf8')) as { user?: unknown }).user;
    } catch {
      return jsonAnswer(400, 'Bad Request', { error: 'the body is not JSON' });
    }
    if (typeof user !== 'string' || user === '') return jsonAnswer(400, 'Bad Request', { error: 'the body needs a "user" string' });
    const token = randomBytes(12).toString('hex');
    this.tokens.set(token, user);
    return jsonAnswer(200, 'OK', { token, user: { name: user, roles: ['reader'] } }, [['X-Request-Id', `login-${token.slice(0, 6)}`]]);
  }

  private me(request: DemoRequest): Buffer {
    const auth = request.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
    const user = /^Bearer (\S+)$/.exec(auth) ? this.tokens.get(auth.slice(7)) : undefined;
    if (user === undefined) return jsonAnswer(401, 'Unauthorized', { error: 'send Authorization: Bearer <token from POST /api/login>' }, [['WWW-Authenticate', 'Bearer']]);
    return jsonAnswer(200, 'OK', { name: user, roles: ['reader'] });
  }
}
