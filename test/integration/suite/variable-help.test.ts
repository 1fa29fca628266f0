// Issue 12, item 5: the editor's help for {{variables}} in the real extension host, through VS
// Code's own commands: completion, hover, go to definition and the unresolved-name warnings on a
// .http file beside a JetBrains-style env file and its private file, whose value must only ever
// show as ***.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/editor/command-ids';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';
const PRIVATE_KEY = 'vh-private-value-24680';

const HTTP = [
  '@base = {{host}}/{{version}}', // 0
  '@auth = Bearer {{key}}', // 1
  '', // 2
  '### Log in', // 3
  '# @name login', // 4
  'POST {{base}}/login', // 5
  'Content-Type: application/json', // 6
  '', // 7
  '{"user": "{{user}}"}', // 8
  '', // 9
  '### Me', // 10
  'GET {{base}}/me?who={{login.response.body.$.id}}', // 11
  'Authorization: {{auth}}', // 12
  'X-Key: {{key}}', // 13
  'X-Missing: {{nowhere}}', // 14
  '',
].join('\n');

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

function unresolved(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'HTTP Wire' && d.code === 'unresolved-variable');
}

describe('variable help: completion, hover, go to definition, unresolved names (issue 12, item 5)', () => {
  let folder: string;
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    folder = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'variable-help');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'http-client.env.json'), JSON.stringify({ $shared: { version: 'v1' }, dev: { host: 'http://127.0.0.1:9', user: 'ada' }, prod: { host: 'http://prod.invalid' } }, null, 2));
    // A name that does not look secret: the private file alone makes it one.
    fs.writeFileSync(path.join(folder, 'http-client.private.env.json'), JSON.stringify({ dev: { key: PRIVATE_KEY } }, null, 2));
    fs.writeFileSync(path.join(folder, 'vars.http'), HTTP);
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'dev');
    document = await vscode.workspace.openTextDocument(path.join(folder, 'vars.http'));
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, null);
  });

  async function complete(doc: vscode.TextDocument, line: number, character: number, trigger?: string): Promise<vscode.CompletionItem[]> {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, character), trigger);
    return list.items;
  }

  it('completes file, environment ($shared too), request and system variables inside {{, saying where each comes from; the private value shows as ***', async () => {
    const items = await complete(document, 14, 13, '{');
    const labels = items.map(labelOf);
    for (const name of ['base', 'auth', 'host', 'version', 'user', 'key', 'login', '$guid', '$uuid', '$randomInt', '$timestamp', '$isoTimestamp', '$datetime', '$processEnv', '$dotenv', '$random.integer']) assert.ok(labels.includes(name), `${name} is offered: ${labels.join(', ')}`);
    const byLabel = (label: string): vscode.CompletionItem => items.find((i) => labelOf(i) === label)!;
    assert.equal(byLabel('base').detail, 'file variable, line 1');
    assert.equal(byLabel('host').detail, 'environment "dev", variable-help/http-client.env.json');
    assert.equal(byLabel('version').detail, 'environment $shared, variable-help/http-client.env.json');
    assert.equal(byLabel('key').detail, 'environment "dev", variable-help/http-client.private.env.json');
    assert.equal(byLabel('key').documentation, '***');
    assert.equal(byLabel('host').kind, vscode.CompletionItemKind.Constant);
    assert.equal(byLabel('$guid').kind, vscode.CompletionItemKind.Function);
    assert.ok(!JSON.stringify(items).includes(PRIVATE_KEY), 'the private value reached a completion item');
  });

  it("completes a request's reference paths after its name and a dot, header names at a header line's start, and Content-Type / Accept values", async () => {
    const untitled = await vscode.workspace.openTextDocument({ language: 'http', content: ['# @name login', 'GET http://x/', '', '###', 'GET http://x/{{login.', 'Cont', 'Accept: ', 'Content-Type: '].join('\n') });
    const paths = (await complete(untitled, 4, 21, '.')).map(labelOf);
    assert.ok(paths.includes('login.response.body.$') && paths.includes('login.response.headers.') && paths.includes('login.request.body.$'), paths.join(', '));
    const headers = (await complete(untitled, 5, 4)).map(labelOf);
    assert.ok(headers.includes('Content-Type') && headers.includes('Authorization'), headers.join(', '));
    assert.ok((await complete(untitled, 6, 8, ' ')).map(labelOf).includes('application/json'));
    assert.ok((await complete(untitled, 7, 14, ' ')).map(labelOf).includes('application/x-www-form-urlencoded'));
  });

  it('hovers a {{name}} with its value and origin, the private value masked; the request-line hover still works', async () => {
    const at = async (line: number, character: number): Promise<vscode.Hover[]> => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
    const key = hoverText(await at(13, 10));
    assert.match(key, /\{\{key\}\}`\*\* = `\*\*\*`/);
    assert.match(key, /Environment `dev`, in `variable-help\/http-client\.private\.env\.json`/);
    const auth = hoverText(await at(12, 18));
    assert.match(auth, /= `Bearer \*\*\*`/);
    assert.match(auth, /File variable `@auth`, line 2/);
    const host = hoverText(await at(0, 11));
    assert.match(host, /= `http:\/\/127\.0\.0\.1:9`/);
    const missing = hoverText(await at(14, 14));
    assert.match(missing, /Not a variable of environment `dev`/);
    const requestLine = hoverText(await at(5, 1));
    assert.match(requestLine, /HTTP Wire sends/);
    assert.match(requestLine, /POST http:\/\/127\.0\.0\.1:9\/v1\/login/);
    for (const text of [key, auth, host, missing, requestLine]) assert.ok(!text.includes(PRIVATE_KEY), 'the private value reached a hover');
  });

  it('goes to the definition: a file variable\'s @name line, the env file key (public and private), the request\'s # @name line', async () => {
    const definition = async (line: number, character: number): Promise<{ uri: vscode.Uri; range: vscode.Range }> => {
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', document.uri, new vscode.Position(line, character));
      assert.equal(found.length, 1, `one definition at ${line}:${character}`);
      const d = found[0]!;
      return 'targetUri' in d ? { uri: d.targetUri, range: d.targetRange } : { uri: d.uri, range: d.range };
    };
    const base = await definition(5, 8);
    assert.equal(base.uri.toString(), document.uri.toString());
    assert.equal(base.range.start.line, 0);
    const keyText = async (d: { uri: vscode.Uri; range: vscode.Range }): Promise<string> => (await vscode.workspace.openTextDocument(d.uri)).lineAt(d.range.start.line).text.slice(d.range.start.character);
    const host = await definition(0, 11);
    assert.equal(host.uri.fsPath, path.join(folder, 'http-client.env.json'));
    assert.match(await keyText(host), /^host": "http:\/\/127\.0\.0\.1:9"/);
    const key = await definition(13, 10);
    assert.equal(key.uri.fsPath, path.join(folder, 'http-client.private.env.json'));
    assert.match(await keyText(key), /^key":/);
    const version = await definition(0, 22);
    assert.match(await keyText(version), /^version": "v1"/);
    const login = await definition(11, 25);
    assert.equal(login.range.start.line, 4);
    assert.equal(document.lineAt(4).text.slice(login.range.start.character), 'login');
  });

  it('goes to the key in .vscode/settings.json for a value from httpWire.environmentVariables, and hovers it with the setting as its origin', async () => {
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'httpWire.environmentVariables': { $shared: { fromSetting: 'set-value' }, dev: { other: 'x' } } }, null, 2));
    try {
      await waitFor('the workspace setting to be read', () => vscode.workspace.getConfiguration('httpWire').inspect('environmentVariables')?.workspaceValue !== undefined);
      const untitled = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://x/{{fromSetting}}\n' });
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', untitled.uri, new vscode.Position(0, 16));
      assert.equal(found.length, 1);
      const d = found[0]!;
      const [uri, range] = 'targetUri' in d ? [d.targetUri, d.targetRange] : [d.uri, d.range];
      assert.equal(uri.fsPath, settingsFile);
      assert.match((await vscode.workspace.openTextDocument(uri)).lineAt(range.start.line).text.slice(range.start.character), /^fromSetting": "set-value"/);
      const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', untitled.uri, new vscode.Position(0, 16)));
      assert.match(hover, /= `set-value`/);
      assert.match(hover, /Environment `\$shared`, in `httpWire\.environmentVariables`/);
    } finally {
      fs.rmSync(settingsFile, { force: true });
      await waitFor('the workspace setting to be gone', () => vscode.workspace.getConfiguration('httpWire').inspect('environmentVariables')?.workspaceValue === undefined);
    }
  });

  it("helps in a Markdown document's ```http block too: completion of the block's file variables, hover, definition", async () => {
    const markdown = await vscode.workspace.openTextDocument({ language: 'markdown', content: ['# Notes', '', '```http', '@api = http://127.0.0.1:9', 'GET {{api}}/x', '```', ''].join('\n') });
    const labels = (await complete(markdown, 4, 6, '{')).map(labelOf);
    assert.ok(labels.includes('api') && labels.includes('$guid'), labels.join(', '));
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', markdown.uri, new vscode.Position(4, 7)));
    assert.match(hover, /= `http:\/\/127\.0\.0\.1:9`/);
    assert.match(hover, /File variable `@api`, line 4/);
    const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', markdown.uri, new vscode.Position(4, 7));
    assert.equal(found[0]!.range.start.line, 3);
    // Markdown's own providers may offer words there; ours offer nothing.
    assert.ok(!(await complete(markdown, 0, 3)).map(labelOf).includes('$guid'), 'variables offered outside the http block');
  });

  it('warns on each name with no value in the environment, naming it and the environment, and again when another is chosen', async () => {
    const names = (ds: vscode.Diagnostic[]): string => ds.map((d) => `${d.range.start.line}:${document.getText(d.range)}`).join(' ');
    const dev = await waitFor('the dev warnings', () => (names(unresolved(document.uri)) === '14:{{nowhere}}' ? unresolved(document.uri) : undefined));
    assert.equal(dev[0]!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(dev[0]!.message, /\{\{nowhere\}\} has no value in environment "dev"/);
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'prod');
    const prod = await waitFor('the prod warnings', () => (names(unresolved(document.uri)) === '1:{{key}} 8:{{user}} 13:{{key}} 14:{{nowhere}}' ? unresolved(document.uri) : undefined));
    assert.ok(prod.every((d) => d.message.includes('environment "prod"')));
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, null);
    const none = await waitFor('the warnings without an environment', () => (names(unresolved(document.uri)) === '0:{{host}} 1:{{key}} 8:{{user}} 13:{{key}} 14:{{nowhere}}' ? unresolved(document.uri) : undefined));
    assert.match(none[0]!.message, /no environment is chosen/);
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'dev');
    await waitFor('the dev warnings again', () => names(unresolved(document.uri)) === '14:{{nowhere}}');
  });

  it('the warning follows an edit of the file and of the env file', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.lineAt(14).range, 'X-Missing: {{nowhere}} {{alsoMissing}}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the new name warned', () => unresolved(document.uri).length === 2);
    fs.writeFileSync(path.join(folder, 'http-client.env.json'), JSON.stringify({ $shared: { version: 'v1' }, dev: { host: 'http://127.0.0.1:9', user: 'ada', nowhere: 'here', alsoMissing: 'found' } }, null, 2));
    await waitFor('the warnings to go once the env file gives the names', () => unresolved(document.uri).length === 0);
  });

  it('issue 12, item 5: warns on a request reference whose name is no request of the file', async () => {
    const typo = await vscode.workspace.openTextDocument({ language: 'http', content: '# @name login\nPOST http://127.0.0.1:9/login\n\n###\nGET http://127.0.0.1:9/me\nAuthorization: Bearer {{logn.response.body.$.token}}\n' });
    const found = await waitFor('the warning', () => (unresolved(typo.uri).length === 1 ? unresolved(typo.uri) : undefined));
    assert.equal(found[0]!.range.start.line, 5);
    assert.match(found[0]!.message, /no request of this file is named "logn"/);
  });

  it('issue 12, item 2: warns where file variables use each other in a cycle, naming the chain, and stops once it is broken', async () => {
    const cyclic = await vscode.workspace.openTextDocument({ language: 'http', content: '@a = {{b}}\n@b = /x{{a}}\n\nGET http://127.0.0.1:9/{{a}}\n' });
    const cycles = () => vscode.languages.getDiagnostics(cyclic.uri).filter((d) => d.source === 'HTTP Wire' && d.code === 'variable-cycle');
    const found = await waitFor('the cycle warnings', () => (cycles().length === 2 ? cycles() : undefined));
    assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[0, 5, 10], [1, 7, 12]]);
    assert.match(found[0]!.message, /the variables a → b → a use each other in a cycle/);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(cyclic.uri, cyclic.lineAt(1).range, '@b = /x');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the cycle warnings to go', () => cycles().length === 0);
  });
});
