/**
 * The parser keeps header bytes as latin1, one character per byte (the response vectors hold it
 * to that). Servers that put non-ASCII in a header (a Location, a cookie, a file name) nearly
 * always write UTF-8, which browsers read as such: where a value is used, one whose bytes are
 * valid UTF-8 is read as UTF-8, so that `Location: /café` is followed to /caf%C3%A9 (not
 * /caf%C3%83%C2%A9) and a cookie goes back as the bytes it came as (header values are written as
 * UTF-8). Anything else stays latin1.
 */
export function utf8IfValid(latin1: string): string {
  if (!HIGH_BYTE.test(latin1)) return latin1;
  try {
    return UTF8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1;
  }
}

const HIGH_BYTE = /[\u0080-\u00ff]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
