// Issue 12, item 3: the environment picker in the real extension host. Env files are written into
// the workspace copy beside a .http file; Select Environment is run with an argument (no UI), the
// status-bar item shows the choice, and Send Request to 127.0.0.1 uses the environment's values,
// the private file's token on the wire but masked in the history.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import { HistoryStore } from '../../../src/core/history/history-store';
import type { SendResult } from '../../../src/core/wire/send-result';
import { CommandIds } from '../../../src/editor/command-ids';
import { offerRestClientImport } from '../../../src/editor/environment-commands';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { startDemoServer, type DemoRequest } from '../../../src/demo/demo-server';
import { startOkServer, type RawServer } from '../../support/raw-server';
import { waitFor } from './wait';

const EXTENSION_ID = 'http-wire.http-wire';
const PRIVATE_TOKEN = 'editor-private-token-31337';

type Settled = { readonly kind: 'result'; readonly status: number } | { readonly kind: 'failure'; readonly code: string; readonly message: string };

class RecordingPresenter implements ResponsePresenter {
  readonly settled: Settled[] = [];
  showSending(): void {}
  showResult(_target: PanelTarget, result: SendResult): void {
    this.settled.push({ kind: 'result', status: result.response.status });
    result.dispose();
  }
  showFailure(_target: PanelTarget, err: HttpWireError): void {
    this.settled.push({ kind: 'failure', code: err.code, message: err.message });
  }
}

describe('environments: the picker and the status bar (issue 12, item 3)', () => {
  let api: HttpWireTestApi;
  let server: RawServer;
  const heads: string[] = [];
  let presenter: RecordingPresenter;
  let restore: vscode.Disposable;
  let folder: string;

  before(async () => {
    await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    server = await startOkServer(heads);
    folder = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'environments');
    fs.mkdirSync(path.join(folder, 'api'), { recursive: true });
    const origin = server.url('/').replace(/\/$/, '');
    fs.writeFileSync(path.join(folder, 'http-client.env.json'), JSON.stringify({ $shared: { version: 'v1' }, dev: { host: origin }, prod: { host: 'http://prod.invalid' } }));
    fs.writeFileSync(path.join(folder, 'api', 'http-client.private.env.json'), JSON.stringify({ dev: { token: PRIVATE_TOKEN } }));
    fs.writeFileSync(path.join(folder, 'api', 'users.http'), 'GET {{host}}/{{version}}/users\nAuthorization: Bearer {{token}}\n');
    presenter = new RecordingPresenter();
    restore = api.usePresenter(presenter);
  });

  after(async () => {
    restore.dispose();
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, null);
    await server.close();
  });

  async function sendUsers(): Promise<Settled> {
    const document = await vscode.workspace.openTextDocument(path.join(folder, 'api', 'users.http'));
    await vscode.window.showTextDocument(document);
    const before = presenter.settled.length;
    await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
    return waitFor('the send to end', () => presenter.settled[before]);
  }

  it('issue 12, item 3: Select Environment "dev" shows in the status bar, and a send uses its values (the private file\'s too)', async () => {
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'dev');
    const document = await vscode.workspace.openTextDocument(path.join(folder, 'api', 'users.http'));
    await vscode.window.showTextDocument(document);
    const status = await waitFor('the status bar to show dev', () => {
      const s = api.environmentStatus();
      return s.isVisible && s.text.endsWith(' dev') ? s : undefined;
    });
    assert.equal(status.text, '$(server-environment) dev');
    assert.deepEqual(await sendUsers(), { kind: 'result', status: 200 });
    assert.match(heads[heads.length - 1]!, /^GET \/v1\/users HTTP\/1\.1\r\n/);
    assert.match(heads[heads.length - 1]!, new RegExp(`\\r\\nAuthorization: Bearer ${PRIVATE_TOKEN}`));
  });

  it('issue 12, item 3: the private value is masked in the history', async () => {
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'dev');
    await sendUsers();
    const entry = await waitFor('the exchange in the history', async () => (await new HistoryStore(api.historyFolder).list()).find((e) => e.record.request.url.endsWith('/v1/users')));
    const kept = JSON.stringify(entry.record) + Buffer.from(entry.record.request.sentBase64, 'base64').toString('latin1');
    assert.ok(!kept.includes(PRIVATE_TOKEN), 'the private token was kept in the history');
    assert.match(kept, /Bearer \*\*\*/);
  });

  it('issue 12, item 3: "No Environment" leaves only $shared: the send fails naming the variable, nothing is sent', async () => {
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, null);
    await waitFor('the status bar to show no environment', () => api.environmentStatus().text === '$(server-environment) No Environment');
    const count = heads.length;
    const settled = await sendUsers();
    assert.equal(settled.kind, 'failure');
    assert.equal((settled as { code: string }).code, 'HW_UNRESOLVED_VARIABLE');
    assert.match((settled as { message: string }).message, /\{\{host\}\} in the URL \(line 1\) has no value/);
    assert.equal(heads.length, count);
  });

  it('another environment forgets the answers chained requests read: "me" under beta never carries alpha\'s login token', async () => {
    const demos: Array<{ server: Server; seen: DemoRequest[] }> = [];
    for (let i = 0; i < 2; i++) {
      const seen: DemoRequest[] = [];
      demos.push({ server: await startDemoServer(0, '127.0.0.1', (r) => seen.push(r)), seen });
    }
    try {
      const origin = (k: number): string => `http://127.0.0.1:${(demos[k]!.server.address() as AddressInfo).port}`;
      const switchFolder = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'env-switch');
      fs.mkdirSync(switchFolder, { recursive: true });
      fs.writeFileSync(path.join(switchFolder, 'http-client.env.json'), JSON.stringify({ alpha: { base: origin(0) }, beta: { base: origin(1) } }));
      const file = path.join(switchFolder, 'me.http');
      fs.writeFileSync(file, ['# @name login', 'POST {{base}}/api/login', 'Content-Type: application/json', '', '{"user": "ada"}', '', '###', '# @name me', 'GET {{base}}/api/me', 'Authorization: Bearer {{login.response.body.$.token}}', ''].join('\n'));
      const meLine = 8;
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const sendMe = async (): Promise<Settled> => {
        const before = presenter.settled.length;
        await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, meLine);
        return waitFor('the send to end', () => presenter.settled[before]);
      };
      /** The summary lens of each request line that has one: `line: 200 OK · ...`. */
      const summaries = async (): Promise<string[]> => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
        return lenses.filter((l) => /^\d{3} /.test(l.command?.title ?? '')).map((l) => `${l.range.start.line}: ${l.command!.title.split(' · ')[0]}`);
      };
      await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'alpha');
      assert.deepEqual(await sendMe(), { kind: 'result', status: 200 });
      assert.deepEqual(demos[0]!.seen.map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
      assert.deepEqual(await summaries(), ['1: 200 OK', '8: 200 OK']);
      await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'beta');
      // alpha's answers are not beta's: no summary stands above the requests there.
      assert.deepEqual(await summaries(), []);
      // alpha's token would be refused there (401): login is sent again, to beta's host.
      assert.deepEqual(await sendMe(), { kind: 'result', status: 200 });
      assert.deepEqual(demos[1]!.seen.map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
      assert.equal(demos[0]!.seen.length, 2);
      await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'alpha');
      assert.deepEqual(await summaries(), ['1: 200 OK', '8: 200 OK']);
    } finally {
      for (const d of demos) d.server.close();
    }
  });

  it('issue 12, item 3: the status-bar item is hidden for other documents', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'x' }));
    await waitFor('the status bar item to hide', () => !api.environmentStatus().isVisible);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(folder, 'api', 'users.http')));
    await waitFor('the status bar item to show again', () => api.environmentStatus().isVisible);
  });

  it("issue 12, item 3: REST Client's rest-client.environmentVariables in the workspace settings is read while ours is unset ({{$shared name}} too)", async () => {
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    const origin = server.url('/').replace(/\/$/, '');
    fs.writeFileSync(settingsFile, JSON.stringify({ 'rest-client.environmentVariables': { $shared: { api: '/rest/v2' }, restdev: { restHost: origin, restPath: '{{$shared api}}/items' } } }));
    try {
      await waitFor('the workspace setting to be read', () => vscode.workspace.getConfiguration('rest-client').get('environmentVariables') !== undefined);
      await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'restdev');
      const document = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET {{restHost}}{{restPath}}\n' });
      const before = presenter.settled.length;
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
      assert.deepEqual(await waitFor('the send to end', () => presenter.settled[before]), { kind: 'result', status: 200 });
      assert.match(heads[heads.length - 1]!, /^GET \/rest\/v2\/items HTTP\/1\.1\r\n/);
    } finally {
      fs.rmSync(settingsFile, { force: true });
      await waitFor('the workspace setting to be gone', () => vscode.workspace.getConfiguration('rest-client').get('environmentVariables') === undefined);
    }
  });

  it('issue 12, item 3: the hover shows the URL with the environment\'s values, the private one masked', async () => {
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'dev');
    const file = path.join(folder, 'api', 'hover.http');
    fs.writeFileSync(file, 'GET {{host}}/{{version}}/hover?key={{token}}\n');
    const document = await vscode.workspace.openTextDocument(file);
    const text = await waitFor('the hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 2));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n') || undefined;
    });
    assert.ok(text.includes(`${server.url('/v1/hover')}?key=***`), text);
    assert.ok(!text.includes(PRIVATE_TOKEN), text);
  });

  it("issue 12, item 3: the offer to import REST Client's environments writes ours at the same place, once", async () => {
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    const theirs = { $shared: { api: '/v2' }, imported: { host: 'http://imported.test' } };
    fs.writeFileSync(settingsFile, JSON.stringify({ 'rest-client.environmentVariables': theirs }));
    const values = new Map<string, unknown>();
    const state: vscode.Memento = { keys: () => [...values.keys()], get: <T>(key: string) => values.get(key) as T, update: async (key: string, value: unknown) => void values.set(key, value) };
    const asked: string[] = [];
    try {
      await waitFor('the workspace setting to be read', () => vscode.workspace.getConfiguration('rest-client').get('environmentVariables') !== undefined);
      await offerRestClientImport(state, async (message, action) => {
        asked.push(message);
        return action;
      });
      assert.equal(asked.length, 1);
      assert.match(asked[0]!, /Import them into httpWire\.environmentVariables\?/);
      const ours = await waitFor('our setting in the workspace', () => vscode.workspace.getConfiguration('httpWire').inspect('environmentVariables')?.workspaceValue);
      assert.deepEqual(ours, theirs);
      await offerRestClientImport(state, async (message) => void asked.push(message));
      assert.equal(asked.length, 1, 'offered once');
    } finally {
      await vscode.workspace.getConfiguration('httpWire').update('environmentVariables', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(settingsFile, { force: true });
      await waitFor('the workspace setting to be gone', () => vscode.workspace.getConfiguration('rest-client').get('environmentVariables') === undefined);
    }
  });
});
