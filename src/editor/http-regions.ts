import * as vscode from 'vscode';
import { findMarkdownHttpBlocks } from '../core/http-file/markdown-blocks';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import { parseRegion } from '../core/http-file/parse';
import { findRequestAt } from '../core/http-file/request-at';
import { Disposable } from '../core/disposable';
import { HttpDocuments } from './http-documents';
import { HTTP_LANGUAGE_ID, MARKDOWN_LANGUAGE_ID } from './selector';

/**
 * Requests parsed from part of a document: all of an .http file, or one ```http block of a
 * Markdown file. Either way the file's lines are the document's: a block is parsed after as many
 * empty lines as stand before it (see regionsOf), so every line number the file holds and every
 * message it gives names a line of the document. The region holds lines `firstLine` to
 * `file.lineCount - 1`.
 */
export interface HttpRegion {
  readonly file: HttpFile;
  readonly firstLine: number;
}

/** A request and the region it was parsed in. */
export interface RegionRequest {
  readonly region: HttpRegion;
  readonly request: HttpRequest;
}

/** The request line of `request` as a line of the document: what lenses, rerun and Retry go by. */
export function documentLineOf({ request }: RegionRequest): number {
  return request.requestLine.line;
}

/**
 * The requests of a document in document lines, for sending: an .http document is one region
 * (parsed by HttpDocuments, cached per version), a Markdown document one region per http block
 * (each block parsed on its own, cached per document version). Other documents have none.
 */
export class HttpRegions extends Disposable {
  /**
   * Per Markdown document: its regions at `version`, and each region by its block's first line and
   * text, so that the next version parses again only the blocks an edit changed or moved.
   */
  private readonly markdown = new Map<string, { readonly version: number; readonly regions: readonly HttpRegion[]; readonly byBlock: ReadonlyMap<string, HttpRegion> }>();

  constructor(private readonly documents: HttpDocuments) {
    super();
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.markdown.delete(d.uri.toString())));
  }

  /**
   * Whether requests are read from `document` at all: an .http document, or a Markdown one (its
   * ```http blocks). What a command run with no document (a key, the palette) may take the active
   * editor's for.
   */
  static holdsRequests(document: vscode.TextDocument): boolean {
    return document.languageId === HTTP_LANGUAGE_ID || document.languageId === MARKDOWN_LANGUAGE_ID;
  }

  regionsOf(document: vscode.TextDocument): readonly HttpRegion[] {
    if (!HttpRegions.holdsRequests(document)) return [];
    if (document.languageId === HTTP_LANGUAGE_ID) return [{ file: this.documents.get(document), firstLine: 0 }];
    const key = document.uri.toString();
    const cached = this.markdown.get(key);
    if (cached?.version === document.version) return cached.regions;
    const byBlock = new Map<string, HttpRegion>();
    const regions = findMarkdownHttpBlocks(document.getText()).map((b) => {
      const blockKey = `${b.startLine}\n${b.text}`;
      // Empty lines are blank lines to the parser: nothing before a file's first request. The
      // parser does not read them (firstLine), but they still cost a line each, hence the parse
      // kept for a block no edit touched.
      const region = cached?.byBlock.get(blockKey) ?? { file: parseRegion('\n'.repeat(b.startLine) + b.text, { firstLine: b.startLine }), firstLine: b.startLine };
      byBlock.set(blockKey, region);
      return region;
    });
    this.markdown.set(key, { version: document.version, regions, byBlock });
    return regions;
  }

  /** The request whose block holds document line `line`, if any. */
  requestAt(document: vscode.TextDocument, line: number): RegionRequest | undefined {
    const region = this.regionAt(document, line);
    const request = region === undefined ? undefined : findRequestAt(region.file, line);
    return request === undefined ? undefined : { region: region!, request };
  }

  /** The region (all of an .http document, or one ```http block of Markdown) that holds document line `line`. */
  regionAt(document: vscode.TextDocument, line: number): HttpRegion | undefined {
    return this.regionsOf(document).find((region) => line >= region.firstLine && line < region.file.lineCount);
  }

  override dispose(): void {
    this.markdown.clear();
    super.dispose();
  }
}
