import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

// The parser-backed editor help, read through VS Code's own commands and APIs as a user's editor
// sees it: diagnostics, the outline, folding. The file is the seed session of examples/.

const EXTENSION_ID = 'http-wire.http-wire';

async function openWorkspaceFile(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens test/integration/workspace as the folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(document);
  return document;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'HTTP Wire');
}

describe('editor help on "A typical HTTP session"', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openWorkspaceFile('typical-session.http');
    // Providers answer only once activation has finished; on a fresh host it may still be running.
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('warns that Content-Length is 64 for a 63-byte body, on the value, with its code', async () => {
    const diagnostics = await waitFor('a diagnostic on the seed file', () => (ours(document.uri).length > 0 ? ours(document.uri) : undefined));
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('\n'));
    const d = diagnostics[0]!;
    assert.equal(d.code, 'content-length-mismatch');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /Content-Length is 64 but the body is 63 bytes/);
    assert.equal(document.getText(d.range), '64');
    assert.equal(document.lineAt(d.range.start.line).text, 'Content-Length: 64');
  });

  it('lists the four requests in the outline by name, with their request lines', async () => {
    const symbols = await waitFor('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      return found !== undefined && found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.kind]),
      [
        ['home', 'GET /', vscode.SymbolKind.Method],
        ['contactForm', 'POST /contact_form.php', vscode.SymbolKind.Method],
        ['moved', 'GET /moved', vscode.SymbolKind.Method],
        ['notFound', 'GET /no-such-page', vscode.SymbolKind.Method],
      ],
    );
    const contactForm = symbols[1]!;
    assert.equal(document.lineAt(contactForm.range.start.line).text, '### Send a form (the page\'s Content-Length says 64; the body is 63 bytes)');
    assert.equal(document.lineAt(contactForm.selectionRange.start.line).text, 'POST /contact_form.php HTTP/1.1');
  });

  it('folds each request and the form body', async () => {
    const ranges = await waitFor('folding ranges', async () => {
      const found = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>('vscode.executeFoldingRangeProvider', document.uri);
      return found !== undefined && found.length > 0 ? found : undefined;
    });
    const starts = ranges.map((r) => document.lineAt(r.start).text);
    for (const title of ['### Ask for the home page', '### Send a form', '### A page that moved', '### A page that does not exist']) {
      assert.ok(starts.some((s) => s.startsWith(title)), `no folding range starts at "${title}": ${JSON.stringify(starts)}`);
    }
  });

  it('updates diagnostics as the user fixes the Content-Length', async () => {
    const line = document.getText().split(/\r?\n/).indexOf('Content-Length: 64');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(line, 'Content-Length: '.length, line, 'Content-Length: 64'.length), '63');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the Content-Length warning to go', () => ours(document.uri).length === 0);
    // And back: the warning returns, on the edited line.
    const undo = new vscode.WorkspaceEdit();
    undo.replace(document.uri, new vscode.Range(line, 'Content-Length: '.length, line, 'Content-Length: 63'.length), '64');
    assert.ok(await vscode.workspace.applyEdit(undo));
    const back = await waitFor('the warning to return', () => (ours(document.uri).length === 1 ? ours(document.uri) : undefined));
    assert.equal(back[0]!.range.start.line, line);
  });

  it('reports a malformed request in an untitled http document', async () => {
    const untitled = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://a.example/\nNo colon here\n' });
    const diagnostics = await waitFor('a diagnostic on the untitled document', () => (ours(untitled.uri).length > 0 ? ours(untitled.uri) : undefined));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['invalid-header', 1]]);
  });
});
