import * as vscode from 'vscode';
import { HttpDocuments } from './http-documents';

/**
 * Folding per request, as the parser sees requests (also those without `###` between them), plus
 * each body and each script or handler block on its own, so a long JSON body folds away while its
 * request line and headers stay in view.
 */
export class HttpFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly documents: HttpDocuments) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const ranges: vscode.FoldingRange[] = [];
    for (const r of this.documents.get(document).requests) {
      if (r.range.endLine > r.range.startLine) ranges.push(new vscode.FoldingRange(r.range.startLine, r.range.endLine, vscode.FoldingRangeKind.Region));
      // A folded range keeps its first line in view: the body's first line shows what it is.
      const body = r.body;
      if (body && body.endLine > body.startLine) ranges.push(new vscode.FoldingRange(body.startLine, body.endLine));
      for (const u of r.unsupported) {
        if (u.endLine > u.startLine) ranges.push(new vscode.FoldingRange(u.startLine, u.endLine));
      }
    }
    return ranges;
  }
}
