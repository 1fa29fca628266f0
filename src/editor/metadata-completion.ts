import * as vscode from 'vscode';
import { metadataKeyContext, metadataKeysToOffer, metadataSnippet, requestNameContext, requestNamesToOffer, type MetadataKey } from '../core/http-file/metadata-keys';
import type { HttpRegions } from './http-regions';
import { regionLineAt } from './region-at';

/**
 * Completion of `# @key` metadata (REST Client and httpYac offer it): after `@` on a `#` or `//`
 * comment line above a request line, in .http documents and Markdown's http blocks. The keys, their
 * help and snippets come from core `METADATA_KEYS`; a key the request already has is not offered
 * again unless it may repeat (`prompt`, `ref`).
 */
export class MetadataCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = ['@'];

  constructor(private readonly regions: HttpRegions) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const text = document.lineAt(position.line).text;
    const names = requestNameContext(text, position.character);
    if (names !== undefined) return this.requestNames(document, position, names.start);
    const context = metadataKeyContext(text, position.character);
    if (context === undefined) return undefined;
    const at = regionLineAt(this.regions, document, position.line);
    if (at === undefined) return undefined;
    const keys = metadataKeysToOffer(at.request, at.line);
    if (keys === undefined) return undefined;
    const range = new vscode.Range(position.line, context.start, position.line, position.character);
    return keys.map((k, i) => item(k, i, range));
  }

  /** After `# @ref ` (Ctrl+Space: quick suggestions are off in comments): the file's request names. */
  private requestNames(document: vscode.TextDocument, position: vscode.Position, start: number): vscode.CompletionItem[] | undefined {
    const at = regionLineAt(this.regions, document, position.line);
    if (at === undefined || (at.request !== undefined && position.line >= at.request.requestLine.line)) return undefined;
    const range = new vscode.Range(position.line, start, position.line, position.character);
    return requestNamesToOffer(at.region.file.requests, at.request).map((name) => {
      const completion = new vscode.CompletionItem(name, vscode.CompletionItemKind.Reference);
      completion.detail = 'A request of this file: sent first (# @ref: unless answered already)';
      completion.range = range;
      return completion;
    });
  }
}

function item(info: MetadataKey, order: number, range: vscode.Range): vscode.CompletionItem {
  const completion = new vscode.CompletionItem({ label: info.key, description: info.value }, vscode.CompletionItemKind.Keyword);
  completion.detail = info.value === undefined ? `# @${info.key}` : `# @${info.key} ${info.value}`;
  completion.documentation = info.description;
  completion.insertText = new vscode.SnippetString(metadataSnippet(info));
  completion.range = range;
  // The table's order (most used first), not the alphabet.
  completion.sortText = String(order).padStart(2, '0');
  return completion;
}
