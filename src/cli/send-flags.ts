import type { SendSettings } from '../core/send/send-settings';
import type { TlsOptions } from '../core/wire/connect';
import { proxySettingsFromEnv } from '../core/wire/proxy';
import { UsageError } from './args';
import { readFileNamed } from './read-file';

/** The valued flags of `http-wire send` that set how requests are sent (see sendSettingsFromFlags). */
export const SEND_SETTING_FLAGS = ['timeout', 'max-redirects', 'max-body', 'connect-to', 'capture-limit', 'cacert', 'cert', 'key', 'pfx', 'passphrase', 'proxy-cacert'];

/** A host of --connect-to: a name, an IPv4 address, or an IPv6 address in brackets (as in URLs). */
const CONNECT_TO_HOST = String.raw`(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)`;
const CONNECT_TO_ENTRY = new RegExp(`^${CONNECT_TO_HOST}:(\\d+):${CONNECT_TO_HOST}:(\\d+)$`);

/**
 * `HOST:PORT:HOST2:PORT2[,…]`: connect to HOST2:PORT2 for URLs of HOST:PORT (curl's --connect-to).
 * IPv6 addresses are written in brackets (`[::1]:8443`); the map holds them without.
 */
export function parseConnectTo(value: string | undefined): Map<string, { host: string; port: number }> | undefined {
  if (value === undefined) return undefined;
  const unbracket = (host: string): string => (host.startsWith('[') ? host.slice(1, -1) : host);
  const map = new Map<string, { host: string; port: number }>();
  for (const entry of value.split(',')) {
    const m = CONNECT_TO_ENTRY.exec(entry.trim());
    if (!m) throw new UsageError(`--connect-to expects HOST:PORT:HOST2:PORT2 (IPv6 in brackets), got "${entry}"`);
    map.set(`${unbracket(m[1]!)}:${m[2]}`, { host: unbracket(m[3]!), port: Number(m[4]) });
  }
  return map;
}

const PEM_CERTIFICATE = /-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/;

function readFlagFile(flags: Map<string, string | true>, name: string): Buffer | undefined {
  const file = flags.get(name);
  return typeof file === 'string' ? readFileNamed(file) : undefined;
}

/** `--cacert` or `--proxy-cacert`: PEM certificates, refused with a way out when they are not. */
function caFromFlag(flags: Map<string, string | true>, name: 'cacert' | 'proxy-cacert'): Buffer | undefined {
  const ca = readFlagFile(flags, name);
  if (ca !== undefined && !PEM_CERTIFICATE.test(ca.toString('latin1'))) {
    throw new UsageError(`--${name} ${String(flags.get(name))} holds no PEM certificate (-----BEGIN CERTIFICATE-----); a DER file converts with: openssl x509 -inform der -in FILE -out FILE.pem`);
  }
  return ca;
}

/**
 * `--cacert`, `--cert`, `--key`, `--pfx`, `--passphrase`: TLS material for every server of this
 * run (not for an https:// proxy: --proxy-cacert, as in curl).
 */
function tlsFromFlags(flags: Map<string, string | true>): Partial<TlsOptions> | undefined {
  const read = (name: string): Buffer | undefined => readFlagFile(flags, name);
  // Refused here, as curl does, rather than a handshake that fails without saying why.
  if (flags.has('pfx') && (flags.has('cert') || flags.has('key'))) throw new UsageError('--pfx holds the certificate and its key: give it without --cert and --key');
  const cert = read('cert');
  // A --cert file may hold its key too (curl accepts it so); else --key gives it.
  const key = read('key') ?? (cert !== undefined && PEM_KEY.test(cert.toString('latin1')) ? cert : undefined);
  if (cert !== undefined && key === undefined) throw new UsageError('--cert needs --key, unless the --cert file holds the key too (or give both in one --pfx file)');
  if (key !== undefined && cert === undefined) throw new UsageError('--key needs --cert');
  const ca = caFromFlag(flags, 'cacert');
  const tls: Partial<TlsOptions> = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(flags.has('pfx') ? { pfx: read('pfx') } : {}),
    ...(typeof flags.get('passphrase') === 'string' ? { passphrase: flags.get('passphrase') as string } : {}),
  };
  return Object.keys(tls).length > 0 ? tls : undefined;
}

function numberFlag(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number`);
  return n;
}

/**
 * The run settings the flags give: the same mapping as the editor's settings (one table from run
 * settings to send options), with the proxy from the environment's HTTP_PROXY and the rest.
 */
export function sendSettingsFromFlags(flags: Map<string, string | true>, env: NodeJS.ProcessEnv): SendSettings {
  const maxRedirects = numberFlag(flags, 'max-redirects');
  const timeout = numberFlag(flags, 'timeout');
  const captureLimit = numberFlag(flags, 'capture-limit');
  const maxBody = numberFlag(flags, 'max-body');
  const proxyCa = caFromFlag(flags, 'proxy-cacert');
  return {
    ...(captureLimit !== undefined ? { captureLimitBytes: captureLimit } : {}),
    ...(maxBody !== undefined ? { maxBodyBytes: maxBody } : {}),
    ...(maxRedirects !== undefined ? { maxRedirects } : {}),
    ...(timeout !== undefined ? { totalTimeoutMs: timeout } : {}),
    ...(flags.has('insecure') ? { verifyTls: false } : {}),
    tlsMaterial: tlsFromFlags(flags),
    ...(proxyCa !== undefined ? { proxyCa } : {}),
    // curl's --proxy-insecure: the https:// proxy's certificate is not checked (the servers' still are).
    ...(flags.has('proxy-insecure') ? { proxySources: [{ strictSSL: false }] } : {}),
    envProxy: proxySettingsFromEnv(env),
  };
}
