import type { WireRequest } from '../../src/core/wire/wire-request';

/** A WireRequest for tests: GET by default, Host from the URL, no body. */
export function wireRequest(url: string, overrides: Partial<WireRequest> = {}): WireRequest {
  const u = new URL(url);
  return {
    method: 'GET',
    target: `${u.pathname}${u.search}`,
    url: u,
    httpVersion: 'HTTP/1.1',
    headers: [['Host', u.host]],
    body: [],
    changes: [],
    ...overrides,
  };
}
