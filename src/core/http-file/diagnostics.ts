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
