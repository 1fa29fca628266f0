// Issue 11, item 7: the httpWire.* settings change what a send does, in the real extension host:
// set as a user would (ConfigurationTarget.Global), then Send Request against servers on 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { OK_200 } from '../../../src/demo/seed-responses';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { RESPONSE_VIEW_TYPE } from '../../../src/webview/panel';
import { onRequests, RawServer } from '../../support/raw-server';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';

type Settled = { readonly kind: 'result'; readonly status: number; readonly bodyBytes: number } | { readonly kind: 'failure'; readonly code: string };

/** Records how each send ended; owns and frees the results, as the panel would. */
class RecordingPresenter implements ResponsePresenter {
  readonly settled: Settled[] = [];
  showSending(): void {}
  showResult(_target: PanelTarget, result: SendResult): void {
    this.settled.push({ kind: 'result', status: result.response.status, bodyBytes: result.rawBody.length });
    result.dispose();
  }
  showFailure(_target: PanelTarget, err: HttpWireError): void {
    this.settled.push({ kind: 'failure', code: err.code });
  }
}

const MOVED = Buffer.from('HTTP/1.1 301 Moved Permanently\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n', 'latin1');
const NEXT = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext', 'latin1');

describe('settings change what a send does (issue 11, item 7)', () => {
  let api: HttpWireTestApi;
  let presenter: RecordingPresenter;
  let restore: vscode.Disposable | undefined;
  const servers: RawServer[] = [];
  const changed: { section: string; key: string }[] = [];

  before(async () => {
    await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
  });

  beforeEach(() => {
    presenter = new RecordingPresenter();
    restore = api.usePresenter(presenter);
  });

  afterEach(async () => {
    restore?.dispose();
    for (const { section, key } of changed.splice(0)) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Global);
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function set(section: string, key: string, value: unknown): Promise<void> {
    changed.push({ section, key });
    await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
    await waitFor(`${section}.${key} to read back`, () => JSON.stringify(vscode.workspace.getConfiguration(section).get(key)) === JSON.stringify(value));
  }

  async function server(answer: (head: string, socket: import('node:net').Socket) => void): Promise<RawServer> {
    const s = await RawServer.start((socket) => onRequests(socket, (head) => answer(head, socket)));
    servers.push(s);
    return s;
  }

  /** Sends the only request of a new untitled document with the Send Request command; resolves with how it ended. */
  async function send(url: string): Promise<Settled> {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `GET ${url} HTTP/1.1\n` });
    const before = presenter.settled.length;
    await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
    return waitFor('the send to end', () => presenter.settled[before]);
  }

  it('issue 11, item 7: httpWire.redirects.follow off → the 301 itself is shown; on (the default) → the page it points to', async () => {
    const s = await server((head, socket) => socket.write(head.startsWith('GET /next ') ? NEXT : MOVED));
    assert.deepEqual(await send(s.url('/old')), { kind: 'result', status: 200, bodyBytes: 4 });
    await set('httpWire', 'redirects.follow', false);
    assert.deepEqual(await send(s.url('/old')), { kind: 'result', status: 301, bodyBytes: 0 });
  });

  it('issue 11, item 7: httpWire.maxBodyBytes below the body → HW_RESPONSE_TOO_LARGE', async () => {
    const s = await server((_head, socket) => socket.write(OK_200));
    assert.deepEqual(await send(s.url('/')), { kind: 'result', status: 200, bodyBytes: 29769 });
    await set('httpWire', 'maxBodyBytes', 1000);
    assert.deepEqual(await send(s.url('/')), { kind: 'failure', code: 'HW_RESPONSE_TOO_LARGE' });
  });

  it("issue 11, item 7: httpWire.timeouts.responseMs → HW_HEADERS_TIMEOUT from a server that never answers", async () => {
    const s = await server(() => undefined);
    await set('httpWire', 'timeouts.responseMs', 200);
    assert.deepEqual(await send(s.url('/')), { kind: 'failure', code: 'HW_HEADERS_TIMEOUT' });
  });

  it("issue 11, item 7: VS Code's http.proxy is used when httpWire.proxy is unset, and httpWire.proxy wins when set", async () => {
    const seenByVscodeProxy: string[] = [];
    const vscodeProxy = await server((head, socket) => {
      seenByVscodeProxy.push(head.split('\r\n')[0]!);
      socket.write(NEXT);
    });
    const seenByOurs: string[] = [];
    const ours = await server((head, socket) => {
      seenByOurs.push(head.split('\r\n')[0]!);
      socket.write(NEXT);
    });
    // The origin's name is never looked up: the request goes to the proxy in absolute form.
    await set('http', 'proxy', `http://127.0.0.1:${vscodeProxy.port}`);
    assert.deepEqual(await send('http://origin.invalid/through'), { kind: 'result', status: 200, bodyBytes: 4 });
    assert.deepEqual(seenByVscodeProxy, ['GET http://origin.invalid/through HTTP/1.1']);
    await set('httpWire', 'proxy', `http://127.0.0.1:${ours.port}`);
    assert.deepEqual(await send('http://origin.invalid/ours'), { kind: 'result', status: 200, bodyBytes: 4 });
    assert.deepEqual(seenByOurs, ['GET http://origin.invalid/ours HTTP/1.1']);
    assert.equal(seenByVscodeProxy.length, 1);
  });

  it('issue 11, item 3: httpWire.responsePanel.mode "perRequest" → the two requests of a file answer in two panels; Pin Response Panel keeps one', async () => {
    const responseTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(RESPONSE_VIEW_TYPE));
    await vscode.window.tabGroups.close(responseTabs());
    // The real panels this time, not the recording presenter.
    restore?.dispose();
    restore = undefined;
    const s = await server((_head, socket) => socket.write(NEXT));
    await set('httpWire', 'responsePanel.mode', 'perRequest');
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `# @name one\nGET ${s.url('/1')}\n\n###\n# @name two\nGET ${s.url('/2')}\n` });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 1);
    await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 5);
    try {
      await waitFor('a panel per request', () => responseTabs().map((t) => t.label).sort().join() === 'one,two');
      assert.equal(vscode.window.activeTextEditor?.document, document, 'the editor keeps the focus');
      // Pin Response Panel (no response panel active: the one shown last), then "two" again: a new panel.
      assert.equal(await vscode.commands.executeCommand(CommandIds.pinResponsePanel), 'pinned');
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 5);
      await waitFor('the pinned panel and a new one', () => responseTabs().map((t) => t.label).sort().join() === 'one,two,two (pinned)');
    } finally {
      await vscode.window.tabGroups.close(responseTabs());
    }
  });
});
