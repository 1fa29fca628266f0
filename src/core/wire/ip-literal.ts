import * as net from 'node:net';

/**
 * 4 or 6 when `host` is an IPv4 or IPv6 address, else 0, as `net.isIP` answers. Node's IPv6 test
 * compiles a large pattern on its first call (~4 ms here, paid by every CLI run that connects to a
 * host name); an IPv6 address always holds a colon and a host name never does, so a name skips it.
 */
export function ipFamily(host: string): 0 | 4 | 6 {
  if (host.includes(':')) return net.isIPv6(host) ? 6 : 0;
  return net.isIPv4(host) ? 4 : 0;
}
