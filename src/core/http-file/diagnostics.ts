import type { DiagnosticCode } from './diagnostic-codes';
import type { Diagnostic, Severity } from './model';

/** Collects diagnostics during one parse. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  add(
    severity: Severity,
    code: DiagnosticCode,
    message: string,
    line: number,
    column: number,
    endColumn: number,
    data?: Record<string, string | number>,
  ): void {
    this.items.push({ line, column, endLine: line, endColumn: Math.max(endColumn, column), severity, code, message, ...(data ? { data } : {}) });
  }
}

/**
 * The order diagnostics are listed in: by position, then by code and message, so that the order
 * never depends on which check happened to run first (a re-parse and a full parse agree).
 */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || compareText(a.code, b.code) || compareText(a.message, b.message);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
