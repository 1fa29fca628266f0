/**
 * Stable codes of the parser's diagnostics. Quick fixes, tests and the CLI's JSON match on these:
 * add codes, never rename or reuse one.
 */
export const DiagnosticCodes = {
  /** A written Content-Length that disagrees with the body's byte length. */
  contentLengthMismatch: 'content-length-mismatch',
  /** A header line that is not `Name: value`, or a name with characters outside RFC 9110 `token`. */
  invalidHeader: 'invalid-header',
  /** Header name or value, or request-target, containing CR, LF or NUL. */
  controlCharacter: 'control-character',
  /** The body started without the blank line that ends the headers. */
  bodyWithoutBlankLine: 'body-without-blank-line',
  /** A method that is not an RFC 9110 token. */
  invalidMethod: 'invalid-method',
  /** A lower-case method such as `get`: sent as written, which most servers refuse. */
  lowercaseMethod: 'lowercase-method',
  /** A request-target with spaces or control characters. */
  invalidTarget: 'invalid-target',
  /** A target that cannot form a URL. */
  invalidUrl: 'invalid-url',
  /** An origin-form target (`/path`) with no `Host` header to say where to send it. */
  missingHost: 'missing-host',
  /** `HTTP/x.y` that is not `HTTP/1.0` or `HTTP/1.1`. */
  unsupportedHttpVersion: 'unsupported-http-version',
  invalidHttpVersion: 'invalid-http-version',
  /** Two requests with the same name: chaining by name would be ambiguous. */
  duplicateRequestName: 'duplicate-request-name',
  duplicateVariable: 'duplicate-variable',
  invalidVariable: 'invalid-variable',
  /** A known metadata key with a missing or malformed value. */
  invalidMetadata: 'invalid-metadata',
  /** Scripts, handlers, directives and other constructs we parse but do not run yet. */
  notSupported: 'not-supported',
  /** A `/* ... *\/` comment or `{{` script block that never ends. */
  unterminatedBlock: 'unterminated-block',
  /** A JSON body, or GraphQL variables, that do not parse (checked only without `{{variables}}`). */
  invalidJson: 'invalid-json',
  /** A request with no headers whose body starts with a `Name: value` line: a blank line too many? */
  headerInBody: 'header-in-body',
  /** A NUL character in the file. */
  nulCharacter: 'nul-character',
  /** A `# @key` line among the headers, read as a comment (httpYac reads it as metadata there). */
  metadataBelowRequestLine: 'metadata-below-request-line',
  /** A `{{` in the URL or a header value with no `}}` after it: sent as written, most likely a typo. */
  unclosedVariable: 'unclosed-variable',
  /**
   * A `# @key` HTTP Wire does not act on, within two letters of one it does (`no-redirct`,
   * `timout`, `Name`): ignored as written, most likely a typo. `data`: `{ key, meant }`.
   */
  metadataKeyTypo: 'metadata-key-typo',
} as const;

export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];
