/**
 * Helpers for the wire tests of redirects, cookies, TLS and proxies: an HTTP server on 127.0.0.1
 * that records each request and answers with hand-made bytes, a TLS server doing the same, a small
 * forward proxy, and throwaway certificates made with `openssl` at test time.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { RawHeader } from '../../../src/core/response/model';
import { onRequests, RawServer } from '../../support/raw-server';

/** A request as a test server read it. */
export interface SeenRequest {
  readonly method: string;
  readonly target: string;
  readonly httpVersion: string;
  readonly headers: readonly RawHeader[];
  readonly body: Buffer;
  /** Index of the connection it came on, from 0 per server. */
  readonly connection: number;
  /** The head as received, CRLFs included. */
  readonly head: string;
}

export type Answer = (request: SeenRequest) => string | Buffer;

export function parseSeen(head: string, body: Buffer, connection: number): SeenRequest {
  const [requestLine = '', ...lines] = head.split('\r\n');
  const [method = '', target = '', httpVersion = ''] = requestLine.split(' ');
  const headers = lines.map((l): RawHeader => {
    const colon = l.indexOf(':');
    return [l.slice(0, colon), l.slice(colon + 1).trim()];
  });
  return { method, target, httpVersion, headers, body: Buffer.from(body), connection, head: `${head}\r\n\r\n` };
}

/** All values of a header in a seen request, case-insensitive. */
export function valuesOf(request: SeenRequest, name: string): string[] {
  return request.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/** A response with Content-Length; `headers` go out in this order and case. */
export function respond(status: number, reason: string, headers: readonly RawHeader[] = [], body: string | Buffer = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...headers.map(([n, v]) => `${n}: ${v}`), `Content-Length: ${bytes.length}`];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

/** An HTTP/1.1 server on 127.0.0.1 that records every request and answers with `answer`. */
export class RecordingServer {
  private constructor(
    readonly raw: RawServer,
    readonly requests: SeenRequest[],
  ) {}

  static async start(answer: Answer): Promise<RecordingServer> {
    const requests: SeenRequest[] = [];
    const raw = await RawServer.start((socket, index) => {
      onRequests(socket, (head, body) => {
        const seen = parseSeen(head, body, index);
        requests.push(seen);
        socket.write(answer(seen));
      });
    });
    return new RecordingServer(raw, requests);
  }

  get port(): number {
    return this.raw.port;
  }

  get connectionCount(): number {
    return this.raw.connectionCount;
  }

  url(p = '/'): string {
    return this.raw.url(p);
  }

  close(): Promise<void> {
    return this.raw.close();
  }
}

/** Certificates (PEM) for the TLS tests, made once per process. */
export interface TlsFixtures {
  readonly caCert: string;
  /** Signed by the CA, for localhost, example.test, 127.0.0.1 and ::1. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** Signed by the CA, for other.test only. */
  readonly otherCert: string;
  readonly otherKey: string;
  /** Signed by the CA, for api.test and 127.0.0.2 only. */
  readonly apiCert: string;
  readonly apiKey: string;
  /** Self-signed, for localhost and 127.0.0.1. */
  readonly selfSignedCert: string;
  readonly selfSignedKey: string;
  /** A client certificate signed by the CA. */
  readonly clientCert: string;
  readonly clientKey: string;
}

let fixtures: TlsFixtures | undefined;

/**
 * Makes a CA and the certificates of `TlsFixtures` with `openssl` in a fresh temporary folder,
 * reads them and deletes the folder. EC keys keep it fast (a few hundred ms in all).
 */
export function tlsFixtures(): TlsFixtures {
  if (fixtures) return fixtures;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-tls-'));
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=HTTP Wire Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    const leaf = (name: string, cn: string, ext: string): void => {
      fs.writeFileSync(path.join(dir, `${name}.ext`), `${ext}\nbasicConstraints=CA:FALSE\n`);
      run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
      run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
    };
    leaf('server', 'localhost', 'subjectAltName=DNS:localhost,DNS:example.test,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth');
    leaf('other', 'other.test', 'subjectAltName=DNS:other.test\nextendedKeyUsage=serverAuth');
    leaf('api', 'api.test', 'subjectAltName=DNS:api.test,IP:127.0.0.2\nextendedKeyUsage=serverAuth');
    leaf('client', 'HTTP Wire Test Client', 'extendedKeyUsage=clientAuth');
    run('req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.crt', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
    fixtures = {
      caCert: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      otherCert: read('other.crt'),
      otherKey: read('other.key'),
      apiCert: read('api.crt'),
      apiKey: read('api.key'),
      selfSignedCert: read('self.crt'),
      selfSignedKey: read('self.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
    };
    return fixtures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What the TLS server learnt about one accepted connection. */
export interface TlsPeer {
  readonly servername: string | false | undefined;
  readonly alpnProtocol: string | false | null;
  readonly authorized: boolean;
  readonly peerCertificateSubject: string | undefined;
}

/** A TLS server on 127.0.0.1 speaking raw HTTP bytes; records requests and handshakes. */
export class TlsRecordingServer {
  readonly requests: SeenRequest[] = [];
  readonly peers: TlsPeer[] = [];
  readonly clientErrors: Error[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(readonly server: tls.Server) {}

  static async start(options: tls.TlsOptions, answer: Answer): Promise<TlsRecordingServer> {
    const self = new TlsRecordingServer(tls.createServer(options));
    self.server.on('secureConnection', (socket: tls.TLSSocket) => self.accept(socket, answer));
    self.server.on('connection', (socket: net.Socket) => {
      self.sockets.add(socket);
      socket.on('close', () => self.sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    self.server.on('tlsClientError', (err) => self.clientErrors.push(err));
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  private accept(socket: tls.TLSSocket, answer: Answer): void {
    const index = this.peers.length;
    const cert = socket.getPeerCertificate();
    this.peers.push({
      servername: (socket as tls.TLSSocket & { servername?: string | false }).servername,
      alpnProtocol: socket.alpnProtocol,
      authorized: socket.authorized,
      peerCertificateSubject: cert && cert.subject ? String(cert.subject.CN) : undefined,
    });
    onRequests(socket, (head, body) => {
      const seen = parseSeen(head, body, index);
      this.requests.push(seen);
      socket.write(answer(seen));
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** What the proxy saw: the head of each CONNECT or forwarded request. */
export interface ProxySeen {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly RawHeader[];
}

/**
 * A forward proxy on 127.0.0.1: `CONNECT host:port` opens a tunnel (or gets `connectAnswer` when
 * set, e.g. a 407), any other request is forwarded as received to the host of its absolute-form
 * target, and the two sockets are piped from then on. `localhost` is dialled as 127.0.0.1 and
 * `routes` maps other names. Given TLS options it is an https:// proxy: clients speak TLS to it.
 */
export class TestProxy {
  readonly seen: ProxySeen[] = [];
  /** For an https:// proxy: the SNI name of each TLS connection a client opened to it. */
  readonly servernames: (string | false | undefined)[] = [];
  private readonly sockets = new Set<net.Socket>();
  connectAnswer: Buffer | undefined;
  /** `host:port` → where the proxy really dials, for names that do not resolve here. */
  readonly routes = new Map<string, { host: string; port: number }>();

  private constructor(readonly server: net.Server) {}

  static async start(tlsOptions?: tls.TlsOptions): Promise<TestProxy> {
    const self = new TestProxy(tlsOptions ? tls.createServer(tlsOptions) : net.createServer());
    if (tlsOptions) {
      self.server.on('connection', (raw: net.Socket) => self.track(raw));
      self.server.on('tlsClientError', () => undefined);
      self.server.on('secureConnection', (client: tls.TLSSocket) => {
        self.servernames.push((client as tls.TLSSocket & { servername?: string | false }).servername);
        self.accept(client);
      });
    } else {
      self.server.on('connection', (client: net.Socket) => self.accept(client));
    }
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  private accept(client: net.Socket): void {
    this.track(client);
    let pending = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.removeListener('data', onData);
      const seen = parseSeen(pending.toString('latin1', 0, end), Buffer.alloc(0), 0);
      this.seen.push({ method: seen.method, target: seen.target, headers: seen.headers });
      if (seen.method === 'CONNECT') {
        if (this.connectAnswer) {
          client.end(this.connectAnswer);
          return;
        }
        // `[::1]:443`: an IPv6 literal in brackets (RFC 9112 §3.2.3).
        const [authorityHost = '', port = ''] = seen.target.split(/:(?=\d+$)/);
        const host = authorityHost.replace(/^\[(.*)\]$/, '$1');
        this.tunnel(client, host, Number(port), Buffer.from('HTTP/1.1 200 Connection Established\r\n\r\n'), pending.subarray(end + 4));
      } else {
        const url = new URL(seen.target);
        this.tunnel(client, url.hostname, Number(url.port || 80), undefined, pending);
      }
    };
    client.on('data', onData);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private tunnel(client: net.Socket, host: string, port: number, reply: Buffer | undefined, first: Buffer): void {
    const route = this.routes.get(`${host}:${port}`) ?? { host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[(.*)\]$/, '$1'), port };
    const upstream = net.connect(route, () => {
      if (reply) client.write(reply);
      if (first.length > 0) upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 where nothing listens (it was just closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
