/**
 * What the .http fuzz tests are made of: random lines and files built from `.http` fragments (every
 * dialect's constructs, broken ones, odd Unicode, long lines, mixed line ends and BOMs), mutations
 * of real files, and the examples and fixtures themselves. Shared by the parse fuzz and the
 * re-parse fuzz.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './helpers';

export type Rng = () => number;
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

const VOCABULARY = [
  '###', '### Title', '#####', '##########', '   ### indented',
  'GET /x', 'GET http://a/x', 'POST http://a/x HTTP/1.1', 'PUT {{base}}/x', 'DELETE example.com/x', 'get /x', 'GRAPHQL http://a/g',
  'http://a/x', 'GET http://a/x HTTP/2', 'GET http://a/ HTTP/x', 'GET /a b', 'GET ws://a/', 'WEBSOCKET ws://a/', 'GRPC a:1/s/m', 'GE"T /x',
  'Host: a', 'Host: a:443', 'host: {{h}}', 'Content-Type: application/json', 'Content-Type: multipart/form-data; boundary=X',
  'Content-Type: application/x-www-form-urlencoded', 'Content-Type: text/plain', 'X-Request-Type: GraphQL', 'Content-Length: 3',
  'Content-Length: abc', 'Transfer-Encoding: chunked', 'Name : v', ': v', 'no colon here',
  '{', '}', '[', ']', '  {', '  [1]', '  <a/>', '"a": 1,', '{"a": 1}', 'a=1', '&b=2', '  &c=3', '?q=1', '  cont',
  '# @name a', '# @name', '// @timeout x', '#@no-redirect', '# @verbatim', '# comment', '// comment', '# @prompt password',
  '{{', '}}', '{{@request', '{{+after', '{{x}}', '{{ spaced }}', '{{$guid}}',
  '/*', '*/', '/* x */', '> {%', '%}', '> {% client.test(); %}', '> ./h.js', '>> ./o.json', '>>! o', '<> ./r.json', '< {%', '< ./pre.js',
  '<', '< ./f.json', '<@ ./f', '<@latin1 ./f', '>', '@a = b', '@a={{a}}', '@ = x', '@a', '@h = a.com',
  'HTTP/1.1 200 OK', 'HTTP/1.0 404 Not Found', 'fragment F on T {', 'fragment G on T { ...F }', '...F', 'query { a { ...F } }',
  'import ./x.http', 'run #a', 'run ./b.http', '', '', '', ' ', '\t',
  // Constructs of public collections (issue 10, item 7): Markdown with ### headings in a block
  // comment (three lines in one entry, so that they meet often), indented requests, closing #s.
  '/*\n### In a comment\n*/', '  /*', '### Users ###', '  GET http://a/x', '  Accept: */*', '      /path', '  # indented', '  // indented',
];

const UNICODE = ['é', '日本語', '😀', '\u200b', '\u2028', '\u2029', '\u0085', '\ud800', '\udfff', '\u0301', '\u00a0', '\ufffd', '\u0007', '\u001b'];
const EOLS = ['\n', '\n', '\n', '\r\n', '\r\n', '\r'];

function randomUnicode(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng() < 0.5 ? pick(rng, UNICODE) : String.fromCharCode(int(rng, 0x3000));
  return s;
}

export function randomLine(rng: Rng): string {
  const r = rng();
  if (r < 0.75) return pick(rng, VOCABULARY);
  if (r < 0.85) return pick(rng, VOCABULARY) + randomUnicode(rng, 1 + int(rng, 4));
  if (r < 0.93) return randomUnicode(rng, int(rng, 20));
  if (r < 0.97) return pick(rng, VOCABULARY) + ' ' + pick(rng, VOCABULARY);
  // A long line.
  return pick(rng, ['#', ' ', '{{', 'a', '/', '%', ':', '&a=1', '{', 'x ']).repeat(200 + int(rng, 5000));
}

export function randomFile(rng: Rng): string {
  const n = int(rng, 40);
  let text = rng() < 0.1 ? '\uFEFF' : '';
  const eol = rng() < 0.7 ? pick(rng, EOLS) : undefined;
  for (let i = 0; i < n; i++) {
    let line = randomLine(rng);
    if (rng() < 0.02) line = line.slice(0, int(rng, line.length + 1)) + '\0' + line.slice(int(rng, line.length + 1));
    text += line + (i === n - 1 && rng() < 0.5 ? '' : (eol ?? pick(rng, EOLS)));
  }
  return text;
}

export function mutate(rng: Rng, source: string): string {
  let text = source;
  const rounds = 1 + int(rng, 4);
  for (let k = 0; k < rounds; k++) {
    const ls = text.split('\n');
    switch (int(rng, 8)) {
      case 0: {
        // Flip a character.
        const at = int(rng, text.length + 1);
        text = text.slice(0, at) + String.fromCharCode(int(rng, 0x80) ^ (text.charCodeAt(at) || 0)) + text.slice(at + 1);
        break;
      }
      case 1:
        text = text.slice(0, int(rng, text.length + 1));
        break;
      case 2: {
        const at = int(rng, ls.length);
        ls.splice(at, 0, ls[at]!);
        text = ls.join('\n');
        break;
      }
      case 3: {
        const at = int(rng, ls.length);
        ls.splice(at, 1);
        text = ls.join('\n');
        break;
      }
      case 4: {
        const at = int(rng, ls.length + 1);
        ls.splice(at, 0, randomLine(rng));
        text = ls.join('\n');
        break;
      }
      case 5:
        text = text.replace(/\n/g, rng() < 0.5 ? '\r\n' : '\r');
        break;
      case 6: {
        const a = int(rng, ls.length);
        const b = int(rng, ls.length);
        [ls[a], ls[b]] = [ls[b]!, ls[a]!];
        text = ls.join('\n');
        break;
      }
      default: {
        // Indent or unindent a line.
        const at = int(rng, ls.length);
        ls[at] = rng() < 0.5 ? `  ${ls[at]}` : ls[at]!.trimStart();
        text = ls.join('\n');
      }
    }
  }
  return text;
}

/** The examples and the test fixtures, by file name. */
export function loadSources(): Array<{ name: string; text: string }> {
  const dirs = [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test', 'fixtures', 'http')];
  const out: Array<{ name: string; text: string }> = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.http'))) out.push({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  return out;
}
