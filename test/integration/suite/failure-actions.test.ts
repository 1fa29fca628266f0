import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { OK_200 } from '../../../src/demo/seed-responses';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { FailureAction, PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { tlsFixtures, TlsRecordingServer } from '../../unit/wire/support-b';
import { waitFor } from './wait';
import { captureNotifications } from './notifications';

// Issue 11, item 3: the buttons under a failure in the panel do what they say — Retry sends the
// request again, "Turn Off Verification for This Request" writes `# @no-reject-unauthorized` above
// it and sends it again — against servers on 127.0.0.1.

const EXTENSION_ID = 'http-wire.http-wire';

type Outcome = { readonly kind: 'result'; readonly status: number } | { readonly kind: 'failure'; readonly code: string; readonly onAction: ((action: FailureAction) => void) | undefined };

class ActionPresenter implements ResponsePresenter {
  readonly outcomes: Outcome[] = [];
  showSending(_target: PanelTarget): void {}
  showResult(_target: PanelTarget, result: SendResult): void {
    this.outcomes.push({ kind: 'result', status: result.response.status });
    result.dispose();
  }
  showFailure(_target: PanelTarget, err: HttpWireError, onAction?: (action: FailureAction) => void): void {
    this.outcomes.push({ kind: 'failure', code: err.code, onAction });
  }
  nth(n: number): Promise<Outcome> {
    return waitFor(`outcome #${n + 1}`, () => this.outcomes[n]);
  }
}

describe('failure actions in the panel (issue 11, item 3)', () => {
  let api: HttpWireTestApi;
  let presenter: ActionPresenter;
  let restore: vscode.Disposable | undefined;

  before(async () => {
    await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
  });

  beforeEach(() => {
    presenter = new ActionPresenter();
    restore = api.usePresenter(presenter);
  });

  afterEach(() => restore?.dispose());

  it('Retry sends the request again: a server that drops the first connection answers the second', async () => {
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      const isFirst = connections++ === 0;
      socket.once('data', () => (isFirst ? socket.destroy() : socket.write(OK_200)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const document = await vscode.workspace.openTextDocument({ language: 'http', content: `GET http://127.0.0.1:${port}/ HTTP/1.1\n` });
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
      const first = await presenter.nth(0);
      assert.equal(first.kind, 'failure');
      assert.ok(first.kind === 'failure' && first.onAction, 'the failure offers its actions');
      first.onAction('retry');
      assert.deepEqual(await presenter.nth(1), { kind: 'result', status: 200 });
      assert.equal(connections, 2);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a failure is told once, in the panel with its buttons; in Send All also by a notification (the panel moves on)', async () => {
    const notifications = captureNotifications();
    const errors = (): string[] => notifications.told.filter((t) => t.severity === 'error').map((t) => t.message);
    try {
      const document = await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1:9/one\n\n###\nGET http://127.0.0.1:9/two\n' });
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
      assert.equal((await presenter.nth(0)).kind, 'failure');
      assert.deepEqual(errors(), []);
      await vscode.commands.executeCommand(CommandIds.sendAllRequests, document.uri);
      assert.equal(presenter.outcomes.length, 3);
      assert.equal(errors().length, 2, errors().join(' | '));
      assert.match(errors()[0]!, /HW_CONNECT_REFUSED/);
    } finally {
      notifications.dispose();
    }
  });

  it('Send All ends with one summary of how its requests went (a 404 and a refused connection among them)', async () => {
    const notifications = captureNotifications();
    const { told } = notifications;
    const NOT_FOUND = 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', (d: Buffer) => socket.write(d.toString('latin1').startsWith('GET /missing') ? NOT_FOUND : OK_200));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const content = [`GET http://127.0.0.1:${port}/a`, '###', `GET http://127.0.0.1:${port}/missing`, '###', 'GET http://127.0.0.1:9/refused', '###', `GET http://127.0.0.1:${port}/b`, ''].join('\n');
      const document = await vscode.workspace.openTextDocument({ language: 'http', content });
      await vscode.commands.executeCommand(CommandIds.sendAllRequests, document.uri);
      const summaries = told.filter((t) => t.message.startsWith('Send All'));
      assert.equal(summaries.length, 1, JSON.stringify(told));
      assert.equal(summaries[0]!.severity, 'warning');
      assert.match(summaries[0]!.message, /^Send All in Untitled-\d+: 4 requests in \d+ ms: 2 answered 2xx\/3xx, 1 answered HTTP 404, 1 failed \(HW_CONNECT_REFUSED\)\.$/);
      told.length = 0;
      const fine = await vscode.workspace.openTextDocument({ language: 'http', content: `GET http://127.0.0.1:${port}/a\n` });
      await vscode.commands.executeCommand(CommandIds.sendAllRequests, fine.uri);
      assert.deepEqual(told.map((t) => t.severity), ['information']);
      assert.match(told[0]!.message, /^Send All in Untitled-\d+: 1 request in \d+ ms: 1 answered 2xx\/3xx\.$/);
    } finally {
      notifications.dispose();
      // The client keeps its connection alive: closed here, or close() would wait for its idle timeout.
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('"Turn Off Verification for This Request" writes # @no-reject-unauthorized above the request and sends it again', async () => {
    const certs = tlsFixtures();
    const server = await TlsRecordingServer.start({ cert: certs.selfSignedCert, key: certs.selfSignedKey }, () => OK_200);
    try {
      const content = `### self-signed\n# @name selfSigned\nGET https://127.0.0.1:${server.port}/ HTTP/1.1\nAccept: */*\n`;
      const document = await vscode.workspace.openTextDocument({ language: 'http', content });
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 2);
      const first = await presenter.nth(0);
      assert.ok(first.kind === 'failure' && first.code === 'HW_TLS' && first.onAction, `a TLS failure with actions: ${JSON.stringify(first)}`);
      first.onAction('skipVerification');
      assert.deepEqual(await presenter.nth(1), { kind: 'result', status: 200 });
      assert.equal(document.lineAt(2).text, '# @no-reject-unauthorized');
      assert.match(document.lineAt(3).text, /^GET https:\/\/127\.0\.0\.1:\d+\/ HTTP\/1\.1$/);
      assert.equal(server.requests.length, 1, 'only the second send got through the handshake');
    } finally {
      await server.close();
    }
  });
});
