import type { DemoRequest } from './demo-server';
import { jsonAnswer } from './json-answer';

interface User {
  readonly id: number;
  name: string;
  email: string;
  roles: readonly string[];
}

const FIRST_USERS: readonly User[] = [
  { id: 41, name: 'Ada Lovelace', email: 'ada@example.com', roles: ['admin'] },
  { id: 42, name: 'Juan Garcia', email: 'juan@example.com', roles: ['reader'] },
];

/**
 * The little APIs that examples/json-api.http, graphql.http and upload.http talk to, so that every
 * example answers under `npm start`: a users resource under `/api/users` (list, create, update,
 * delete, kept in memory for as long as the server runs), `/graphql` answering the example's two
 * queries, and `/upload` describing the multipart parts it received.
 */
export class ExampleRoutes {
  private readonly users = new Map<number, User>(FIRST_USERS.map((u) => [u.id, { ...u }]));
  private nextId = 43;

  /** The answer for `request`, or undefined when it is not one of these routes. */
  answer(request: DemoRequest, path: string): Buffer | undefined {
    if (path === '/api/users') {
      if (request.method === 'GET') return jsonAnswer(200, 'OK', { page: 1, users: [...this.users.values()] });
      if (request.method === 'POST') return this.create(request);
      return methodNotAllowed('GET, POST');
    }
    const one = /^\/api\/users\/(\d+)$/.exec(path);
    if (one !== null) return this.user(request, Number(one[1]));
    if (path === '/graphql') return request.method === 'POST' ? graphql(request) : methodNotAllowed('POST');
    if (path === '/upload') return request.method === 'POST' ? upload(request) : methodNotAllowed('POST');
    return undefined;
  }

  private create(request: DemoRequest): Buffer {
    const fields = jsonObjectOf(request.body);
    if (fields === undefined || typeof fields.name !== 'string') return jsonAnswer(400, 'Bad Request', { error: 'the body needs a JSON object with a "name" string' });
    const user: User = { id: this.nextId++, name: fields.name, email: typeof fields.email === 'string' ? fields.email : '', roles: Array.isArray(fields.roles) ? fields.roles.map(String) : [] };
    this.users.set(user.id, user);
    return jsonAnswer(201, 'Created', user, [['Location', `/api/users/${user.id}`]]);
  }

  private user(request: DemoRequest, id: number): Buffer {
    const user = this.users.get(id);
    if (user === undefined) return jsonAnswer(404, 'Not Found', { error: `no user ${id}` });
    switch (request.method) {
      case 'GET':
        return jsonAnswer(200, 'OK', user);
      case 'PATCH':
      case 'PUT': {
        const fields = jsonObjectOf(request.body);
        if (fields === undefined) return jsonAnswer(400, 'Bad Request', { error: 'the body is not a JSON object' });
        if (typeof fields.name === 'string') user.name = fields.name;
        if (typeof fields.email === 'string') user.email = fields.email;
        return jsonAnswer(200, 'OK', user);
      }
      case 'DELETE':
        this.users.delete(id);
        return Buffer.from('HTTP/1.1 204 No Content\r\n\r\n', 'latin1');
      default:
        return methodNotAllowed('GET, PATCH, PUT, DELETE');
    }
  }
}

/** GraphQL over HTTP: `{"query": ..., "variables": ...}` in, `{"data": ...}` out, for the example's queries. */
function graphql(request: DemoRequest): Buffer {
  const body = jsonObjectOf(request.body);
  if (body === undefined || typeof body.query !== 'string') return jsonAnswer(400, 'Bad Request', { errors: [{ message: 'the body needs a JSON object with a "query" string' }] });
  const variables = (body.variables ?? {}) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  if (/\bviewer\b/.test(body.query)) data.viewer = { login: 'ada' };
  if (/\buser\s*\(/.test(body.query)) {
    const id = String(variables.id ?? '');
    const user = FIRST_USERS.find((u) => String(u.id) === id);
    data.user = user === undefined ? null : { id, name: user.name };
  }
  if (Object.keys(data).length === 0) return jsonAnswer(200, 'OK', { errors: [{ message: 'this demo knows the fields user(id) and viewer' }] });
  return jsonAnswer(200, 'OK', { data });
}

/** The parts of a multipart/form-data body: their names, file names, types and sizes. */
function upload(request: DemoRequest): Buffer {
  const type = request.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\/form-data/i.test(type) || boundary === undefined) return jsonAnswer(415, 'Unsupported Media Type', { error: 'send multipart/form-data with a boundary' });
  const text = request.body.toString('latin1');
  const parts = text.split(`--${boundary}`).slice(1, -1).map((part) => {
    const end = part.indexOf('\r\n\r\n');
    const head = end === -1 ? part : part.slice(0, end);
    const content = end === -1 ? '' : part.slice(end + 4).replace(/\r\n$/, '');
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    return {
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: /content-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? null,
      bytes: content.length,
    };
  });
  return jsonAnswer(200, 'OK', { received: request.body.length, parts });
}

function jsonObjectOf(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function methodNotAllowed(allow: string): Buffer {
  return jsonAnswer(405, 'Method Not Allowed', { error: `use ${allow}` }, [['Allow', allow]]);
}
