import * as vscode from 'vscode';
import type { Diagnostic, LineRange, Severity } from '../core/http-file/model';

/** Adapters from core's 0-based lines and UTF-16 columns (the editor's own units) to vscode types. */

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The diagnostic's source, shown beside its message in the Problems view. */
export const DIAGNOSTIC_SOURCE = 'HTTP Wire';

export function toDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.line, d.column, d.endLine, d.endColumn);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}

/** Whole lines `range.startLine` to `range.endLine`, the last one to its end. */
export function toLineRange(document: vscode.TextDocument, range: LineRange): vscode.Range {
  const endLine = Math.min(range.endLine, document.lineCount - 1);
  return new vscode.Range(range.startLine, 0, endLine, document.lineAt(endLine).text.length);
}
