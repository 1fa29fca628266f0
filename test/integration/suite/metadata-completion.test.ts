// Completion of `# @key` metadata in the real extension host, through VS Code's own completion
// command: offered after `@` on a comment line above a request line (in a Markdown http block too),
// never inside a JSON body.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'http-wire.http-wire';

const HTTP = [
  '### Create', // 0
  'POST http://127.0.0.1:9/users', // 1
  'Content-Type: application/json', // 2
  '', // 3
  '{', // 4
  '# @', // 5
  '  "mail": "ada@', // 6
  '}', // 7
  '',
].join('\n');

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Our items say the line they write (`# @timeout MS`); VS Code's word suggestions do not. */
function ourLabels(items: vscode.CompletionItem[]): string[] {
  return items.filter((i) => i.detail?.startsWith('# @')).map(labelOf);
}

async function complete(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, '@');
  return list.items;
}

describe('metadata completion: # @ keys above a request', () => {
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    document = await vscode.workspace.openTextDocument({ language: 'http', content: HTTP });
    await vscode.window.showTextDocument(document);
    // Typed, as a user would: the `# @` line goes in under the separator, above the request line.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(1, 0), '# @name create\n# @\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
  });

  it('offers the keys after # @, with help and a snippet for the value; not the name the request has', async () => {
    assert.equal(document.lineAt(2).text, '# @');
    const items = await complete(document, new vscode.Position(2, 3));
    const labels = ourLabels(items);
    for (const key of ['timeout', 'note', 'prompt', 'no-redirect']) assert.ok(labels.includes(key), `${key} is offered: ${labels.join(', ')}`);
    assert.ok(!labels.includes('name'), 'the request already has a name');
    const timeout = items.find((i) => labelOf(i) === 'timeout')!;
    assert.equal((timeout.insertText as vscode.SnippetString).value, 'timeout ${1:MS}');
    assert.match(String(timeout.documentation), /milliseconds/);
  });

  it('offers the file\'s request names after # @ref (Ctrl+Space), not the request\'s own', async () => {
    const chained = await vscode.workspace.openTextDocument({ language: 'http', content: '# @name login\nPOST http://127.0.0.1:9/login\n\n###\n# @name me\n# @ref \nGET http://127.0.0.1:9/me\n' });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', chained.uri, new vscode.Position(5, 7));
    const ours = list.items.filter((i) => i.detail?.startsWith('A request of this file')).map(labelOf);
    assert.deepEqual(ours, ['login']);
  });

  it('offers name where the request has none yet (// @ too)', async () => {
    const other = await vscode.workspace.openTextDocument({ language: 'http', content: '// @\nGET http://127.0.0.1:9/\n' });
    const labels = ourLabels(await complete(other, new vscode.Position(0, 4)));
    for (const key of ['name', 'timeout']) assert.ok(labels.includes(key), `${key} is offered: ${labels.join(', ')}`);
  });

  it('offers nothing of ours at an @ inside a JSON body, on a comment line or in a string', async () => {
    assert.equal(document.lineAt(7).text, '# @');
    assert.deepEqual(ourLabels(await complete(document, new vscode.Position(7, 3))), []);
    assert.equal(document.lineAt(8).text, '  "mail": "ada@');
    assert.deepEqual(ourLabels(await complete(document, new vscode.Position(8, 16))), []);
  });

  it('offers the keys in a Markdown http block', async () => {
    const markdown = await vscode.workspace.openTextDocument({ language: 'markdown', content: ['# API', '', '```http', '# @', 'GET http://127.0.0.1:9/', '```', ''].join('\n') });
    const labels = ourLabels(await complete(markdown, new vscode.Position(3, 3)));
    for (const key of ['name', 'timeout']) assert.ok(labels.includes(key), `${key} is offered: ${labels.join(', ')}`);
  });
});
