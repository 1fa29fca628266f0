import * as vscode from 'vscode';
import { asWireError } from '../core/errors';
import type { EnvironmentSet } from '../core/environments/environment-set';
import { ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING } from '../core/environments/workspace-settings';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { splitKey, type EditorEnvironments } from './environments';
import { HTTP_LANGUAGE_ID, MARKDOWN_LANGUAGE_ID } from './selector';
import { EnvironmentTexts } from './user-messages';

/** Kept per workspace once the import of REST Client's environments was offered: it is offered once. */
const IMPORT_OFFERED_KEY = 'httpWire.restClientImportOffered';

interface EnvironmentItem extends vscode.QuickPickItem {
  /** undefined: no environment. */
  readonly environment: string | undefined;
}

/**
 * The status-bar item that shows the chosen environment (for .http and Markdown editors) and the
 * Select Environment command it runs: a QuickPick of the environments the active document can use,
 * plus "No Environment"; or, given an argument (a name, or null for none), that choice without UI.
 * Returns what the status-bar item shows, for the extension-host tests.
 */
export function registerEnvironmentCommands(ctx: Ctx, environments: EditorEnvironments): () => { text: string; isVisible: boolean } {
  const item = ctx.register(vscode.window.createStatusBarItem('httpWire.environment', vscode.StatusBarAlignment.Right, 100));
  item.name = 'HTTP Wire Environment';
  item.command = CommandIds.selectEnvironment;
  item.tooltip = EnvironmentTexts.statusTooltip;
  let isVisible = false;
  const update = (): void => {
    item.text = EnvironmentTexts.statusText(environments.selected);
    const language = vscode.window.activeTextEditor?.document.languageId;
    isVisible = language === HTTP_LANGUAGE_ID || language === MARKDOWN_LANGUAGE_ID;
    if (isVisible) item.show();
    else item.hide();
  };
  update();
  ctx.register(vscode.window.onDidChangeActiveTextEditor(update));
  ctx.register(environments.onDidChange(update));
  ctx.register(
    vscode.commands.registerCommand(CommandIds.selectEnvironment, async (name?: unknown) => {
      if (typeof name === 'string' || name === null) {
        await environments.select(name ?? undefined);
        return;
      }
      await pickEnvironment(ctx, environments);
    }),
  );
  return () => ({ text: item.text, isVisible });
}

async function pickEnvironment(ctx: Ctx, environments: EditorEnvironments): Promise<void> {
  let set: EnvironmentSet;
  try {
    set = await environments.environmentsOf(vscode.window.activeTextEditor?.document);
  } catch (caught) {
    const err = asWireError(caught);
    ctx.log.warn(`environments: ${err.code}: ${err.message}`);
    void vscode.window.showErrorMessage(EnvironmentTexts.loadFailed(err.message));
    return;
  }
  const names = set.names();
  if (names.length === 0) {
    void vscode.window.showInformationMessage(EnvironmentTexts.noneFound);
    return;
  }
  // The chosen one is marked and comes first (`picked` marks nothing in a single-choice pick).
  const mark = (label: string, environment: string | undefined): string => (environment === environments.selected ? `$(check) ${label}` : label);
  const items: EnvironmentItem[] = [
    { label: mark(EnvironmentTexts.noEnvironment, undefined), detail: EnvironmentTexts.noEnvironmentDetail, environment: undefined },
    ...names.map((name) => ({ label: mark(name, name), description: EnvironmentTexts.fromPlaces(placesOf(set, name)), environment: name })),
  ];
  const current = items.findIndex((item) => item.environment === environments.selected);
  if (current > 0) items.unshift(...items.splice(current, 1));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: EnvironmentTexts.placeHolder });
  if (picked !== undefined) await environments.select(picked.environment);
}

/** The files and settings that define environment `name`, as the workspace names them. */
function placesOf(set: EnvironmentSet, name: string): string {
  return set
    .sourcesOf(name)
    .map((l) => vscode.workspace.asRelativePath(l.label))
    .join(', ');
}

/**
 * Once per workspace: when `rest-client.environmentVariables` is set and ours is not, offer to
 * copy it into `httpWire.environmentVariables` at the same places (user, workspace, folders). REST
 * Client's is read meanwhile anyway (environmentSettingFor), so declining changes nothing. `ask`
 * shows the offer (a test answers it).
 */
export async function offerRestClientImport(state: vscode.Memento, ask: (message: string, action: string) => Thenable<string | undefined> = (m, a) => vscode.window.showInformationMessage(m, a)): Promise<void> {
  if (state.get<boolean>(IMPORT_OFFERED_KEY) === true) return;
  const [ourSection, ourName] = splitKey(ENVIRONMENTS_SETTING);
  const [theirSection, theirName] = splitKey(REST_CLIENT_ENVIRONMENTS_SETTING);
  const scopes: Array<vscode.Uri | undefined> = [undefined, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
  const writes: Array<() => Thenable<void>> = [];
  for (const scope of scopes) {
    const ours = vscode.workspace.getConfiguration(ourSection, scope).inspect(ourName);
    const theirs = vscode.workspace.getConfiguration(theirSection, scope).inspect(theirName);
    if (ours === undefined || theirs === undefined) continue;
    if ([ours.globalValue, ours.workspaceValue, ours.workspaceFolderValue].some((v) => v !== undefined)) return;
    const targets: Array<[unknown, vscode.ConfigurationTarget]> =
      scope === undefined
        ? [
            [theirs.globalValue, vscode.ConfigurationTarget.Global],
            [theirs.workspaceValue, vscode.ConfigurationTarget.Workspace],
          ]
        : [[theirs.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder]];
    for (const [value, target] of targets) if (value !== undefined) writes.push(() => vscode.workspace.getConfiguration(ourSection, scope).update(ourName, value, target));
  }
  if (writes.length === 0) return;
  await state.update(IMPORT_OFFERED_KEY, true);
  const action = await ask(EnvironmentTexts.importOffer, EnvironmentTexts.importAction);
  if (action !== EnvironmentTexts.importAction) return;
  for (const write of writes) await write();
  void vscode.window.showInformationMessage(EnvironmentTexts.imported);
}
