import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { checkFixture, findRepoRoot, loadGrammar, loadOnigLib, parseFixture } from './syntax-test-runner';

const repoRoot = findRepoRoot(__dirname);
const grammarPath = path.join(repoRoot, 'syntaxes', 'http.tmLanguage.json');
const fixtureDir = path.join(repoRoot, 'test', 'grammar');
const fixtureFiles = fs.readdirSync(fixtureDir).filter((file) => file.endsWith('.http')).sort();

type Rule = Record<string, unknown>;

/** Every object in the grammar that can hold a rule: patterns, captures, repository entries. */
function collectRules(value: unknown, out: Rule[] = []): Rule[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRules(item, out);
  } else if (value !== null && typeof value === 'object') {
    out.push(value as Rule);
    for (const child of Object.values(value)) collectRules(child, out);
  }
  return out;
}

describe('HTTP grammar (syntaxes/http.tmLanguage.json)', () => {
  describe('grammar file', () => {
    const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as {
      name: string;
      scopeName: string;
      patterns: unknown[];
      injections: Record<string, unknown>;
      repository: Record<string, Rule>;
    };

    it('is JSON naming the HTTP language and the source.http scope', () => {
      assert.equal(raw.name, 'HTTP');
      assert.equal(raw.scopeName, 'source.http');
      assert.ok(raw.patterns.length > 0);
    });

    it('includes only repository entries that exist, and uses every entry', () => {
      const includes = collectRules(raw)
        .map((rule) => rule['include'])
        .filter((include): include is string => typeof include === 'string' && include.startsWith('#'))
        .map((include) => include.slice(1));
      const missing = includes.filter((name) => !(name in raw.repository));
      assert.deepEqual([...new Set(missing)], [], 'includes without a repository entry');
      const unused = Object.keys(raw.repository).filter((name) => !includes.includes(name));
      assert.deepEqual(unused, [], 'repository entries nothing includes');
    });

    it('has regular expressions that Oniguruma compiles', async () => {
      await loadOnigLib();
      const errors: string[] = [];
      for (const rule of collectRules(raw)) {
        for (const key of ['match', 'begin', 'end', 'while']) {
          const source = rule[key];
          if (typeof source !== 'string') continue;
          try {
            new oniguruma.OnigScanner([source]).dispose();
          } catch (err) {
            errors.push(`${key} ${JSON.stringify(source)}: ${(err as Error).message}`);
          }
        }
      }
      assert.deepEqual(errors, []);
    });

    it('ends requests, GRAPHQL requests and pasted responses on the same lines (responses at file variables too)', () => {
      const { request, response } = raw.repository;
      const ends = request?.['while'];
      assert.equal(typeof ends, 'string');
      assert.equal(raw.repository['graphql-request']?.['while'], ends);
      assert.equal(response?.['while'], (ends as string).replace('^(?!', '^(?!\\s*@[^\\s=]*\\s*=|'));
    });
  });

  describe('syntax test fixtures (test/grammar/*.http)', () => {
    let grammar: vsctm.IGrammar;
    before(async () => {
      grammar = await loadGrammar(grammarPath);
    });

    it('finds fixtures with assertions', () => {
      assert.ok(fixtureFiles.length >= 10, `only ${fixtureFiles.length} fixtures in ${fixtureDir}`);
      for (const file of fixtureFiles) {
        const fixture = parseFixture(file, fs.readFileSync(path.join(fixtureDir, file), 'utf8'));
        assert.equal(fixture.scopeName, 'source.http', file);
        assert.ok(fixture.assertions.length > 0, `${file} has no assertions`);
      }
    });

    for (const file of fixtureFiles) {
      it(file, () => {
        const fixture = parseFixture(file, fs.readFileSync(path.join(fixtureDir, file), 'utf8'));
        const failures = checkFixture(grammar, fixture);
        if (failures.length > 0) assert.fail(`${failures.length} failing assertion(s):\n${failures.join('\n')}`);
      });
    }
  });

  describe('hostile lines tokenize in linear time', function () {
    this.timeout(120_000);
    let grammar: vsctm.IGrammar;
    before(async () => {
      grammar = await loadGrammar(grammarPath);
    });

    /** Milliseconds to tokenize `lines` as one file. */
    const timeOf = (lines: readonly string[]): number => {
      const started = performance.now();
      let state = vsctm.INITIAL;
      for (const line of lines) state = grammar.tokenizeLine(line, state).ruleStack;
      return performance.now() - started;
    };

    const spaces = ' '.repeat(3000);
    const rows: Array<{ name: string; lines: string[] }> = [
      { name: '{{ then 3,000 spaces and no }} in a URL', lines: [`GET http://a.test/?q={{${spaces}x`] },
      { name: '{{ then 3,000 spaces and no }} in a header value', lines: ['GET http://a.test/', `X-A: {{${spaces}x`] },
      { name: '{{ then 3,000 spaces and no }} in a JSON body', lines: ['POST http://a.test/', 'Content-Type: application/json', '', `{"a": "{{${spaces}x"}`] },
      { name: '{{ then 3,000 spaces and no }} in a text body', lines: ['POST http://a.test/', 'Content-Type: text/plain', '', `{{${spaces}x`] },
    ];
    for (const row of rows) {
      it(row.name, () => {
        // Cubic before (~13 s for this line on the project's machines), a few ms now.
        const ms = timeOf(row.lines);
        assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
      });
    }

    it('a variable with spaces inside its braces is still one, its name without them', () => {
      const tokens = grammar.tokenizeLine('GET http://a.test/{{  base  }}/x', vsctm.INITIAL).tokens;
      const line = 'GET http://a.test/{{  base  }}/x';
      const name = tokens.find((t) => line.slice(t.startIndex, t.endIndex) === 'base');
      assert.ok(name?.scopes.includes('meta.template.expression.http'), JSON.stringify(tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes])));
    });
  });

  describe('fixture runner', () => {
    let grammar: vsctm.IGrammar;
    before(async () => {
      grammar = await loadGrammar(grammarPath);
    });

    const check = (text: string) => checkFixture(grammar, parseFixture('inline.http', text));

    it('reports file:line, the expected scope and the scopes found when a scope is wrong', () => {
      const failures = check(['# SYNTAX TEST "source.http"', 'GET /users', '# <--- comment.line.number-sign.http'].join('\n'));
      assert.equal(failures.length, 1);
      assert.match(failures[0] ?? '', /^inline\.http:3: line 2, column 1 "GET": expected comment\.line\.number-sign\.http/);
      assert.match(failures[0] ?? '', /found: source\.http meta\.request\.http keyword\.other\.method\.http$/);
    });

    it('reports a scope that an assertion excludes', () => {
      const failures = check(['# SYNTAX TEST "source.http"', 'GET /users', '#   ^ - string.unquoted.uri.http'].join('\n'));
      assert.equal(failures.length, 1);
      assert.match(failures[0] ?? '', /column 5 "\/users": expected no string\.unquoted\.uri\.http/);
    });

    it('reads <~- as columns from the start of the line and checks several caret groups', () => {
      const text = [
        '# SYNTAX TEST "source.http"',
        'GET /a HTTP/1.1',
        '# <~~~~-- string.unquoted.uri.http',
        '#      ^^^^ ^^^ keyword.other.http-version.http',
      ].join('\n');
      const fixture = parseFixture('inline.http', text);
      assert.deepEqual(
        fixture.assertions.map(({ from, to }) => [from, to]),
        [[4, 6], [7, 11], [12, 15]],
      );
      assert.deepEqual(checkFixture(grammar, fixture), []);
    });

    it('does not tokenize assertion lines', () => {
      // A comment line right after the request line would end the query continuation lines, so
      // the ? below would be part of a header value if the assertion line were tokenized.
      const text = [
        '# SYNTAX TEST "source.http"',
        'GET /a',
        '# <--- keyword.other.method.http',
        '    ?q=1',
        '#   ^ punctuation.separator.query.http',
      ];
      assert.deepEqual(check(text.join('\n')), []);
    });
  });

  describe('with the embedded grammars installed', () => {
    // Minimal stand-ins for the JSON, XML, GraphQL and JavaScript grammars VS Code provides: just
    // enough nesting (strings, brackets) to show that {{variables}} and comment lines reach inside
    // them, and that a bracket they leave open does not swallow the next request.
    const embedded: Record<string, object> = {
      'source.json': {
        scopeName: 'source.json',
        patterns: [{ include: '#value' }],
        repository: {
          value: {
            patterns: [
              { begin: '\\{', end: '\\}', name: 'meta.structure.dictionary.json', patterns: [{ include: '#value' }] },
              { begin: '"', end: '"', name: 'string.quoted.double.json' },
            ],
          },
        },
      },
      'text.xml': {
        scopeName: 'text.xml',
        patterns: [
          {
            begin: '<[\\w:]+',
            end: '/?>',
            name: 'meta.tag.xml',
            patterns: [{ begin: '"', end: '"', name: 'string.quoted.double.xml' }],
          },
        ],
      },
      'source.graphql': {
        scopeName: 'source.graphql',
        patterns: [{ begin: '\\{', end: '\\}', name: 'meta.selectionset.graphql', patterns: [{ include: '$self' }] }],
      },
      'source.js': {
        scopeName: 'source.js',
        patterns: [{ begin: '\\{', end: '\\}', name: 'meta.block.js', patterns: [{ include: '$self' }] }],
      },
    };
    let grammar: vsctm.IGrammar;
    before(async () => {
      grammar = await loadGrammar(grammarPath, embedded);
    });

    const check = (lines: string[]) =>
      checkFixture(grammar, parseFixture('embedded.http', ['# SYNTAX TEST "source.http"', ...lines].join('\n')));

    it('highlights variables in JSON strings and comment lines inside JSON objects', () => {
      const failures = check([
        'POST /users',
        'Content-Type: application/json',
        '',
        '{',
        '  "id": "{{userId}}",',
        '#          ^^^^^^ meta.embedded.block.json string.quoted.double.json variable.other.http',
        '  # not sent',
        '# ^^^^^^^^^^ meta.structure.dictionary.json comment.line.number-sign.http',
        '  "open": {',
        '###',
        '# <--- meta.separator.http - meta.embedded.block.json',
        'GET /next',
        '# <--- meta.request.http keyword.other.method.http - meta.structure.dictionary.json',
      ]);
      assert.deepEqual(failures, []);
    });

    it('highlights variables in XML attributes and GraphQL selections', () => {
      const failures = check([
        'POST /soap',
        'Content-Type: text/xml',
        '',
        '<user id="{{id}}"',
        '#           ^^ meta.embedded.block.xml string.quoted.double.xml variable.other.http',
        '###',
        'GRAPHQL /graphql',
        '',
        'query {',
        '  user(id: {{id}}) {',
        '#            ^^ meta.embedded.block.graphql meta.selectionset.graphql variable.other.http',
        'GET /after',
        '# <--- keyword.other.method.http - meta.embedded.block.graphql',
      ]);
      assert.deepEqual(failures, []);
    });

    it('ends a response handler script at %} and a script block at }}', () => {
      const failures = check([
        'GET /a',
        '',
        '> {%',
        '  client.test("status", function () { client.assert(true); });',
        '#                                     ^^^^^^ meta.response-handler.http meta.embedded.block.javascript meta.block.js',
        '%}',
        '# <- meta.response-handler.http punctuation.section.embedded.end.http',
        '',
        '{{',
        '  if (x) { y(); }',
        '}}',
        '# <-- meta.script-block.http punctuation.section.embedded.end.http',
        'GET /b',
        '# <--- meta.request.http keyword.other.method.http',
      ]);
      assert.deepEqual(failures, []);
    });
  });
});
