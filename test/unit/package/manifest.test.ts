import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { language: string; scopeName: string; path: string; tokenTypes?: Record<string, string> }[] };
  activationEvents?: string[];
  engines: { vscode: string };
  bin: Record<string, string>;
};

describe('package.json and the .vsix', () => {
  it('names the extension http-wire, "HTTP Wire", MIT', () => {
    assert.equal(manifest.name, 'http-wire');
    assert.equal(manifest.displayName, 'HTTP Wire');
    assert.equal(manifest.license, 'MIT');
    assert.equal(manifest.bin['http-wire'], './dist/cli.js');
  });

  it('declares the http language for .http and .rest with its grammar and configuration', () => {
    const lang = manifest.contributes.languages.find((l) => l.id === 'http');
    assert.ok(lang);
    assert.deepEqual(lang.extensions, ['.http', '.rest']);
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'http');
    assert.equal(grammar?.scopeName, 'source.http');
    assert.ok(fs.existsSync(path.join(root, grammar.path)));
    const config = JSON.parse(fs.readFileSync(path.join(root, lang.configuration), 'utf8')) as { comments: { lineComment: string }; autoClosingPairs: { open: string }[] };
    assert.equal(config.comments.lineComment, '#');
    assert.ok(config.autoClosingPairs.some((p) => p.open === '{{'));
  });

  it('types a ### title as a comment and a {{variable}} as code, whatever surrounds it, for the editor\'s suggestions', () => {
    // As code (VS Code's default), typing a title popped word suggestions that Enter took (`### typed
    // at encodingGET ...`); as a string (inside a JSON string, or the embedded grammars' quotes),
    // `{{login.` offered no paths until Ctrl+Space.
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'http')!;
    assert.deepEqual(grammar.tokenTypes, { 'meta.separator.http': 'comment', 'meta.template.expression.http': 'other' });
    const text = fs.readFileSync(path.join(root, grammar.path), 'utf8');
    for (const scope of Object.keys(grammar.tokenTypes!)) assert.ok(text.includes(`"name": "${scope}"`), `the grammar names ${scope}`);
  });

  it('never activates on "*" and targets a VS Code the offline code-server provides', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
    // code-server 4.139.1 ships VS Code 1.139.1 (../shared/real-vscode-offline.md).
    const minor = Number(/\^1\.(\d+)/.exec(manifest.engines.vscode)?.[1]);
    assert.ok(minor <= 139, manifest.engines.vscode);
  });

  it('packages only the allow-list (vsce ls)', function () {
    this.timeout(60_000);
    const listed = execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const allowed = /^(dist\/.+|syntaxes\/.+|package\.json|README\.md|CHANGELOG\.md|LICENSE|language-configuration\.json|images\/icon\.png)$/;
    assert.deepEqual(listed.filter((f) => !allowed.test(f)), []);
    for (const required of ['package.json', 'syntaxes/http.tmLanguage.json', 'language-configuration.json', 'LICENSE', 'dist/cli.js']) {
      assert.ok(listed.includes(required), `${required} missing from ${listed.join(', ')}`);
    }
  });
});
