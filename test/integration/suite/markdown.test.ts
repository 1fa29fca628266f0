import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { OK_200 } from '../../../src/demo/seed-responses';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { waitFor } from './wait';
import { startServer, stopServer } from './head-recording-server';

// ```http blocks of Markdown files, as a user meets them: Ctrl/Cmd+Alt+R with the cursor in a block
// (and outside any), and the hovers' line numbers. Their colouring is tested on VS Code's own Markdown
// grammar in plain Node (test/grammar/markdown-injection.test.ts): the extension host has no API for scopes.

const EXTENSION_ID = 'http-wire.http-wire';

type Shown = { readonly kind: 'sending' | 'result' | 'failure'; readonly target: PanelTarget; readonly status?: number; readonly message?: string };

/** Records what the sends deliver; it owns the results as the panel would, and frees them. */
class RecordingPresenter implements ResponsePresenter {
  readonly shown: Shown[] = [];
  showSending(target: PanelTarget): void {
    this.shown.push({ kind: 'sending', target });
  }
  showResult(target: PanelTarget, result: SendResult): void {
    this.shown.push({ kind: 'result', target, status: result.response.status });
    result.dispose();
  }
  showFailure(target: PanelTarget, err: HttpWireError): void {
    this.shown.push({ kind: 'failure', target, message: err.message });
  }
  settled(): Shown | undefined {
    return this.shown.find((s) => s.kind !== 'sending');
  }
}

async function openMarkdown(lines: readonly string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
  return vscode.window.showTextDocument(document);
}

/** Our hovers' Markdown at `line`, `column` (Markdown's own providers may add theirs: not ours). */
async function hoverText(uri: vscode.Uri, line: number, column: number, ours: RegExp): Promise<string> {
  return waitFor(`our hover at ${line}:${column}`, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, column));
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => ours.test(t));
  });
}

describe('Markdown ```http blocks: send at the cursor, hovers by the file\'s lines', () => {
  let presenter: RecordingPresenter;
  let restore: vscode.Disposable | undefined;

  before(async () => {
    await openMarkdown(['# Activates the extension', '']);
    const api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    presenter = new RecordingPresenter();
    restore = api.usePresenter(presenter);
  });

  after(() => restore?.dispose());

  it('sends the request of the block at the cursor with Send Request (Ctrl/Cmd+Alt+R, the palette), and nothing from outside a block', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openMarkdown([
        '# Notes', // 0
        '',
        `Not a request: GET http://127.0.0.1:${s.port}/prose`, // 2
        '',
        '```http Create',
        `GET http://127.0.0.1:${s.port}/md HTTP/1.1`, // 5
        'X-Which: markdown', // 6
        '```',
        '',
        `GET http://127.0.0.1:${s.port}/after-the-fence`, // 9
        '',
      ]);
      // The keybinding and the palette run the command with no argument: the active editor's cursor.
      for (const line of [0, 2, 9]) {
        editor.selection = new vscode.Selection(line, 3, line, 3);
        await vscode.commands.executeCommand(CommandIds.sendRequest);
      }
      assert.deepEqual(presenter.shown, [], 'nothing is sent from outside a block');
      assert.deepEqual(s.heads, []);
      // The cursor on the block's header line, not on its request line.
      editor.selection = new vscode.Selection(6, 4, 6, 4);
      await vscode.commands.executeCommand(CommandIds.sendRequest);
      const shown = await waitFor('the answer', () => presenter.settled());
      assert.equal(shown.kind, 'result', JSON.stringify(shown));
      assert.equal(shown.status, 200);
      assert.equal(shown.target.documentUri, editor.document.uri.toString());
      assert.equal(s.heads.length, 1);
      assert.match(s.heads[0]!, /^GET \/md HTTP\/1\.1\r\n/);
      assert.match(s.heads[0]!, /\r\nX-Which: markdown(\r\n|$)/);
      // The editor's context menu passes the document's URI: the cursor's request all the same.
      await vscode.commands.executeCommand(CommandIds.sendRequest, editor.document.uri);
      await waitFor('the second send', () => s.heads.length === 2);
      assert.match(s.heads[1]!, /^GET \/md HTTP\/1\.1\r\n/);
    } finally {
      await stopServer(s);
    }
  });

  it('gives hovers the Markdown file\'s line numbers, not the block\'s', async () => {
    const editor = await openMarkdown([
      '# Hovers', // 0
      '',
      'Text before the block.',
      '',
      '```http', // 4
      '@mdApi = http://127.0.0.1:9', // 5
      'GET {{mdApi}}/x', // 6
      '```',
      '',
      '```rest', // 9
      'GET http://127.0.0.1:9/{{mdNoSuchName7f}}', // 10
      '```',
      '',
    ]);
    const uri = editor.document.uri;
    const variable = await hoverText(uri, 6, 7, /File variable/);
    assert.match(variable, /File variable `@mdApi`, line 6\./);
    // The request line's hover: the send path's message names the URL's line, as the file counts it.
    const request = await hoverText(uri, 10, 1, /would not send/);
    assert.match(request, /in the URL \\\(line 11\\\)/);
  });

  it('names the Markdown file\'s line in the panel\'s failure, as in the hover', async () => {
    const editor = await openMarkdown(['# Failure', '', 'Some text.', '', '```http', 'GET http://127.0.0.1:9/{{mdMissing3b}}', '```', '']);
    editor.selection = new vscode.Selection(5, 0, 5, 0);
    const before = presenter.shown.length;
    await vscode.commands.executeCommand(CommandIds.sendRequest);
    const failure = await waitFor('the failure', () => presenter.shown.slice(before).find((s) => s.kind === 'failure'));
    assert.match(failure.message ?? '', /in the URL \(line 6\)/);
  });
});
