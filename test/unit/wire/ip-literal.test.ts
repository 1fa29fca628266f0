/**
 * ipFamily answers as net.isIP does (it only skips Node's IPv6 pattern for hosts without a colon,
 * to spare every run its first-call compile): SNI, Happy Eyeballs and bracketed authorities rely on it.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ipFamily } from '../../../src/core/wire/ip-literal';

describe('ipFamily', () => {
  it('agrees with net.isIP on addresses, near-addresses and names', () => {
    const hosts = ['127.0.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', '127.1', '::', '::1', '[::1]', 'fe80::1%eth0', '::ffff:192.0.2.1', '2001:db8::1', '2001:db8:::1', ':', 'a:b', '1.2.3.4:80', 'localhost', 'example.com', 'xn--bcher-kva.ch', '', ' 127.0.0.1', '127.0.0.1 '];
    for (const host of hosts) assert.equal(ipFamily(host), net.isIP(host), JSON.stringify(host));
  });

  it('agrees with net.isIP on random strings of address characters', () => {
    const alphabet = '0123456789abcdef:.%[]x ';
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 20_000; k++) {
      let host = '';
      for (let n = next(16); n > 0; n--) host += alphabet[next(alphabet.length)];
      assert.equal(ipFamily(host), net.isIP(host), JSON.stringify(host));
    }
  });
});
