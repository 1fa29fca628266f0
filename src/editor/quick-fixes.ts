import * as vscode from 'vscode';
import { DiagnosticCodes } from '../core/http-file/diagnostic-codes';
import { DIAGNOSTIC_SOURCE } from './convert';
import type { HttpRegions } from './http-regions';
import { quickFixesFor } from './quick-fix-edits';

/** The diagnostic codes that have quick fixes (quick-fix-edits.ts). */
const FIXABLE: ReadonlySet<string> = new Set([DiagnosticCodes.contentLengthMismatch, DiagnosticCodes.headerInBody, DiagnosticCodes.metadataBelowRequestLine, DiagnosticCodes.metadataKeyTypo]);

/**
 * Quick fixes on the parser's diagnostics. A `vscode.Diagnostic` carries no data, so each one is
 * matched, by code and start, to the parser's own diagnostic in the document's cached model, whose
 * `data` (`{written, actual}`) the fix needs.
 */
export class HttpQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly regions: HttpRegions) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only !== undefined && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const shown of context.diagnostics) {
      if (shown.source !== DIAGNOSTIC_SOURCE || typeof shown.code !== 'string' || !FIXABLE.has(shown.code)) continue;
      const line = shown.range.start.line;
      const region = this.regions.regionAt(document, line);
      if (region === undefined) continue;
      const parsed = region.file.diagnostics.find((d) => d.code === shown.code && d.line === line && d.column === shown.range.start.character);
      // Stale: the document changed since the diagnostic was published; the next one has fixes.
      if (parsed === undefined) continue;
      for (const fix of quickFixesFor(region.file, parsed, (l) => document.lineAt(l).text)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [shown];
        action.isPreferred = fix.isPreferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(document.uri, new vscode.Range(e.line, e.column, e.endLine, e.endColumn), e.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}
