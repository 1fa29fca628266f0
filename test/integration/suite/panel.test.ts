// The response panels (issue 11, item 3) in the real extension host: ResponsePanels built directly
// (the editor wires it up in its own branch), fed real SendResults from a 127.0.0.1 server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/wire/client';
import type { SendResult } from '../../../src/core/wire/send-result';
import { MOVED_301 } from '../../../src/demo/seed-responses';
import { ResponsePanels, RESPONSE_VIEW_TYPE } from '../../../src/webview/panel';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';

function responseTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(RESPONSE_VIEW_TYPE));
}

/** The result, with its dispose() counted: the panel owns it and must free it exactly when due. */
function counted(result: SendResult): { result: SendResult; disposals: () => number } {
  let n = 0;
  const spy: SendResult = Object.assign(Object.create(Object.getPrototypeOf(result) as object) as SendResult, result, {
    dispose: () => {
      n++;
      result.dispose();
    },
  });
  return { result: spy, disposals: () => n };
}

describe('response panel (issue 11, item 3)', () => {
  let server: RawServer;
  let client: HttpClient;
  let panels: ResponsePanels;
  let log: vscode.LogOutputChannel;
  let document: vscode.TextDocument;

  before(async () => {
    server = await RawServer.start((socket) => onRequests(socket, () => socket.write(MOVED_301)));
    client = new HttpClient();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    log = vscode.window.createOutputChannel('HTTP Wire panel test', { log: true });
    panels = new ResponsePanels(extension.extensionUri, log);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'typical-session.http'));
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  });

  after(async () => {
    panels.dispose();
    log.dispose();
    client.close();
    await server.close();
  });

  async function send(): Promise<SendResult> {
    return client.send(wireRequest(server.url('/')), { followRedirects: false });
  }

  it('opens one panel beside the editor, titled with the request, without taking the focus', async () => {
    const target = { documentUri: document.uri.toString(), title: 'GET the moved page' };
    panels.showSending(target, () => undefined);
    const first = counted(await send());
    panels.showResult(target, first.result);
    const tab = await waitFor('the response panel tab', () => responseTabs()[0]);
    assert.equal(tab.label, 'GET the moved page');
    assert.equal(tab.group.viewColumn, vscode.ViewColumn.Two);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString(), 'the editor keeps the focus');
    assert.equal(first.disposals(), 0, 'the result shown is kept');

    // A new answer for the same file reuses the panel, renames it and frees the old result.
    const second = counted(await send());
    panels.showResult({ ...target, title: 'again' }, second.result);
    assert.equal(first.disposals(), 1);
    await waitFor('the panel to be renamed', () => responseTabs().length === 1 && responseTabs()[0]!.label === 'again');
    assert.equal(panels.openCount, 1);

    // Closing the panel frees what it shows.
    await vscode.window.tabGroups.close(responseTabs());
    await waitFor('the panel to close', () => panels.openCount === 0);
    assert.equal(second.disposals(), 1);
  });

  it('closing the panel of a send still waiting stops that send, and its cancel opens no panel again', async () => {
    const target = { documentUri: document.uri.toString(), title: 'GET the slow page' };
    let cancels = 0;
    panels.showSending(target, () => cancels++);
    await waitFor('the response panel tab', () => responseTabs()[0]);
    await vscode.window.tabGroups.close(responseTabs());
    await waitFor('the panel to close', () => panels.openCount === 0);
    assert.equal(cancels, 1);
    panels.showFailure(target, new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.'));
    assert.equal(panels.openCount, 0);
    // Another failure of a closed panel's send is shown: the user did not ask for it.
    panels.showFailure(target, new HttpWireError(ErrorCodes.totalTimeout, 'No answer in time.'));
    await waitFor('the failure panel', () => responseTabs()[0]);
    await vscode.window.tabGroups.close(responseTabs());
    await waitFor('the panel to close', () => panels.openCount === 0);
  });

  it('adopts a restored panel for its file, and closes one whose state it cannot read', async () => {
    const restored = vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, 'restored', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await panels.deserializeWebviewPanel(restored, { panel: { documentUri: 'file:///r.http', title: 'restored' } });
    assert.equal(panels.openCount, 1);
    const result = counted(await send());
    panels.showResult({ documentUri: 'file:///r.http', title: 'after reload' }, result.result);
    await waitFor('the restored panel to be reused', () => responseTabs().length === 1 && responseTabs()[0]!.label === 'after reload');

    const unreadable = vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, 'unreadable', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await panels.deserializeWebviewPanel(unreadable, { panel: { documentUri: 42 } });
    await waitFor('the unreadable panel to close', () => responseTabs().length === 1);
    await vscode.window.tabGroups.close(responseTabs());
    await waitFor('the panel to close', () => panels.openCount === 0);
    assert.equal(result.disposals(), 1);
  });

  it('reopens the answer of a restored panel from the history, and owns it (issue 11, item 3)', async () => {
    const kept = counted(await send());
    const asked: string[] = [];
    panels.restoreWith(async (id) => {
      asked.push(id);
      return id === '000001764806400000-0123abcd' ? kept.result : undefined;
    });
    try {
      const restored = vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, 'restored', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await panels.deserializeWebviewPanel(restored, { panel: { documentUri: 'file:///kept.http', title: 'kept', historyId: '000001764806400000-0123abcd' } });
      assert.deepEqual(asked, ['000001764806400000-0123abcd']);
      assert.equal(kept.disposals(), 0, 'the panel shows the answer and keeps it');
      // A panel whose answer the history no longer has stays open, empty.
      const gone = vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, 'gone', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await panels.deserializeWebviewPanel(gone, { panel: { documentUri: 'file:///gone.http', title: 'gone', historyId: '000001764806400000-ffffffff' } });
      assert.equal(panels.openCount, 2);
      await waitFor('both restored panels as tabs', () => responseTabs().length === 2);
      await vscode.window.tabGroups.close(responseTabs());
      await waitFor('the panels to close', () => panels.openCount === 0);
      assert.equal(kept.disposals(), 1, 'closing the panel frees the answer it reopened');
    } finally {
      panels.restoreWith(async () => undefined);
    }
  });

  it('keeps one panel per .http file', async () => {
    panels.showResult({ documentUri: 'file:///a.http', title: 'a' }, await send());
    panels.showResult({ documentUri: 'file:///b.http', title: 'b' }, await send());
    await waitFor('two panels', () => responseTabs().length === 2);
    assert.deepEqual(responseTabs().map((t) => t.label).sort(), ['a', 'b']);
    panels.dispose();
    await waitFor('the panels to close with their owner', () => responseTabs().length === 0);

    // An answer that arrives after deactivation is freed, not shown.
    const late = counted(await send());
    panels.showResult({ documentUri: 'file:///a.http', title: 'late' }, late.result);
    assert.equal(late.disposals(), 1);
    assert.equal(panels.openCount, 0);
  });
});
