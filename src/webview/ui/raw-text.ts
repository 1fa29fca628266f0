// The Raw view's bytes as text. The host posts them as latin1 (one character per byte, so every
// byte arrives, whatever it is); shown so, UTF-8 "café" reads "cafÃ©". DOM-free, so it is tested in
// plain Node.

/**
 * `latin1` (one character per byte) with every well-formed UTF-8 sequence decoded, and every other
 * byte left as its Latin-1 character: a UTF-8 head or body reads as sent, while a Latin-1 body, a
 * binary one or a sequence cut by the capture limit or a chunk-size line stays one character per
 * byte. CR and LF are ASCII, never part of a sequence, so the lines stay as received.
 * Well-formed is Unicode's Table 3-7 (no overlong forms, no surrogates, nothing past U+10FFFF).
 */
export function decodeRawText(latin1: string): string {
  // Most heads and many bodies are ASCII: nothing to decode.
  if (!/[\xc2-\xf4]/.test(latin1)) return latin1;
  let out = '';
  let from = 0;
  for (let i = 0; i < latin1.length; i++) {
    const lead = latin1.charCodeAt(i);
    if (lead < 0xc2 || lead > 0xf4) continue;
    const length = sequenceLength(latin1, i, lead);
    if (length === 0) continue;
    let code = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
    for (let k = 1; k < length; k++) code = (code << 6) | (latin1.charCodeAt(i + k) & 0x3f);
    out += latin1.slice(from, i) + String.fromCodePoint(code);
    i += length - 1;
    from = i + 1;
  }
  return from === 0 ? latin1 : out + latin1.slice(from);
}

/** The length of the well-formed UTF-8 sequence led by `lead` at `at`, or 0 when there is none. */
function sequenceLength(text: string, at: number, lead: number): number {
  const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  if (at + length > text.length) return 0;
  // The second byte's range depends on the lead (Table 3-7); the others are 80..BF.
  const second = text.charCodeAt(at + 1);
  const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = text.charCodeAt(at + k);
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
