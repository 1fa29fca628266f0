import * as net from 'node:net';
import * as tls from 'node:tls';
import { ErrorCodes, HttpWireError } from '../errors';
import { normalizeConnectError } from './connect-errors';
import { ipFamily } from './ip-literal';
import { AddressRace, DEFAULT_ATTEMPT_DELAY_MS, interleaveFamilies, lookupHost, openTcpSocket, type AddressAttempt, type HostLookup, type OpenSocket, type ResolvedAddress } from './happy-eyeballs';

/** TLS options of a connection; part of the pool key, since they change who we trust. */
export interface TlsOptions {
  /**
   * The host the certificate must be for: the URL's (or the proxy's), never the address dialled
   * for it (a --connect-to address, a CONNECT tunnel).
   */
  readonly hostname: string;
  readonly rejectUnauthorized: boolean;
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  /** SNI name; the URL's host when not an IP address. */
  readonly servername?: string;
}

export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsOptions | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /**
   * An already open socket to run TLS over (a proxy's CONNECT tunnel). DNS and TCP are skipped.
   */
  readonly through?: net.Socket;
  /**
   * The socket carries plain HTTP/1.1 from its first byte to its last (not TLS, not the leg of
   * a CONNECT tunnel, whose readers listen for 'data'): it may read into the shared buffer.
   */
  readonly isPlainHttp?: boolean;
}

/** What the peer's certificate and the handshake said, for display. */
export interface TlsInfo {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly alpnProtocol: string | null;
  readonly authorized: boolean;
  readonly authorizationError: string | null;
  readonly certificate: {
    readonly subject: string;
    readonly issuer: string;
    readonly validFrom: string;
    readonly validTo: string;
    readonly fingerprint256: string;
    readonly subjectAltName: string | null;
  } | null;
}

export interface ConnectTimings {
  readonly dnsMs: number;
  readonly connectMs: number;
  readonly tlsMs: number;
}

export interface Connected {
  readonly socket: net.Socket;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly timings: ConnectTimings;
  readonly tls: TlsInfo | undefined;
  /** The addresses tried, in order, and how each fared; empty through a tunnel. */
  readonly attempts?: readonly AddressAttempt[];
  /**
   * Set when the socket reads into the shared read buffer: it never emits 'data'; its bytes go
   * to the reader given here instead, as views valid only during the call.
   */
  readonly setReader?: (reader: (chunk: Buffer) => void) => void;
}

/**
 * 4 MiB: one buffer that every plain HTTP socket reads into (net.connect's `onread`), in place of
 * a new 64 KiB Buffer per read. Measured on loopback against nginx, a 256 MiB body hashed as it
 * arrived: 640-680 MB/s with Node's reads, 1.0-1.3 GB/s with this. One buffer serves all sockets
 * because libuv fills it and calls back on the one JS thread, and each callback is done with the
 * bytes before it returns; whatever keeps bytes copies them (BodyStore, ByteCapture, zlib).
 */
const SHARED_READ_BUFFER_BYTES = 4 * 1024 * 1024;
let sharedReadBuffer: Buffer | undefined;

/** `onread` options for a plain HTTP socket, and the way to hand its bytes to their reader. */
function readIntoSharedBuffer(): { onread: net.OnReadOpts; setReader: (reader: (chunk: Buffer) => void) => void } {
  let reader: ((chunk: Buffer) => void) | undefined;
  // Bytes before anyone reads (a server that speaks first) wait, copied, for the reader.
  let early: Buffer[] | undefined;
  const callback = (nread: number, buf: Uint8Array): boolean => {
    const chunk = Buffer.from(buf.buffer, buf.byteOffset, nread);
    if (reader !== undefined) reader(chunk);
    else (early ??= []).push(Buffer.from(chunk));
    // Pausing is the exchange's to decide (socket.pause()), never implied by this callback.
    return true;
  };
  const setReader = (r: (chunk: Buffer) => void): void => {
    reader = r;
    const pending = early;
    early = undefined;
    for (const chunk of pending ?? []) r(chunk);
  };
  sharedReadBuffer ??= Buffer.allocUnsafe(SHARED_READ_BUFFER_BYTES);
  return { onread: { buffer: sharedReadBuffer, callback }, setReader };
}

/** Opens connections. Tests pass their own to simulate peers. */
export type Connector = (target: ConnectTarget) => Promise<Connected>;

function describeName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ');
}

function tlsInfoOf(socket: tls.TLSSocket): TlsInfo {
  const cert = socket.getPeerCertificate();
  const hasCert = cert !== undefined && Object.keys(cert).length > 0;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    alpnProtocol: socket.alpnProtocol || null,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    certificate: hasCert
      ? {
          subject: describeName(cert.subject as unknown as Record<string, string>),
          issuer: describeName(cert.issuer as unknown as Record<string, string>),
          validFrom: cert.valid_from,
          validTo: cert.valid_to,
          fingerprint256: cert.fingerprint256,
          subjectAltName: cert.subjectaltname ?? null,
        }
      : null,
  };
}

/** Runs `start` and settles with its result, or rejects when the deadline or the signal comes first. */
function withDeadline<T>(start: (settle: { resolve: (v: T) => void; reject: (e: unknown) => void }) => () => void, timeoutMs: number, signal: AbortSignal | undefined, onTimeout: () => HttpWireError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let cleanup: () => void = () => undefined;
    let isDone = false;
    const finish = (): void => {
      isDone = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      if (isDone) return;
      finish();
      cleanup();
      reject(onTimeout());
    }, timeoutMs);
    const onAbort = (): void => {
      if (isDone) return;
      finish();
      cleanup();
      reject(new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));
    };
    if (signal?.aborted) {
      clearTimeout(timer);
      reject(new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      cleanup = start({
        resolve: (v) => {
          if (isDone) return;
          finish();
          resolve(v);
        },
        reject: (e) => {
          if (isDone) return;
          finish();
          cleanup();
          reject(e);
        },
      });
    } catch (err) {
      // Thrown before anything started (tls.connect refusing a key): no timer may outlive it.
      finish();
      reject(err);
    }
  });
}

/** `host:port`, with an IPv6 literal in brackets (RFC 9112 §3.2.3, RFC 3986 §3.2.2): `[::1]:443`. */
export function formatAuthority(host: string, port: number): string {
  return ipFamily(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function describeTried(attempts: readonly AddressAttempt[]): string {
  return attempts.length < 2 ? '' : ` (tried ${attempts.map((a) => a.address).join(', ')})`;
}

function handshake(socket: net.Socket, options: TlsOptions, remaining: number, signal: AbortSignal | undefined, where: string): Promise<tls.TLSSocket> {
  const hostname = options.hostname;
  return withDeadline<tls.TLSSocket>(
    ({ resolve, reject }) => {
      let secure: tls.TLSSocket;
      try {
        secure = tls.connect({
          socket,
          // RFC 6066 §3: SNI carries host names only.
          servername: options.servername ?? (ipFamily(hostname) !== 0 ? undefined : hostname),
          // Without this, Node checks an IP-literal URL against the host of the socket it runs
          // over: the --connect-to address, or the proxy of a tunnel (RFC 9110 §4.3.4: the
          // certificate must match the target URI's host).
          checkServerIdentity: (_name, cert) => tls.checkServerIdentity(hostname, cert),
          rejectUnauthorized: options.rejectUnauthorized,
          ca: options.ca,
          cert: options.cert,
          key: options.key,
          pfx: options.pfx,
          passphrase: options.passphrase,
          ALPNProtocols: ['http/1.1'],
        });
      } catch (err) {
        // Node builds the TLS context synchronously: a wrong passphrase, or a file that is no key or PKCS#12.
        throw new HttpWireError(ErrorCodes.tls, `The client certificate could not be used for ${where}: ${(err as Error).message}. Check the certificate and key (or PFX) files and their passphrase.`, { tlsCode: (err as NodeJS.ErrnoException).code }, err);
      }
      secure.once('secureConnect', () => {
        secure.removeListener('error', reject);
        resolve(secure);
      });
      secure.once('error', reject);
      return () => secure.destroy();
    },
    remaining,
    signal,
    () => new HttpWireError(ErrorCodes.connectTimeout, `The TLS handshake with ${where} timed out.`),
  );
}

/** What the default connector can be given instead of the system's resolver and sockets. */
export interface ConnectorOptions {
  readonly lookup?: HostLookup;
  readonly openSocket?: OpenSocket;
  /** How long an address gets alone before the next one is tried too (RFC 8305 §5). */
  readonly attemptDelayMs?: number;
}

/**
 * A connector: DNS lookup (timed on its own), TCP to the host's addresses with families
 * alternating, the next address starting when one is refused or has not connected within the
 * attempt delay (AddressRace), then TLS when asked. One deadline covers all three. Rejects with
 * HW_DNS, HW_CONNECT_REFUSED, HW_CONNECT_TIMEOUT, HW_CONNECT, HW_TLS or HW_ABORTED; a failure to
 * connect carries `detail.attempts`.
 */
export function createConnector(options: ConnectorOptions = {}): Connector {
  const lookup = options.lookup ?? lookupHost;
  const race = { attemptDelayMs: options.attemptDelayMs ?? DEFAULT_ATTEMPT_DELAY_MS, openSocket: options.openSocket ?? openTcpSocket };
  return async (target) => {
    let where = formatAuthority(target.host, target.port);
    const started = performance.now();
    const remaining = (): number => Math.max(1, target.timeoutMs - (performance.now() - started));
    let dnsMs = 0;
    let connectMs = 0;
    let socket = target.through;
    let racing: AddressRace | undefined;
    // The shared read buffer only with our own sockets: an injected openSocket emits 'data'.
    const shared = target.isPlainHttp === true && target.tls === undefined && socket === undefined && options.openSocket === undefined ? readIntoSharedBuffer() : undefined;
    const openWith = shared === undefined ? race : { ...race, openSocket: (address: string, port: number) => net.connect({ host: address, port, noDelay: true, onread: shared.onread }) };
    try {
      if (socket === undefined) {
        const family = ipFamily(target.host);
        const found: readonly ResolvedAddress[] = family !== 0
          ? [{ address: target.host, family: family === 6 ? 6 : 4 }]
          : await withDeadline<readonly ResolvedAddress[]>(({ resolve, reject }) => {
              lookup(target.host).then(resolve, reject);
              return () => undefined;
            }, remaining(), target.signal, () => new HttpWireError(ErrorCodes.dns, `Resolving ${target.host} timed out.`));
        dnsMs = performance.now() - started;
        if (found.length === 0) throw new HttpWireError(ErrorCodes.dns, `${target.host} has no address.`);
        socket = await withDeadline<net.Socket>(
          ({ resolve, reject }) => {
            racing = new AddressRace(interleaveFamilies(found), target.port, openWith, resolve, reject);
            racing.start();
            return () => racing?.cancel();
          },
          remaining(),
          target.signal,
          () => new HttpWireError(ErrorCodes.connectTimeout, `Connecting to ${where}${describeTried(racing?.attempts ?? [])} timed out.`),
        );
        connectMs = performance.now() - started - dnsMs;
      }
      const attempts = racing?.attempts ?? [];
      const remoteAddress = socket.remoteAddress ?? target.host;
      const remotePort = socket.remotePort ?? target.port;
      if (target.tls === undefined) return { socket, remoteAddress, remotePort, timings: { dnsMs, connectMs, tlsMs: 0 }, tls: undefined, attempts, ...(shared !== undefined ? { setReader: shared.setReader } : {}) };
      // A TLS failure names the host the certificate had to be for, and the address dialled.
      if (target.tls.hostname !== target.host) where = `${target.tls.hostname} at ${where}`;
      const tlsStart = performance.now();
      const secure = await handshake(socket, target.tls, remaining(), target.signal, where);
      const tlsMs = performance.now() - tlsStart;
      return { socket: secure, remoteAddress, remotePort, timings: { dnsMs, connectMs, tlsMs }, tls: tlsInfoOf(secure), attempts };
    } catch (err) {
      if (target.through === undefined) socket?.destroy();
      if (socket === undefined && racing !== undefined) where += describeTried(racing.attempts);
      const e = normalizeConnectError(err, where);
      if (racing !== undefined) (e.detail as { attempts?: readonly AddressAttempt[] }).attempts = racing.attempts;
      throw e;
    }
  };
}

/** The connector over the system's resolver and TCP. */
export const connect: Connector = createConnector();
