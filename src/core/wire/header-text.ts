/**
 * Header bytes are read as latin1, one character per byte. Servers that put non-ASCII in a header
 * (a Location, a cookie, a file name, a reason phrase) nearly always write UTF-8, which browsers
 * and curl's terminal show as such: a value whose bytes are valid UTF-8 is read as UTF-8, so that
 * `Location: /café` is followed to /caf%C3%A9 (not /caf%C3%83%C2%A9) and a cookie goes back as the
 * bytes it came as (header values are written as UTF-8). Anything else stays latin1.
 */
export function utf8IfValid(latin1: string): string {
  if (!HIGH_BYTE.test(latin1)) return latin1;
  try {
    return UTF8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1;
  }
}

/** Whether latin1 text holds a byte above 0x7f: only then can utf8IfValid change it. */
export function hasHighByte(latin1: string): boolean {
  return HIGH_BYTE.test(latin1);
}

const HIGH_BYTE = /[\u0080-\u00ff]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
