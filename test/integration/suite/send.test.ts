import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { generateHttpFile } from '../../../bench/generate-http-file';
import type { HttpWireError } from '../../../src/core/errors';
import type { SendResult } from '../../../src/core/wire/send-result';
import { OK_200 } from '../../../src/demo/seed-responses';
import { HttpCodeLensProvider, type LensState } from '../../../src/editor/code-lens';
import { CommandIds } from '../../../src/editor/command-ids';
import { HttpDocuments } from '../../../src/editor/http-documents';
import { HttpRegions } from '../../../src/editor/http-regions';
import { HttpOutlineProvider } from '../../../src/editor/outline';
import type { HttpWireTestApi } from '../../../src/editor/test-api';
import type { PanelTarget, ResponsePresenter } from '../../../src/webview/presenter';
import { waitFor } from './wait';
import { startServer, stopServer } from './head-recording-server';

// Issue 11, items 1 and 2: the Send Request lenses and the send commands, driven as a user's
// editor drives them (executeCommand, executeCodeLensProvider), against servers on 127.0.0.1.

const EXTENSION_ID = 'http-wire.http-wire';

type Shown =
  | { readonly kind: 'sending'; readonly target: PanelTarget }
  | { readonly kind: 'result'; readonly target: PanelTarget; readonly status: number; readonly reason: string; readonly headers: readonly (readonly [string, string])[]; readonly bodyBytes: number }
  | { readonly kind: 'failure'; readonly target: PanelTarget; readonly code: string };

/** Records what the sends deliver; it owns the results as the panel would, and frees them. */
class RecordingPresenter implements ResponsePresenter {
  readonly shown: Shown[] = [];
  showSending(target: PanelTarget): void {
    this.shown.push({ kind: 'sending', target });
  }
  showResult(target: PanelTarget, result: SendResult): void {
    const { response } = result;
    this.shown.push({ kind: 'result', target, status: response.status, reason: response.reason, headers: response.headers.map(([n, v]) => [n, v] as const), bodyBytes: result.rawBody.length });
    result.dispose();
  }
  showFailure(target: PanelTarget, err: HttpWireError): void {
    this.shown.push({ kind: 'failure', target, code: err.code });
  }
  settled(): Shown | undefined {
    return this.shown.find((s) => s.kind !== 'sending');
  }
}

async function openHttp(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'http', content });
  return vscode.window.showTextDocument(document);
}

/** Clicks the `nth` lens titled `title`: runs its command with its arguments, as VS Code does. */
async function clickLens(uri: vscode.Uri, title: string, nth = 0): Promise<unknown> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  const command = lenses.filter((l) => l.command?.title === title)[nth]?.command;
  assert.ok(command, `no lens "${title}" #${nth} among ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
  return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

describe('send requests from the editor (issue 11, items 1 and 2)', () => {
  let api: HttpWireTestApi;
  let presenter: RecordingPresenter;
  let restore: vscode.Disposable | undefined;

  before(async () => {
    // Opening an .http document activates the extension; activate() then waits for it to finish.
    await openHttp('GET http://127.0.0.1/\n');
    api = (await vscode.extensions.getExtension<HttpWireTestApi>(EXTENSION_ID)!.activate()) as HttpWireTestApi;
    assert.equal(typeof api?.usePresenter, 'function', 'activate returns the test API');
  });

  beforeEach(() => {
    presenter = new RecordingPresenter();
    restore = api.usePresenter(presenter);
  });

  afterEach(() => restore?.dispose());

  it('registers every command of the manifest, and the manifest lists every command id with its category', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string; category?: string }[]);
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(CommandIds).sort());
    for (const c of contributed) assert.equal(c.category, 'HTTP Wire', `${c.command} has the category`);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(CommandIds)) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('shows Send All Requests once and Send Request above each of the four requests of the seed session', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'typical-session.http'));
    const lenses = await waitFor('code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, document.lineAt(l.range.start.line).text]),
      [
        ['Send All Requests', document.lineAt(0).text],
        ['Send Request', 'GET / HTTP/1.1'],
        ['Send Request', 'POST /contact_form.php HTTP/1.1'],
        ['Send Request', 'GET /moved HTTP/1.1'],
        ['Send Request', 'GET /no-such-page HTTP/1.1'],
      ],
    );
  });

  it('sends through the lens command to a loopback server; the presenter gets the status and headers, the lens the summary', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(`# @name home\nGET http://127.0.0.1:${s.port}/ HTTP/1.1\nAccept-Language: fr\n`);
      const uri = editor.document.uri;
      await clickLens(uri, 'Send Request');
      const shown = await waitFor('the result', () => presenter.settled());
      assert.equal(shown.kind, 'result', JSON.stringify(shown));
      if (shown.kind !== 'result') return;
      const { historyId, ...target } = shown.target;
      assert.deepEqual(target, { documentUri: uri.toString(), title: 'home', requestKey: '1' });
      assert.match(historyId ?? '', /^\d{15}-[0-9a-f]{8}$/, 'the answer is kept in the history under this id');
      assert.equal(shown.status, 200);
      assert.equal(shown.reason, 'OK');
      assert.deepEqual(shown.headers.map(([name]) => name), ['Date', 'Server', 'Last-Modified', 'ETag', 'Accept-Ranges', 'Content-Length', 'Content-Type']);
      assert.ok(shown.headers.some(([n, v]) => n === 'Content-Length' && v === '29769'));
      assert.equal(shown.bodyBytes, 29769);
      assert.match(s.heads[0] ?? '', /^GET \/ HTTP\/1\.1\r\n/);
      assert.match(s.heads[0] ?? '', /\r\nAccept-Language: fr(\r\n|$)/);
      const titles = await lensTitles(uri);
      assert.equal(titles.length, 3, JSON.stringify(titles));
      assert.match(titles[2]!, /^200 OK · \d+ ms · 29\.1 KB$/);
    } finally {
      await stopServer(s);
    }
  });

  it('the lens gives a gzip body\'s decoded size, as the panel\'s summary gives it first', async () => {
    const text = Buffer.from('x'.repeat(5000));
    const gz = zlib.gzipSync(text);
    const s = await startServer(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`, 'latin1'), gz]));
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${s.port}/gz\n`);
      await clickLens(editor.document.uri, 'Send Request');
      await waitFor('the result', () => presenter.settled());
      const titles = await waitFor('the summary lens', async () => ((await lensTitles(editor.document.uri)).length === 3 ? lensTitles(editor.document.uri) : undefined));
      assert.match(titles[2]!, /^200 OK · \d+ ms · 4\.9 KB$/);
    } finally {
      await stopServer(s);
    }
  });

  it('sends the request under the cursor (Ctrl/Cmd+Alt+R)', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${s.port}/first\n\n###\n# @name second\nGET http://127.0.0.1:${s.port}/second\nX-Which: second\n`);
      // The cursor on the header line of the second request, not on its request line.
      editor.selection = new vscode.Selection(5, 3, 5, 3);
      await vscode.commands.executeCommand(CommandIds.sendRequest);
      const shown = await waitFor('the result', () => presenter.settled());
      assert.equal(shown.target.title, 'second');
      assert.equal(s.heads.length, 1);
      assert.match(s.heads[0]!, /^GET \/second HTTP\/1\.1\r\n/);
    } finally {
      await stopServer(s);
    }
  });

  it('cancels a send the server never answers: the lens reads Sending… (Cancel), cancelRequest ends it with HW_ABORTED', async () => {
    const s = await startServer(undefined);
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${s.port}/never\n`);
      const uri = editor.document.uri;
      const sending = clickLens(uri, 'Send Request');
      await waitFor('the request to reach the server', () => s.heads.length === 1);
      assert.deepEqual(await lensTitles(uri), ['Send All Requests', 'Sending… (Cancel)']);
      // A second send of the same request while it is in flight is refused, not sent.
      await vscode.commands.executeCommand(CommandIds.sendRequest, uri, 0);
      assert.equal(presenter.shown.filter((x) => x.kind === 'sending').length, 1);
      const cancelledAt = Date.now();
      await vscode.commands.executeCommand(CommandIds.cancelRequest);
      const shown = await waitFor('the cancellation', () => presenter.settled(), 5_000);
      assert.deepEqual(shown, { kind: 'failure', target: { documentUri: uri.toString(), title: `GET http://127.0.0.1:${s.port}/never`, requestKey: '0' }, code: 'HW_ABORTED' });
      assert.ok(Date.now() - cancelledAt < 5_000);
      await sending;
      assert.deepEqual(await lensTitles(uri), ['Send All Requests', 'Send Request', 'HW_ABORTED']);
      assert.equal(s.heads.length, 1);
      // Sent again: the last answer's summary does not stand beside the new send as if it were its own.
      const again = clickLens(uri, 'Send Request');
      await waitFor('the request to reach the server again', () => s.heads.length === 2);
      assert.deepEqual(await lensTitles(uri), ['Send All Requests', 'Sending… (Cancel)']);
      await vscode.commands.executeCommand(CommandIds.cancelRequest);
      await again;
    } finally {
      await stopServer(s);
    }
  });

  it('sends another request of the file while one waits; Send All waits for them; the lens Cancel stops its own send alone', async () => {
    const slow = await startServer(undefined);
    const fast = await startServer(OK_200);
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${slow.port}/never\n\n###\nGET http://127.0.0.1:${fast.port}/fast\n`);
      const uri = editor.document.uri;
      const sending = clickLens(uri, 'Send Request', 0);
      await waitFor('the slow request to reach its server', () => slow.heads.length === 1);
      await vscode.commands.executeCommand(CommandIds.sendRequest, uri, 3);
      assert.deepEqual(presenter.shown.filter((x) => x.kind === 'result').map((x) => `${x.target.requestKey} ${(x as { status: number }).status}`), ['3 200']);
      assert.deepEqual((await lensTitles(uri)).slice(0, 3), ['Send All Requests', 'Sending… (Cancel)', 'Send Request']);
      // Send All, or the slow request again, would send it twice: refused.
      await vscode.commands.executeCommand(CommandIds.sendAllRequests, uri);
      await vscode.commands.executeCommand(CommandIds.sendRequest, uri, 0);
      assert.equal(slow.heads.length, 1);
      assert.equal(fast.heads.length, 1);
      await clickLens(uri, 'Sending… (Cancel)');
      await sending;
      assert.deepEqual(presenter.shown.filter((x) => x.kind === 'failure').map((x) => `${x.target.requestKey} ${(x as { code: string }).code}`), ['0 HW_ABORTED']);
    } finally {
      await stopServer(slow);
      await stopServer(fast);
    }
  });

  it('Clear Cookies forgets the cookies servers set: the next request sends none', async () => {
    const s = await startServer(Buffer.from('HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc; Path=/\r\nContent-Length: 0\r\n\r\n', 'latin1'));
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${s.port}/cookie\n`);
      const cookieOf = (head: string): string | undefined => /\r\nCookie: ([^\r]*)/i.exec(head)?.[1];
      await vscode.commands.executeCommand(CommandIds.sendRequest, editor.document.uri, 0);
      await vscode.commands.executeCommand(CommandIds.sendRequest, editor.document.uri, 0);
      assert.equal(cookieOf(s.heads[1]!), 'sid=abc');
      // The request line's hover shows the jar's Cookie as a header the send adds.
      const hover = async (): Promise<string> => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 1))).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(await hover(), /Cookie.*sid=abc.*cookie jar/);
      await vscode.commands.executeCommand(CommandIds.clearCookies);
      assert.doesNotMatch(await hover(), /sid=abc/);
      await vscode.commands.executeCommand(CommandIds.sendRequest, editor.document.uri, 0);
      assert.equal(cookieOf(s.heads[2]!), undefined);
    } finally {
      await vscode.commands.executeCommand(CommandIds.clearCookies);
      await stopServer(s);
    }
  });

  it('Rerun Last finds the request sent last after lines were added above it, not whichever now stands on its old line', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(`# @name one\nGET http://127.0.0.1:${s.port}/one\n\n###\n# @name two\nGET http://127.0.0.1:${s.port}/two\n`);
      await vscode.commands.executeCommand(CommandIds.sendRequest, editor.document.uri, 5);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(editor.document.uri, new vscode.Position(0, 0), '@a = 1\n@b = 2\n@c = 3\n@d = 4\n');
      await vscode.workspace.applyEdit(edit);
      // Line 5 is now "one"'s request line.
      await vscode.commands.executeCommand(CommandIds.rerunLastRequest);
      assert.deepEqual(s.heads.map((h) => h.split('\r\n')[0]), ['GET /two HTTP/1.1', 'GET /two HTTP/1.1']);
    } finally {
      await stopServer(s);
    }
  });

  it('sends all requests of a file in order', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(['a', 'b', 'c'].map((p) => `GET http://127.0.0.1:${s.port}/${p}\n`).join('\n###\n'));
      await vscode.commands.executeCommand(CommandIds.sendAllRequests, editor.document.uri);
      assert.deepEqual(s.heads.map((h) => h.split('\r\n')[0]), ['GET /a HTTP/1.1', 'GET /b HTTP/1.1', 'GET /c HTTP/1.1']);
      assert.deepEqual(presenter.shown.filter((x) => x.kind === 'result').map((x) => x.target.title), [`GET http://127.0.0.1:${s.port}/a`, `GET http://127.0.0.1:${s.port}/b`, `GET http://127.0.0.1:${s.port}/c`]);
    } finally {
      await stopServer(s);
    }
  });

  it('waits out # @sleep before sending, and a cancel during the wait sends nothing', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(`# @sleep 60000\nGET http://127.0.0.1:${s.port}/later\n`);
      const sending = clickLens(editor.document.uri, 'Send Request');
      await waitFor('the send to start', () => presenter.shown.length === 1);
      assert.deepEqual(await lensTitles(editor.document.uri), ['Send All Requests', 'Sending… (Cancel)']);
      await vscode.commands.executeCommand(CommandIds.cancelRequest, editor.document.uri);
      const shown = await waitFor('the cancellation', () => presenter.settled(), 5_000);
      assert.equal(shown.kind === 'failure' && shown.code, 'HW_ABORTED');
      await sending;
      assert.equal(s.heads.length, 0, 'nothing reached the server');
    } finally {
      await stopServer(s);
    }
  });

  it('reruns the last request (Ctrl/Cmd+Alt+L)', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${s.port}/one\n\n###\nGET http://127.0.0.1:${s.port}/two\n`);
      await clickLens(editor.document.uri, 'Send Request', 1);
      await vscode.commands.executeCommand(CommandIds.rerunLastRequest);
      assert.deepEqual(s.heads.map((h) => h.split('\r\n')[0]), ['GET /two HTTP/1.1', 'GET /two HTTP/1.1']);
      assert.equal(presenter.shown.filter((x) => x.kind === 'result').length, 2);
    } finally {
      await stopServer(s);
    }
  });

  it('keeps the lens on a request with a parse error, and its send reports HW_PARSE without sending', async () => {
    const s = await startServer(OK_200);
    try {
      const editor = await openHttp(`GET http://127.0.0.1:${s.port}/\nNo colon here\n`);
      assert.deepEqual(await lensTitles(editor.document.uri), ['Send All Requests', 'Send Request']);
      await clickLens(editor.document.uri, 'Send Request');
      const shown = presenter.settled();
      assert.equal(shown?.kind === 'failure' && shown.code, 'HW_PARSE');
      assert.equal(s.heads.length, 0);
    } finally {
      await stopServer(s);
    }
  });

  it('neither shows lenses nor sends from a document that is not a file or untitled (a git or diff view)', async () => {
    const s = await startServer(OK_200);
    const scheme = 'httpwire-test-view';
    const content = `GET http://127.0.0.1:${s.port}/\n`;
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => content });
    try {
      const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(vscode.Uri.parse(`${scheme}:/old.http`)), 'http');
      assert.equal(document.languageId, 'http');
      assert.deepEqual(await lensTitles(document.uri), []);
      await vscode.commands.executeCommand(CommandIds.sendRequest, document.uri, 0);
      assert.deepEqual(presenter.shown, []);
      assert.equal(s.heads.length, 0);
    } finally {
      provider.dispose();
      await stopServer(s);
    }
  });

  it('sends a request from a ```http block of a Markdown document, and only from http blocks', async () => {
    const s = await startServer(OK_200);
    try {
      const text = ['# Notes', '', 'Ask the server:', '', '```http', `GET http://127.0.0.1:${s.port}/md`, '```', '', '```json', '{"GET": "/not-a-request"}', '```', ''].join('\n');
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
      await vscode.window.showTextDocument(document);
      const lenses = await waitFor('the Markdown lenses', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
        return found.some((l) => l.command?.title === 'Send Request') ? found : undefined;
      });
      assert.deepEqual(lenses.map((l) => [l.command?.title, l.range.start.line]), [['Send Request', 5]]);
      await clickLens(document.uri, 'Send Request');
      const shown = await waitFor('the result', () => presenter.settled());
      assert.equal(shown.kind === 'result' && shown.status, 200);
      assert.deepEqual(s.heads.map((h) => h.split('\r\n')[0]), ['GET /md HTTP/1.1']);
      const titles = await lensTitles(document.uri);
      assert.equal(titles.length, 2);
      assert.match(titles[1]!, /^200 OK · /);
    } finally {
      await stopServer(s);
    }
  });

  it('gives the lenses of a 5,000-request file, and reports how long they took', async () => {
    // Two files of the same size: the first meets a parser no code has run yet in this module
    // copy (cold JIT), the second is a user opening a big file in a running session.
    const files = [generateHttpFile(5000, 1), generateHttpFile(5000, 2)];
    const documents = await Promise.all(files.map(async (f) => (await openHttp(f.text)).document));
    // The provider's own cost, on a parse cache of its own: what this extension adds. The round
    // trip through VS Code's command (below) adds the transfer of 5,001 lenses between
    // processes, which no provider controls.
    const cache = new HttpDocuments();
    const regions = new HttpRegions(cache);
    const idle: LensState = { onDidChange: new vscode.EventEmitter<void>().event, sendingLines: () => new Set(), lastSummaryOf: () => undefined };
    const provider = new HttpCodeLensProvider(regions, idle);
    const timed = (document: vscode.TextDocument): number => {
      const started = performance.now();
      assert.equal(provider.provideCodeLenses(document).length, 5001);
      return performance.now() - started;
    };
    try {
      const coldMs = timed(documents[0]!);
      const firstMs = timed(documents[1]!);
      const cachedMs = [timed(documents[1]!), timed(documents[1]!), timed(documents[1]!)];
      const timedCommand = async (id: string): Promise<string> => {
        const started = performance.now();
        await vscode.commands.executeCommand(id, documents[1]!.uri);
        return (performance.now() - started).toFixed(1);
      };
      const outlineStarted = performance.now();
      const symbolCount = new HttpOutlineProvider(cache).provideDocumentSymbols(documents[1]!).length;
      const outlineMs = (performance.now() - outlineStarted).toFixed(1);
      const others = `outline provider alone ${outlineMs} ms for ${symbolCount} symbols, symbols ${await timedCommand('vscode.executeDocumentSymbolProvider')} ms, folding ${await timedCommand('vscode.executeFoldingRangeProvider')} ms`;
      const roundTripMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', documents[1]!.uri);
        roundTripMs.push(performance.now() - started);
        assert.equal(lenses.length, 5001);
      }
      const fmt = (ms: number[]): string => ms.map((t) => t.toFixed(1)).join(', ');
      // Through mocha's printer: under code-server only the report's lines reach the runner.
      Mocha.reporters.Base.consoleLog(`      lenses of a 5000-request file: cold JIT ${fmt([coldMs])} ms, parse + lenses ${fmt([firstMs])} ms, cached ${fmt(cachedMs)} ms; through executeCodeLensProvider ${fmt(roundTripMs)} ms (after ${others})`);
      // The goal (100 ms) is a speed goal: measured and printed here, judged by a bench, not by a
      // timed test (a loaded CI machine took 569 ms once). These bounds only catch a pathology,
      // such as lenses that parse the file once per request.
      assert.ok(coldMs < 20_000, `the first lenses on a cold parser took ${coldMs} ms`);
      assert.ok(firstMs < 10_000, `parse and lenses took ${firstMs} ms`);
      assert.ok(Math.min(...cachedMs) < 2_000, `cached lenses took ${fmt(cachedMs)} ms`);
    } finally {
      provider.dispose();
      regions.dispose();
      cache.dispose();
    }
  });
});
