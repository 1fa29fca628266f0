import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/editor/command-ids';

// Issue 11, item 2: Copy Request as cURL and Paste cURL as Request, run as a user runs them
// (executeCommand), reading and writing the real clipboard and document.

const EXTENSION_ID = 'http-wire.http-wire';

async function openHttp(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'http', content });
  return vscode.window.showTextDocument(document);
}

describe('copy as cURL and paste cURL as a request (issue 11, item 2)', () => {
  before(async () => {
    await openHttp('GET http://127.0.0.1/\n');
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('pastes the clipboard\'s curl command at the cursor, after the request there, behind a ### line', async () => {
    const editor = await openHttp('GET http://127.0.0.1:1/first\nX-A: 1\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.env.clipboard.writeText("curl 'http://127.0.0.1:1/items' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{\"name\":\"O'\\''Brien\"}' -L");
    await vscode.commands.executeCommand(CommandIds.pasteCurlAsRequest);
    assert.equal(
      editor.document.getText(),
      'GET http://127.0.0.1:1/first\nX-A: 1\n\n###\nPOST http://127.0.0.1:1/items\nContent-Type: application/json\n\n{"name":"O\'Brien"}\n',
    );
    assert.equal(editor.selection.active.line, 4, 'the cursor is on the new request line');
  });

  it('leaves the document as it is when the clipboard holds no curl command', async () => {
    const editor = await openHttp('GET http://127.0.0.1:1/\n');
    await vscode.env.clipboard.writeText('wget http://127.0.0.1:1/');
    await vscode.commands.executeCommand(CommandIds.pasteCurlAsRequest);
    assert.equal(editor.document.getText(), 'GET http://127.0.0.1:1/\n');
  });

  it('copies the request a lens names, variables resolved, as the curl command for what would be sent', async () => {
    const editor = await openHttp('@token = s3cret\n\nGET http://127.0.0.1:1/a\n\n###\n# @no-redirect\nPUT http://127.0.0.1:1/b?x=1\nAuthorization: Bearer {{token}}\nContent-Type: text/plain\n\nit\'s here\n');
    await vscode.env.clipboard.writeText('');
    // As a code lens or the context menu passes them: the document and the request's line.
    await vscode.commands.executeCommand(CommandIds.copyRequestAsCurl, editor.document.uri, 6);
    const copied = await vscode.env.clipboard.readText();
    assert.equal(
      copied,
      [
        "curl 'http://127.0.0.1:1/b?x=1' \\",
        '  -X PUT \\',
        "  -H 'Authorization: Bearer s3cret' \\",
        "  -H 'Content-Type: text/plain' \\",
        "  -H 'Content-Length: 9' \\",
        "  -H 'User-Agent: http-wire/0.1' \\",
        "  -H 'Accept-Encoding: gzip, deflate, br' \\",
        "  -H 'Accept:' \\",
        '  --compressed \\',
        "  --data-binary 'it'\\''s here'",
      ].join('\n'),
    );
  });

  it('copies the request at the cursor, and the pasted command reads back as the same request', async () => {
    const editor = await openHttp('GET http://127.0.0.1:1/c\nX-Trace: 7\n');
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    await vscode.commands.executeCommand(CommandIds.copyRequestAsCurl);
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^curl 'http:\/\/127\.0\.0\.1:1\/c' \\\n {2}-H 'X-Trace: 7'/);
    const target = await openHttp('');
    await vscode.commands.executeCommand(CommandIds.pasteCurlAsRequest);
    assert.equal(target.document.getText(), 'GET http://127.0.0.1:1/c\nX-Trace: 7\nUser-Agent: http-wire/0.1\nAccept-Encoding: gzip, deflate, br\n');
  });
});
