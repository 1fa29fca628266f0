// Issue 11, item 2: Save Response, Save Response Body and Compare Responses in the real extension
// host, over the answer a response panel shows and over history entries. The target file is
// passed to the command (the save dialog is only for a call without one).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { HistoryStore } from '../../../src/core/history/history-store';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import { onRequests, RawServer } from '../../support/raw-server';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';

const JSON_A = '{"id":1,"name":"Ada","tags":["x","é"]}';
const JSON_B = '{"id":2,"name":"Grace","tags":["x"]}';

/** `/a` and `/b` answer JSON gzipped, with a Content-Disposition and a header sent twice in two cases. */
function answer(pathname: string): Buffer {
  const json = pathname === '/a' ? JSON_A : JSON_B;
  const body = zlib.gzipSync(Buffer.from(json));
  const head = [
    'HTTP/1.1 200 OK',
    'Content-Type: application/json; charset=utf-8',
    'Content-Encoding: gzip',
    "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sultat.json",
    'X-Dup: one',
    'x-dup: two',
    `Content-Length: ${body.length}`,
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
}

describe('save and compare responses (issue 11, item 2)', () => {
  let api: HttpWireTestApi;
  let server: RawServer;
  let dir: string;

  before(async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    await vscode.window.showTextDocument(document);
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    server = await RawServer.start((socket) => onRequests(socket, (head) => socket.write(answer(head.split(' ')[1]!))));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-save-test-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Sends GET `pathname` from a new untitled document: its answer shows in that document's panel. */
  async function sendFromNewDocument(pathname: string): Promise<string> {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `# @name result ${pathname.slice(1)}\nGET ${server.url(pathname)}\n` });
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 1);
    return document.uri.toString();
  }

  async function historyIdOf(pathname: string): Promise<string> {
    const entry = await waitFor(`${pathname} in the history`, async () => (await new HistoryStore(api.historyFolder).list()).find((e) => e.record.request.url === server.url(pathname)));
    return entry.id;
  }

  it('saves the body a panel shows byte for byte, its gzip undone, and the same from its history entry', async () => {
    await vscode.commands.executeCommand(CommandIds.clearHistory);
    const panel = await sendFromNewDocument('/a');
    const target = vscode.Uri.file(path.join(dir, 'from-panel.json'));
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(CommandIds.saveBody, target, { panel });
    assert.equal(saved?.fsPath, target.fsPath);
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), JSON_A);

    const fromHistory = vscode.Uri.file(path.join(dir, 'from-history.json'));
    await vscode.commands.executeCommand(CommandIds.saveBody, fromHistory, { historyId: await historyIdOf('/a') });
    assert.deepEqual(fs.readFileSync(fromHistory.fsPath), fs.readFileSync(target.fsPath));
  });

  it('saves the whole response as text: status line, headers in order and case with duplicates, blank line, decoded body', async () => {
    const panel = await sendFromNewDocument('/a');
    const target = vscode.Uri.file(path.join(dir, 'response.http'));
    await vscode.commands.executeCommand(CommandIds.saveResponse, target, { panel });
    const text = fs.readFileSync(target.fsPath, 'utf8');
    const [head, body] = text.split('\r\n\r\n');
    const lines = head!.split('\r\n');
    assert.equal(lines[0], 'HTTP/1.1 200 OK');
    assert.deepEqual(
      lines.slice(1, 6),
      ['Content-Type: application/json; charset=utf-8', 'Content-Encoding: gzip', "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sultat.json", 'X-Dup: one', 'x-dup: two'],
    );
    assert.equal(body, JSON_A);
  });

  it('does nothing for a panel that shows no answer, and writes no file', async () => {
    const target = vscode.Uri.file(path.join(dir, 'never.json'));
    assert.equal(await vscode.commands.executeCommand(CommandIds.saveBody, target, { panel: 'untitled:NoSuchPanel' }), undefined);
    assert.equal(await vscode.commands.executeCommand(CommandIds.saveBody, target, { historyId: '000000000000000-00000000' }), undefined);
    assert.equal(fs.existsSync(target.fsPath), false);
  });

  it('compares two history entries, and a panel with an entry, in a diff of documents on our own scheme with the JSON pretty-printed', async () => {
    const panel = await sendFromNewDocument('/b');
    const [a, b] = [await historyIdOf('/a'), await historyIdOf('/b')];
    const uris = await vscode.commands.executeCommand<[vscode.Uri, vscode.Uri] | undefined>(CommandIds.compareResponses, { historyId: a }, { historyId: b });
    assert.ok(uris, 'the comparison opened');
    const [left, right] = await Promise.all(uris.map((u) => vscode.workspace.openTextDocument(u)));
    assert.equal(left!.uri.scheme, 'http-wire-response');
    assert.match(left!.getText(), /^HTTP\/1\.1 200 OK\nContent-Type: application\/json; charset=utf-8\n[^]*\nx-dup: two\n.*\n\n\{\n {2}"id": 1,\n {2}"name": "Ada",/);
    assert.match(right!.getText(), /\n\{\n {2}"id": 2,\n {2}"name": "Grace",/);
    await waitFor('the diff editor', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === uris[0].toString() && t.input.modified.toString() === uris[1].toString()),
    );

    const fromPanel = await vscode.commands.executeCommand<[vscode.Uri, vscode.Uri] | undefined>(CommandIds.compareResponses, { panel }, { historyId: a });
    assert.ok(fromPanel);
    const [shown, kept] = await Promise.all(fromPanel.map((u) => vscode.workspace.openTextDocument(u)));
    assert.match(shown!.getText(), /"name": "Grace"/);
    assert.match(kept!.getText(), /"name": "Ada"/);
  });

  it('Compare masks what the panel masks: a secret the server echoed back', async () => {
    const secret = 'compare-secret-8642';
    const echo = await RawServer.start((socket) =>
      onRequests(socket, (head) => {
        const body = JSON.stringify({ echoed: new URL(head.split(' ')[1]!, 'http://x').searchParams.get('key') });
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }),
    );
    try {
      const document = await vscode.workspace.openTextDocument({ language: 'http', content: `# @prompt apiKey\nGET ${echo.url('/echo')}?key={{apiKey}}\n` });
      await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      // An answered prompt whose name says secret is masked from then on, as a private value.
      const restore = api.useQuestions({ showInputBox: () => Promise.resolve(secret), showWarningMessage: () => Promise.resolve(undefined) });
      try {
        await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 1);
      } finally {
        restore.dispose();
      }
      const uris = await vscode.commands.executeCommand<[vscode.Uri, vscode.Uri] | undefined>(CommandIds.compareResponses, { panel: document.uri.toString() }, { historyId: await historyIdOf('/a') });
      assert.ok(uris);
      const [shown] = await Promise.all(uris.map((u) => vscode.workspace.openTextDocument(u)));
      assert.match(shown!.getText(), /"echoed": "\*\*\*"/);
      assert.ok(!shown!.getText().includes(secret));
    } finally {
      await echo.close();
    }
  });
});
