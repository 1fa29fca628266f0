import * as vscode from 'vscode';
import { CommandIds } from './command-ids';
import { Disposable } from '../core/disposable';
import { HttpDocuments } from './http-documents';
import type { HttpRegions } from './http-regions';
import { LensTitles } from './user-messages';

/** What the lenses read of the sends (SendController implements it; a test passes a fixed one). */
export interface LensState {
  readonly onDidChange: vscode.Event<void>;
  /** The request lines (in the document) of the requests of `document` on the wire now. */
  sendingLines(document: vscode.TextDocument): ReadonlySet<number>;
  /** `200 OK · 34 ms · 1.2 KB` or an error code: how the last send of the request on `requestLine` ended. */
  lastSummaryOf(document: vscode.TextDocument, requestLine: number): string | undefined;
}

/**
 * The code lenses of an .http document, or of the ```http blocks of a Markdown one: on each
 * request line **Send Request** (or, while that request is on the wire, **Sending… (Cancel)**,
 * which cancels that send alone),
 * followed by the summary of its last answer; and on the first line of an .http file **Send All
 * Requests** (not in Markdown, where the requests are examples among prose). Requests with a
 * parse error keep their lens: the send then says what is wrong, which a missing lens would not.
 *
 * Built from the cached parse, one pass over the requests with no lookups, so a 5,000-request
 * file costs a few milliseconds; the lenses' commands are set here, so VS Code never calls
 * resolveCodeLens. Each lens passes its request line, by which the command finds the request.
 */
export class HttpCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly regions: HttpRegions,
    private readonly sends: LensState,
  ) {
    super();
    // VS Code asks again by itself after an edit; a send starting or ending changes no text.
    this.register(sends.onDidChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // The URI as a string: converted once, not marshalled as a Uri per lens (5,000 of them).
    const uri = document.uri.toString();
    const sendingLines = this.sends.sendingLines(document);
    const lenses: vscode.CodeLens[] = [];
    for (const { file } of this.regions.regionsOf(document)) {
      const requests = file.requests;
      for (let i = 0; i < requests.length; i++) {
        const line = requests[i]!.requestLine.line;
        const range = new vscode.Range(line, 0, line, 0);
        lenses.push(
          new vscode.CodeLens(
            range,
            sendingLines.has(line)
              ? { title: LensTitles.sending, command: CommandIds.cancelRequest, arguments: [uri, line] }
              : { title: LensTitles.sendRequest, command: CommandIds.sendRequest, arguments: [uri, line] },
          ),
        );
        // While it is sent again, the last answer's summary would read as this send's (`HW_ABORTED`).
        const summary = sendingLines.has(line) ? undefined : this.sends.lastSummaryOf(document, line);
        // An empty command id makes the lens plain text: nothing happens on a click.
        if (summary !== undefined) lenses.push(new vscode.CodeLens(range, { title: summary, command: '' }));
      }
    }
    if (lenses.length > 0 && HttpDocuments.isHttp(document)) {
      lenses.unshift(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: LensTitles.sendAllRequests, command: CommandIds.sendAllRequests, arguments: [uri] }));
    }
    return lenses;
  }
}
