import * as vscode from 'vscode';
import { sanitizeFileName } from '../core/response/save-file-name';
import { Disposable } from '../core/disposable';
import { SaveTexts } from './user-messages';

/** Our own scheme: the two sides of Compare Responses, read-only. */
export const RESPONSE_DOCUMENT_SCHEME = 'http-wire-response';

/**
 * The read-only documents a comparison opens in a diff editor (issue 11, item 2): a
 * TextDocumentContentProvider over texts made once per comparison (cut to a size a diff takes,
 * response-text.ts). A text is dropped when VS Code closes its document. The path ends in
 * `.http`: the grammar colours the status line, the headers and the body by its Content-Type.
 */
export class ResponseDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(RESPONSE_DOCUMENT_SCHEME, this));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === RESPONSE_DOCUMENT_SCHEME) this.texts.delete(d.uri.toString());
      }),
    );
  }

  /** A new document with `text`, named after `label` (a request's name or request line). */
  add(label: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RESPONSE_DOCUMENT_SCHEME, path: `/${++this.count}/${sanitizeFileName(label) ?? 'response'}.http` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // Dropped when its document was closed: reopened later, it says so.
    return this.texts.get(uri.toString()) ?? SaveTexts.comparisonGone;
  }
}
