import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VariableOrigin } from '../core/environments/environment-set';
import { findJsonKey } from '../core/environments/json-key-position';
import { ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING } from '../core/environments/workspace-settings';
import { readTextFile } from '../core/send/send-context';
import { definitionOf, referenceAt } from '../core/variables/variable-lookup';
import type { EditorEnvironments } from './environments';
import type { HttpRegions } from './http-regions';
import { regionLineAt } from './region-at';

/**
 * Go to definition on a `{{name}}` (issue 12, item 5): a file variable → its `@name` line (the last
 * one, which wins); a prompt → its `# @prompt` line; a request reference → the request's `# @name`
 * line or `###` title; an environment variable → its key in the env file (public or private) or in
 * `.vscode/settings.json` that gives the value in use (the key's position is looked up in the text,
 * best effort: the file's start when it cannot be found).
 */
export class VariableDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly regions: HttpRegions,
    private readonly environments: EditorEnvironments,
  ) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const at = regionLineAt(this.regions, document, position.line);
    if (at === undefined) return undefined;
    const reference = referenceAt(at.region.file, at.line, position.character);
    const definition = reference === undefined ? undefined : definitionOf(at.region.file, reference);
    if (definition === undefined) return undefined;
    const inDocument = (line: number, word: string): vscode.Location => {
      const column = Math.max(0, document.lineAt(line).text.indexOf(word));
      return new vscode.Location(document.uri, new vscode.Position(line, column));
    };
    switch (definition.kind) {
      case 'file':
        return inDocument(definition.line, `@${reference!.body}`);
      case 'prompt':
        return inDocument(definition.line, reference!.body);
      case 'request':
        return inDocument(definition.line, reference!.head);
      case 'environment': {
        let origins: ReadonlyMap<string, VariableOrigin>;
        try {
          origins = (await this.environments.originsFor(document)).origins;
        } catch {
          return undefined;
        }
        const origin = origins.get(definition.name);
        return origin === undefined ? undefined : keyLocation(document, origin, definition.name);
      }
      case 'system':
        return undefined;
    }
  }
}

/** Where `key` of `origin.section` is written in its layer's file: an env file, or the settings file of the document's workspace. */
async function keyLocation(document: vscode.TextDocument, origin: VariableOrigin, key: string): Promise<vscode.Location | undefined> {
  const label = origin.layer.label;
  if (path.isAbsolute(label)) return locate(label, [origin.section, key]);
  if (label !== ENVIRONMENTS_SETTING && label !== REST_CLIENT_ENVIRONMENTS_SETTING) return undefined;
  // The setting: the workspace folder's .vscode/settings.json, when it sets it (a user setting has no file to show here).
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme !== 'file') return undefined;
  return locate(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), [label, origin.section, key], true);
}

async function locate(file: string, keys: readonly string[], isFoundOnly = false): Promise<vscode.Location | undefined> {
  const text = await readTextFile(file).catch(() => undefined);
  if (text === undefined) return undefined;
  const found = findJsonKey(text, keys);
  if (found === undefined && isFoundOnly) return undefined;
  return new vscode.Location(vscode.Uri.file(file), new vscode.Position(found?.line ?? 0, found?.column ?? 0));
}
