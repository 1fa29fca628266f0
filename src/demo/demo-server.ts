import * as net from 'node:net';
import { ExampleRoutes } from './example-routes';
import { LoginRoutes } from './login-routes';
import { MOVED_301, NOT_FOUND_404, OK_200 } from './seed-responses';

/** A request as the demo server read it. */
export interface DemoRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/**
 * The server of "A typical HTTP session": `/` answers the page's 200, `/moved` its 301 (Location
 * https://developer.mozilla.org/, two X-Cache-Info), anything else its 404. The form POST to
 * `/contact_form.php` gets a short 200 that echoes what arrived. It reads requests itself (no HTTP
 * library) and keeps connections alive, so a session shows phases 2 and 3 repeating. Under
 * `/api/` a tiny JSON login (login-routes.ts) serves the request chaining examples; the other
 * examples' users, GraphQL and upload have theirs (example-routes.ts).
 */
function answerFor(request: DemoRequest, routes: readonly RouteSet[]): Buffer {
  const path = request.target.split('?', 1)[0] ?? '';
  for (const set of routes) {
    const answer = set.answer(request, path);
    if (answer !== undefined) return answer;
  }
  if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) return OK_200;
  if (path === '/moved') return MOVED_301;
  if (path === '/contact_form.php' && request.method === 'POST') {
    const body = Buffer.from(`<!DOCTYPE html>\n<html><body><p>Recibido: ${request.body.length} bytes.</p></body></html>\n`, 'latin1');
    return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nServer: Apache\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
  }
  return NOT_FOUND_404;
}

/** Parses one request from the front of `buf`; undefined until it is complete. */
function takeRequest(buf: Buffer): { request: DemoRequest; rest: Buffer } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const [method = '', target = ''] = (lines.shift() ?? '').split(' ');
  const headers = lines.map((l) => {
    const colon = l.indexOf(':');
    return [l.slice(0, colon), l.slice(colon + 1).trim()] as const;
  });
  const length = Number(headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1] ?? 0);
  if (buf.length < end + 4 + length) return undefined;
  return { request: { method, target, headers, body: buf.subarray(end + 4, end + 4 + length) }, rest: buf.subarray(end + 4 + length) };
}

/** Routes beside the seed's pages: an answer, or undefined for a path they do not serve. */
interface RouteSet {
  answer(request: DemoRequest, path: string): Buffer | undefined;
}

export function startDemoServer(port = 0, host = '127.0.0.1', onRequest?: (r: DemoRequest) => void): Promise<net.Server> {
  const routes: readonly RouteSet[] = [new LoginRoutes(), new ExampleRoutes()];
  const server = net.createServer((socket) => {
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let taken = takeRequest(pending); taken; taken = takeRequest(pending)) {
        pending = taken.rest;
        onRequest?.(taken.request);
        const answer = answerFor(taken.request, routes);
        socket.write(taken.request.method === 'HEAD' ? answer.subarray(0, answer.indexOf('\r\n\r\n') + 4) : answer);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
