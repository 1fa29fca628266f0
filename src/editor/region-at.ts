import type * as vscode from 'vscode';
import type { HttpRequest } from '../core/http-file/model';
import { findRequestAt } from '../core/http-file/request-at';
import type { HttpRegion, HttpRegions } from './http-regions';

/** A document line as a line of the region that holds it, and the request there (none on a file variable's line). */
export interface RegionLine {
  readonly region: HttpRegion;
  /** The line in the region's file. */
  readonly line: number;
  readonly request: HttpRequest | undefined;
}

/** The region (all of an .http document, or one ```http block of Markdown) that holds document line `line`. */
export function regionLineAt(regions: HttpRegions, document: vscode.TextDocument, line: number): RegionLine | undefined {
  for (const region of regions.regionsOf(document)) {
    if (line < region.lineOffset || line >= region.lineOffset + region.file.lineCount) continue;
    const inFile = line - region.lineOffset;
    return { region, line: inFile, request: findRequestAt(region.file, inFile) };
  }
  return undefined;
}
