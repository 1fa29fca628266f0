/**
 * Basic credentials (RFC 7617): base64 of `user:password` in UTF-8. One encoding for what the
 * send adds (written in clear, a URL's userinfo, a proxy's), and for the masker, which must find
 * the very token the send made.
 */
export function basicToken(userColonPassword: string): string {
  return Buffer.from(userColonPassword, 'utf8').toString('base64');
}

/** A URL's userinfo as `user:password`, percent-decoded; a malformed escape is kept as written. */
export function userInfoOf(url: URL): string {
  return `${percentDecoded(url.username)}:${percentDecoded(url.password)}`;
}

export function percentDecoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
