/**
 * The hover on a request line (issue 11, item 5), from the real send path: the seed's form POST is
 * prepared by `prepareSend` exactly as Send Request prepares it, then put into Markdown. Plain Node:
 * hover-markdown.ts imports no `vscode`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exchangeRecordOf } from '../../../src/core/chaining/exchange-record';
import { ExchangeStore } from '../../../src/core/chaining/exchange-store';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { DEFAULT_ACCEPT_ENCODING, DEFAULT_USER_AGENT } from '../../../src/core/send/prepare-request';
import { prepareSend, type SendContext } from '../../../src/core/send/prepare-send';
import { sendContextOf } from '../../../src/core/send/send-context';
import { SecretMasker } from '../../../src/core/secret-masker';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { codeSpan, escapeMarkdown, hoverMarkdown, hoverMarkdownForError, isWaitingFor, sentFirst, sentFirstMarkdown, waitingForAnswersMarkdown } from '../../../src/editor/hover-markdown';
import { rejection } from '../../support/rejection';

const SEED = path.resolve(__dirname, '../../../../test/integration/workspace/typical-session.http');

async function prepared(text: string, index = 0): Promise<WireRequest> {
  const file = parseHttpFile(text);
  const context: SendContext = {
    variables: new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value]))),
    baseDir: os.tmpdir(),
    userAgent: DEFAULT_USER_AGENT,
    acceptEncoding: DEFAULT_ACCEPT_ENCODING,
    baseOptions: {},
  };
  return (await prepareSend(file, file.requests[index]!, context)).wire;
}

describe('editor: hover markdown (issue 11, item 5)', () => {
  it('shows the seed POST as sent: its URL, request line, body size and each header change with its reason', async () => {
    const wire = await prepared(fs.readFileSync(SEED, 'utf8'), 1);
    const lines = hoverMarkdown(wire, SecretMasker.create());
    assert.equal(lines[0], '**HTTP Wire sends** `POST http://developer.mozilla.org/contact_form.php`');
    assert.ok(lines.includes('Request line: `POST /contact_form.php HTTP/1.1`'), lines.join('\n'));
    assert.ok(lines.includes('Body: 63 bytes.'), lines.join('\n'));
    const changes = lines.filter((l) => l.startsWith('- '));
    assert.deepEqual(
      changes.map((l) => l.split(' — ')[0]),
      ['- sets `Content-Length: 64` → `63`', `- adds \`User-Agent: ${DEFAULT_USER_AGENT}\``, `- adds \`Accept-Encoding: ${DEFAULT_ACCEPT_ENCODING}\``],
    );
    // The reason is the send path's own, escaped for Markdown.
    assert.match(changes[0]!, / — The body is 63 bytes, not 64 \\\(mark the request \\# @verbatim/);
  });

  it('lists the Host it adds for an absolute URL, and says when nothing is added (# @verbatim)', async () => {
    const added = hoverMarkdown(await prepared('GET http://a.example:8080/x?y=1\n'), SecretMasker.create());
    assert.ok(added.some((l) => l.startsWith('- adds `Host: a.example:8080` — ')), added.join('\n'));
    const verbatim = hoverMarkdown(await prepared('# @verbatim\nGET http://a.example/\nHost: a.example\n'), SecretMasker.create());
    assert.ok(verbatim.includes('The headers go as written: HTTP Wire adds nothing.'), verbatim.join('\n'));
    assert.ok(!verbatim.some((l) => l.startsWith('- ')));
    assert.ok(!verbatim.some((l) => l.startsWith('Body:')), 'a request without a body shows no body size');
  });

  it('masks the password of the URL, wherever it would show', async () => {
    const lines = hoverMarkdown(await prepared('GET http://ann:s3cret-pw@a.example/\n'), SecretMasker.create());
    const text = lines.join('\n');
    assert.ok(!text.includes('s3cret-pw'), text);
    assert.match(lines[0]!, /`GET http:\/\/ann:\*\*\*@a\.example\/`/);
  });

  it('shows why a request would not be sent, with its code', async () => {
    const err = await rejection(prepared('GET http://ann:s3cret-pw@a.example/{{missing}}\n'));
    const [line] = hoverMarkdownForError(err, SecretMasker.create());
    assert.match(line!, /^HTTP Wire would not send this request: \\\{\\\{missing\\\}\\\} in the URL .* \\\(HW\\_UNRESOLVED\\_VARIABLE\\\)$/);
  });

  it('keeps backticks, Markdown and line breaks from the request as text', () => {
    const rows: { name: string; input: string; want: string }[] = [
      { name: 'plain', input: 'a*b', want: '`a*b`' },
      { name: 'a backtick inside', input: 'a`b', want: '``a`b``' },
      { name: 'a backtick at an end', input: '`a', want: '`` `a ``' },
      { name: 'line breaks', input: 'a\r\nb', want: '`a\u240d\u240ab`' },
    ];
    for (const row of rows) assert.equal(codeSpan(row.input), row.want, row.name);
    assert.equal(escapeMarkdown('*a* [b](c) <d>'), '\\*a\\* \\[b\\]\\(c\\) \\<d\\>');
  });

  it('names the Markdown file\'s lines for a ```http block parsed at its lines, as HttpRegions parses it (after 10 empty lines)', async () => {
    const err = await rejection(prepared(`${'\n'.repeat(10)}\nGET http://a.example/{{missing}}\n`));
    assert.match(hoverMarkdownForError(err, SecretMasker.create())[0]!, /in the URL \\\(line 12\\\) has no value/);
  });
});

/**
 * Issue: the request-line hover of a request reading `{{login.response.body.$.token}}` said "HTTP Wire
 * would not send this request: ... request "login" has not been sent in this session; nothing was
 * sent.", while Send Request sends `login` first (sendChain). Built as hover.ts builds it.
 */
describe('editor: the request-line hover of a request that reads another\'s answer', () => {
  const file = parseHttpFile(['# @name login', 'POST http://a.test/login', '', '###', '# @name me', 'GET http://a.test/me', 'Authorization: Bearer {{login.response.body.$.token}}', '', '###', '# @forceRef login', 'GET http://a.test/again'].join('\n'));
  const me = file.requests[1]!;

  async function prepare(store: ExchangeStore): Promise<unknown> {
    return prepareSend(file, me, sendContextOf(file, { baseDir: os.tmpdir(), baseOptions: {}, variables: { requests: store } })).then(
      () => undefined,
      (err: unknown) => err,
    );
  }

  it('says login is sent first, and that the request is known once it has answered, instead of "would not send"', async () => {
    const store = new ExchangeStore();
    const first = sentFirst(file, me, store, new Map());
    assert.deepEqual(first, [{ name: 'login', isAgain: false }]);
    assert.equal(sentFirstMarkdown(first, 'dev'), '**Sent first:** `login` (no answer yet in environment `dev`); then this request, with the values read from its answer.');
    assert.ok(isWaitingFor(first, await prepare(store)), 'the store\'s "not sent" is the answer still to come');
    assert.equal(waitingForAnswersMarkdown(first), 'What this request puts on the wire is known once `login` has answered.');
    assert.equal(sentFirstMarkdown(first, undefined), '**Sent first:** `login` (no answer yet in this session); then this request, with the values read from its answer.');
  });

  it('sends nothing first once login has answered, except for # @forceRef', async () => {
    const store = new ExchangeStore();
    store.record('login', exchangeRecordOf({ status: 200, responseHeaders: [], responseBody: Buffer.from('{"token":"t"}'), responseBodyBytes: 13, requestHeaders: [], requestBody: [] }));
    assert.deepEqual(sentFirst(file, me, store, new Map()), []);
    assert.equal(await prepare(store), undefined);
    const again = sentFirst(file, file.requests[2]!, store, new Map());
    assert.deepEqual(again, [{ name: 'login', isAgain: true }]);
    assert.equal(sentFirstMarkdown(again, undefined), '**Sent first:** `login` (again, `# @forceRef`); then this request, with the values read from its answer.');
  });
});

