// Issue 12, "done when", in the real extension host: the three example collections of examples/
// (REST Client style with settings environments and request variables, JetBrains style with env
// files, httpYac style with @ref) run with Send All Requests in environment "dev" against the demo
// server. They are copied into the test workspace as they are, only the demo server's default
// address (127.0.0.1:8081) replaced with this test's; the REST Client environments go into the
// workspace's .vscode/settings.json, where a REST Client user keeps them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { startDemoServer, type DemoRequest } from '../../../src/demo/demo-server';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { waitFor } from './wait';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'examples');

/** What reached the panels, as `title status` or `title code`. */
class Outcomes implements ResponsePresenter {
  readonly lines: string[] = [];
  showSending(): void {}
  showResult(target: PanelTarget, result: SendResult): void {
    this.lines.push(`${target.title} ${result.response.status}`);
    result.dispose();
  }
  showFailure(target: PanelTarget, err: HttpWireError): void {
    this.lines.push(`${target.title} ${err.code}: ${err.message}`);
  }
}

describe('examples: three collections run unchanged in the editor (issue 12, done when)', function () {
  this.timeout(60_000);
  let api: HttpWireTestApi;
  let demo: Server;
  let received: DemoRequest[] = [];
  let outcomes: Outcomes;
  let restorePresenter: vscode.Disposable;
  const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const folder = () => path.join(workspace(), 'examples-run');
  const settingsFile = () => path.join(workspace(), '.vscode', 'settings.json');
  const header = (r: DemoRequest, name: string): string | undefined => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];

  /** `from` (under examples/) copied to `to` (under the run's folder), pointed at the test's demo server. */
  function copy(from: string, to = from): void {
    const port = (demo.address() as AddressInfo).port;
    const target = path.join(folder(), to);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, fs.readFileSync(path.join(EXAMPLES, from), 'utf8').replaceAll('127.0.0.1:8081', `127.0.0.1:${port}`));
  }

  async function sendAll(file: string, requests: number): Promise<string[]> {
    const document = await vscode.workspace.openTextDocument(path.join(folder(), file));
    await vscode.window.showTextDocument(document);
    received = [];
    outcomes.lines.length = 0;
    await vscode.commands.executeCommand(CommandIds.sendAllRequests, document.uri);
    return waitFor(`the ${requests} answers of ${file}`, () => (outcomes.lines.length >= requests ? outcomes.lines : undefined), 20_000);
  }

  before(async () => {
    api = (await vscode.extensions.getExtension<HttpWireTestApi>('http-wire.http-wire')!.activate()) as HttpWireTestApi;
    demo = await startDemoServer(0, '127.0.0.1', (r) => received.push(r));
    copy('rest-client-style.http');
    copy('chaining-httpyac.http');
    copy('jetbrains-style/requests.http');
    copy('jetbrains-style/http-client.env.json');
    copy('jetbrains-style/http-client.private.env.json.example', 'jetbrains-style/http-client.private.env.json');
    copy('.vscode/settings.json', '../.vscode/settings.json');
    await waitFor('the REST Client environments to be read', () => vscode.workspace.getConfiguration('rest-client').get('environmentVariables') !== undefined);
    outcomes = new Outcomes();
    restorePresenter = api.usePresenter(outcomes);
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, 'dev');
  });

  after(async () => {
    restorePresenter.dispose();
    await vscode.commands.executeCommand(CommandIds.selectEnvironment, null);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder(), { recursive: true, force: true });
    fs.rmSync(settingsFile(), { force: true });
    await waitFor('the workspace setting to be gone', () => vscode.workspace.getConfiguration('rest-client').get('environmentVariables') === undefined);
    await new Promise((resolve) => demo.close(resolve));
  });

  it('issue 12: REST Client style: settings environments ({{$shared name}} inside), file variables, a request variable from login\'s answer', async () => {
    assert.deepEqual(await sendAll('rest-client-style.http', 2), ['login 200', 'me 200']);
    assert.deepEqual(received.map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
    assert.deepEqual(JSON.parse(received[0]!.body.toString('utf8')), { user: 'ada' });
    assert.match(header(received[1]!, 'authorization') ?? '', /^Bearer [0-9a-f]{24}$/);
    assert.match(header(received[1]!, 'x-login-request') ?? '', /^login-[0-9a-f]{6}$/);
  });

  it('issue 12: JetBrains style: http-client.env.json with $shared, and the private file', async () => {
    assert.deepEqual(await sendAll('jetbrains-style/requests.http', 3), ['home 200', 'contactForm 200', 'notFound 404']);
    assert.equal(header(received[0]!, 'authorization'), 'Bearer replace-me-dev-token');
    assert.equal(header(received[0]!, 'accept-language'), 'fr');
  });

  it('issue 12: httpYac style: host as the base of origin-form targets, # @ref and {{login.token}}', async () => {
    const lines = await sendAll('chaining-httpyac.http', 3);
    assert.ok(lines.every((l) => / 200$/.test(l)), lines.join('\n'));
    assert.deepEqual(received.slice(0, 2).map((r) => `${r.method} ${r.target}`), ['POST /api/login', 'GET /api/me']);
    assert.match(header(received[1]!, 'authorization') ?? '', /^Bearer [0-9a-f]{24}$/);
  });
});
