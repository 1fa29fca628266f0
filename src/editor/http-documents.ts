import * as vscode from 'vscode';
import type { HttpFile } from '../core/http-file/model';
import { parseHttpFile } from '../core/http-file/parse';
import { reparseHttpFile } from '../core/http-file/reparse';
import { Disposable } from '../core/disposable';
import { HTTP_LANGUAGE_ID } from './selector';

interface Parsed {
  readonly version: number;
  readonly text: string;
  readonly file: HttpFile;
}

/**
 * The parsed model of every open `.http` document, one parse per document version. Providers ask
 * `get(document)`; a version seen before is answered from the cache, a new one is re-parsed
 * incrementally from the previous version (only the `###` block of an edit within a line is parsed
 * again; see core `reparseHttpFile`). Entries leave with their document.
 */
export class HttpDocuments extends Disposable {
  private readonly parsed = new Map<string, Parsed>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.parsed.delete(d.uri.toString())));
  }

  static isHttp(document: vscode.TextDocument): boolean {
    return document.languageId === HTTP_LANGUAGE_ID;
  }

  get(document: vscode.TextDocument): HttpFile {
    const key = document.uri.toString();
    const previous = this.parsed.get(key);
    if (previous?.version === document.version) return previous.file;
    const text = document.getText();
    const file = previous ? reparseHttpFile(previous.file, previous.text, text) : parseHttpFile(text);
    this.parsed.set(key, { version: document.version, text, file });
    return file;
  }

  override dispose(): void {
    this.parsed.clear();
    super.dispose();
  }
}
