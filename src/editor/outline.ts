import * as vscode from 'vscode';
import type { HttpRequest } from '../core/http-file/model';
import { toLineRange } from './convert';
import { HttpDocuments } from './http-documents';

/**
 * The outline (and breadcrumbs, and Go to Symbol): one symbol per request, named by its `@name` or
 * `###` title and detailed by its request line, then the file variables.
 */
export class HttpOutlineProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly documents: HttpDocuments) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const file = this.documents.get(document);
    const symbols = file.requests.map((r) => requestSymbol(document, r));
    for (const v of file.variables) {
      const line = document.lineAt(v.line).range;
      symbols.push(new vscode.DocumentSymbol(`@${v.name}`, v.value, vscode.SymbolKind.Variable, line, line));
    }
    return symbols;
  }
}

function requestSymbol(document: vscode.TextDocument, r: HttpRequest): vscode.DocumentSymbol {
  const rl = r.requestLine;
  const requestLine = `${rl.method} ${rl.target}`;
  const range = toLineRange(document, r.range);
  // The request line is where the symbol points; it is always inside the request's range.
  const selection = document.lineAt(rl.line).range;
  return new vscode.DocumentSymbol(r.name ?? requestLine, r.name === undefined ? '' : requestLine, vscode.SymbolKind.Method, range, selection);
}
