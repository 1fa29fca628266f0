// A big JSON body for the big-body tests and benches (issue 11, item 4): an array of records,
// minified as APIs send it, generated deterministically, and a 127.0.0.1 server that sends it.
import { onRequests, RawServer } from './raw-server';

/** One record: ids, text, numbers, booleans, nesting, as a typical API list holds. */
function record(i: number): string {
  return JSON.stringify({ id: i, name: `row ${i}`, email: `user${i}@example.test`, active: i % 3 !== 0, score: (i % 1000) / 8, tags: ['alpha', 'beta'], address: { city: 'Lyon', zip: String(69000 + (i % 10)) } });
}

/** A JSON array of records of about `bytes` bytes (at least `bytes`, at most one record more). */
export function bigJson(bytes: number): Buffer {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const r = record(i);
    parts.push(r);
    size += r.length + 1;
  }
  return Buffer.from(`[${parts.join(',')}]`);
}

/** What the first screen of the pretty body shows: the first record's first field. */
export const FIRST_SCREEN_TEXT = '"id": 0,';
/** The pretty body's last line: the array's close. */
export const LAST_LINE_TEXT = ']';

/**
 * Answers `GET /json/<bytes>` with bigJson(bytes) as application/json with a Content-Length, for
 * the sizes given (made here, before any request, so that no timed send waits for them); 404 for
 * any other path.
 */
export async function startBigJsonServer(sizes: readonly number[]): Promise<RawServer> {
  const made = new Map(sizes.map((bytes) => [bytes, bigJson(bytes)]));
  return RawServer.start((socket) =>
    onRequests(socket, (head) => {
      const body = made.get(Number(/^GET \/json\/(\d+) /.exec(head)?.[1] ?? -1));
      if (body === undefined) {
        socket.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body);
    }),
  );
}
