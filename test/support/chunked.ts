/** `body` in the chunked transfer coding (RFC 9112 §7.1): pieces of `pieceBytes`, then the last chunk. */
export function chunkedBody(body: Buffer, pieceBytes: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += pieceBytes) {
    const piece = body.subarray(at, at + pieceBytes);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}
