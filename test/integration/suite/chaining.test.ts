import * as assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { startDemoServer, type DemoRequest } from '../../../src/demo/demo-server';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { waitFor } from './wait';

// Issue 12, item 4: Send Request on a request that uses another's answer sends that one first;
// the panel shows the request asked for, the other goes to the history and its lens summary.

/** What reached the panel, as `title kind status|code`. */
class PanelLog implements ResponsePresenter {
  readonly lines: string[] = [];
  showSending(target: PanelTarget): void {
    this.lines.push(`${target.title} sending`);
  }
  showResult(target: PanelTarget, result: SendResult): void {
    this.lines.push(`${target.title} result ${result.response.status} ${target.historyId !== undefined ? 'kept' : 'not kept'}`);
    result.dispose();
  }
  showFailure(target: PanelTarget, err: HttpWireError): void {
    this.lines.push(`${target.title} failure ${err.code}`);
  }
}

async function hoverText(uri: vscode.Uri, line: number): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 1));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

describe('request chaining in the editor (issue 12, item 4)', () => {
  let api: HttpWireTestApi;
  let demo: Server;
  let seen: DemoRequest[];

  before(async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    await vscode.window.showTextDocument(document);
    api = (await vscode.extensions.getExtension<HttpWireTestApi>('http-wire.http-wire')!.activate()) as HttpWireTestApi;
    demo = await startDemoServer(0, '127.0.0.1', (r) => seen.push(r));
  });
  beforeEach(() => (seen = []));
  after(() => demo.close());

  it('issue 12, item 4: Send Request on "me" sends "login" first and uses its token; the panel shows "me" alone', async () => {
    const port = (demo.address() as AddressInfo).port;
    const text = [
      `@host = http://127.0.0.1:${port}`,
      '',
      '###',
      '# @name login',
      'POST /api/login',
      'Content-Type: application/json',
      '',
      '{"user": "ada"}',
      '',
      '###',
      '# @name me',
      'GET /api/me',
      'Authorization: Bearer {{login.response.body.$.token}}',
      'X-Login: {{login.response.headers.X-Request-Id}}',
      '',
    ].join('\n');
    const meLine = 11;
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: text });
    await vscode.window.showTextDocument(document);
    const panel = new PanelLog();
    const restore = api.usePresenter(panel);
    try {
      const lenses = await waitFor('the lenses', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
        return found.filter((l) => l.command?.title === 'Send Request').length === 2 ? found : undefined;
      });
      // The hover prepares "me" as a send would, reading the answers got in this session: none yet.
      assert.match((await hoverText(document.uri, meLine)).join('\n'), /\*\*Sent first:\*\* `login` \(no answer yet/);
      const sendMe = lenses.filter((l) => l.command?.title === 'Send Request')[1]!.command!;
      await vscode.commands.executeCommand(sendMe.command, ...(sendMe.arguments ?? []));
      await waitFor('the answer of "me"', () => panel.lines.some((l) => l.startsWith('me result')));
      assert.deepEqual(panel.lines, ['me sending', 'me result 200 kept']);
      assert.deepEqual(seen.map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
      const auth = seen[1]!.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
      assert.match(auth, /^Bearer [0-9a-f]{24}$/);
      // Both lenses carry their request's summary: the dependency's answer is known too.
      const titles = await waitFor('both summaries', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
        const summaries = found.map((l) => l.command?.title ?? '').filter((t) => /^200 OK/.test(t));
        return summaries.length === 2 ? summaries : undefined;
      });
      assert.equal(titles.length, 2);
      // Now the hover prepares "me" with the answer "login" got: what it would send, no error.
      const after = (await hoverText(document.uri, meLine)).join('\n');
      assert.match(after, /^\*\*HTTP Wire sends\*\* `GET http:\/\/127\.0\.0\.1:\d+\/api\/me`/);
      assert.doesNotMatch(after, /not been sent|HW_/);

      // Sent again, "me" reuses the answer "login" got in this session: login is not sent again.
      seen = [];
      panel.lines.length = 0;
      await vscode.commands.executeCommand(sendMe.command, ...(sendMe.arguments ?? []));
      await waitFor('the second answer of "me"', () => panel.lines.some((l) => l.startsWith('me result')));
      assert.deepEqual(seen.map((r) => `${r.method} ${r.target}`), ['GET /api/me']);
      assert.equal(seen[0]!.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1], auth);
    } finally {
      restore.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
