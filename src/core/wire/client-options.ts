import type { BodyStoreOptions } from '../response/body-store';
import { DEFAULT_MAX_IN_MEMORY_BODY_BYTES } from '../response/body-store';
import { DEFAULT_CAPTURE_LIMIT_BYTES } from './capture';
import type { Connector, TlsOptions } from './connect';
import type { CookieStore } from './cookies';
import type { ProxySettings } from './proxy';

/** Whom a TLS connection is with: a server a URL names, or the https:// proxy on the way. */
export type TlsRole = 'server' | 'proxy';

/** Options of a client: one per editor session or CLI run. */
export interface ClientOptions {
  /**
   * Opens connections: `createConnector({ lookup, openSocket })` answers names and opens sockets
   * another way; tests pass a fake.
   */
  readonly connector?: Connector;
  readonly idleTimeoutMs?: number;
  readonly proxy?: ProxySettings;
  /**
   * Connect somewhere else than the URL says, keeping Host and SNI (curl's --connect-to):
   * "host:port" → where to connect.
   */
  readonly connectTo?: ReadonlyMap<string, { readonly host: string; readonly port: number }>;
  /**
   * Per-host TLS settings: client certificates, a CA, or verification off for that host. `role`
   * says whether the host is a server a URL names or an https:// proxy: the CLI's --cacert is
   * for the servers and --proxy-cacert for the proxy, as curl keeps them apart. The name the
   * certificate must be for is always the host's own.
   */
  readonly tlsForHost?: (host: string, role: TlsRole) => Partial<Omit<TlsOptions, 'hostname'>> | undefined;
  readonly cookies?: CookieStore;
}

/** 1 GiB: more than a body anyone reads in an editor, less than a disk fills up with. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024 * 1024;

/** Options of one send. */
export interface SendOptions {
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly useCookieJar: boolean;
  /** Verify the server's certificate (on unless the user turns it off for a request or host). */
  readonly rejectUnauthorized: boolean;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  /** The whole send, redirects included; 0 for no limit. */
  readonly totalTimeoutMs: number;
  readonly maxHeaderBytes: number;
  /**
   * Largest body accepted, counted on the bytes received and again on the decoded bytes (a
   * gzip bomb stops there). Past it the send fails with HW_RESPONSE_TOO_LARGE.
   */
  readonly maxBodyBytes: number;
  readonly captureLimitBytes: number;
  readonly bodyStore: BodyStoreOptions;
  readonly expectContinueTimeoutMs: number;
  readonly signal?: AbortSignal;
}

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  followRedirects: true,
  maxRedirects: 10,
  useCookieJar: true,
  rejectUnauthorized: true,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  totalTimeoutMs: 0,
  maxHeaderBytes: 64 * 1024,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  captureLimitBytes: DEFAULT_CAPTURE_LIMIT_BYTES,
  bodyStore: { maxInMemoryBytes: DEFAULT_MAX_IN_MEMORY_BODY_BYTES },
  expectContinueTimeoutMs: 1_000,
};
