/**
 * Resolution (issue 12, item 2): precedence (prompt > request reference > file > environment),
 * file variables that use others, one value per variable per send, cycles, `%` encoding, prompts
 * answered and not, request references refused with the request named, `.env` files.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { dotenvInFolder, parseDotenv } from '../../../src/core/variables/dotenv';
import type { Prompt, VariableInputs } from '../../../src/core/variables/inputs';
import { VariableResolver } from '../../../src/core/variables/variable-resolver';
import { lines } from '../http-file/helpers';
import { FIXED_UUID, fixedInputs, fixedRandom } from './support';

const SITE = { where: 'URL', line: 9 };

/** `text` expanded for request `index` of `fileText`. */
function expand(fileText: string, text: string, inputs: Partial<VariableInputs> = {}, index = 0): Promise<string> {
  const file = parseHttpFile(fileText);
  return new VariableResolver(file, fixedInputs(inputs)).forRequest(file, file.requests[index]!).expand(text, SITE);
}

const answering = (answers: Record<string, string | undefined>, asked: Prompt[] = []): VariableInputs['prompts'] => ({
  answer: (prompt) => {
    asked.push(prompt);
    return Promise.resolve(answers[prompt.name]);
  },
});

const env = (values: Record<string, string>): ReadonlyMap<string, string> => new Map(Object.entries(values));

describe('variables: VariableResolver (issue 12, item 2)', () => {
  const rows: { name: string; file: string; text: string; inputs?: Partial<VariableInputs>; want: string }[] = [
    { name: 'a file variable', file: lines('@a = 1', 'GET http://x/'), text: '{{a}}', want: '1' },
    { name: 'spaces inside the braces', file: lines('@a = 1', 'GET http://x/'), text: '{{ a }}', want: '1' },
    { name: 'file variables that use others, defined below them too', file: lines('@url = {{base}}/v1', '@base = https://{{host}}', '@host = api.test', 'GET http://x/'), text: '{{url}}/users', want: 'https://api.test/v1/users' },
    { name: 'a later definition of a name wins', file: lines('@a = first', '@a = second', 'GET http://x/'), text: '{{a}}', want: 'second' },
    { name: 'an environment variable', file: 'GET http://x/', text: '{{token}}', inputs: { environment: env({ token: 't-1' }) }, want: 't-1' },
    { name: 'a file variable over an environment variable of the same name', file: lines('@token = file', 'GET http://x/'), text: '{{token}}', inputs: { environment: env({ token: 'env' }) }, want: 'file' },
    { name: 'a file variable using an environment variable', file: lines('@auth = Bearer {{token}}', 'GET http://x/'), text: '{{auth}}', inputs: { environment: env({ token: 't-1' }) }, want: 'Bearer t-1' },
    { name: 'an environment value using a system and a file variable', file: lines('@v = 2', 'GET http://x/'), text: '{{url}}', inputs: { environment: env({ url: 'http://x/v{{v}}/{{$guid}}' }) }, want: `http://x/v2/${FIXED_UUID}` },
    { name: 'a prompt over a file and an environment variable', file: lines('@user = file', '# @prompt user', 'GET http://x/'), text: '{{user}}', inputs: { environment: env({ user: 'env' }), prompts: answering({ user: 'asked' }) }, want: 'asked' },
    { name: '{{%name}} percent-encodes the value (encodeURIComponent, as REST Client)', file: lines('@q = a b&c=d/é', 'GET http://x/'), text: '?q={{%q}}', want: '?q=a%20b%26c%3Dd%2F%C3%A9' },
    { name: '{{% name}} with a space after %', file: lines('@q = a b', 'GET http://x/'), text: '{{% q}}', want: 'a%20b' },
    { name: 'system variables in a text', file: 'GET http://x/', text: 'id={{$randomInt 0 10}}&t={{$timestamp}}', want: 'id=5&t=1709214330' },
    { name: '{{{x}}} is `{` then {{x}}, and an unclosed {{ stays text', file: lines('@x = 1', 'GET http://x/'), text: '{{{x}}} {{y', want: '{1} {{y' },
    { name: 'text without {{ is returned as it is', file: 'GET http://x/', text: 'plain } { text', want: 'plain } { text' },
    { name: 'a bare name that the environment defines is its value, though a request has that name', file: lines('GET http://x/', '', '###', '# @name account', 'DELETE http://x/accounts/1'), text: '{{account}}', inputs: { environment: env({ account: 'acme' }) }, want: 'acme' },
  ];
  for (const row of rows) {
    it(`issue 12, item 2: ${row.name}`, async () => {
      assert.equal(await expand(row.file, row.text, row.inputs), row.want);
    });
  }

  it('issue 12, item 2: a file variable has one value per send: @id = {{$guid}} is the same id everywhere, each written {{$guid}} a new one', async () => {
    const file = parseHttpFile(lines('@id = {{$guid}}', 'GET http://x/'));
    const resolver = new VariableResolver(file, fixedInputs({ random: fixedRandom(0.5, true) }));
    const send = resolver.forRequest(file, file.requests[0]!);
    assert.equal(await send.expand('{{id}} {{id}} {{$guid}} {{$guid}}', SITE), '00000000-0000-4000-8000-000000000001 00000000-0000-4000-8000-000000000001 00000000-0000-4000-8000-000000000002 00000000-0000-4000-8000-000000000003');
    assert.equal(await send.expand('{{id}}', SITE), '00000000-0000-4000-8000-000000000001');
    // The next send of the request has its own id.
    assert.equal(await resolver.forRequest(file, file.requests[0]!).expand('{{id}}', SITE), '00000000-0000-4000-8000-000000000004');
  });

  const refused: { name: string; file: string; text: string; inputs?: Partial<VariableInputs>; code: string; want: RegExp; detail?: Record<string, unknown> }[] = [
    {
      name: 'an unknown name, with no environment chosen',
      file: 'GET http://x/',
      text: 'a{{nope}}',
      code: ErrorCodes.unresolvedVariable,
      want: /^\{\{nope\}\} in the URL \(line 10\) has no value: "nope" is not a prompt of the request, a file variable \(@nope = value\) or a variable of an environment \(none is chosen\); nothing was sent\.$/,
      detail: { line: 9, variable: 'nope' },
    },
    { name: 'an unknown name, naming the chosen environment', file: 'GET http://x/', text: '{{nope}}', inputs: { environmentName: 'dev' }, code: ErrorCodes.unresolvedVariable, want: /a variable of environment "dev"/ },
    { name: 'an unknown name inside a file variable: where it stands, and where that variable is used', file: lines('@a = x{{b}}', 'GET http://x/'), text: '{{a}}', code: ErrorCodes.unresolvedVariable, want: /^\{\{b\}\} in the value of @a \(line 1\), used in the URL \(line 10\), has no value/ },
    { name: 'a file variable that uses itself', file: lines('@a = {{a}}', 'GET http://x/'), text: '{{a}}', code: ErrorCodes.variableCycle, want: /the variables @a → @a use each other in a cycle/, detail: { cycle: ['@a', '@a'] } },
    { name: 'three file variables in a cycle, named in order', file: lines('@a = {{b}}', '@b = x{{c}}', '@c = {{a}}', 'GET http://x/'), text: '{{a}}', code: ErrorCodes.variableCycle, want: /@a → @b → @c → @a/, detail: { cycle: ['@a', '@b', '@c', '@a'] } },
    { name: 'a cycle through the environment', file: lines('@a = {{b}}', 'GET http://x/'), text: '{{a}}', inputs: { environment: env({ b: '{{a}}' }) }, code: ErrorCodes.variableCycle, want: /@a → b → @a/ },
    { name: 'a malformed system variable', file: 'GET http://x/', text: '{{$randomInt 5}}', code: ErrorCodes.unresolvedVariable, want: /^\{\{\$randomInt 5\}\} in the URL \(line 10\) is not a valid \$randomInt/ },
    { name: 'a prompt with nothing to answer it', file: lines('# @prompt password Your password', 'GET http://x/'), text: '{{password}}', code: ErrorCodes.unresolvedVariable, want: /is a prompt \(# @prompt password on line 1\), and nothing can answer prompts here/ },
    { name: 'a prompt left unanswered', file: lines('# @prompt password', 'GET http://x/'), text: '{{password}}', inputs: { prompts: answering({}) }, code: ErrorCodes.unresolvedVariable, want: /the prompt \(# @prompt password on line 1\) was not answered/ },
    {
      name: "a REST Client request reference where no exchanges are at hand (the hover)",
      file: lines('# @name login', 'POST http://x/login', '', '###', 'GET http://x/'),
      text: '{{login.response.body.$.token}}',
      code: ErrorCodes.unresolvedVariable,
      want: /needs the exchange of request "login", which is not available/,
      detail: { request: 'login' },
    },
    { name: "httpYac's {{name.field}} of a named request", file: lines('# @name login', 'POST http://x/login', '', '###', 'GET http://x/'), text: '{{login.token}}', code: ErrorCodes.unresolvedVariable, want: /request "login"/, detail: { request: 'login' } },
    { name: 'a value that would grow past 1 MiB', file: lines('@a = {{b}}{{b}}{{b}}{{b}}', '@b = {{c}}{{c}}{{c}}{{c}}', '@c = {{d}}{{d}}{{d}}{{d}}', '@d = {{e}}{{e}}{{e}}{{e}}', '@e = {{f}}{{f}}{{f}}{{f}}', `@f = ${'x'.repeat(1200)}`, 'GET http://x/'), text: '{{a}}', code: ErrorCodes.unresolvedVariable, want: /makes a value over 1048576 characters/ },
  ];
  for (const row of refused) {
    it(`issue 12, item 2: ${row.name} → ${row.code}`, async () => {
      await assert.rejects(expand(row.file, row.text, row.inputs, row.file.includes('###') ? 1 : 0), (err: unknown) => {
        assert.ok(err instanceof HttpWireError, String(err));
        assert.equal(err.code, row.code);
        assert.match(err.message, row.want);
        for (const [k, v] of Object.entries(row.detail ?? {})) assert.deepEqual(err.detail[k], v, k);
        return true;
      });
    });
  }

  it('a reference on a later line of a multi-line text (a body) is reported at its own line', async () => {
    const file = parseHttpFile(lines('@a = 1', 'GET http://x/'));
    const send = new VariableResolver(file, fixedInputs({})).forRequest(file, file.requests[0]!);
    await assert.rejects(send.expand('{{a}}\nline\n  {{nope}}', { where: 'body', line: 3 }), /\(line 6\)/);
  });

  it('a text over 1 MiB with a small variable past its first MiB expands: the limit is on what values add', async () => {
    const big = 'x'.repeat(1_100_000);
    assert.equal(await expand(lines('@user = ada', 'GET http://x/'), `${big}{{user}}`), `${big}ada`);
    const file = parseHttpFile(lines('@user = ada', 'GET http://x/'));
    assert.equal(new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value]))).expand(`${big}{{user}}`), `${big}ada`);
  });

  it('issue 12, item 2: a prompt is asked once per send, with its description and the request, and only when used', async () => {
    const file = parseHttpFile(lines('# @name login', '# @prompt user', '# @prompt password Your password', 'POST http://x/login'));
    const asked: Prompt[] = [];
    const resolver = new VariableResolver(file, fixedInputs({ prompts: answering({ password: 'pw' }, asked) }));
    const send = resolver.forRequest(file, file.requests[0]!);
    assert.equal(await send.expand('{{password}}:{{password}}', SITE), 'pw:pw');
    assert.equal(await send.expand('{{ password }}', SITE), 'pw');
    assert.deepEqual(asked, [{ name: 'password', description: 'Your password', requestLabel: 'login' }]);
  });

  it('issue 12, item 2: a prompt belongs to its request: another request reads the name as a file or environment variable', async () => {
    const text = lines('# @prompt user', 'GET http://x/a', '', '###', 'GET http://x/b');
    assert.equal(await expand(text, '{{user}}', { environment: env({ user: 'env' }), prompts: answering({ user: 'asked' }) }, 1), 'env');
  });

  it('issue 12, item 2: defines() tells whether a name has a definition, without asking or expanding', () => {
    const file = parseHttpFile(lines('@a = {{nope}}', '# @prompt p', 'GET http://x/'));
    const resolver = new VariableResolver(file, fixedInputs({ environment: env({ e: '1' }) }));
    const request = file.requests[0]!;
    assert.deepEqual(['a', 'p', 'e', 'nope'].map((n) => resolver.defines(n, request)), [true, true, true, false]);
  });
});

describe('variables: .env files (issue 12, item 2)', () => {
  it('issue 12, item 2: parseDotenv reads NAME=value lines as the dotenv package does', () => {
    const text = ['# comment', 'A=1', 'export B = two words ', 'C="line\\nbreak"', "D='kept \\n'", 'E=value # comment', 'F=', 'not a line', 'A=again'].join('\r\n');
    assert.deepEqual(Object.fromEntries(parseDotenv(text)), { A: 'again', B: 'two words', C: 'line\nbreak', D: 'kept \\n', E: 'value', F: '' });
  });

  it('issue 12, item 2: the .env beside the .http file is read once; a missing one is named', async () => {
    const reads: string[] = [];
    const source = dotenvInFolder('/work/api', (p) => {
      reads.push(p);
      return Promise.resolve('KEY=v');
    });
    assert.equal(await source.value('KEY'), 'v');
    assert.equal(await source.value('OTHER'), undefined);
    assert.deepEqual(reads, [path.join('/work/api', '.env')]);
    const missing = dotenvInFolder('/nowhere', () => Promise.resolve(undefined));
    await assert.rejects(missing.value('KEY'), /there is no \.env file at .*\.env/);
  });

  it('with an environment chosen, .env.<environment> is read instead of .env when it exists, as REST Client does', async () => {
    const files: Record<string, string> = { [path.join('/w', '.env')]: 'KEY=plain', [path.join('/w', '.env.dev')]: 'KEY=dev' };
    const read = (p: string): Promise<string | undefined> => Promise.resolve(files[p]);
    assert.equal(await dotenvInFolder('/w', read, 'dev').value('KEY'), 'dev');
    assert.equal(await dotenvInFolder('/w', read, 'prod').value('KEY'), 'plain', 'no .env.prod: .env');
    assert.equal(await dotenvInFolder('/w', read).value('KEY'), 'plain');
    await assert.rejects(dotenvInFolder('/nowhere', read, 'dev').value('KEY'), /no \.env file at .*\.env \(nor \.env\.dev\)/);
  });
});
