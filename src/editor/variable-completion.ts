import * as vscode from 'vscode';
import { headerCompletionContext, headerCompletions, isHeaderLine, variableCompletionContext, variableCompletions, type CompletionEntry, type CompletionSource } from '../core/variables/variable-completions';
import type { EditorEnvironments } from './environments';
import type { HttpRegions } from './http-regions';
import { regionLineAt } from './region-at';

const KIND: Record<CompletionSource, vscode.CompletionItemKind> = {
  prompt: vscode.CompletionItemKind.Variable,
  file: vscode.CompletionItemKind.Variable,
  environment: vscode.CompletionItemKind.Constant,
  request: vscode.CompletionItemKind.Reference,
  path: vscode.CompletionItemKind.Field,
  system: vscode.CompletionItemKind.Function,
  header: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
};

/**
 * Completion in .http documents and Markdown's http blocks (issue 12, item 5): inside `{{`, the
 * request's prompts, file variables, the chosen environment's variables (`$shared` included), request
 * names and, after `name.`, their reference paths, and system variables of both dialects (core
 * `variableCompletions`, from the parsed file and the environment set); at the start of a header
 * line, common header names; after `Content-Type:`, `Accept:` and a few others, common values.
 * Secret values show as `***`.
 */
export class VariableCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = ['{', '.', '$', ':', ' '];

  constructor(
    private readonly regions: HttpRegions,
    private readonly environments: EditorEnvironments,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const at = regionLineAt(this.regions, document, position.line);
    if (at === undefined) return undefined;
    const text = document.lineAt(position.line).text;
    const variable = variableCompletionContext(text, position.character);
    if (variable !== undefined) {
      const environment = await this.environmentOf(document);
      const range = new vscode.Range(position.line, variable.start, position.line, position.character);
      return variableCompletions(at.region.file, at.request, environment, variable.prefix).map((e) => item(e, range));
    }
    const request = at.request;
    if (request === undefined || !isHeaderLine(request, at.line, (k) => document.lineAt(k).text)) return undefined;
    const header = headerCompletionContext(text, position.character);
    if (header === undefined) return undefined;
    const range = new vscode.Range(position.line, header.start, position.line, position.character);
    return headerCompletions(header).map((e) => item(e, range));
  }

  /** The environment in use; without one (a malformed env file), completion still offers the rest. */
  private async environmentOf(document: vscode.TextDocument): Promise<Parameters<typeof variableCompletions>[2]> {
    try {
      return { ...(await this.environments.originsFor(document)), labelOf: (label) => vscode.workspace.asRelativePath(label) };
    } catch {
      return { name: undefined, origins: new Map() };
    }
  }
}

function item(entry: CompletionEntry, range: vscode.Range): vscode.CompletionItem {
  const completion = new vscode.CompletionItem({ label: entry.label, description: entry.detail }, KIND[entry.source]);
  completion.detail = entry.detail;
  completion.range = range;
  if (entry.documentation !== undefined) completion.documentation = entry.documentation;
  if (entry.snippet !== undefined) completion.insertText = new vscode.SnippetString(entry.snippet);
  // Variables sort by where they come from: prompts and file variables first, system variables last.
  completion.sortText = `${ORDER.indexOf(entry.source)}${entry.label}`;
  return completion;
}

const ORDER: readonly CompletionSource[] = ['prompt', 'file', 'environment', 'request', 'path', 'header', 'value', 'system'];
