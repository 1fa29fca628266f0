import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

// The hover on a request line and the quick fixes (issue 11, item 5), read through VS Code's own
// commands as the editor's UI asks for them.

const EXTENSION_ID = 'http-wire.http-wire';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'HTTP Wire');
}

function lineOf(document: vscode.TextDocument, text: string): number {
  const line = document.getText().split(/\r?\n/).indexOf(text);
  assert.ok(line >= 0, `no line "${text}"`);
  return line;
}

/** The Markdown of every hover at `position`, ours and any other's. */
async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

async function seedText(): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens test/integration/workspace as the folder');
  return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'typical-session.http'))).toString('utf8');
}

/** An untitled .http document with `content`, once its diagnostic `code` is published. */
async function untitledWith(content: string, code: string): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const document = await vscode.workspace.openTextDocument({ language: 'http', content });
  const diagnostic = await waitFor(`a ${code} diagnostic`, () => ours(document.uri).find((d) => d.code === code));
  return { document, diagnostic };
}

/** Applies the quick fix titled `title` offered on `diagnostic`. */
async function applyFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no quick fix "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe('hover and quick fixes (issue 11, item 5)', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('shows, on the seed POST line, what is sent: Content-Length 64 → 63 and the added User-Agent and Accept-Encoding', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'typical-session.http'));
    const position = new vscode.Position(lineOf(document, 'POST /contact_form.php HTTP/1.1'), 2);
    const text = await waitFor('our hover on the POST line', async () => (await hoverTexts(document.uri, position)).find((t) => t.includes('HTTP Wire sends')));
    assert.ok(text.startsWith('**HTTP Wire sends** `POST http://developer.mozilla.org/contact_form.php`'), text);
    assert.match(text, /sets `Content-Length: 64` → `63`/);
    assert.match(text, /adds `User-Agent: http-wire\/[^`]+`/);
    assert.match(text, /adds `Accept-Encoding: [^`]+`/);
    // The seed writes its Host: nothing adds one.
    assert.doesNotMatch(text, /`Host:/);
    // A header line is not a request line: no hover of ours there.
    const onHeader = await hoverTexts(document.uri, new vscode.Position(lineOf(document, 'Content-Length: 64'), 2));
    assert.ok(!onHeader.some((t) => t.includes('HTTP Wire sends')), onHeader.join('\n'));
  });

  it('sets the seed\'s Content-Length to 63 by its quick fix', async () => {
    const { document, diagnostic } = await untitledWith(await seedText(), 'content-length-mismatch');
    await applyFix(document, diagnostic, 'Set Content-Length to 63');
    assert.equal(document.lineAt(diagnostic.range.start.line).text, 'Content-Length: 63');
    await waitFor('the Content-Length warning to go', () => ours(document.uri).length === 0);
  });

  it('removes the seed\'s Content-Length by its other quick fix', async () => {
    const seed = await seedText();
    const { document, diagnostic } = await untitledWith(seed, 'content-length-mismatch');
    await applyFix(document, diagnostic, 'Remove Content-Length (HTTP Wire adds it)');
    assert.equal(document.getText(), seed.replace(/Content-Length: 64\r?\n/, ''));
    await waitFor('the Content-Length warning to go', () => ours(document.uri).length === 0);
  });

  it('moves a header written after the blank line up to the request line', async () => {
    const { document, diagnostic } = await untitledWith('GET http://a.example/\n\nAccept: text/html\n', 'header-in-body');
    await applyFix(document, diagnostic, 'Move the header above the blank line');
    assert.equal(document.getText(), 'GET http://a.example/\nAccept: text/html\n');
    await waitFor('the header-in-body warning to go', () => ours(document.uri).length === 0);
  });

  it("moves httpYac's # @name from under the request line to above it, where it names the request", async () => {
    const { document, diagnostic } = await untitledWith('GET http://a.example/login\nAccept: x\n# @name login\n', 'metadata-below-request-line');
    await applyFix(document, diagnostic, 'Move it above the request line');
    assert.equal(document.getText(), '# @name login\nGET http://a.example/login\nAccept: x\n');
    await waitFor('the metadata warning to go', () => ours(document.uri).length === 0);
  });
});
