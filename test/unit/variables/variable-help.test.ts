/**
 * The editor's variable help (issue 12, item 5), its pure part: the completion lists inside `{{`
 * and on header lines, the reference at a position and its definition, the names no value is found
 * for, and where a variable of the environment in use comes from (`EnvironmentSet.origins`).
 */
import * as assert from 'node:assert/strict';
import { EnvironmentSet } from '../../../src/core/environments/environment-set';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { SYSTEM_VARIABLES } from '../../../src/core/variables/system-variable-catalog';
import { systemVariable } from '../../../src/core/variables/system-variables';
import {
  headerCompletionContext,
  headerCompletions,
  isHeaderLine,
  variableCompletionContext,
  variableCompletions,
  type EnvironmentForHelp,
} from '../../../src/core/variables/variable-completions';
import { definitionOf, fileVariableCycles, referenceAt, unknownRequestReferences, unresolvedReferences } from '../../../src/core/variables/variable-lookup';
import { lines } from '../http-file/helpers';
import { fixedClock, fixedRandom, mapDotenv } from './support';

const TEXT = lines(
  '@base = https://api.example', // 0
  '@auth = Bearer {{token}}', // 1
  '', // 2
  '### Log in', // 3
  '# @name login', // 4
  'POST {{base}}/login', // 5
  'Content-Type: application/json', // 6
  'X-Trace: abc', // 7
  '', // 8
  '{"user": "{{user}}"}', // 9
  '', // 10
  '### Me', // 11
  '# @prompt otp One-time code', // 12
  'GET {{base}}/me?otp={{otp}}&id={{$guid}}', // 13
  'Authorization: {{auth}}', // 14
  'X-Session: {{login.response.body.$.session}}', // 15
  'X-Missing: {{nowhere}}', // 16
);

const SET = new EnvironmentSet([
  { label: '/w/http-client.env.json', environments: { $shared: { user: 'ada', host: 'shared-host' }, dev: { host: 'dev-host' } }, isSecret: false },
  { label: '/w/http-client.private.env.json', environments: { dev: { token: 'private-token-1' } }, isSecret: true },
]);

const DEV: EnvironmentForHelp = { name: 'dev', origins: SET.origins('dev') };

describe('variables: editor help (issue 12, item 5)', () => {
  const file = parseHttpFile(TEXT);

  describe('variableCompletionContext', () => {
    const rows: Array<[string, number, ReturnType<typeof variableCompletionContext>]> = [
      ['GET {{', 6, { start: 6, prefix: '' }],
      ['GET {{ho', 8, { start: 6, prefix: 'ho' }],
      ['GET {{ %na', 10, { start: 8, prefix: 'na' }],
      ['GET {{login.res', 15, { start: 6, prefix: 'login.res' }],
      ['GET {{a}} x', 10, undefined],
      ['GET {{a}}/{{b', 13, { start: 12, prefix: 'b' }],
      ['GET /x', 6, undefined],
    ];
    for (const [text, column, want] of rows) it(`${JSON.stringify(text)} at ${column}`, () => assert.deepEqual(variableCompletionContext(text, column), want));
  });

  it('offers the prompts, file variables, environment variables (private ones masked), request names and system variables, each saying where it comes from', () => {
    const entries = variableCompletions(file, file.requests[1], DEV, '');
    const bySource = (source: string): string[] => entries.filter((e) => e.source === source).map((e) => e.label);
    assert.deepEqual(bySource('prompt'), ['otp']);
    assert.deepEqual(bySource('file'), ['base', 'auth']);
    assert.deepEqual(bySource('environment'), ['user', 'host', 'token']);
    assert.deepEqual(bySource('request'), ['login', 'Me']);
    assert.deepEqual(bySource('system'), SYSTEM_VARIABLES.map((s) => s.name));
    const get = (label: string, source: string) => entries.find((e) => e.label === label && e.source === source)!;
    assert.deepEqual(get('base', 'file'), { label: 'base', source: 'file', detail: 'file variable, line 1', documentation: 'https://api.example' });
    assert.equal(get('host', 'environment').detail, 'environment "dev", /w/http-client.env.json');
    assert.equal(get('host', 'environment').documentation, 'dev-host');
    assert.equal(get('user', 'environment').detail, 'environment $shared, /w/http-client.env.json');
    assert.equal(get('token', 'environment').documentation, '***');
    assert.ok(!JSON.stringify(entries).includes('private-token-1'), 'a private value is shown');
    assert.equal(get('otp', 'prompt').documentation, 'One-time code');
    assert.equal(get('$randomInt', 'system').snippet, '\\$randomInt ${1:1} ${2:100}');
  });

  it('offers only the system variables after $, and a request\'s reference paths after its name and a dot', () => {
    assert.ok(variableCompletions(file, file.requests[1], DEV, '$ra').every((e) => e.source === 'system'));
    assert.deepEqual(
      variableCompletions(file, file.requests[1], DEV, 'login.re').map((e) => e.label),
      ['login.response.body.$', 'login.response.body.*', 'login.response.headers.', 'login.request.body.$', 'login.request.body.*', 'login.request.headers.'],
    );
    assert.deepEqual(
      variableCompletions(file, file.requests[1], DEV, 'login.request.headers.').map((e) => e.label),
      ['login.request.headers.Content-Type', 'login.request.headers.X-Trace'],
    );
    assert.deepEqual(variableCompletions(file, file.requests[1], DEV, 'nobody.'), []);
  });

  it('every system variable offered evaluates once its placeholders are filled in', async () => {
    const ctx = { clock: fixedClock(), random: fixedRandom(), processEnv: { NAME: 'x' }, dotenv: mapDotenv({ NAME: 'y' }), referencedName: () => Promise.resolve('NAME') };
    for (const s of SYSTEM_VARIABLES) {
      // The snippet's first choice or default: `${1:1}` → 1, `${1|iso8601,rfc1123|}` → iso8601.
      const body = s.snippet.replace(/\\\$/g, '$').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
      assert.equal(typeof (await systemVariable(body, ctx)), 'string', body);
    }
  });

  describe('header lines', () => {
    const lineText = (k: number): string => TEXT.split('\n')[k]!;
    it('knows the header lines of a request: after the request line, before the blank line', () => {
      const login = file.requests[0]!;
      assert.deepEqual([5, 6, 7, 8, 9].map((k) => isHeaderLine(login, k, lineText)), [false, true, true, false, false]);
      // Without a body, the blank line after the headers is where the next one is typed.
      const bare = parseHttpFile(lines('GET http://x/', 'Accept: */*', '', ''));
      assert.deepEqual([1, 2].map((k) => isHeaderLine(bare.requests[0]!, k, (n) => ['GET http://x/', 'Accept: */*', '', ''][n]!)), [true, true]);
    });
    it('offers header names at a line\'s start and common values after Content-Type: and Accept:', () => {
      assert.deepEqual(headerCompletionContext('Cont', 4), { kind: 'name', start: 0 });
      assert.ok(headerCompletions({ kind: 'name', start: 0 }).some((e) => e.label === 'Content-Type' && e.source === 'header'));
      const value = headerCompletionContext('Content-Type: app', 17);
      assert.deepEqual(value, { kind: 'value', name: 'Content-Type', start: 14 });
      assert.ok(headerCompletions(value!).some((e) => e.label === 'application/json'));
      assert.ok(headerCompletions({ kind: 'value', name: 'accept', start: 8 }).some((e) => e.label === '*/*'));
      assert.deepEqual(headerCompletions({ kind: 'value', name: 'X-Trace', start: 9 }), []);
      assert.equal(headerCompletionContext('X-A: {{to', 9), undefined);
    });
  });

  describe('referenceAt and definitionOf', () => {
    const at = (line: number, column: number) => {
      const r = referenceAt(file, line, column);
      return r === undefined ? undefined : { expression: r.expression, definition: definitionOf(file, r) };
    };
    it('finds the reference under the cursor, braces included, and nothing beside it', () => {
      assert.equal(at(13, 4)?.expression, 'base');
      assert.equal(at(13, 11)?.expression, 'base');
      assert.equal(at(13, 12), undefined);
      assert.equal(at(13, 3), undefined);
    });
    it('a file variable → its @name line (the value too), a prompt → its line, a request → its # @name line', () => {
      assert.deepEqual(at(13, 6)?.definition, { kind: 'file', line: 0, value: 'https://api.example' });
      assert.deepEqual(at(13, 22)?.definition, { kind: 'prompt', line: 12, description: 'One-time code' });
      const login = at(15, 14)?.definition;
      assert.equal(login?.kind, 'request');
      assert.equal(login?.kind === 'request' ? login.line : -1, 4);
      assert.deepEqual(at(16, 13)?.definition, { kind: 'environment', name: 'nowhere' });
      assert.deepEqual(at(13, 33)?.definition, { kind: 'system', name: '$guid' });
      // In a file variable's value.
      assert.deepEqual(at(1, 16)?.definition, { kind: 'environment', name: 'token' });
    });
    it('the last @name of a file variable is its definition, as in resolution', () => {
      const twice = parseHttpFile(lines('@a = 1', '@a = 2', 'GET http://x/{{a}}'));
      assert.deepEqual(definitionOf(twice, referenceAt(twice, 2, 14)!), { kind: 'file', line: 1, value: '2' });
    });
    it('a request without # @name is defined by its ### title', () => {
      const titled = parseHttpFile(lines('### first', 'GET http://x/', '', '###', 'GET http://x/{{first.response.body.*}}'));
      const d = definitionOf(titled, referenceAt(titled, 4, 14)!);
      assert.equal(d?.kind === 'request' ? d.line : -1, 0);
    });
  });

  describe('unresolvedReferences', () => {
    const names = (env: ReadonlyMap<string, string>): string[] => unresolvedReferences(file, env).map((r) => `${r.body}@${r.line}:${r.column}`);
    it('names the environment references the environment does not give, in file order, a file variable\'s value included', () => {
      assert.deepEqual(names(SET.choose('dev').variables), ['nowhere@16:11']);
      assert.deepEqual(names(SET.choose(undefined).variables), ['token@1:15', 'nowhere@16:11']);
      assert.deepEqual(names(new Map()), ['token@1:15', 'user@9:10', 'nowhere@16:11']);
    });
    it('never names prompts, file variables, requests or system variables', () => {
      const all = parseHttpFile(lines('@a = 1', '# @name r', '# @prompt p', 'GET http://x/{{a}}/{{p}}/{{$uuid}}/{{r.response.body.*}}/{{r}}'));
      assert.deepEqual(unresolvedReferences(all, new Map()), []);
    });
  });

  it('unknownRequestReferences: a request reference whose name is no request of the file (a typo), and not the ones that are (issue 12, item 5)', () => {
    const file = parseHttpFile(lines('# @name login', 'POST http://a/login', '', '###', 'GET http://a/me', 'Authorization: Bearer {{logn.response.body.$.token}}', 'X-Id: {{login.response.headers.X-Id}}'));
    assert.deepEqual(unknownRequestReferences(file).map((r) => `${r.line}:${r.head}`), ['5:logn']);
  });

  describe('fileVariableCycles (issue 12, item 2: cycles are diagnostics)', () => {
    const cyclesOf = (...text: string[]) => fileVariableCycles(parseHttpFile(lines(...text))).map((c) => `${c.reference.line}:${c.reference.column} ${c.cycle.join('>')}`);

    it('finds each reference that closes a cycle of file variables, with the chain, and none elsewhere', () => {
      assert.deepEqual(cyclesOf('@a = x{{b}}', '@b = {{c}}/{{ok}}', '@c = {{a}}', '@ok = fine {{base}}', '@base = b', '', 'GET http://h/{{a}}'), ['0:6 a>b>c>a', '1:5 b>c>a>b', '2:5 c>a>b>c']);
      assert.deepEqual(cyclesOf('@self = {{self}}', '', 'GET http://h/'), ['0:8 self>self']);
      assert.deepEqual(cyclesOf('@a = {{b}}', '@b = {{c}}', '@c = end', '', 'GET http://h/{{a}}'), []);
    });

    it('counts only a name\'s last definition, as resolution does', () => {
      assert.deepEqual(cyclesOf('@a = {{b}}', '@b = {{a}}', '@b = fixed', '', 'GET http://h/{{a}}'), []);
    });
  });

  describe('EnvironmentSet.origins', () => {
    it('gives each variable the layer and section whose value choose() keeps, and says which are secret', () => {
      const origins = SET.origins('dev');
      const show = [...origins].map(([k, o]) => `${k}=${o.value} ${o.section} ${o.layer.label}${o.isSecret ? ' secret' : ''}`);
      assert.deepEqual(show, ['user=ada $shared /w/http-client.env.json', 'host=dev-host dev /w/http-client.env.json', 'token=private-token-1 dev /w/http-client.private.env.json secret']);
      const chosen = SET.choose('dev').variables;
      for (const [k, o] of origins) assert.equal(chosen.get(k), o.value);
      assert.deepEqual([...SET.origins(undefined).keys()], ['user', 'host']);
      assert.equal(SET.origins(undefined).get('host')?.section, '$shared');
    });
  });
});
