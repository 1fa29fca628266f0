/**
 * The only rejection out of `core`. Match on `code`, never on `message`: codes are the contract, so
 * they are only ever added, never renamed or reused.
 */
export const ErrorCodes = {
  /** The `.http` file could not be read into a request. */
  parse: 'HW_PARSE',
  unresolvedVariable: 'HW_UNRESOLVED_VARIABLE',
  /** The request would be malformed on the wire (CR/LF in a header, bad target...). Nothing was sent. */
  invalidRequest: 'HW_INVALID_REQUEST',
  /**
   * A file the request body includes could not be read, or the response body could not be kept
   * in its temporary file (folder missing, disk full).
   */
  file: 'HW_FILE',
  dns: 'HW_DNS',
  connectRefused: 'HW_CONNECT_REFUSED',
  connectTimeout: 'HW_CONNECT_TIMEOUT',
  /** Any other failure to open the connection (network unreachable, ...). */
  connect: 'HW_CONNECT',
  tls: 'HW_TLS',
  /** The proxy refused or broke the CONNECT tunnel. */
  proxy: 'HW_PROXY',
  headersTimeout: 'HW_HEADERS_TIMEOUT',
  bodyTimeout: 'HW_BODY_TIMEOUT',
  totalTimeout: 'HW_TOTAL_TIMEOUT',
  /** The peer reset the connection (RST) before the response was complete. */
  connectionReset: 'HW_CONNECTION_RESET',
  /** The peer closed the connection (FIN) before the response was complete. */
  incomplete: 'HW_INCOMPLETE',
  /** The response broke HTTP/1.1 framing: bad status line, header, length or chunk. */
  protocol: 'HW_PROTOCOL',
  /**
   * The header block exceeded its limit, or the body did (`maxBodyBytes`, counted on the bytes
   * received and again on the decoded bytes).
   */
  responseTooLarge: 'HW_RESPONSE_TOO_LARGE',
  /** The body could not be decoded (corrupt gzip, deflate or br). The raw bytes are kept. */
  decode: 'HW_DECODE',
  tooManyRedirects: 'HW_TOO_MANY_REDIRECTS',
  redirectLoop: 'HW_REDIRECT_LOOP',
  aborted: 'HW_ABORTED',
  /** The body could not be written where the caller sent it (a closed pipe, a full disk). */
  bodyOutput: 'HW_BODY_OUTPUT',
  /** Text given as a curl command is not one HTTP Wire can read (not curl, an open quote, no URL). */
  curlCommand: 'HW_CURL_COMMAND',
  /** File or environment variables whose values use each other in a cycle (`@a = {{b}}`, `@b = {{a}}`). Nothing was sent. */
  variableCycle: 'HW_VARIABLE_CYCLE',
  /** An environment file or setting (`http-client.env.json`, `httpWire.environmentVariables`) could not be read or is not the expected JSON. */
  environment: 'HW_ENVIRONMENT',
  /** Refused in Restricted Mode (an untrusted workspace, the CLI's `--untrusted`): `$processEnv`, `$dotenv`, an include outside the workspace. Nothing was sent. */
  restricted: 'HW_RESTRICTED',
  /** Requests that use each other's values in a cycle (`a` uses `b`, `b` uses `a`). Nothing was sent. */
  requestCycle: 'HW_REQUEST_CYCLE',
  /** A request another one uses (request chaining) failed or was refused, so the one using it was not sent. */
  dependencyFailed: 'HW_DEPENDENCY_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The coarse classes the CLI's JSON reports, one per code. */
export type ErrorClass = 'timeout' | 'parse' | 'incomplete' | 'reset' | 'decode' | 'too-large' | 'too-many-redirects' | 'connect' | 'tls' | 'other';

const CLASS_OF: Record<ErrorCode, ErrorClass> = {
  HW_PARSE: 'other',
  HW_UNRESOLVED_VARIABLE: 'other',
  HW_INVALID_REQUEST: 'other',
  HW_FILE: 'other',
  HW_DNS: 'connect',
  HW_CONNECT_REFUSED: 'connect',
  HW_CONNECT_TIMEOUT: 'timeout',
  HW_CONNECT: 'connect',
  HW_TLS: 'tls',
  HW_PROXY: 'connect',
  HW_HEADERS_TIMEOUT: 'timeout',
  HW_BODY_TIMEOUT: 'timeout',
  HW_TOTAL_TIMEOUT: 'timeout',
  HW_CONNECTION_RESET: 'reset',
  HW_INCOMPLETE: 'incomplete',
  HW_PROTOCOL: 'parse',
  HW_RESPONSE_TOO_LARGE: 'too-large',
  HW_DECODE: 'decode',
  HW_TOO_MANY_REDIRECTS: 'too-many-redirects',
  HW_REDIRECT_LOOP: 'too-many-redirects',
  HW_ABORTED: 'other',
  HW_BODY_OUTPUT: 'other',
  HW_CURL_COMMAND: 'other',
  HW_VARIABLE_CYCLE: 'other',
  HW_ENVIRONMENT: 'other',
  HW_RESTRICTED: 'other',
  HW_REQUEST_CYCLE: 'other',
  HW_DEPENDENCY_FAILED: 'other',
};

export function errorClassOf(code: ErrorCode): ErrorClass {
  return CLASS_OF[code];
}

export interface ErrorDetail {
  /** Byte offset in the response where the problem was found. */
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly [key: string]: unknown;
}

export class HttpWireError extends Error {
  override readonly name = 'HttpWireError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: ErrorDetail = {},
    /** The original Node, TLS or zlib error, always kept. */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/**
 * `err` as one of ours: an HttpWireError as it is, anything else (a bug, a Node error that
 * escaped normalisation) as HW_CONNECT with the original kept as `cause`. For callers at the top
 * of a send (the CLI, the editor) that must report every failure by its code.
 */
export function asWireError(err: unknown): HttpWireError {
  return err instanceof HttpWireError ? err : new HttpWireError(ErrorCodes.connect, (err as Error)?.message ?? String(err), {}, err);
}
