/**
 * What curl's command line options are, as far as reading a pasted command needs: which short
 * letter is which long option, and which options take a value (the next word, or the rest of a
 * short option's word as in `-XPOST`). From curl's manual (`curl --help all`, curl 8.x). An
 * option not listed here is taken to have no value and reported as not understood.
 */

/** Short letters → long names. */
export const SHORT_OPTIONS: Readonly<Record<string, string>> = {
  '0': 'http1.0',
  '1': 'tlsv1',
  '2': 'sslv2',
  '3': 'sslv3',
  '4': 'ipv4',
  '6': 'ipv6',
  '#': 'progress-bar',
  ':': 'next',
  a: 'append',
  A: 'user-agent',
  b: 'cookie',
  B: 'use-ascii',
  c: 'cookie-jar',
  C: 'continue-at',
  d: 'data',
  D: 'dump-header',
  e: 'referer',
  E: 'cert',
  f: 'fail',
  F: 'form',
  g: 'globoff',
  G: 'get',
  h: 'help',
  H: 'header',
  i: 'include',
  I: 'head',
  j: 'junk-session-cookies',
  J: 'remote-header-name',
  k: 'insecure',
  K: 'config',
  l: 'list-only',
  L: 'location',
  m: 'max-time',
  M: 'manual',
  n: 'netrc',
  N: 'no-buffer',
  o: 'output',
  O: 'remote-name',
  p: 'proxytunnel',
  P: 'ftp-port',
  q: 'disable',
  Q: 'quote',
  r: 'range',
  R: 'remote-time',
  s: 'silent',
  S: 'show-error',
  t: 'telnet-option',
  T: 'upload-file',
  u: 'user',
  U: 'proxy-user',
  v: 'verbose',
  V: 'version',
  w: 'write-out',
  x: 'proxy',
  X: 'request',
  y: 'speed-time',
  Y: 'speed-limit',
  z: 'time-cond',
  Z: 'parallel',
};

/** Long options that take a value. */
export const OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set([
  'abstract-unix-socket', 'alt-svc', 'aws-sigv4', 'cacert', 'capath', 'cert', 'cert-type', 'ciphers', 'config',
  'connect-timeout', 'connect-to', 'continue-at', 'cookie', 'cookie-jar', 'create-file-mode', 'crlfile', 'curves',
  'data', 'data-ascii', 'data-binary', 'data-raw', 'data-urlencode', 'delegation', 'dns-interface',
  'dns-ipv4-addr', 'dns-ipv6-addr', 'dns-servers', 'doh-url', 'dump-header', 'ech', 'egd-file', 'engine',
  'etag-compare', 'etag-save', 'expect100-timeout', 'form', 'form-string', 'ftp-account',
  'ftp-alternative-to-user', 'ftp-method', 'ftp-port', 'ftp-ssl-ccc-mode', 'happy-eyeballs-timeout-ms',
  'haproxy-clientip', 'header', 'hostpubmd5', 'hostpubsha256', 'hsts', 'interface', 'ip-tos', 'ipfs-gateway',
  'json', 'keepalive-time', 'key', 'key-type', 'krb', 'libcurl', 'limit-rate', 'local-port', 'login-options',
  'mail-auth', 'mail-from', 'mail-rcpt', 'max-filesize', 'max-redirs', 'max-time', 'netrc-file', 'noproxy',
  'oauth2-bearer', 'output', 'output-dir', 'parallel-max', 'pass', 'pinnedpubkey', 'preproxy', 'proto',
  'proto-default', 'proto-redir', 'proxy', 'proxy-cacert', 'proxy-capath', 'proxy-cert', 'proxy-cert-type',
  'proxy-ciphers', 'proxy-crlfile', 'proxy-header', 'proxy-key', 'proxy-key-type', 'proxy-pass',
  'proxy-pinnedpubkey', 'proxy-service-name', 'proxy-tls13-ciphers', 'proxy-tlsauthtype', 'proxy-tlspassword',
  'proxy-tlsuser', 'proxy-user', 'proxy1.0', 'pubkey', 'quote', 'random-file', 'range', 'rate', 'referer',
  'request', 'request-target', 'resolve', 'retry', 'retry-delay', 'retry-max-time', 'sasl-authzid',
  'service-name', 'socks4', 'socks4a', 'socks5', 'socks5-gssapi-service', 'socks5-hostname', 'speed-limit',
  'speed-time', 'stderr', 'telnet-option', 'tftp-blksize', 'time-cond', 'tls-max', 'tls13-ciphers',
  'tlsauthtype', 'tlspassword', 'tlsuser', 'trace', 'trace-ascii', 'trace-config', 'unix-socket', 'upload-file',
  'url', 'url-query', 'user', 'user-agent', 'variable', 'vlan-priority', 'write-out',
]);

/**
 * Options without a value that change nothing of the request HTTP Wire sends: output, progress,
 * verbosity, retries. Read silently.
 */
export const HARMLESS_FLAGS: ReadonlySet<string> = new Set([
  'silent', 'show-error', 'verbose', 'include', 'fail', 'fail-with-body', 'no-buffer', 'progress-bar',
  'remote-name', 'remote-header-name', 'remote-time', 'globoff', 'ipv4', 'ipv6', 'no-progress-meter',
  'http1.1', 'http2', 'http2-prior-knowledge', 'tcp-nodelay', 'no-keepalive', 'path-as-is', 'raw',
  'retry-all-errors', 'retry-connrefused', 'create-dirs', 'styled-output', 'disable', 'fail-early', 'basic',
  'anyauth', 'no-alpn', 'no-npn', 'no-sessionid', 'tlsv1', 'tlsv1.0', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3', 'ssl',
  'ssl-reqd', 'ssl-no-revoke', 'ssl-revoke-best-effort', 'ssl-allow-beast', 'ssl-auto-client-cert', 'proxytunnel',
  'suppress-connect-headers', 'compressed-ssh',
]);

/** Options that take a value and change nothing of the request HTTP Wire sends. */
export const HARMLESS_WITH_VALUE: ReadonlySet<string> = new Set([
  'output', 'output-dir', 'dump-header', 'write-out', 'stderr', 'trace', 'trace-ascii', 'trace-config', 'retry',
  'retry-delay', 'retry-max-time', 'limit-rate', 'rate', 'parallel-max', 'create-file-mode', 'libcurl',
  'speed-time', 'speed-limit', 'keepalive-time', 'happy-eyeballs-timeout-ms', 'expect100-timeout',
]);
