import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { HistoryStore } from '../../../src/core/history/history-store';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { OK_200 } from '../../../src/demo/seed-responses';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { waitFor } from './wait';

// Issue 11, item 6: every answer goes into the history in the extension's global storage, where
// a new HistoryStore reads it back (it persists); Show History reopens it; Clear History empties it.

const EXTENSION_ID = 'http-wire.http-wire';

/** Records the answers shown (title, status, body) and frees them, as the panel would. */
class AnswerRecorder implements ResponsePresenter {
  readonly answers: { title: string; status: number; body: string }[] = [];
  showSending(): void {}
  showResult(target: PanelTarget, result: SendResult): void {
    this.answers.push({ title: target.title, status: result.response.status, body: result.body.toBuffer().toString('latin1') });
    result.dispose();
  }
  showFailure(_target: PanelTarget, err: HttpWireError): void {
    throw new Error(`unexpected failure ${err.code}`);
  }
}

describe('history of exchanges (issue 11, item 6)', () => {
  let api: HttpWireTestApi;
  let server: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();

  before(async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    await vscode.window.showTextDocument(document);
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', () => socket.write(OK_200));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('keeps a send to a loopback server, reads it back from the store folder, reopens it, and clear empties it', async () => {
    const presenter = new AnswerRecorder();
    const restore = api.usePresenter(presenter);
    try {
      await vscode.commands.executeCommand(CommandIds.clearHistory);
      assert.deepEqual(await new HistoryStore(api.historyFolder).list(), []);

      const document = await vscode.workspace.openTextDocument({ language: 'http', content: `GET http://127.0.0.1:${port}/kept HTTP/1.1\n` });
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
      assert.equal(presenter.answers[0]?.status, 200);

      // A new store on the same folder: what was kept is on the disk, not in the extension's memory.
      const [entry, ...rest] = await waitFor('the exchange in the history', async () => {
        const entries = await new HistoryStore(api.historyFolder).list();
        return entries.length > 0 ? entries : undefined;
      });
      assert.equal(rest.length, 0);
      assert.equal(entry!.record.request.url, `http://127.0.0.1:${port}/kept`);
      assert.equal(`${entry!.record.response.status} ${entry!.record.response.reason}`, '200 OK');
      assert.deepEqual(entry!.record.source, { label: `GET http://127.0.0.1:${port}/kept`, fileName: document.uri.path.split('/').pop() });

      // Show History, then Enter on its first (newest) item: the answer is shown again.
      void vscode.commands.executeCommand(CommandIds.showHistory);
      await waitFor('the reopened exchange', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return presenter.answers.length > 1;
      });
      assert.equal(presenter.answers[1]!.title, `History: GET http://127.0.0.1:${port}/kept`);
      assert.equal(presenter.answers[1]!.status, 200);
      assert.equal(presenter.answers[1]!.body, presenter.answers[0]!.body);

      await vscode.commands.executeCommand(CommandIds.clearHistory);
      assert.deepEqual(await new HistoryStore(api.historyFolder).list(), []);
    } finally {
      restore.dispose();
    }
  });
});
