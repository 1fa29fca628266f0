import { ErrorCodes, HttpWireError } from '../errors';

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server sent a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate\'s issuer is not trusted on this machine',
  // An intermediate CA given as the trusted one: verification needs the root it chains to.
  UNABLE_TO_GET_ISSUER_CERT: 'the chain cannot be followed to a trusted root: trust the root CA, not an intermediate one, or have the server send its whole chain',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
};

/**
 * What a refused server certificate's message ends with (dial-route rewords it for a proxy): the
 * way that keeps verification first, then the ways out, in the file and in the CLI (a CI user only
 * heard of editing the file).
 */
export const SKIP_VERIFICATION_ADVICE = " Trust the server's CA (the CLI's --cacert FILE, or NODE_EXTRA_CA_CERTS), or turn verification off with # @no-reject-unauthorized for this request (the CLI's --insecure for the run) only if you trust this server.";

/**
 * Turns what Node throws while connecting (ECONNREFUSED, ENOTFOUND, ERR_TLS_*, certificate
 * verification codes, AggregateError when every address of a host failed) into our codes, keeping
 * the original as `cause` (undici's maybeNormalizeConnectError does the same job).
 */
export function normalizeConnectError(err: unknown, where: string): HttpWireError {
  if (err instanceof HttpWireError) return err;
  // Of several addresses' errors, a refusal says the most: the host is there, nothing listens.
  const errors = err instanceof AggregateError ? (err.errors as NodeJS.ErrnoException[]) : [];
  const first = errors.find((x) => x?.code === 'ECONNREFUSED') ?? errors[0] ?? err;
  const e = first as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    return new HttpWireError(ErrorCodes.dns, `Could not resolve ${where}: the name is unknown (${code}).`, { syscall: e.syscall }, err);
  }
  if (code === 'ECONNREFUSED') return new HttpWireError(ErrorCodes.connectRefused, `Connection refused by ${where}: nothing listens there.`, {}, err);
  if (code === 'ETIMEDOUT') return new HttpWireError(ErrorCodes.connectTimeout, `Connecting to ${where} timed out.`, {}, err);
  const tlsReason = TLS_REASONS[code];
  if (tlsReason !== undefined) {
    return new HttpWireError(ErrorCodes.tls, `TLS verification failed for ${where}: ${tlsReason} (${code}).${SKIP_VERIFICATION_ADVICE}`, { tlsCode: code }, err);
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(e?.message ?? '')) {
    const reason = opensslReason(e.message);
    // A plain HTTP server answering the ClientHello with `HTTP/1.1 400` reads as a record of a wrong version.
    const hint = /wrong version number|packet length too long|http request/i.test(reason) ? ' The server seems to speak plain HTTP on this port: try http://.' : '';
    return new HttpWireError(ErrorCodes.tls, `TLS handshake with ${where} failed: ${reason}.${hint}`, { tlsCode: code }, err);
  }
  if (code === 'ECONNRESET') return new HttpWireError(ErrorCodes.connect, `${where} reset the connection while it was being opened.`, {}, err);
  return new HttpWireError(ErrorCodes.connect, `Could not connect to ${where}: ${e?.message ?? String(err)}`, { sysCode: code }, err);
}

/**
 * The reason of an OpenSSL error message (`807C…:error:0A00010B:SSL routines:ssl3_get_record:wrong
 * version number:../deps/openssl/…/ssl3_record.c:354:`): `wrong version number`. Any other
 * message comes back trimmed, without a final period.
 */
function opensslReason(message: string): string {
  const m = /error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+)/.exec(message);
  return (m?.[1] ?? message).trim().replace(/\.$/, '');
}
