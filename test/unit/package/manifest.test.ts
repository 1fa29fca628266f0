import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language?: string; scopeName: string; path: string; tokenTypes?: Record<string, string>; injectTo?: string[]; embeddedLanguages?: Record<string, string> }[];
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings: { command: string; when?: string }[];
  };
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

  it('colours ```http blocks of Markdown: an injection into text.html.markdown that embeds the http language', () => {
    const injection = manifest.contributes.grammars.find((g) => g.injectTo !== undefined);
    assert.ok(injection, 'an injection grammar is contributed');
    assert.deepEqual(injection.injectTo, ['text.html.markdown']);
    assert.equal(injection.language, undefined, 'an injection is no language of its own');
    assert.deepEqual(injection.embeddedLanguages, { 'meta.embedded.block.http': 'http' });
    const raw = JSON.parse(fs.readFileSync(path.join(root, injection.path), 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(raw.scopeName, injection.scopeName);
    assert.match(raw.injectionSelector, /^L:text\.html\.markdown\b/);
  });

  it('offers send, cancel, rerun and copy as cURL in Markdown too, where ```http blocks are sent; not Send All or paste', () => {
    // In Markdown the request is the one of the ```http block at the cursor (HttpRegions); Send All
    // has no lens there, and a pasted curl command belongs in an .http file. The context menu of
    // every Markdown file gets only Send Request and Copy as cURL: rerun and cancel keep their keys.
    const inMarkdown = (when: string | undefined): boolean => when !== undefined && /\beditorLangId == markdown\b/.test(when);
    const keys = new Map(manifest.contributes.keybindings.map((k) => [k.command, k.when]));
    for (const command of ['httpWire.sendRequest', 'httpWire.cancelRequest', 'httpWire.rerunLastRequest']) assert.ok(inMarkdown(keys.get(command)), `${command} key: ${keys.get(command)}`);
    assert.equal(keys.get('httpWire.sendRequest'), 'editorTextFocus && (editorLangId == http || editorLangId == markdown)');
    const context = new Map(manifest.contributes.menus['editor/context']!.map((m) => [m.command, m.when]));
    for (const command of ['httpWire.sendRequest', 'httpWire.copyRequestAsCurl']) assert.ok(inMarkdown(context.get(command)), `${command} menu: ${context.get(command)}`);
    for (const command of ['httpWire.sendAllRequests', 'httpWire.pasteCurlAsRequest', 'httpWire.rerunLastRequest', 'httpWire.cancelRequest']) assert.equal(context.get(command), 'editorLangId == http', command);
    const palette = new Map(manifest.contributes.menus['commandPalette']!.map((m) => [m.command, m.when]));
    assert.ok(inMarkdown(palette.get('httpWire.sendRequest')));
    assert.equal(palette.get('httpWire.sendAllRequests'), 'editorLangId == http');
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
