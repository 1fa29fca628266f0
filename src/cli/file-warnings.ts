import type { Diagnostic, HttpFile, HttpRequest } from '../core/http-file/model';
import { findRequestAt } from '../core/http-file/request-at';

/**
 * The parser's warnings, on stderr as a CI log should have them (`FILE:LINE:COLUMN: warning:
 * message [code]`, the form problem matchers read): those outside every request before the first
 * send, and a request's own the first time it is sent, a dependency's too. A warning often means
 * the file is not read as its author meant (a line after a body that is not sent, a header after
 * a blank line that goes out as body), and `send` used to be silent about them: only `parse`
 * showed them. Errors are not repeated here: a request with one fails HW_PARSE, unsent.
 */
export class FileWarnings {
  private readonly byRequest = new Map<HttpRequest, Diagnostic[]>();
  private readonly outside: Diagnostic[] = [];
  private printed = 0;

  constructor(
    file: HttpFile,
    private readonly filePath: string,
    private readonly log: (line: string) => void,
  ) {
    // A file variable's line may close a request's block, but the variable is the file's.
    const variableLines = new Set(file.variables.map((v) => v.line));
    for (const d of file.diagnostics) {
      if (d.severity !== 'warning') continue;
      const request = variableLines.has(d.line) ? undefined : findRequestAt(file, d.line);
      const list = request === undefined ? this.outside : this.byRequest.get(request);
      if (list !== undefined) list.push(d);
      else this.byRequest.set(request!, [d]);
    }
  }

  /** How many warnings were printed so far (`--strict` fails the run on any). */
  get count(): number {
    return this.printed;
  }

  /** The warnings outside every request (file variables, lines between requests). */
  printOutside(): void {
    this.print(this.outside);
  }

  /** `request`'s warnings, once, however often it is sent: they are forgotten once printed. */
  printFor(request: HttpRequest): void {
    const warnings = this.byRequest.get(request);
    if (warnings === undefined) return;
    this.byRequest.delete(request);
    this.print(warnings);
  }

  private print(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.log(`http-wire: ${this.filePath}:${d.line + 1}:${d.column + 1}: warning: ${d.message} [${d.code}]`);
    this.printed += diagnostics.length;
  }
}
