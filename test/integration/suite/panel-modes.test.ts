// Issue 11, item 3: a panel per request (httpWire.responsePanel.mode "perRequest") and pinned
// panels, in the real extension host: ResponsePanels fed real SendResults from a 127.0.0.1 server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HttpClient } from '../../../src/core/wire/client';
import type { SendResult } from '../../../src/core/wire/send-result';
import { CommandIds } from '../../../src/editor/command-ids';
import { PINNED_CONTEXT_KEY, ResponsePanels, RESPONSE_VIEW_TYPE } from '../../../src/webview/panel';
import { onRequests, RawServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';
const ANSWER = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 'latin1');

function responseTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(RESPONSE_VIEW_TYPE));
}

const labels = (): string[] => responseTabs().map((t) => t.label).sort();

describe('response panel modes and pinning (issue 11, item 3)', () => {
  let server: RawServer;
  let client: HttpClient;
  let panels: ResponsePanels;
  let log: vscode.LogOutputChannel;
  let document: vscode.TextDocument;
  let disposed: SendResult[];

  before(async () => {
    server = await RawServer.start((socket) => onRequests(socket, () => socket.write(ANSWER)));
    client = new HttpClient();
    log = vscode.window.createOutputChannel('HTTP Wire panel modes test', { log: true });
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'typical-session.http'));
  });

  beforeEach(async () => {
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    panels = new ResponsePanels(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, log);
    disposed = [];
  });

  afterEach(async () => {
    panels.dispose();
    await waitFor('the panels to close', () => responseTabs().length === 0);
  });

  after(async () => {
    log.dispose();
    client.close();
    await server.close();
  });

  /** A real result whose dispose() is recorded: the panel owns it and frees it exactly when due. */
  async function send(): Promise<SendResult> {
    const result = await client.send(wireRequest(server.url('/')));
    const dispose = result.dispose.bind(result);
    return Object.assign(result, { dispose: () => (disposed.push(result), dispose()) });
  }

  const target = (title: string, requestKey: string) => ({ documentUri: document.uri.toString(), title, requestKey });

  it('issue 11, item 3: per file (the default), two requests of one file share a panel', async () => {
    panels.showResult(target('first', '3'), await send());
    panels.showResult(target('second', '12'), await send());
    await waitFor('one panel titled "second"', () => labels().join() === 'second');
    assert.equal(panels.openCount, 1);
  });

  it('issue 11, item 3: per request, each request of a file opens its own panel, reused by its next answer; the editor keeps the focus', async () => {
    panels.mode = 'perRequest';
    const first = await send();
    panels.showResult(target('first', '3'), first);
    panels.showResult(target('second', '12'), await send());
    await waitFor('two panels', () => labels().join() === 'first,second');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString(), 'the editor keeps the focus');
    assert.equal(disposed.length, 0);
    panels.showResult(target('first again', '3'), await send());
    await waitFor('the first panel renamed', () => labels().join() === 'first again,second');
    assert.deepEqual(disposed, [first], 'the replaced answer is freed');
    assert.equal(panels.openCount, 2);
  });

  it('issue 11, item 3: a pinned panel keeps its answer; the next one opens a new panel beside it, without taking the focus', async () => {
    const kept = await send();
    panels.showResult(target('kept', '3'), kept);
    await waitFor('the panel', () => labels().join() === 'kept');
    assert.equal(panels.pinCurrent(), 'pinned');
    await waitFor('the pinned title', () => labels().join() === 'kept (pinned)');
    panels.showResult(target('newer', '3'), await send());
    await waitFor('two panels', () => labels().join() === 'kept (pinned),newer');
    assert.equal(disposed.length, 0, 'the pinned answer is kept');
    const columnOf = (label: string) => responseTabs().find((t) => t.label === label)?.group.viewColumn;
    assert.ok(columnOf('newer')! > columnOf('kept (pinned)')!, `side by side: ${columnOf('kept (pinned)')} then ${columnOf('newer')}`);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString(), 'the editor keeps the focus');
    // The next answer goes to the new panel, not the pinned one.
    panels.showResult(target('newest', '3'), await send());
    await waitFor('the new panel renamed', () => labels().join() === 'kept (pinned),newest');
    assert.equal(panels.openCount, 2);
    assert.equal(disposed.includes(kept), false);
    // Closing the pinned panel frees its answer.
    await vscode.window.tabGroups.close(responseTabs().filter((t) => t.label === 'kept (pinned)'));
    await waitFor('the pinned panel to close', () => panels.openCount === 1);
    assert.ok(disposed.includes(kept));
  });

  it('Unpin Response Panel: the pinned panel takes its file\'s answers again; the panel that took them meanwhile keeps its answer, pinned', async () => {
    assert.equal(panels.unpinCurrent(), 'none', 'nothing pinned yet');
    const kept = await send();
    panels.showResult(target('kept', '3'), kept);
    await waitFor('the panel', () => labels().join() === 'kept');
    assert.equal(panels.pinCurrent(), 'pinned');
    const newer = await send();
    panels.showResult(target('newer', '3'), newer);
    await waitFor('two panels', () => labels().join() === 'kept (pinned),newer');
    // No response panel is active (the editor kept the focus): the panel pinned last is unpinned.
    assert.equal(panels.unpinCurrent(), 'unpinned');
    await waitFor('the panels swapped', () => labels().join() === 'kept,newer (pinned)');
    panels.showResult(target('newest', '3'), await send());
    await waitFor('the next answer in the unpinned panel', () => labels().join() === 'newer (pinned),newest');
    assert.ok(disposed.includes(kept), 'the answer it replaced is freed');
    assert.equal(disposed.includes(newer), false, 'the panel pinned in its place keeps its answer');
    assert.equal(panels.openCount, 2);
    // A panel still waiting for its answer keeps the file's answers: unpinning would take them from it.
    panels.showSending(target('waiting', '3'), () => undefined);
    assert.equal(panels.unpinCurrent(), 'sending');
  });

  it('after a reload, a second panel restored for a file comes back pinned, and Unpin gives it the file\'s answers', async () => {
    const uri = document.uri.toString();
    for (const title of ['taking', 'kept']) {
      const restored = vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await panels.deserializeWebviewPanel(restored, { panel: { documentUri: uri, title } });
    }
    await waitFor('the second one titled pinned', () => labels().join() === 'kept (pinned),taking');
    assert.equal(panels.unpinCurrent(), 'unpinned');
    await waitFor('the panels swapped', () => labels().join() === 'kept,taking (pinned)');
    panels.showResult(target('answer', '3'), await send());
    await waitFor('the answer in the unpinned panel', () => labels().join() === 'answer,taking (pinned)');
  });

  it('two panels of the same title from two files name their files, until one closes', async () => {
    const other = vscode.Uri.parse('untitled:/elsewhere/other.http');
    panels.showResult(target('me', '3'), await send());
    await waitFor('the first panel', () => labels().join() === 'me');
    panels.showResult({ documentUri: other.toString(), title: 'me', requestKey: '1' }, await send());
    await waitFor('both titles naming their files', () => labels().join() === 'me · other.http,me · typical-session.http');
    await vscode.window.tabGroups.close(responseTabs().filter((t) => t.label === 'me · other.http'));
    await waitFor('the note gone with the clash', () => labels().join() === 'me');
  });

  it('pinning again and again opens no column past the third: the next answers stack as tabs there', async () => {
    for (const title of ['a', 'b', 'c']) {
      panels.showResult(target(title, '3'), await send());
      await waitFor(`the panel ${title}`, () => labels().includes(title));
      assert.equal(panels.pinCurrent(), 'pinned');
      await waitFor(`${title} pinned`, () => labels().includes(`${title} (pinned)`));
    }
    panels.showResult(target('d', '3'), await send());
    await waitFor('four panels', () => labels().length === 4);
    const columns = responseTabs().map((t) => t.group.viewColumn);
    assert.ok(Math.max(...columns) <= vscode.ViewColumn.Three, `columns ${columns.join(', ')}`);
    assert.ok(vscode.window.tabGroups.all.length <= 3, `${vscode.window.tabGroups.all.length} editor groups`);
  });

  it('issue 11, item 3: a panel still sending is not pinned; with no panel there is nothing to pin', async () => {
    assert.equal(panels.pinCurrent(), 'none');
    panels.showSending(target('waiting', '3'), () => undefined);
    assert.equal(panels.pinCurrent(), 'sending');
  });

  it('issue 11, item 3: the Pin and Unpin Response Panel commands are registered', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(CommandIds.pinResponsePanel));
    assert.ok(commands.includes(CommandIds.unpinResponsePanel));
    // The title bar shows one of the two by the context key the panels set.
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus['editor/title']!;
    for (const command of [CommandIds.pinResponsePanel, CommandIds.unpinResponsePanel]) {
      assert.ok(menus.find((m) => m.command === command)?.when?.includes(PINNED_CONTEXT_KEY), command);
    }
  });
});
