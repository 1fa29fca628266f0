import type * as vscode from 'vscode';
import type { HttpRequest } from '../core/http-file/model';
import { findRequestAt } from '../core/http-file/request-at';
import type { HttpRegion, HttpRegions } from './http-regions';

/** A document line, the region that holds it, and the request there (none on a file variable's line). */
export interface RegionLine {
  readonly region: HttpRegion;
  /** The line, in the document and in the region's file alike (see HttpRegion). */
  readonly line: number;
  readonly request: HttpRequest | undefined;
}

/** The region (all of an .http document, or one ```http block of Markdown) that holds document line `line`. */
export function regionLineAt(regions: HttpRegions, document: vscode.TextDocument, line: number): RegionLine | undefined {
  const region = regions.regionAt(document, line);
  return region === undefined ? undefined : { region, line, request: findRequestAt(region.file, line) };
}
