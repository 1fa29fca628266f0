import type { HttpFile } from '../http-file/model';
import { findRequestAt } from '../http-file/request-at';

/** Where to insert text and what exactly, lines counted from 0. */
export interface Insertion {
  /** Insert at the start of this line (`lineCount` means after the last line). */
  readonly line: number;
  readonly text: string;
}

const SEPARATOR = /^\s*###/;

/**
 * Where a new request's text goes when the cursor is on `cursorLine` of `file` (whose lines are
 * `lines`): at the cursor, or after the request the cursor is in, so that no request is split.
 * A `###` line is added before it when something other than blank lines and a separator is above,
 * and after it when something follows: a request must not run into its neighbours (its body
 * would take the next request's lines, or a file variable line).
 */
export function requestInsertion(file: HttpFile, lines: readonly string[], cursorLine: number, requestText: string): Insertion {
  const at = findRequestAt(file, cursorLine);
  const line = at !== undefined && cursorLine >= at.range.startLine && cursorLine <= at.range.endLine ? at.range.endLine + 1 : Math.min(cursorLine, lines.length);
  let above: string | undefined;
  for (let i = line - 1; i >= 0 && above === undefined; i--) if (lines[i]!.trim() !== '') above = lines[i];
  let below: string | undefined;
  for (let i = line; i < lines.length && below === undefined; i++) if (lines[i]!.trim() !== '') below = lines[i];
  let text = requestText.replace(/\s+$/, '');
  if (above !== undefined && !SEPARATOR.test(above)) text = `${lines[line - 1]!.trim() === '' ? '' : '\n'}###\n${text}`;
  text += '\n';
  // Then a blank line and a ###, or a blank line before the ### that follows, unless one is there.
  if (below !== undefined) text += SEPARATOR.test(below) ? (lines[line]!.trim() === '' ? '' : '\n') : '\n###\n';
  // A last line without its line end gets one first, so the text starts on a line of its own.
  if (line >= lines.length && lines.length > 0 && lines[lines.length - 1] !== '') text = `\n${text}`;
  return { line, text };
}
