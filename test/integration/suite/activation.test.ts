import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';

// Mocha loads every test file before it runs any test, so this is the state before any test of any
// file opened a document: whether the extension was active, and whether an .http document was
// already open (a restored editor under test-electron's reused profile) that would activate it.
const atLoad = {
  isActive: vscode.extensions.getExtension(EXTENSION_ID)?.isActive,
  isHttpDocumentOpen: vscode.workspace.textDocuments.some((d) => d.languageId === 'http'),
};

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens test/integration/workspace as the folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('activation', () => {
  it('is installed under its id', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not among the installed extensions`);
  });

  it('declares no "*" activation', () => {
    const events: unknown = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.activationEvents;
    assert.ok(Array.isArray(events), 'package.json has activationEvents');
    assert.ok(!events.includes('*'), `activationEvents: ${JSON.stringify(events)}`);
  });

  it('is not active before an .http document is opened', function () {
    if (atLoad.isHttpDocumentOpen) this.skip();
    assert.equal(atLoad.isActive, false);
  });

  it('activates when an .http document opens, with the http language', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('basic.http'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'http');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive);
  });
});
