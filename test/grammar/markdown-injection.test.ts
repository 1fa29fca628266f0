import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import { findRepoRoot, loadOnigLib } from './syntax-test-runner';

/**
 * The injection that colours ```http blocks of Markdown (syntaxes/http.markdown-injection.tmLanguage.json),
 * loaded as VS Code loads it: the Markdown grammar is the root, and the registry names our grammar
 * among its injections (package.json `injectTo`). Run against a minimal Markdown host always, and
 * against VS Code's own Markdown grammar where the code-server install of scripts/vscode/setup.js
 * holds it (.vscode-test/, not in the repository).
 */

const root = findRepoRoot(__dirname);
const httpPath = path.join(root, 'syntaxes', 'http.tmLanguage.json');
const injectionPath = path.join(root, 'syntaxes', 'http.markdown-injection.tmLanguage.json');
const stockMarkdownPath = path.join(root, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'markdown-basics', 'syntaxes', 'markdown.tmLanguage.json');
const MARKDOWN = 'text.html.markdown';

/**
 * A Markdown host reduced to what matters here: paragraphs, and a fenced code block of any other
 * language, as the stock grammar names them (the injection must win over this rule for http).
 */
const minimalMarkdown = {
  scopeName: MARKDOWN,
  patterns: [
    {
      begin: '(^|\\G)(\\s*)(`{3,}|~{3,})\\s*(?=([^`]*)?$)',
      end: '(^|\\G)(\\2|\\s{0,3})(\\3)\\s*$',
      name: 'markup.fenced_code.block.markdown',
      beginCaptures: { '3': { name: 'punctuation.definition.markdown' } },
      endCaptures: { '3': { name: 'punctuation.definition.markdown' } },
    },
    { match: '^\\S.*$', name: 'meta.paragraph.markdown' },
  ],
};

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

async function loadMarkdownWithInjection(markdownText: string): Promise<vsctm.IGrammar> {
  const injection = JSON.parse(fs.readFileSync(injectionPath, 'utf8')) as { scopeName: string };
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scopeName) => {
      if (scopeName === MARKDOWN) return vsctm.parseRawGrammar(markdownText, 'markdown.json');
      if (scopeName === 'source.http') return vsctm.parseRawGrammar(fs.readFileSync(httpPath, 'utf8'), httpPath);
      if (scopeName === injection.scopeName) return vsctm.parseRawGrammar(fs.readFileSync(injectionPath, 'utf8'), injectionPath);
      return null;
    },
    // What `injectTo: ["text.html.markdown"]` in package.json makes VS Code answer.
    getInjections: (scopeName) => (scopeName === MARKDOWN ? [injection.scopeName] : undefined),
  });
  const grammar = await registry.loadGrammar(MARKDOWN);
  assert.ok(grammar, 'the Markdown grammar loads');
  return grammar;
}

/** Each line's tokens, the rule stack carried from line to line as the editor does. */
function tokenize(grammar: vsctm.IGrammar, lines: readonly string[]): Token[][] {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token of `line` that starts with `text` (or holds it whole). */
function scopesOf(tokens: Token[][], line: number, text: string): readonly string[] {
  const token = tokens[line]?.find((t) => t.text.startsWith(text)) ?? tokens[line]?.find((t) => t.text.includes(text));
  assert.ok(token, `no token "${text}" on line ${line}: ${JSON.stringify(tokens[line]?.map((t) => t.text))}`);
  return token.scopes;
}

function hasHttpScope(scopes: readonly string[]): boolean {
  return scopes.some((s) => s.endsWith('.http'));
}

const document = [
  '# Calling the API', // 0
  '',
  '```http', // 2
  'GET https://{{host}}/users HTTP/1.1', // 3
  'Accept: application/json', // 4
  'Authorization: Bearer {{token}}', // 5
  '```', // 6
  'GET /after-the-fence HTTP/1.1', // 7: Markdown text, not a request
  '',
  '```HTTP Create a user', // 9: any case, with a title
  'POST https://example.test/users', // 10
  'Content-Type: application/json', // 11
  '', // 12
  '{"name": "ada"}', // 13
  '````', // 14: a longer fence also closes (CommonMark 4.5)
  'Accept: not/a-header', // 15
  '',
  '~~~rest', // 17
  'DELETE https://example.test/users/1', // 18
  '~~~', // 19
  '',
  '```json', // 21: another language's block: its lines are not http
  '```http', // 22: text of the json block, which a bare fence alone closes
  'GET /in-json HTTP/1.1',
  '```', // 24
  'text', // 25
];

function checkInjection(getGrammar: () => vsctm.IGrammar): void {
  let tokens: Token[][];
  before(() => {
    tokens = tokenize(getGrammar(), document);
  });

  it('gives the request line, a header and a {{variable}} of a ```http block the http scopes, embedded', () => {
    const method = scopesOf(tokens, 3, 'GET');
    assert.ok(method.includes('meta.embedded.block.http') && method.includes('keyword.other.method.http'), method.join(' '));
    assert.ok(scopesOf(tokens, 3, 'host').includes('meta.template.expression.http'));
    assert.ok(scopesOf(tokens, 4, 'Accept').includes('entity.name.tag.header.http'));
    const token = scopesOf(tokens, 5, 'token');
    assert.ok(token.includes('meta.template.expression.http') && token.includes('meta.embedded.block.http'), token.join(' '));
  });

  it('marks the fences as Markdown punctuation and the language word as the block language', () => {
    assert.ok(scopesOf(tokens, 2, '```').includes('punctuation.definition.markdown'));
    assert.ok(scopesOf(tokens, 2, 'http').includes('fenced_code.block.language.markdown'));
    const closing = scopesOf(tokens, 6, '```');
    assert.ok(closing.includes('punctuation.definition.markdown'), closing.join(' '));
    assert.ok(!closing.includes('meta.embedded.block.http'), closing.join(' '));
  });

  it('stops at the closing fence: the text after it gets no http scope', () => {
    for (const t of tokens[7]!) assert.ok(!hasHttpScope(t.scopes) && !t.scopes.includes('markup.fenced_code.block.markdown'), `${t.text}: ${t.scopes.join(' ')}`);
    for (const t of tokens[15]!) assert.ok(!hasHttpScope(t.scopes), `${t.text}: ${t.scopes.join(' ')}`);
  });

  it('reads "```HTTP title", a body, a longer closing fence and ~~~rest', () => {
    assert.ok(scopesOf(tokens, 9, 'HTTP').includes('fenced_code.block.language.markdown'));
    assert.ok(scopesOf(tokens, 10, 'POST').includes('keyword.other.method.http'));
    assert.ok(scopesOf(tokens, 11, 'Content-Type').includes('entity.name.tag.header.http'));
    assert.ok(scopesOf(tokens, 13, '{').includes('meta.embedded.block.http'));
    assert.ok(scopesOf(tokens, 14, '````').includes('punctuation.definition.markdown'));
    assert.ok(scopesOf(tokens, 18, 'DELETE').includes('keyword.other.method.http'));
    assert.ok(!scopesOf(tokens, 19, '~~~').includes('meta.embedded.block.http'));
  });

  it('leaves other languages\' blocks alone, even a ```http line inside one', () => {
    for (const line of [22, 23, 24, 25]) for (const t of tokens[line]!) assert.ok(!hasHttpScope(t.scopes), `line ${line}, ${t.text}: ${t.scopes.join(' ')}`);
  });
}

describe('HTTP code blocks in Markdown (syntaxes/http.markdown-injection.tmLanguage.json)', () => {
  it('is an injection into text.html.markdown that embeds source.http as meta.embedded.block.http', () => {
    const raw = JSON.parse(fs.readFileSync(injectionPath, 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.match(raw.injectionSelector, /^L:text\.html\.markdown\b/);
    const text = fs.readFileSync(injectionPath, 'utf8');
    assert.ok(text.includes('"include": "source.http"') && text.includes('"contentName": "meta.embedded.block.http"'));
  });

  describe('in a minimal Markdown host', () => {
    let grammar: vsctm.IGrammar;
    before(async () => {
      grammar = await loadMarkdownWithInjection(JSON.stringify(minimalMarkdown));
    });
    checkInjection(() => grammar);
  });

  describe("in VS Code's own Markdown grammar (markdown-basics of the code-server install)", () => {
    let grammar: vsctm.IGrammar;
    before(async function () {
      // Installed by `npm run test:vscode` (scripts/vscode/setup.js); a fresh clone has none yet.
      if (!fs.existsSync(stockMarkdownPath)) this.skip();
      grammar = await loadMarkdownWithInjection(fs.readFileSync(stockMarkdownPath, 'utf8'));
    });
    checkInjection(() => grammar);
  });
});
