import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

// Diagnostics only where a document can be sent (issue 11, item 5): a git or diff view shows an old
// version of a file, whose warnings would double the file's own in the Problems view.

const EXTENSION_ID = 'http-wire.http-wire';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'HTTP Wire');
}

describe('diagnostics by scheme (issue 11, item 5)', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('publishes diagnostics for untitled documents but not for other schemes (a git or diff view)', async () => {
    const scheme = 'http-wire-test-old';
    const content = 'GET http://a.example/\nNo colon here\n';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => content });
    try {
      const old = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/old.http' }));
      const shown = old.languageId === 'http' ? old : await vscode.languages.setTextDocumentLanguage(old, 'http');
      // The untitled twin's diagnostic arrives through the same events: once it is there, the
      // other one would be too.
      const untitled = await vscode.workspace.openTextDocument({ language: 'http', content });
      await waitFor('the untitled document\'s diagnostic', () => ours(untitled.uri).length > 0);
      assert.deepEqual(ours(shown.uri), []);
    } finally {
      provider.dispose();
    }
  });
});
