/**
 * Replays the Markdown vectors of `test/vectors/response/*.md` (format: `md-vectors.ts`) through
 * `ResponseParser`. Each case runs on the whole input, then split in two at every byte (unless
 * `noSplit`), then dripped one byte at a time; every feeding must give the same result as the
 * whole input, and the whole input must give the expected one. Tests are named `file.md:line`.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpWireError } from '../../src/core/errors';
import type { RawHeader, ResponseHead } from '../../src/core/response/model';
import type { FramingDecision } from '../../src/core/wire/framing';
import { ResponseParser, type ResponseParserHandler } from '../../src/core/wire/response-parser';
import { decodeHttpBlock, isExpectedError, parseVectorMarkdown, readVectorFile, type ExpectedError, type ExpectedHead, type ExpectedResponse, type Vector } from './md-vectors';

/** The sources, not `out/`: from `out/test/vectors` when compiled, `test/vectors` otherwise. */
const VECTOR_DIR = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../test/vectors/response' : 'response');
const VECTOR_FILES = ['status-line.md', 'headers.md', 'content-length.md', 'chunked.md', 'close-delimited.md', 'no-body.md', 'informational.md', 'invalid.md', 'seed.md'];
/** Used when a case sets no `maxHeaderBytes`. */
const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

type Pairs = [string, string][];

interface HeadResult {
  httpVersion: string;
  status: number;
  reason: string;
  headers: Pairs;
}

/** What one feeding of a case gave: a response (perhaps still incomplete) or an error. */
type Outcome =
  | (HeadResult & {
      kind: 'response';
      informational: HeadResult[];
      body: string;
      trailers: Pairs | undefined;
      keepAlive: boolean;
      framing: string;
      transferCodings: string[];
      consumed: number;
      complete: boolean;
    })
  | { kind: 'error'; error: string; message: string; offset: unknown };

/** The parser broke its own contract (callback order, bytes left unread); not an HttpWireError. */
class ContractError extends Error {}

function pairs(headers: readonly RawHeader[]): Pairs {
  return headers.map(([n, v]) => [n, v]);
}

function headResult(head: ResponseHead): HeadResult {
  return { httpVersion: head.httpVersion, status: head.status, reason: head.reason, headers: pairs(head.headers) };
}

/** Records the callbacks and checks their order: 1xx* head body* complete. */
class Recorder implements ResponseParserHandler {
  readonly informational: HeadResult[] = [];
  head: ResponseHead | undefined;
  decision: FramingDecision | undefined;
  readonly body: Buffer[] = [];
  trailers: Pairs | undefined;

  onInformational(head: ResponseHead): void {
    if (this.head !== undefined) throw new ContractError('onInformational after onHead');
    this.informational.push(headResult(head));
  }

  onHead(head: ResponseHead, decision: FramingDecision): void {
    if (this.head !== undefined) throw new ContractError('onHead called twice');
    this.head = head;
    this.decision = decision;
  }

  onBody(chunk: Buffer): void {
    if (this.head === undefined) throw new ContractError('onBody before onHead');
    if (this.trailers !== undefined) throw new ContractError('onBody after onComplete');
    // The chunk is a view into the input, which the next feeding reuses: copy it.
    this.body.push(Buffer.from(chunk));
  }

  onComplete(trailers: readonly RawHeader[]): void {
    if (this.head === undefined) throw new ContractError('onComplete before onHead');
    if (this.trailers !== undefined) throw new ContractError('onComplete called twice');
    this.trailers = pairs(trailers);
  }
}

/**
 * Feeds `pieces` in order, as a socket would, stopping once the response is complete (the rest is
 * the next response's), then calls finish() if the case ends with EOF.
 */
function feed(vector: Vector, pieces: readonly Buffer[]): Outcome {
  const recorder = new Recorder();
  const parser = new ResponseParser(
    { isHeadRequest: vector.meta.method === 'HEAD', maxHeaderBytes: vector.meta.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES },
    recorder,
  );
  let consumed = 0;
  try {
    for (const piece of pieces) {
      if (parser.isComplete) break;
      const n = parser.execute(piece);
      if (n < 0 || n > piece.length) throw new ContractError(`execute() returned ${n} for ${piece.length} bytes`);
      if (n < piece.length && !parser.isComplete) throw new ContractError(`execute() read ${n} of ${piece.length} bytes of an incomplete response`);
      consumed += n;
    }
    if (!parser.isComplete && vector.meta.eof === true) parser.finish();
  } catch (err) {
    if (err instanceof HttpWireError) return { kind: 'error', error: err.code, message: err.message, offset: err.detail.offset };
    const what = err instanceof ContractError ? 'CONTRACT' : 'THROWN';
    return { kind: 'error', error: what, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), offset: undefined };
  }
  const { head, decision } = recorder;
  if (head === undefined || decision === undefined) {
    return { kind: 'error', error: 'NO_RESPONSE', message: 'the input ended before a final status line and headers', offset: undefined };
  }
  if (parser.isComplete !== (recorder.trailers !== undefined)) {
    return { kind: 'error', error: 'CONTRACT', message: `isComplete is ${parser.isComplete} but onComplete was ${recorder.trailers ? '' : 'not '}called`, offset: undefined };
  }
  return {
    kind: 'response',
    informational: recorder.informational,
    ...headResult(head),
    body: Buffer.concat(recorder.body).toString('latin1'),
    trailers: recorder.trailers,
    keepAlive: decision.isKeepAlive,
    framing: decision.framing.kind,
    transferCodings: [...decision.transferCodings],
    consumed,
    complete: parser.isComplete,
  };
}

/** Every way of feeding the case besides the whole input, with a name for failure messages. */
function* feedings(vector: Vector): Generator<[string, Buffer[]]> {
  const input = vector.input;
  if (vector.meta.noSplit !== true) {
    for (let k = 1; k < input.length; k++) yield [`split at byte ${k} of ${input.length}`, [input.subarray(0, k), input.subarray(k)]];
  }
  const drip: Buffer[] = [];
  for (let k = 0; k < input.length; k++) drip.push(input.subarray(k, k + 1));
  yield ['one byte at a time', drip];
}

function describeOutcome(o: Outcome): string {
  if (o.kind === 'error') return `${o.error}: ${o.message}`;
  return `${o.status} ${JSON.stringify(o.reason)}, body ${JSON.stringify(o.body.slice(0, 60))}, framing ${o.framing}, complete ${o.complete}`;
}

function projectHead(actual: HeadResult, want: ExpectedHead): Partial<HeadResult> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(want)) out[key] = actual[key as keyof HeadResult];
  return out;
}

function checkResponse(vector: Vector, want: ExpectedResponse, actual: Outcome): void {
  if (actual.kind === 'error') assert.fail(`expected a response, got ${describeOutcome(actual)}`);
  // Unless the case says otherwise, the response takes every byte and is complete.
  const full: Record<string, unknown> = { consumed: vector.input.length, complete: true, ...want };
  const got: Record<string, unknown> = {};
  for (const key of Object.keys(full)) got[key] = actual[key as keyof typeof actual];
  if (want.informational !== undefined) {
    got.informational = actual.informational.map((head, i) => {
      const w = want.informational![i];
      return w === undefined ? head : projectHead(head, w);
    });
  }
  assert.deepStrictEqual(got, full);
}

function checkError(want: ExpectedError, actual: Outcome): void {
  if (actual.kind !== 'error') assert.fail(`expected ${want.error} (${JSON.stringify(want.message)}), got a response: ${describeOutcome(actual)}`);
  assert.equal(actual.error, want.error, `wrong code; message: ${actual.message}`);
  assert.ok(actual.message.includes(want.message), `the message ${JSON.stringify(actual.message)} does not contain ${JSON.stringify(want.message)}`);
  if (want.offset !== undefined) assert.equal(actual.offset, want.offset, `wrong offset; message: ${actual.message}`);
}

function runVector(vector: Vector): void {
  const whole = feed(vector, [vector.input]);
  if (isExpectedError(vector.expected)) checkError(vector.expected, whole);
  else checkResponse(vector, vector.expected, whole);
  for (const [name, pieces] of feedings(vector)) {
    const got = feed(vector, pieces);
    assert.deepStrictEqual(got, whole, `${name}: ${describeOutcome(got)}\n  whole input gave: ${describeOutcome(whole)}`);
  }
}

describe('response vectors', () => {
  const files = fs.readdirSync(VECTOR_DIR).filter((f) => f.endsWith('.md')).sort();

  it('has every topic file and at least 70 cases', () => {
    for (const f of VECTOR_FILES) assert.ok(files.includes(f), `missing ${f}`);
    const count = files.reduce((n, f) => n + readVectorFile(path.join(VECTOR_DIR, f)).length, 0);
    assert.ok(count >= 70, `only ${count} cases`);
  });

  for (const file of files) {
    describe(file, () => {
      for (const vector of readVectorFile(path.join(VECTOR_DIR, file))) {
        it(`${vector.file}:${vector.line} ${vector.heading}`, () => runVector(vector));
      }
    });
  }
});

describe('md-vectors', () => {
  it('ends every line with CRLF, the last one too', () => {
    assert.equal(decodeHttpBlock(['HTTP/1.1 200 OK', ''], '\r\n').toString('latin1'), 'HTTP/1.1 200 OK\r\n\r\n');
  });

  it('drops the line end after a lone trailing backslash', () => {
    assert.equal(decodeHttpBlock(['a\\', 'b\\'], '\r\n').toString('latin1'), 'ab');
    assert.equal(decodeHttpBlock(['a\\n\\', 'b'], '\r\n').toString('latin1'), 'a\nb\r\n');
  });

  it('reads escapes, keeps an escaped backslash at the end of a line, and writes other text as UTF-8', () => {
    const bytes = decodeHttpBlock(['\\r\\n\\t\\0\\xE1\\x7f\\\\', 'á'], '\n');
    assert.deepEqual([...bytes], [13, 10, 9, 0, 0xe1, 0x7f, 92, 10, 0xc3, 0xa1, 10]);
  });

  it('uses bare LF line ends when asked', () => {
    assert.equal(decodeHttpBlock(['a', ''], '\n').toString('latin1'), 'a\n\n');
  });

  it('refuses unknown escapes and short \\x', () => {
    assert.throws(() => decodeHttpBlock(['\\q'], '\r\n'), /unknown escape/);
    assert.throws(() => decodeHttpBlock(['\\x4'], '\r\n'), /two hex digits/);
  });

  it('reads a case: heading line, prose, meta, blocks', () => {
    const md = ['# T', '', '## A case', '', 'It shows a thing.', '', '<!-- meta={"lf": true, "eof": true} -->', '```http', 'x\\', '```', '', '```json', '{"error": "HW_INCOMPLETE", "message": "x"}', '```', ''].join('\n');
    const [v] = parseVectorMarkdown(md, 't.md');
    assert.equal(v?.line, 3);
    assert.equal(v?.description, 'It shows a thing.');
    assert.deepEqual(v?.meta, { lf: true, eof: true });
    assert.equal(v?.input.toString('latin1'), 'x');
  });

  it('refuses a case without a sentence, a block or the required fields', () => {
    assert.throws(() => parseVectorMarkdown('## A\n```http\nx\n```\n```json\n{"error":"HW_PROTOCOL","message":"m"}\n```\n', 't.md'), /t\.md:1: .*sentence/);
    assert.throws(() => parseVectorMarkdown('## A\nWords.\n```http\nx\n```\n', 't.md'), /json/);
    assert.throws(() => parseVectorMarkdown('## A\nWords.\n```http\nx\n```\n```json\n{"status": 200, "body": ""}\n```\n', 't.md'), /"headers"/);
    assert.throws(() => parseVectorMarkdown('## A\nWords.\n```http\nx\n```\n```json\n{"error": "HW_PROTOCOL"}\n```\n', 't.md'), /message/);
    assert.throws(() => parseVectorMarkdown('## A\nWords.\n<!-- meta={"nosplit": true} -->\n```http\nx\n```\n```json\n{"error": "HW_PROTOCOL", "message": "m"}\n```\n', 't.md'), /unknown meta key/);
  });
});
