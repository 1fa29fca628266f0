/**
 * The parser's reference index (issue 12, item 1): every `{{...}}` that is sent, with its kind,
 * its span in the file and the request or file variable holding it, on the real fixtures and on
 * the cases that move lines (dropped comment lines, CRLF and BOM, continuation lines, reparse).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { referencesInRequest, referencesOf, type VariableReference } from '../../../src/core/http-file/reference-index';
import { reparseHttpFile } from '../../../src/core/http-file/reparse';
import { lines, repoRoot } from './helpers';

/** A reference as the rows write it: `kind expression @line:column-endColumn r<request>|v<variable> part`. */
function show(r: VariableReference): string {
  const holder = r.request !== undefined ? `r${r.request}` : `v${r.variable}`;
  return `${r.kind} ${r.expression} @${r.line}:${r.column}-${r.endColumn} ${holder} ${r.part}`;
}

const fixture = (name: string): string => fs.readFileSync(path.join(repoRoot, 'test/fixtures/http', name), 'utf8');

describe('http-file: the reference index (issue 12, item 1)', () => {
  const rows: { name: string; text: () => string; want: string[] }[] = [
    {
      name: 'crlf-bom-no-separators.http: file variables in URLs and headers, requests split without ###',
      text: () => fixture('crlf-bom-no-separators.http'),
      want: [
        'file base @5:4-12 r0 url',
        'file token @7:22-31 r0 header',
        'file base @10:5-13 r1 url',
        'file token @12:22-31 r1 header',
        'file base @20:4-12 r2 url',
        'file base @21:4-12 r3 url',
        'file base @22:7-15 r4 url',
        'file token @23:22-31 r4 header',
      ],
    },
    {
      name: 'httpyac.http: a file variable, an environment name in a JSON body, a request reference; script blocks are not sent',
      text: () => fixture('httpyac.http'),
      want: [
        'file host @16:12-20 r0 url',
        'environment password @19:30-42 r0 body',
        'file host @26:11-19 r1 url',
        'request login.response.body.$.token @27:22-53 r1 header',
        'file host @37:13-21 r2 url',
      ],
    },
    {
      name: 'jetbrains.http: names only an environment (or a script) can give',
      text: () => fixture('jetbrains.http'),
      want: ['environment user @8:11-19 r0 body', 'environment token @17:22-31 r1 header'],
    },
    {
      name: 'a JSON body whose comment lines are dropped keeps the file\'s line numbers, and its comments are not indexed',
      text: () => lines('POST http://a/x', 'Content-Type: application/json', '', '{', '  // {{notSent}}', '  # {{notSentEither}}', '  "id": "{{$guid}}",', '  "n": {{%count}}', '}'),
      want: ['system $guid @6:9-18 r0 body', 'environment %count @7:7-17 r0 body'],
    },
    {
      name: 'a text body keeps its comment lines, so their references are sent and indexed',
      text: () => lines('POST http://a/x', 'Content-Type: text/plain', '', '# {{sentInText}}', 'end'),
      want: ['environment sentInText @3:2-16 r0 body'],
    },
    {
      name: 'file variables that use others, a prompt, query continuation and folded header lines, an include path',
      text: () =>
        lines(
          '@base = https://{{ host }}',
          '@url = {{base}}/v1',
          '',
          '# @prompt password Your password',
          'POST {{url}}/login',
          '    ?as={{password}}',
          'X-Long: a',
          '  b {{$randomInt 1 10}}',
          'Content-Type: application/json',
          '',
          '<@ ./{{dir}}/body.json',
        ),
      want: [
        'environment host @0:16-26 v0 variable',
        'file base @1:7-15 v1 variable',
        'file url @4:5-12 r0 url',
        'prompt password @5:8-20 r0 url',
        'system $randomInt 1 10 @7:4-23 r0 header',
        'environment dir @10:5-12 r0 body',
      ],
    },
    {
      name: 'precedence of kinds: a prompt over a file variable of the same name; a request name over a file variable; REST Client paths name requests',
      text: () => lines('@token = file', '@login = file', '', '# @name login', '# @prompt token', 'GET http://a/{{token}}/{{login.id}}/{{other.response.headers.X}}/{{login}}'),
      want: ['prompt token @5:13-22 r0 url', 'request login.id @5:23-35 r0 url', 'request other.response.headers.X @5:36-64 r0 url', 'file login @5:65-74 r0 url'],
    },
    {
      name: '{{{x}}} is `{` then {{x}}, and an unclosed {{ is text',
      text: () => lines('GET http://a/{{{x}}}/{{y'),
      want: ['environment x @0:14-19 r0 url'],
    },
  ];

  for (const row of rows) {
    it(`issue 12, item 1: ${row.name}`, () => {
      const text = row.text();
      const refs = referencesOf(parseHttpFile(text));
      assert.deepEqual(refs.map(show), row.want);
      const fileLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
      for (const r of refs) assert.equal(fileLines[r.line]!.slice(r.column + 2, r.endColumn - 2).trim(), r.expression, show(r));
    });
  }

  it('issue 12, item 1: references are grouped by request, and each spans exactly its {{...}} in the text', () => {
    const text = fixture('crlf-bom-no-separators.http');
    const file = parseHttpFile(text);
    assert.deepEqual(referencesInRequest(file, 1).map(show), ['file base @10:5-13 r1 url', 'file token @12:22-31 r1 header']);
    const fileLines = text.replace(/^\uFEFF/, '').split(/\r\n/);
    for (const r of referencesOf(file)) assert.equal(fileLines[r.line]!.slice(r.column, r.endColumn), `{{${r.expression}}}`);
  });

  it('issue 12, item 1: the index is built once per parse, when first asked for', () => {
    const file = parseHttpFile(lines('GET http://a/{{x}}'));
    assert.equal(referencesOf(file), referencesOf(file));
  });

  it('issue 12, item 1: after a reparse, file variables keep their columns and the edited request its new references', () => {
    const before = lines('@base = http://{{host}}', '', '###', 'GET {{base}}/a', '', '###', 'GET {{base}}/b');
    const after = before.replace('GET {{base}}/b', 'GET {{base}}/{{id}}');
    const file = reparseHttpFile(parseHttpFile(before), before, after);
    assert.deepEqual(referencesOf(file).map(show), ['environment host @0:15-23 v0 variable', 'file base @3:4-12 r0 url', 'file base @6:4-12 r1 url', 'environment id @6:13-19 r1 url']);
  });
});
