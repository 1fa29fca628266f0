import { isSameName } from '../core/ascii';
import { DiagnosticCodes } from '../core/http-file/diagnostic-codes';
import type { Diagnostic, HttpFile, HttpRequest } from '../core/http-file/model';
import { findRequestAt } from '../core/http-file/request-at';
import { QuickFixTitles } from './user-messages';

/** Replace [line:column, endLine:endColumn) of the file with `newText` (0-based, UTF-16 columns). */
export interface LineEdit {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly newText: string;
}

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly LineEdit[];
  /** The fix the editor applies on "Auto Fix" (at most one per diagnostic). */
  readonly isPreferred: boolean;
}

/**
 * The quick fixes for one of the parser's diagnostics in `file`, as edits of its lines. `lineText`
 * gives a line of the file's text. No `vscode` here, so it is tested in plain Node;
 * src/editor/quick-fixes.ts turns the edits into a WorkspaceEdit.
 *
 * - `content-length-mismatch` (data `{written, actual}`): set every Content-Length of the request
 *   to the body's size; or, unless the request is `# @verbatim`, remove them, since the send path
 *   then adds the right one (core/send/prepare-request.ts).
 * - `header-in-body`: remove the blank lines between the request line and the header-like line,
 *   so the parser reads it, and any header lines after it, as headers.
 * - `metadata-below-request-line`: move the `# @key` line to just above the request line.
 */
export function quickFixesFor(file: HttpFile, diagnostic: Diagnostic, lineText: (line: number) => string): QuickFix[] {
  const request = findRequestAt(file, diagnostic.line);
  if (request === undefined) return [];
  switch (diagnostic.code) {
    case DiagnosticCodes.contentLengthMismatch:
      return contentLengthFixes(file, request, diagnostic, lineText);
    case DiagnosticCodes.headerInBody:
      return headerInBodyFixes(request, diagnostic, lineText);
    case DiagnosticCodes.metadataBelowRequestLine:
      return [{ title: QuickFixTitles.moveMetadataUp, edits: moveLineAbove(file, diagnostic.line, request.requestLine.line, lineText), isPreferred: true }];
    case DiagnosticCodes.metadataKeyTypo: {
      // The warning stands on the key itself (checks.ts): the fix writes the key meant there.
      const meant = diagnostic.data?.['meant'];
      if (typeof meant !== 'string' || diagnostic.endColumn <= diagnostic.column) return [];
      return [{ title: QuickFixTitles.changeKey(meant), edits: [{ line: diagnostic.line, column: diagnostic.column, endLine: diagnostic.line, endColumn: diagnostic.endColumn, newText: meant }], isPreferred: true }];
    }
    default:
      return [];
  }
}

function contentLengthFixes(file: HttpFile, request: HttpRequest, diagnostic: Diagnostic, lineText: (line: number) => string): QuickFix[] {
  const actual = diagnostic.data?.['actual'];
  if (typeof actual !== 'number') return [];
  const headers = request.headers.filter((h) => isSameName(h.name, 'Content-Length'));
  if (headers.length === 0) return [];
  const fixes: QuickFix[] = [
    {
      title: QuickFixTitles.setContentLength(actual),
      edits: headers.map((h) => ({ line: h.line, column: h.valueColumn, endLine: h.line, endColumn: h.valueColumn + h.value.length, newText: String(actual) })),
      isPreferred: true,
    },
  ];
  if (!request.metadata.some((m) => m.key === 'verbatim')) {
    fixes.push({ title: QuickFixTitles.removeContentLength, edits: headers.map((h) => deleteLine(file, h.line, lineText)), isPreferred: false });
  }
  return fixes;
}

function headerInBodyFixes(request: HttpRequest, diagnostic: Diagnostic, lineText: (line: number) => string): QuickFix[] {
  const edits: LineEdit[] = [];
  for (let line = request.requestLine.endLine + 1; line < diagnostic.line; line++) {
    if (lineText(line).trim() === '') edits.push({ line, column: 0, endLine: line + 1, endColumn: 0, newText: '' });
  }
  return edits.length === 0 ? [] : [{ title: QuickFixTitles.moveHeaderUp, edits, isPreferred: true }];
}

/** Line `line` moved to stand just above line `above` (which comes before it), as written. */
function moveLineAbove(file: HttpFile, line: number, above: number, lineText: (line: number) => string): LineEdit[] {
  return [{ line: above, column: 0, endLine: above, endColumn: 0, newText: `${lineText(line)}\n` }, deleteLine(file, line, lineText)];
}

/** The whole of `line` with its line break; the last line of the file takes the break before it. */
function deleteLine(file: HttpFile, line: number, lineText: (line: number) => string): LineEdit {
  if (line + 1 < file.lineCount || line === 0) return { line, column: 0, endLine: line + 1, endColumn: 0, newText: '' };
  return { line: line - 1, column: lineText(line - 1).length, endLine: line, endColumn: lineText(line).length, newText: '' };
}
