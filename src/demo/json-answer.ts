/** A whole HTTP/1.1 answer with `value` as its JSON body (the demo server writes raw bytes). */
export function jsonAnswer(status: number, reason: string, value: unknown, headers: readonly (readonly [string, string])[] = []): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const head = [`HTTP/1.1 ${status} ${reason}`, 'Content-Type: application/json; charset=utf-8', ...headers.map(([n, v]) => `${n}: ${v}`), `Content-Length: ${body.length}`];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
