/**
 * Routes of http: URLs are computed once per host, port and verification, not once per URL object
 * (the requests of one origin have URLs of their own), and found again by the URL object that the
 * requests of one URL share (issue 10, item 6).
 */
import * as assert from 'node:assert/strict';
import { requestForRoute, Routes } from '../../../src/core/wire/route';
import { wireRequest } from '../../support/wire-request';

describe('wire: routes (issue 10, item 6)', () => {
  it('issue 10, item 6: two URLs of one http origin share a route; another port, host or verification gets its own', () => {
    const routes = new Routes({ connectTo: new Map([['b.test:80', { host: '127.0.0.1', port: 9 }]]) });
    const first = routes.get(new URL('http://a.test:8080/one?x=1'), true);
    assert.equal(routes.get(new URL('http://a.test:8080/two'), true), first);
    assert.notEqual(routes.get(new URL('http://a.test:8081/one'), true), first);
    assert.notEqual(routes.get(new URL('http://a.test:8080/one'), false), first);
    const other = routes.get(new URL('http://b.test/'), true);
    assert.deepEqual([other.host, other.port], ['127.0.0.1', 9], 'the connect-to override of its own host');
    assert.deepEqual([first.host, first.port], ['a.test', 8080]);
  });

  it('one URL object (requests share it): its route found again, verified and not kept apart; https asked anew each time', () => {
    let tlsAsked = 0;
    const routes = new Routes({ tlsForHost: () => (tlsAsked++, {}) });
    const url = new URL('http://a.test:8080/one');
    const verified = routes.get(url, true);
    const unverified = routes.get(url, false);
    assert.notEqual(unverified, verified);
    assert.equal(routes.get(url, true), verified);
    assert.equal(routes.get(url, false), unverified);
    assert.equal(routes.get(new URL(url.href), true), verified, 'another object of the same origin finds it by its key');
    // https routes carry TLS material from tlsForHost, which may change between sends.
    const secure = new URL('https://a.test/');
    routes.get(secure, true);
    routes.get(secure, true);
    assert.equal(tlsAsked, 2);
  });

  it('through an http:// proxy, OPTIONS * goes as the origin alone (RFC 9112 §3.2.4), a path in absolute form', () => {
    const routes = new Routes({ proxy: { http: 'http://proxy.test:3128' } });
    const url = new URL('http://api.test:8080/');
    const route = routes.get(url, true);
    const star = requestForRoute(wireRequest(url.href, { method: 'OPTIONS', target: '*', url }), route, undefined);
    assert.equal(star.target, 'http://api.test:8080');
    const path = requestForRoute(wireRequest(url.href, { target: '/x?y', url }), route, undefined);
    assert.equal(path.target, 'http://api.test:8080/x?y');
  });
});
