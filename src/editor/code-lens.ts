import * as vscode from 'vscode';
import { CommandIds } from './command-ids';
import { Disposable } from './disposable';
import { HttpDocuments } from './http-documents';
import { LensTitles } from './user-messages';

/** What the lenses read of the sends (SendController implements it; a test passes a fixed one). */
export interface LensState {
  readonly onDidChange: vscode.Event<void>;
  /** The index of the request of `document` on the wire now, if any. */
  sendingIndex(document: vscode.TextDocument): number | undefined;
  /** `200 OK · 34 ms · 1.2 KB` or an error code: how the request's last send ended. */
  lastSummaryOf(document: vscode.TextDocument, requestIndex: number): string | undefined;
}

/**
 * The code lenses of an .http document: **Send All Requests** on the first line, and on each
 * request line **Send Request** (or, while that request is on the wire, **Sending… (Cancel)**),
 * followed by the summary of its last answer. Requests with a parse error keep their lens: the
 * send then says what is wrong, which a missing lens would not.
 *
 * Built from the cached parse (HttpDocuments), one pass over the requests with no lookups, so a
 * 5,000-request file costs a few milliseconds; the lenses' commands are set here, so VS Code
 * never calls resolveCodeLens.
 */
export class HttpCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly documents: HttpDocuments,
    private readonly sends: LensState,
  ) {
    super();
    // VS Code asks again by itself after an edit; a send starting or ending changes no text.
    this.register(sends.onDidChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const requests = this.documents.get(document).requests;
    if (requests.length === 0) return [];
    const uri = document.uri;
    const sendingIndex = this.sends.sendingIndex(document);
    const lenses: vscode.CodeLens[] = [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: LensTitles.sendAllRequests, command: CommandIds.sendAllRequests, arguments: [uri] })];
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      const range = new vscode.Range(request.requestLine.line, 0, request.requestLine.line, 0);
      lenses.push(
        new vscode.CodeLens(
          range,
          request.index === sendingIndex
            ? { title: LensTitles.sending, command: CommandIds.cancelRequest, arguments: [uri] }
            : { title: LensTitles.sendRequest, command: CommandIds.sendRequest, arguments: [uri, request.index] },
        ),
      );
      const summary = this.sends.lastSummaryOf(document, request.index);
      // An empty command id makes the lens plain text: nothing happens on a click.
      if (summary !== undefined) lenses.push(new vscode.CodeLens(range, { title: summary, command: '' }));
    }
    return lenses;
  }
}
