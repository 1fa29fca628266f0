import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import type { ResponseStart, SendResult } from '../../../src/core/wire/send-result';
import { CommandIds } from '../../../src/editor/command-ids';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import { ResponsePanels } from '../../../src/webview/panel';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import type { HostMessage } from '../../../src/webview/protocol';
import { waitFor } from './wait';

// A body slow to follow its head (a stream, a stalled server): the panel showed "Sending…" until
// the body ended or the timeout fired, hiding the status line and headers that had come. The head
// is now shown while the body comes, Cancel still there; a quick answer goes straight to its result.

const EXTENSION_ID = 'http-wire.http-wire';

class Recorder implements ResponsePresenter {
  readonly events: string[] = [];
  showSending(): void {
    this.events.push('sending');
  }
  showReceiving(_target: PanelTarget, start: ResponseStart): void {
    this.events.push(`receiving ${start.response.status} ${start.response.headers.map(([n, v]) => `${n}=${v}`).join(',')}`);
  }
  showResult(_target: PanelTarget, result: SendResult): void {
    this.events.push(`result ${result.response.status}`);
    result.dispose();
  }
  showFailure(_target: PanelTarget, err: HttpWireError): void {
    this.events.push(`failure ${err.code}`);
  }
}

describe('the head of a slow body is shown while the body comes', () => {
  let api: HttpWireTestApi;
  let server: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();

  before(async () => {
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    // /slow: the head and 5 of 100 bytes, then nothing; /quick: all at once.
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', (d: Buffer) => {
        if (d.toString('latin1').startsWith('GET /slow')) socket.write('HTTP/1.1 200 OK\r\nX-Stream: events\r\nContent-Length: 100\r\n\r\nfirst');
        else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function send(path: string): Promise<Recorder> {
    const presenter = new Recorder();
    const restore = api.usePresenter(presenter);
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `GET http://127.0.0.1:${port}${path}\n` });
    await vscode.window.showTextDocument(document);
    const sent = vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
    return Object.assign(presenter, { done: sent.then(() => restore.dispose()) });
  }

  it('a stalled body: the status line and headers are shown, and Cancel still ends the send', async () => {
    const presenter = await send('/slow');
    await waitFor('the head shown', () => presenter.events.some((e) => e.startsWith('receiving')));
    assert.deepEqual(presenter.events, ['sending', 'receiving 200 X-Stream=events,Content-Length=100']);
    await vscode.commands.executeCommand(CommandIds.cancelRequest);
    await (presenter as Recorder & { done: Promise<void> }).done;
    assert.deepEqual(presenter.events.slice(2), ['failure HW_ABORTED']);
  });

  it('a quick answer goes straight from sending to its result', async () => {
    const presenter = await send('/quick');
    await (presenter as Recorder & { done: Promise<void> }).done;
    assert.deepEqual(presenter.events, ['sending', 'result 200']);
  });
});

describe('a panel receiving a slow body is told how much has arrived', () => {
  it('posts the received byte count while the body comes, and again as it grows', async () => {
    const log = vscode.window.createOutputChannel('HTTP Wire progress test', { log: true });
    const panels = new ResponsePanels(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, log);
    const posted: HostMessage[] = [];
    const listening = panels.onDidPost((p) => posted.push(p.message));
    let received = 120;
    const start: ResponseStart = {
      request: { method: 'GET', url: 'http://127.0.0.1:9/events', target: '/events', httpVersion: 'HTTP/1.1', headers: [], changes: [], bodyBytes: 0 },
      informational: [],
      response: { httpVersion: 'HTTP/1.1', status: 200, reason: 'OK', headers: [['Content-Type', 'text/event-stream']] },
      contentCodings: [],
      redirects: [],
      connection: {} as never,
      requestBytes: () => Buffer.alloc(0),
      receivedBytes: () => received,
    };
    const progress = (): string[] => posted.flatMap((m) => (m.type === 'progress' ? [m.received] : []));
    try {
      panels.showReceiving({ documentUri: 'untitled:progress.http', title: 'events' }, start, () => undefined);
      await waitFor('the first count', () => progress().includes('120 B'), 20_000);
      received = 4_096;
      await waitFor('the count to grow', () => progress().includes('4.0 KB'));
    } finally {
      listening.dispose();
      panels.dispose();
      log.dispose();
    }
  });
});
