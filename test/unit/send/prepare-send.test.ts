/**
 * `prepareSend`, the one way from a parsed request to the wire (issue 11, item 0): the error gate
 * (a request with an error diagnostic is not prepared), `# @sleep` handed back as a delay (never
 * slept here), the options from metadata, and the context reaching `prepareRequest`.
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import type { HttpFile } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareSend, type PreparedSend, type SendContext } from '../../../src/core/send/prepare-send';
import type { SendOptions } from '../../../src/core/wire/client-options';
import { rejection } from '../../support/rejection';

const BASE: Partial<SendOptions> = Object.freeze({ totalTimeoutMs: 9000 });

function contextFor(file: HttpFile, overrides: Partial<SendContext> = {}): SendContext {
  return {
    variables: new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value]))),
    baseDir: os.tmpdir(),
    userAgent: 'http-wire-test/1',
    acceptEncoding: null,
    baseOptions: BASE,
    ...overrides,
  };
}

/** Request `index` of `text`, prepared with the file's variables and `BASE`. */
function prepare(text: string, index = 0): Promise<PreparedSend> {
  const file = parseHttpFile(text);
  const request = file.requests[index];
  assert.ok(request, `no request ${index} in ${JSON.stringify(text)}`);
  return prepareSend(file, request, contextFor(file));
}

describe('send: prepareSend', () => {
  describe('the error gate', () => {
    const TWO = (first: string, second: string): string => `${first}\n\n###\n${second}\n`;
    /** `want`: the HW_PARSE line (0-based) the request is refused at, or 'prepared'. */
    const rows: { name: string; text: string; index: number; want: number | 'prepared' }[] = [
      { name: 'an unsupported HTTP version on the request line', text: 'GET http://a.example/ HTTP/2\n', index: 0, want: 0 },
      { name: 'a header name with a space', text: 'GET http://a.example/\nBad Name: x\n', index: 0, want: 1 },
      { name: 'a space before the colon (a warning: sent without it, as REST Client and httpYac do)', text: 'GET http://a.example/\nAccept : x\n', index: 0, want: 'prepared' },
      { name: 'the first of two errors', text: 'GET http://a.example/\nBad Name: x\nBad Too: y\n', index: 0, want: 1 },
      { name: 'an error that would also leave a variable unresolved', text: 'GET http://a.example/{{missing}}\nBad Name: x\n', index: 0, want: 1 },
      { name: 'an error that would also miss an included file', text: 'POST http://a.example/\nBad Name: x\n\n< ./no-such-file.txt\n', index: 0, want: 1 },
      { name: 'an error in the next request: this one is prepared', text: TWO('GET http://a.example/', 'GET http://b.example/\nBad Name: x'), index: 0, want: 'prepared' },
      { name: 'an error in the previous request: this one is prepared', text: TWO('GET http://a.example/ HTTP/2', 'GET http://b.example/'), index: 1, want: 'prepared' },
      { name: 'the second request refused at its own line', text: TWO('GET http://a.example/', 'GET http://b.example/\nBad Name: x'), index: 1, want: 4 },
      { name: 'an error outside every request (a bad file variable)', text: '@1bad = x\n\nGET http://a.example/\n', index: 0, want: 'prepared' },
      { name: 'a warning only (Content-Length 9 for 3 bytes)', text: 'POST http://a.example/\nContent-Length: 9\n\nabc\n', index: 0, want: 'prepared' },
    ];
    for (const row of rows) {
      it(`issue 11, item 0: ${row.name} → ${row.want === 'prepared' ? 'prepared' : `HW_PARSE at line ${row.want + 1}`}`, async () => {
        if (row.want === 'prepared') {
          await prepare(row.text, row.index);
          return;
        }
        const got = await rejection(prepare(row.text, row.index));
        assert.equal(got.code, 'HW_PARSE');
        assert.deepEqual(got.detail, { line: row.want });
        assert.match(got.message, new RegExp(`^line ${row.want + 1}: `));
      });
    }
  });

  describe('every error of the request is told, not only the first', () => {
    it('two errors: both lines and messages in the one HW_PARSE message, the first line in its detail', async () => {
      const got = await rejection(prepare('GET http://a.example/ HTTP/2\nBad Name: x\nAccept: */*\n'));
      assert.equal(got.code, 'HW_PARSE');
      assert.deepEqual(got.detail, { line: 0 });
      assert.match(got.message, /^line 1: HTTP\/2 is not supported yet[^]*\. line 2: "Bad Name" is not a valid header name/);
    });
    it('five errors: the first three told, then how many more', async () => {
      const got = await rejection(prepare(['GET http://a.example/', 'Bad A: 1', 'Bad B: 2', 'Bad C: 3', 'Bad D: 4', 'Bad E: 5', ''].join('\n')));
      assert.equal((got.message.match(/line \d+: /g) ?? []).length, 3);
      assert.match(got.message, /^line 2: [^]* line 3: [^]* line 4: [^]* And 2 more errors in this request\.$/);
    });
    it('one error: the message is that diagnostic, as before', async () => {
      const file = parseHttpFile('GET http://a.example/\nBad Name: x\n');
      const got = await rejection(prepareSend(file, file.requests[0]!, contextFor(file)));
      assert.equal(got.message, `line 2: ${file.diagnostics.find((d) => d.severity === 'error')!.message}`);
    });
  });

  describe('# @sleep is handed back as the delay, not slept', () => {
    const rows: { name: string; metadata: string[]; want: number }[] = [
      { name: 'no metadata', metadata: [], want: 0 },
      { name: 'other metadata only', metadata: ['# @name a', '# @timeout 500'], want: 0 },
      { name: '@sleep 250', metadata: ['# @sleep 250'], want: 250 },
      // Ten minutes: were it slept here, the test would time out.
      { name: '@sleep 600000', metadata: ['# @sleep 600000'], want: 600_000 },
      { name: '@sleep 0', metadata: ['# @sleep 0'], want: 0 },
      { name: '@sleep that is not a number', metadata: ['# @sleep later'], want: 0 },
      { name: '@sleep with a fraction', metadata: ['# @sleep 2.5'], want: 0 },
      { name: '@sleep negative', metadata: ['# @sleep -5'], want: 0 },
      { name: 'the first of two @sleep lines counts', metadata: ['# @sleep 30', '# @sleep 70'], want: 30 },
    ];
    for (const row of rows) {
      it(`issue 11, item 0: ${row.name} → ${row.want} ms`, async () => {
        const got = await prepare([...row.metadata, 'GET http://a.example/', ''].join('\n'));
        assert.equal(got.delayMs, row.want);
      });
    }
  });

  describe('options and context', () => {
    it("issue 11, item 0: a request without option metadata gets the run's base options object itself", async () => {
      const text = 'GET http://a.example/\n\n###\n# @name b\nGET http://b.example/\n';
      for (const index of [0, 1]) {
        assert.equal((await prepare(text, index)).options, BASE);
      }
    });

    it("issue 11, item 0: metadata options go on top of the run's", async () => {
      const got = await prepare('# @no-redirect\n# @timeout 700\nGET http://a.example/\n');
      assert.deepEqual(got.options, { totalTimeoutMs: 9000, followRedirects: false, headersTimeoutMs: 700, bodyTimeoutMs: 700 });
    });

    it('issue 11, item 0: the context gives the variables and the default headers', async () => {
      const file = parseHttpFile('GET http://{{host}}/items\n');
      const context = contextFor(file, { variables: new VariableExpander(new Map([['host', 'api.example']])), acceptEncoding: 'gzip' });
      const { wire } = await prepareSend(file, file.requests[0]!, context);
      assert.equal(wire.url.href, 'http://api.example/items');
      assert.deepEqual(wire.headers, [['Host', 'api.example'], ['User-Agent', 'http-wire-test/1'], ['Accept-Encoding', 'gzip']]);
    });

    it('issue 11, item 0: errors after the gate are those of prepareRequest (HW_UNRESOLVED_VARIABLE)', async () => {
      const got = await rejection(prepare('GET http://a.example/{{missing}}\n'));
      assert.equal(got.code, 'HW_UNRESOLVED_VARIABLE');
    });
  });
});
