import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

// The hover on a request line (issue 11, item 5), read through VS Code's own command as the
// editor's UI asks for it.

const EXTENSION_ID = 'http-wire.http-wire';

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

describe('hover on a request line (issue 11, item 5)', () => {
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
});
