import * as assert from 'node:assert/strict';
import { exchangeRecordOf, type ExchangeRecord } from '../../../src/core/chaining/exchange-record';
import { ExchangeStore } from '../../../src/core/chaining/exchange-store';
import { VariableProblem } from '../../../src/core/variables/variable-problem';
import type { RawHeader } from '../../../src/core/response/model';

const JSON_BODY = JSON.stringify({ token: 'abc', count: 3, ok: true, none: null, user: { id: 7, name: 'Ada' }, items: [{ id: 1 }, { id: 2, tags: ['x'] }] });
const XML_BODY = '<?xml version="1.0"?><reply id="42"><token>t-1</token><user><name>Ada</name></user><empty/></reply>';

function record(body: string, contentType: string, extra: readonly RawHeader[] = [], limitBytes?: number): ExchangeRecord {
  const bytes = Buffer.from(body, 'utf8');
  return exchangeRecordOf(
    {
      status: 200,
      responseHeaders: [['Content-Type', contentType], ['X-Request-Id', 'r-9'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2'], ...extra],
      responseBody: bytes,
      responseBodyBytes: bytes.length,
      requestHeaders: [['Content-Type', 'application/json'], ['Authorization', 'Bearer s3cret']],
      requestBody: [{ type: 'bytes', bytes: Buffer.from('{"user": "ada", "n": [1, 2]}') }],
    },
    limitBytes,
  );
}

const store = new ExchangeStore();
store.record('login', record(JSON_BODY, 'application/json'));
store.record('soap', record(XML_BODY, 'application/xml'));
store.record('page', record('plain text é', 'text/plain; charset=utf-8'));
// REST Client issues #266 (a JSON string body) and #1019 (JSON served as text/json).
store.record('jwt', record('"eyJhbGciOi.x.y"', 'application/json'));
store.record('textjson', record('{"url": "https://x.test/a"}', 'text/json;charset=utf-8'));
// Ids past 2^53, as APIs send them: JSON.parse alone would give 12345678901234567000.
const BIG_IDS = '{"id": 12345678901234567890, "note": "id 12345678901234567890", "ids": [18446744073709551615, -98765432109876543210, 2], "user": {"id": 90071992547409931}, "safe": 9007199254740991}';
store.record('ids', record(BIG_IDS, 'application/json'));
store.record('big', record('{"a": "' + 'x'.repeat(100) + '"}', 'application/json', [], 50));

const valueOf = (name: string, path: string): Promise<string> => store.value({ requestName: name, path, expression: `${name}.${path}` });

async function problemOf(name: string, path: string): Promise<VariableProblem> {
  try {
    await valueOf(name, path);
  } catch (err) {
    assert.ok(err instanceof VariableProblem, String(err));
    return err;
  }
  assert.fail(`${name}.${path} had a value`);
}

describe('chaining: reference values (issue 12, item 4)', () => {
  const rows: { path: string; name?: string; want: string }[] = [
    // JSONPath: strings unquoted, anything else as JSON; the first match.
    { path: 'response.body.$.token', want: 'abc' },
    { path: 'response.body.$.count', want: '3' },
    { path: 'response.body.$.ok', want: 'true' },
    { path: 'response.body.$.none', want: 'null' },
    { path: 'response.body.$.user', want: '{"id":7,"name":"Ada"}' },
    { path: 'response.body.$.items', want: '[{"id":1},{"id":2,"tags":["x"]}]' },
    { path: 'response.body.$.items[1].id', want: '2' },
    // REST Client hands the path to jsonpath-plus, which reads one without `$.` from the root.
    { path: 'response.body.token', want: 'abc' },
    { path: 'response.body.items[1].id', want: '2' },
    { path: 'response.body.$.items[*].id', want: '1' },
    { path: 'response.body.$..tags[0]', want: 'x' },
    { path: 'response.body.$.items[?(@.id > 1)].id', want: '2' },
    // Whole bodies and headers (case-insensitive, the first of duplicates).
    { path: 'response.body.*', want: JSON_BODY },
    { path: 'response.body', want: JSON_BODY },
    { path: 'response.headers.x-request-id', want: 'r-9' },
    { path: 'response.headers.SET-COOKIE', want: 'a=1' },
    { path: 'request.headers.authorization', want: 'Bearer s3cret' },
    { path: 'request.body.*', want: '{"user": "ada", "n": [1, 2]}' },
    { path: 'request.body.$.user', want: 'ada' },
    { path: 'request.body.$.n', want: '[1,2]' },
    // XPath: an element's inner markup, an attribute's or text node's value, a number.
    { name: 'soap', path: 'response.body.//token', want: 't-1' },
    { name: 'soap', path: 'response.body.//reply/@id', want: '42' },
    { name: 'soap', path: 'response.body./reply/user', want: '<name>Ada</name>' },
    { name: 'soap', path: 'response.body.//name/text()', want: 'Ada' },
    { name: 'soap', path: 'response.body.//user/name', want: 'Ada' },
    { name: 'soap', path: 'response.body.//empty', want: '' },
    { name: 'jwt', path: 'response.body.$', want: 'eyJhbGciOi.x.y' },
    { name: 'jwt', path: 'response.body.*', want: '"eyJhbGciOi.x.y"' },
    { name: 'textjson', path: 'response.body.$.url', want: 'https://x.test/a' },
    // httpYac: the name stands for the parsed body.
    { path: 'token', want: 'abc' },
    { path: 'user.id', want: '7' },
    { path: 'items[0].id', want: '1' },
    { path: 'items.1.tags', want: '["x"]' },
    { path: '', want: JSON_BODY },
    { name: 'page', path: '', want: 'plain text é' },
    { name: 'page', path: 'response.body.*', want: 'plain text é' },
    // Numbers a JavaScript number cannot hold come out as the server wrote them, as values and inside JSON.
    { name: 'ids', path: 'response.body.$.id', want: '12345678901234567890' },
    { name: 'ids', path: 'response.body.$.ids[1]', want: '-98765432109876543210' },
    { name: 'ids', path: 'response.body.$.ids', want: '[18446744073709551615,-98765432109876543210,2]' },
    { name: 'ids', path: 'response.body.$.user', want: '{"id":90071992547409931}' },
    { name: 'ids', path: 'response.body.$.note', want: 'id 12345678901234567890' },
    { name: 'ids', path: 'response.body.$.safe', want: '9007199254740991' },
    { name: 'ids', path: 'user.id', want: '90071992547409931' },
  ];
  for (const row of rows) {
    it(`issue 12, item 4: ${row.name ?? 'login'}.${row.path} → ${row.want.slice(0, 40)}`, async () => {
      assert.equal(await valueOf(row.name ?? 'login', row.path), row.want);
    });
  }

  it('an error status is said beside the body a reference reads: the 401 is the cause to see, not only "not JSON"', async () => {
    const denied = exchangeRecordOf({ status: 401, responseHeaders: [['Content-Type', 'text/html']], responseBody: Buffer.from('<h1>Unauthorized</h1>'), responseBodyBytes: 21, requestHeaders: [], requestBody: [] });
    const local = new ExchangeStore();
    local.record('login', denied);
    for (const path of ['response.body.$.token', 'token']) {
      await assert.rejects(local.value({ requestName: 'login', path, expression: `login.${path}` }), (err: Error) => {
        assert.match(err.message, /the response body of request "login" \(an HTTP 401 answer\) is not JSON/);
        return true;
      });
    }
    // A 2xx is not mentioned.
    assert.doesNotMatch((await problemOf('page', 'response.body.$.x')).message, /HTTP \d{3}/);
  });

  it('a path one letter or two from response/request says which was likely meant; other paths do not', async () => {
    assert.match((await problemOf('login', 'respons.body.$.token')).message, /matches nothing .*\(did you mean login\.response\.body\.\$\.token\?\)$/);
    assert.match((await problemOf('login', 'reqest.headers.Authorization')).message, /\(did you mean login\.request\.headers\.Authorization\?\)$/);
    assert.doesNotMatch((await problemOf('login', 'user.body')).message, /did you mean/);
  });

  it('issue 12, item 4: the parsed body is made once and kept for the next reference', async () => {
    const r = record(JSON_BODY, 'application/json');
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string) => (parses++, parse(text))) as typeof JSON.parse;
    try {
      const s = new ExchangeStore();
      s.record('x', r);
      for (const path of ['response.body.$.token', 'response.body.$.count', 'user.id']) await s.value({ requestName: 'x', path, expression: path });
    } finally {
      JSON.parse = parse;
    }
    assert.equal(parses, 1);
  });

  const problems: { name?: string; path: string; want: RegExp }[] = [
    { path: 'response.body.$.missing', want: /^has no value: the JSONPath \$\.missing matches nothing in the response body of request "login"$/ },
    { path: 'user.nope', want: /the JSONPath \$\.user\.nope matches nothing in the response body of request "login"/ },
    { path: 'response.headers.X-Nope', want: /^has no value: the response of request "login" has no header X-Nope$/ },
    { path: 'response.headers', want: /name the header after "response\.headers\."/ },
    { path: 'response.body.nope', want: /^has no value: the JSONPath \$\.nope matches nothing in the response body of request "login"$/ },
    { name: 'soap', path: 'response.body.$.token', want: /the response body of request "soap" is not JSON/ },
    { name: 'page', path: 'response.body.//x', want: /the response body of request "page" is not XML/ },
    { name: 'soap', path: 'response.body.//missing', want: /the XPath \/\/missing matches nothing in the response body of request "soap"/ },
    { name: 'big', path: 'response.body.$.a', want: /^has no value: the response body of request "big" is 109 B, over the 50 B kept for references$/ },
    // jsonpath-plus's safe evaluation: a filter cannot reach JavaScript (no eval: 'native').
    { path: 'response.body.$..[?(@.constructor.constructor("return process")())]', want: /^has no value: the JSONPath .* is not valid/ },
    { name: 'never', path: 'response.body.*', want: /^has no value: request "never" has not been sent in this session$/ },
  ];
  for (const row of problems) {
    it(`issue 12, item 4: ${row.name ?? 'login'}.${row.path || '(name alone)'} is an error that names what is missing`, async () => {
      assert.match((await problemOf(row.name ?? 'login', row.path)).reason, row.want);
    });
  }
});
