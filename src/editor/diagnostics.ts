import * as vscode from 'vscode';
import { toDiagnostic } from './convert';
import { Disposable } from '../core/disposable';
import { DocumentDebounce } from './document-debounce';
import { HttpDocuments } from './http-documents';
import { SENDABLE_SCHEMES } from './selector';

/**
 * Publishes the parser's diagnostics for every open `.http` document: at once when a document
 * opens, and shortly after typing stops while it changes, so a burst of keystrokes costs one parse.
 * Only files and untitled documents get them: a `git:` or diff view shows an old version, whose
 * warnings would double every one of the file's own in the Problems view.
 */
export class DiagnosticsPublisher extends Disposable {
  /** Long enough to coalesce a burst of keystrokes, short enough to feel immediate. */
  static readonly typingDelayMs = 120;

  private readonly collection: vscode.DiagnosticCollection;
  private readonly typing = this.register(new DocumentDebounce(DiagnosticsPublisher.typingDelayMs, (d) => this.publish(d)));

  constructor(private readonly documents: HttpDocuments) {
    super();
    this.collection = this.register(vscode.languages.createDiagnosticCollection('httpWire'));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.publish(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    for (const d of vscode.workspace.textDocuments) this.publish(d);
  }

  private static isChecked(document: vscode.TextDocument): boolean {
    return HttpDocuments.isHttp(document) && SENDABLE_SCHEMES.includes(document.uri.scheme);
  }

  private schedule(document: vscode.TextDocument): void {
    if (DiagnosticsPublisher.isChecked(document)) this.typing.schedule(document);
  }

  private publish(document: vscode.TextDocument): void {
    if (!DiagnosticsPublisher.isChecked(document)) return;
    const file = this.documents.get(document);
    this.collection.set(document.uri, file.diagnostics.map(toDiagnostic));
  }

  private forget(uri: vscode.Uri): void {
    this.typing.cancel(uri);
    this.collection.delete(uri);
  }
}
