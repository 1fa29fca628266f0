// Issue 12, item 5 and item 3 (the reveal toggle), in the real extension host: `# @prompt` asks
// with an input box and `# @note` with a modal confirmation, both stubbed through the test API
// (HttpWireTestApi.useQuestions: the options the extension would give VS Code's window reach the
// stub), against a 127.0.0.1 server that records what arrives. The response panel's Show Secrets
// is driven on its host side: ResponsePanels built directly, the page's message handed in.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HttpWireError } from '../../../src/core/errors';
import { HistoryStore } from '../../../src/core/history/history-store';
import { HttpClient } from '../../../src/core/wire/client';
import type { SendResult } from '../../../src/core/wire/send-result';
import { CommandIds } from '../../../src/editor/command-ids';
import type { SendQuestions } from '../../../src/editor/prompt-questions';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import { ResponsePanels } from '../../../src/webview/panel';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import type { HostMessage } from '../../../src/webview/protocol';
import { onRequests, RawServer, startOkServer } from '../../support/raw-server';
import { wireRequest } from '../../support/wire-request';
import { waitFor } from './wait';
import { captureNotifications } from './notifications';

const EXTENSION_ID = 'http-wire.http-wire';

/** What reached the presenter: `sending`, `result 200`, `failure HW_...`. */
class PresenterLog implements ResponsePresenter {
  readonly lines: string[] = [];
  showSending(): void {
    this.lines.push('sending');
  }
  showResult(_target: PanelTarget, result: SendResult): void {
    this.lines.push(`result ${result.response.status}`);
    result.dispose();
  }
  showFailure(_target: PanelTarget, err: HttpWireError): void {
    this.lines.push(`failure ${err.code}`);
  }
}

/** Answers each question from a queue, and records what was asked with which options. */
class ScriptedQuestions implements SendQuestions {
  readonly inputBoxes: vscode.InputBoxOptions[] = [];
  readonly warnings: { message: string; options: vscode.MessageOptions; items: string[] }[] = [];
  constructor(
    private readonly answers: (string | undefined)[] = [],
    private readonly choices: (string | undefined)[] = [],
  ) {}
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    this.inputBoxes.push(options);
    return Promise.resolve(this.answers.shift());
  }
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined> {
    this.warnings.push({ message, options, items });
    return Promise.resolve(this.choices.shift());
  }
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

describe('prompts and notes in the editor (issue 12, item 5)', () => {
  let api: HttpWireTestApi;
  let server: RawServer;
  const heads: string[] = [];
  let presenter: PresenterLog;
  let restorePresenter: vscode.Disposable;

  before(async () => {
    await vscode.workspace.openTextDocument({ language: 'http', content: 'GET http://127.0.0.1/\n' });
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    server = await startOkServer(heads);
  });
  beforeEach(() => {
    heads.length = 0;
    presenter = new PresenterLog();
    restorePresenter = api.usePresenter(presenter);
  });
  afterEach(() => restorePresenter.dispose());
  after(() => server.close());

  /** Opens `lines` as an untitled .http document and sends its request on `requestLine` with `questions` answering. */
  async function send(lines: readonly string[], requestLine: number, questions: ScriptedQuestions): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `${lines.join('\n')}\n` });
    await vscode.window.showTextDocument(document);
    const restore = api.useQuestions(questions);
    try {
      // The command resolves once the send has ended (answered, failed or declined).
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, requestLine);
    } finally {
      restore.dispose();
    }
    return document;
  }

  it("Send All's summary does not count the time a question stayed open (a user took 1.2 s to answer a prompt)", async () => {
    // The user, not the run: the answer comes 1.2 s after the input box opens.
    const slow = new ScriptedQuestions();
    slow.showInputBox = (options) => {
      slow.inputBoxes.push(options);
      return new Promise((resolve) => setTimeout(() => resolve('7'), 1200));
    };
    const notifications = captureNotifications();
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `# @prompt id\nGET ${server.url('/users/{{id}}')}\n` });
    const restore = api.useQuestions(slow);
    try {
      await vscode.commands.executeCommand(CommandIds.sendAllRequests, document.uri);
    } finally {
      restore.dispose();
      notifications.dispose();
    }
    const summary = notifications.told.map((t) => t.message).find((t) => t.startsWith('Send All'));
    assert.match(summary ?? '', /: 1 request in \d+ ms: 1 answered 2xx\/3xx\.$/, `${summary}: the 1.2 s of the open question is not the run's`);
  });

  it('issue 12, item 5: an answered prompt is used in the request: its value is in the bytes sent', async () => {
    const questions = new ScriptedQuestions(['4711']);
    await send(['# @prompt userId The id of the user to read', `GET ${server.url('/users/{{userId}}')}`, 'X-User: {{userId}}'], 1, questions);
    assert.deepEqual(presenter.lines, ['sending', 'result 200']);
    assert.equal(heads.length, 1);
    assert.match(heads[0]!, /^GET \/users\/4711 HTTP\/1\.1\r\n/);
    assert.match(heads[0]!, /\r\nX-User: 4711(\r\n|$)/);
    // Asked once for the two uses, with the description, in the clear.
    assert.equal(questions.inputBoxes.length, 1);
    assert.equal(questions.inputBoxes[0]!.prompt, 'The id of the user to read');
    assert.equal(questions.inputBoxes[0]!.password, false);
    assert.match(questions.inputBoxes[0]!.title!, /userId$/);
  });

  it('issue 12, item 5: a prompt named like a secret is typed hidden; its answer is sent, and masked in the history', async () => {
    const secret = 'prompted-secret-8812';
    const questions = new ScriptedQuestions([secret]);
    await send(['# @prompt password', `POST ${server.url('/login')}`, 'X-Password: {{password}}'], 1, questions);
    assert.equal(questions.inputBoxes[0]!.password, true);
    assert.deepEqual(presenter.lines, ['sending', 'result 200']);
    assert.match(heads[0]!, new RegExp(`\\r\\nX-Password: ${secret}`));
    const entry = await waitFor('the exchange in the history', async () => (await new HistoryStore(api.historyFolder).list()).find((e) => e.record.request.url.endsWith('/login')));
    const kept = JSON.stringify(entry.record) + Buffer.from(entry.record.request.sentBase64, 'base64').toString('latin1');
    assert.ok(!kept.includes(secret), 'the prompted secret was kept in the history');
    assert.match(kept, /X-Password: \*\*\*/);
  });

  it('issue 12, item 5: a cancelled prompt (Escape) sends nothing, shows no failure, and the lens reads Send Request again', async () => {
    const questions = new ScriptedQuestions([undefined]);
    const document = await send(['# @prompt userId', `GET ${server.url('/users/{{userId}}')}`], 1, questions);
    assert.equal(questions.inputBoxes.length, 1);
    assert.equal(heads.length, 0);
    assert.deepEqual(presenter.lines, [], 'a declined send is not a failure in the panel');
    assert.deepEqual(await lensTitles(document.uri), ['Send All Requests', 'Send Request']);
  });

  it('issue 12, item 5: Cancel Request while the input box is open closes it (its token) and sends nothing', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `# @prompt userId\nGET ${server.url('/users/{{userId}}')}\n` });
    await vscode.window.showTextDocument(document);
    let wasCancelled = false;
    let asked = false;
    const restore = api.useQuestions({
      showInputBox: (_options, token) =>
        new Promise<string | undefined>((resolve) => {
          asked = true;
          token.onCancellationRequested(() => {
            wasCancelled = true;
            resolve(undefined);
          });
        }),
      showWarningMessage: () => Promise.resolve(undefined),
    });
    try {
      const sending = vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 1);
      await waitFor('the input box', () => asked);
      assert.deepEqual(await lensTitles(document.uri), ['Send All Requests', 'Sending… (Cancel)']);
      await vscode.commands.executeCommand(CommandIds.cancelRequest, document.uri);
      await sending;
    } finally {
      restore.dispose();
    }
    assert.equal(wasCancelled, true);
    assert.equal(heads.length, 0);
    assert.deepEqual(presenter.lines, []);
    assert.deepEqual(await lensTitles(document.uri), ['Send All Requests', 'Send Request']);
  });

  it('issue 12, item 5: the answer to a non-secret prompt is offered again at the next send of the file, and asked again', async () => {
    const lines = ['# @prompt userId', `GET ${server.url('/users/{{userId}}')}`];
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `${lines.join('\n')}\n` });
    await vscode.window.showTextDocument(document);
    const questions = new ScriptedQuestions(['7', '8']);
    const restore = api.useQuestions(questions);
    try {
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 1);
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 1);
    } finally {
      restore.dispose();
    }
    assert.deepEqual(questions.inputBoxes.map((o) => o.value), [undefined, '7']);
    assert.deepEqual(heads.map((h) => h.split('\r\n')[0]), ['GET /users/7 HTTP/1.1', 'GET /users/8 HTTP/1.1']);
  });

  it('issue 12, item 5: # @note asks, modal, showing the request as it would go; Cancel sends nothing and shows nothing', async () => {
    const questions = new ScriptedQuestions([], [undefined]);
    const document = await send(['# @note Deletes every user', `DELETE ${server.url('/users')}`], 1, questions);
    assert.equal(questions.warnings.length, 1);
    assert.equal(questions.warnings[0]!.options.modal, true);
    assert.equal(questions.warnings[0]!.options.detail, `Deletes every user\n\nDELETE ${server.url('/users')}`);
    assert.deepEqual(questions.warnings[0]!.items, ['Send']);
    assert.equal(heads.length, 0);
    assert.deepEqual(presenter.lines, []);
    assert.deepEqual(await lensTitles(document.uri), ['Send All Requests', 'Send Request']);
  });

  it('issue 12, item 5: # @note answered Send sends the request', async () => {
    const questions = new ScriptedQuestions([], ['Send']);
    await send(['# @note Deletes every user', `DELETE ${server.url('/users')}`], 1, questions);
    assert.equal(questions.warnings.length, 1);
    assert.equal(heads.length, 1);
    assert.match(heads[0]!, /^DELETE \/users HTTP\/1\.1\r\n/);
    assert.deepEqual(presenter.lines, ['sending', 'result 200']);
  });

  it('a note asks after the prompts, with their answers in the request it shows; declined, nothing is sent', async () => {
    const questions = new ScriptedQuestions(['1'], ['Cancel']);
    await send(['# @note Really?', '# @prompt id', `DELETE ${server.url('/users/{{id}}')}`], 2, questions);
    assert.equal(questions.inputBoxes.length, 1);
    assert.equal(questions.warnings.length, 1);
    assert.equal(questions.warnings[0]!.options.detail, `Really?\n\nDELETE ${server.url('/users/1')}`);
    assert.equal(heads.length, 0);
  });

  it('issue 12, item 5: Copy Request as cURL asks the prompt too: the answer is in the command; Escape copies nothing and reports nothing', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'http', content: `# @prompt userId\nGET ${server.url('/users/{{userId}}')}\n` });
    await vscode.window.showTextDocument(document);
    const answered = new ScriptedQuestions(['4711']);
    let restore = api.useQuestions(answered);
    try {
      await vscode.commands.executeCommand(CommandIds.copyRequestAsCurl, document.uri, 1);
    } finally {
      restore.dispose();
    }
    assert.equal(answered.inputBoxes.length, 1);
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^curl /);
    assert.ok(copied.includes('/users/4711'), copied);
    await vscode.env.clipboard.writeText('unchanged');
    const declined = new ScriptedQuestions([undefined]);
    restore = api.useQuestions(declined);
    try {
      await vscode.commands.executeCommand(CommandIds.copyRequestAsCurl, document.uri, 1);
    } finally {
      restore.dispose();
    }
    assert.equal(declined.inputBoxes.length, 1);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    assert.equal(heads.length, 0, 'nothing is sent by a copy');
  });
});

describe('the response panel reveals masked secrets on request only (issue 12, item 3)', () => {
  let server: RawServer;
  let client: HttpClient;
  let panels: ResponsePanels;
  let log: vscode.LogOutputChannel;
  const SECRET = 'panel-private-value-5150';

  before(async () => {
    server = await RawServer.start((socket) => onRequests(socket, () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
    client = new HttpClient();
    log = vscode.window.createOutputChannel('HTTP Wire reveal test', { log: true });
    panels = new ResponsePanels(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, log);
  });
  after(async () => {
    panels.dispose();
    log.dispose();
    client.close();
    await server.close();
  });

  it('the sending view gets the request line (no URL password, secrets masked) and the time the send began', async () => {
    const posted: HostMessage[] = [];
    const listening = panels.onDidPost((p) => posted.push(p.message));
    try {
      panels.addSecret(SECRET);
      const before = Date.now();
      const url = new URL(`http://ada:pass-word-77@127.0.0.1:${server.port}/items?key=${SECRET}`);
      panels.showSending({ documentUri: 'untitled:sending.http', title: 'items' }, () => undefined, { method: 'GET', url, target: `${url.pathname}${url.search}` });
      const sending = await waitFor('the sending view posted to the page', () => posted.find((m): m is Extract<HostMessage, { type: 'sending' }> => m.type === 'sending'), 20_000);
      assert.equal(sending.request?.requestLine, `GET http://127.0.0.1:${server.port}/items?key=***`);
      assert.ok(sending.request!.startedAtMs >= before && sending.request!.startedAtMs <= Date.now());
    } finally {
      listening.dispose();
    }
  });

  it('issue 12, item 3: the page gets the masked view; the unmasked one only when it asks, and the masked one again on Hide', async () => {
    const posted: HostMessage[] = [];
    const listening = panels.onDidPost((p) => posted.push(p.message));
    try {
      panels.addSecret(SECRET);
      const documentUri = 'untitled:reveal.http';
      const result = await client.send(wireRequest(server.url(`/items?key=${SECRET}`), { headers: [['Host', `127.0.0.1:${server.port}`], ['Authorization', `Bearer ${SECRET}`]] }), { followRedirects: false });
      panels.showResult({ documentUri, title: 'reveal' }, result);
      const shown = await waitFor('the result posted to the page', () => posted.find((m): m is Extract<HostMessage, { type: 'result' }> => m.type === 'result'), 20_000);
      assert.equal(shown.view.secrets, 'masked');
      assert.ok(!JSON.stringify(shown.view).includes(SECRET), 'the masked view holds the secret');
      assert.ok(!posted.some((m) => m.type === 'secrets'), 'nothing revealed before the page asks');

      // A reveal for another result (an older seq) is ignored.
      panels.receiveFromPage(documentUri, { type: 'reveal', reveal: true, seq: shown.seq + 1 });
      // A malformed message is ignored too.
      panels.receiveFromPage(documentUri, { type: 'reveal', reveal: 'yes', seq: shown.seq });
      panels.receiveFromPage(documentUri, { type: 'reveal', reveal: true, seq: shown.seq });
      const revealed = await waitFor('the revealed view', () => posted.find((m): m is Extract<HostMessage, { type: 'secrets' }> => m.type === 'secrets'));
      assert.equal(posted.filter((m) => m.type === 'secrets').length, 1);
      assert.equal(revealed.seq, shown.seq);
      assert.equal(revealed.view.secrets, 'revealed');
      assert.ok(revealed.view.requestLine.endsWith(`/items?key=${SECRET}`), revealed.view.requestLine);
      assert.match(revealed.view.raw.sent, new RegExp(`Authorization: Bearer ${SECRET}`));

      panels.receiveFromPage(documentUri, { type: 'reveal', reveal: false, seq: shown.seq });
      const hidden = await waitFor('the masked view again', () => posted.filter((m): m is Extract<HostMessage, { type: 'secrets' }> => m.type === 'secrets')[1]);
      assert.equal(hidden.view.secrets, 'masked');
      assert.ok(!JSON.stringify(hidden.view).includes(SECRET));
    } finally {
      listening.dispose();
    }
  });
});
