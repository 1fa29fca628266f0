import { mulberry32 } from '../test/support/random';
/**
 * A large, realistic `.http` file for the parse bench, the same for a given seed and request count:
 * file variables at the top, `###` titled requests with `# @name`, GETs with query continuation
 * lines, POSTs with JSON bodies of several lines, form bodies, headers with `{{variables}}`,
 * comments, and requests without `###` (a request line after a blank line starts a new request).
 * About 10 lines per request: 5,000 requests come to about 50,000 lines.
 */

export interface GeneratedFile {
  readonly text: string;
  /** The text's lines, without line ends (`text` is `lines.join('\n')`). */
  readonly lines: readonly string[];
  readonly requestCount: number;
  readonly bytes: number;
}


const RESOURCES = ['orders', 'customers', 'invoices', 'products', 'users', 'carts', 'shipments', 'payments', 'reviews', 'coupons'];
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Torvalds'];
const TAGS = ['beta', 'vip', 'wholesale', 'eu', 'us', 'newsletter', 'trial', 'legacy'];
const SORTS = ['-createdAt', 'createdAt', 'name', '-total', 'updatedAt'];
const ACCEPTS = ['application/json', 'application/json', 'application/problem+json, application/json', '*/*'];
const COMMENTS = [
  '# Needs a fresh token: run the login request first.',
  '// The staging server answers slowly on Mondays.',
  '# See the API docs, section "Pagination".',
  '// TODO: check the 429 handling here',
  '# Returns 404 for archived records.',
];

const FILE_VARIABLES = [
  '# Shop API: requests for local testing against the staging backend.',
  '@baseUrl = https://staging.api.example.com',
  '@authUrl = https://auth.example.com',
  '@apiVersion = v1',
  '@token = eyJhbGciOiJIUzI1NiJ9.c3RhZ2luZw.s1gn4tur3',
  '@tenant = acme-eu',
  '@password = correct-horse-battery-staple',
  '@userAgent = http-wire-bench/1.0',
  '',
];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function singular(resource: string): string {
  return resource.endsWith('s') ? resource.slice(0, -1) : resource;
}

/** Generates `requests` requests from `seed`. */
export function generateHttpFile(requests: number, seed = 0x5eed): GeneratedFile {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: string[] = [...FILE_VARIABLES];
  const id = (n: number): string => `req-${String(n).padStart(6, '0')}`;

  const commonHeaders = (n: number): string[] => {
    const h = [`Authorization: Bearer {{token}}`, `X-Request-Id: ${id(n)}`];
    if (rnd() < 0.3) h.push('X-Tenant: {{tenant}}');
    if (rnd() < 0.15) h.push('User-Agent: {{userAgent}}');
    return h;
  };

  for (let n = 0; n < requests; n++) {
    const resource = pick(RESOURCES);
    const one = singular(resource);
    const recordId = int(1, 99_999);
    const maybeComment = (): void => {
      if (rnd() < 0.1) out.push(pick(COMMENTS));
    };
    const kind = rnd();
    if (kind < 0.25) {
      // GET with query continuation lines.
      out.push(`### List ${resource}, page ${int(1, 40)}`);
      maybeComment();
      out.push(`# @name list${capitalize(resource)}${n}`);
      out.push(`GET {{baseUrl}}/{{apiVersion}}/${resource}`);
      out.push(`    ?page=${int(1, 40)}`, `    &limit=${pick([10, 20, 50, 100])}`);
      if (rnd() < 0.5) out.push(`    &sort=${pick(SORTS)}`);
      if (rnd() < 0.2) out.push(`    &status=${pick(['open', 'paid', 'shipped', 'cancelled'])}`);
      out.push(`Accept: ${pick(ACCEPTS)}`, ...commonHeaders(n));
    } else if (kind < 0.5) {
      // POST with a JSON body of several lines.
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      out.push(`### Create ${one} for ${first} ${last}`);
      maybeComment();
      out.push(`# @name create${capitalize(one)}${n}`);
      out.push(`POST {{baseUrl}}/{{apiVersion}}/${resource} HTTP/1.1`, 'Content-Type: application/json', ...commonHeaders(n), '');
      out.push('{', `  "name": "${first} ${last}",`, `  "email": "${first.toLowerCase()}.${last.toLowerCase()}${n}@example.com",`);
      if (rnd() < 0.5) out.push(`  "tags": [${[pick(TAGS), pick(TAGS)].map((t) => `"${t}"`).join(', ')}],`);
      if (rnd() < 0.25) out.push('  "address": {', `    "city": "${pick(['Paris', 'Berlin', 'Lisbon', 'Oslo', 'Austin'])}",`, `    "zip": "${int(10000, 99999)}"`, '  },');
      out.push(`  "limit": ${int(0, 5000)}`, '}');
    } else if (kind < 0.6) {
      // Form body, joined over continuation lines.
      out.push(`### Log in as user ${n}`, `# @name login${n}`);
      out.push('POST {{authUrl}}/oauth/token', 'Content-Type: application/x-www-form-urlencoded', 'Accept: application/json', '');
      out.push('grant_type=password', `&username=user${n}%40example.com`, '&password={{password}}');
      if (rnd() < 0.3) out.push('&scope=orders%3Aread%20orders%3Awrite');
    } else if (kind < 0.85) {
      // No `###`: the request line after a blank line starts the request; comments above it are its own.
      maybeComment();
      out.push(`# Fetch ${one} ${recordId}`);
      if (rnd() < 0.5) out.push(`# @name get${capitalize(one)}${n}`);
      out.push(`${pick(['GET', 'GET', 'GET', 'DELETE'])} {{baseUrl}}/{{apiVersion}}/${resource}/${recordId}`);
      out.push(`Accept: ${pick(ACCEPTS)}`, ...commonHeaders(n));
    } else if (kind < 0.93) {
      // PATCH/PUT with a JSON body that holds variables.
      const method = pick(['PATCH', 'PUT']);
      out.push(`### Update ${one} ${recordId}`);
      maybeComment();
      out.push(`# @name update${capitalize(one)}${n}`);
      out.push(`${method} {{baseUrl}}/{{apiVersion}}/${resource}/${recordId}`, 'Content-Type: application/json', 'If-Match: "{{etag}}"', ...commonHeaders(n), '');
      out.push('{', `  "status": "${pick(['active', 'suspended', 'archived'])}",`, '  "updatedBy": "{{tenant}}"', '}');
    } else {
      // A short titled DELETE.
      out.push(`### Delete ${one} ${recordId}`, `DELETE {{baseUrl}}/{{apiVersion}}/${resource}/${recordId}`, ...commonHeaders(n));
    }
    out.push('');
  }
  const text = out.join('\n');
  return { text, lines: out, requestCount: requests, bytes: Buffer.byteLength(text, 'utf8') };
}
