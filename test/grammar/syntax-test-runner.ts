/**
 * A small runner for grammar fixtures written in the vscode-tmgrammar-test format, on
 * vscode-textmate + vscode-oniguruma in plain Node.
 *
 * A fixture starts with `<comment token> SYNTAX TEST "<scope name>"`. A line that starts with the
 * comment token followed by `^` or `<-` is an assertion about the last source line above it:
 *
 *     GET /users HTTP/1.1
 *     # <--- keyword.other.method.http          columns 0-2 (one per `-`)
 *     #   ^^^^^^ string.unquoted.uri.http        the columns under the carets
 *     # <~~~~- string.unquoted.uri.http          `~` skips columns: here column 4
 *     #   ^ - keyword.other.method.http          after a lone `-`: scopes that must be absent
 *
 * Required scopes must all appear in the token's scope list, in the order written. Assertion lines
 * are not tokenized (they would change the grammar state); every other line is, with the rule stack
 * carried from one source line to the next.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export interface SourceLine {
  /** 1-based line number in the fixture file. */
  line: number;
  text: string;
}

export interface ScopeAssertion {
  /** 1-based line number of the assertion itself. */
  line: number;
  /** The source line the assertion is about. */
  source: SourceLine;
  /** Columns [from, to) on the source line, 0-based. */
  from: number;
  to: number;
  scopes: string[];
  excluded: string[];
}

export interface Fixture {
  name: string;
  scopeName: string;
  sourceLines: SourceLine[];
  assertions: ScopeAssertion[];
}

const HEADER = /^(\S+)\s+SYNTAX TEST\s+"([^"]+)"/;

/** Parses fixture text; throws with `name:line` on a malformed header or assertion. */
export function parseFixture(name: string, text: string): Fixture {
  const lines = text.split(/\r?\n/);
  const header = HEADER.exec(lines[0] ?? '');
  if (!header) {
    throw new Error(`${name}:1: the first line must be <comment token> SYNTAX TEST "<scope name>"`);
  }
  const [, commentToken = '#', scopeName = ''] = header;
  const sourceLines: SourceLine[] = [];
  const assertions: ScopeAssertion[] = [];

  lines.forEach((text, index) => {
    const line = index + 1;
    const rest = text.startsWith(commentToken) ? text.slice(commentToken.length) : undefined;
    if (rest === undefined || !/^\s*(\^|<[~-])/.test(rest)) {
      sourceLines.push({ line, text });
      return;
    }
    const source = sourceLines[sourceLines.length - 1];
    if (!source) throw new Error(`${name}:${line}: assertion before any source line`);
    for (const range of parseColumns(rest, commentToken.length)) {
      assertions.push({ line, source, ...range, ...parseScopes(name, line, range.spec) });
    }
  });
  return { name, scopeName, sourceLines, assertions };
}

/** The column ranges of one assertion line, and the scope text after them. */
function parseColumns(rest: string, offset: number): { from: number; to: number; spec: string }[] {
  const arrow = /^\s*<(~*)(-+)(.*)$/.exec(rest);
  if (arrow) {
    const [, tildes = '', dashes = '', spec = ''] = arrow;
    return [{ from: tildes.length, to: tildes.length + dashes.length, spec }];
  }
  // One or more groups of carets: `#  ^^^ ^^ scope` asserts on both groups.
  const carets = /^(\s*\^[\s^]*)(.*)$/.exec(rest);
  const [, marks = '', spec = ''] = carets ?? [];
  const ranges: { from: number; to: number; spec: string }[] = [];
  for (const group of marks.matchAll(/\^+/g)) {
    const from = offset + (group.index ?? 0);
    ranges.push({ from, to: from + group[0].length, spec });
  }
  return ranges;
}

function parseScopes(name: string, line: number, spec: string): { scopes: string[]; excluded: string[] } {
  const words = spec.trim().split(/\s+/).filter((word) => word !== '');
  const dash = words.indexOf('-');
  const scopes = dash === -1 ? words : words.slice(0, dash);
  const excluded = dash === -1 ? [] : words.slice(dash + 1);
  if (scopes.length === 0 && excluded.length === 0) {
    throw new Error(`${name}:${line}: assertion names no scope`);
  }
  return { scopes, excluded };
}

/**
 * Tokenizes the fixture's source lines and checks every assertion.
 * Returns one message per failing token (empty when all assertions hold).
 */
export function checkFixture(grammar: vsctm.IGrammar, fixture: Fixture): string[] {
  const tokensByLine = new Map<SourceLine, vsctm.IToken[]>();
  let ruleStack = vsctm.INITIAL;
  for (const source of fixture.sourceLines) {
    const result = grammar.tokenizeLine(source.text, ruleStack);
    tokensByLine.set(source, result.tokens);
    ruleStack = result.ruleStack;
  }

  const failures: string[] = [];
  for (const assertion of fixture.assertions) {
    const { source } = assertion;
    const where = `${fixture.name}:${assertion.line}: line ${source.line}`;
    const tokens = tokensByLine.get(source) ?? [];
    const reported = new Set<vsctm.IToken>();
    for (let column = assertion.from; column < assertion.to; column++) {
      if (column >= source.text.length) {
        failures.push(`${where}, column ${column + 1} is past the end of the line (${source.text.length} characters)`);
        break;
      }
      const token = tokens.find((t) => t.startIndex <= column && column < t.endIndex);
      if (!token || reported.has(token)) continue;
      const missing = missingScopes(token.scopes, assertion.scopes);
      const present = assertion.excluded.filter((scope) => token.scopes.includes(scope));
      if (missing.length === 0 && present.length === 0) continue;
      reported.add(token);
      const text = JSON.stringify(source.text.slice(token.startIndex, token.endIndex));
      const problems = [
        ...(missing.length > 0 ? [`expected ${assertion.scopes.join(' ')} (missing ${missing.join(' ')})`] : []),
        ...(present.length > 0 ? [`expected no ${present.join(' ')}`] : []),
      ];
      failures.push(
        `${where}, column ${column + 1} ${text}: ${problems.join('; ')}\n    found: ${token.scopes.join(' ')}`,
      );
    }
  }
  return failures;
}

/** The expected scopes that do not appear, in order, in the actual scope list. */
function missingScopes(actual: string[], expected: string[]): string[] {
  let found = 0;
  for (const scope of actual) {
    if (found < expected.length && scope === expected[found]) found++;
  }
  return expected.slice(found);
}

let onigLib: Promise<vsctm.IOnigLib> | undefined;

/** Loads the Oniguruma WebAssembly once per process (loadWASM may only run once). */
export function loadOnigLib(): Promise<vsctm.IOnigLib> {
  onigLib ??= (async () => {
    await oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
    return {
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

/**
 * Loads the grammar at `grammarPath`. Grammars it includes by scope name (source.json, text.xml,
 * ...) resolve only when given in `embedded`; otherwise vscode-textmate drops those includes, as
 * VS Code does when no extension provides the language.
 */
export async function loadGrammar(grammarPath: string, embedded: Record<string, object> = {}): Promise<vsctm.IGrammar> {
  const text = fs.readFileSync(grammarPath, 'utf8');
  const { scopeName } = JSON.parse(text) as { scopeName: string };
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (name) => {
      if (name === scopeName) return vsctm.parseRawGrammar(text, grammarPath);
      const raw = embedded[name];
      return raw ? vsctm.parseRawGrammar(JSON.stringify(raw), `${name}.json`) : null;
    },
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) throw new Error(`${grammarPath}: no grammar for ${scopeName}`);
  return grammar;
}

/**
 * The folder that holds syntaxes/: the tests run compiled from out/test/grammar, so the grammars
 * and fixtures are found by walking up rather than relative to __dirname.
 */
export function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'syntaxes', 'http.tmLanguage.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no syntaxes/http.tmLanguage.json above ${start}`);
  }
}
