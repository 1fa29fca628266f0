import * as vscode from 'vscode';
import type { ExchangeStore } from '../core/chaining/exchange-store';
import type { Ctx } from './ctx';
import type { EditorEnvironments } from './environments';
import type { HttpDocuments } from './http-documents';
import type { HttpRegions } from './http-regions';
import { MetadataCompletionProvider } from './metadata-completion';
import { SENDABLE_SELECTOR } from './selector';
import { UnresolvedVariablesPublisher } from './unresolved-variables';
import { VariableCompletionProvider } from './variable-completion';
import { VariableDefinitionProvider } from './variable-definition';
import { VariableHoverProvider } from './variable-hover';

/**
 * The editor's help for `{{variables}}` (issue 12, item 5): completion (and header names and
 * values), the hover with a variable's value and origin, go to definition, and the warning on names
 * without a value in the environment in use. All from the parser's reference index and the
 * environment set; `exchanges` gives the hover the session's responses for request references.
 */
export function registerVariableHelp(ctx: Ctx, documents: HttpDocuments, regions: HttpRegions, environments: EditorEnvironments, exchanges: (document: vscode.TextDocument) => ExchangeStore): void {
  ctx.register(vscode.languages.registerCompletionItemProvider(SENDABLE_SELECTOR, new VariableCompletionProvider(regions, environments), ...VariableCompletionProvider.triggerCharacters));
  ctx.register(vscode.languages.registerCompletionItemProvider(SENDABLE_SELECTOR, new MetadataCompletionProvider(regions), ...MetadataCompletionProvider.triggerCharacters));
  ctx.register(vscode.languages.registerHoverProvider(SENDABLE_SELECTOR, new VariableHoverProvider(regions, environments, exchanges)));
  ctx.register(vscode.languages.registerDefinitionProvider(SENDABLE_SELECTOR, new VariableDefinitionProvider(regions, environments)));
  ctx.register(new UnresolvedVariablesPublisher(documents, environments));
}
