import * as path from 'node:path';
import * as vscode from 'vscode';
import { EnvironmentCache } from '../core/environments/environment-cache';
import type { EnvironmentSet, VariableOrigin } from '../core/environments/environment-set';
import { loadEnvironments, PRIVATE_ENV_FILE, PUBLIC_ENV_FILE, type EnvironmentSources } from '../core/environments/find-environments';
import { ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING } from '../core/environments/workspace-settings';
import { SecretMasker } from '../core/secret-masker';
import { readTextFile } from '../core/send/send-context';
import type { VariableInputs } from '../core/variables/inputs';
import { Disposable } from '../core/disposable';

/** Where the chosen environment's name is kept: per workspace (workspaceState), as REST Client does. */
const SELECTED_KEY = 'httpWire.environment';

/** Something that masks what it shows: the panels, the history. Secret values are registered with it. */
export interface SecretSink {
  addSecret(value: string): void;
}

/** What sends, the hover and Copy as cURL take from the environments (SendController, hover, curl commands). */
export interface EnvironmentInputs {
  /** The variables of the chosen environment for `document`; rejects with HW_ENVIRONMENT (a malformed file, an environment it does not have). */
  variablesFor(document: vscode.TextDocument): Promise<Partial<VariableInputs>>;
  /** `text` with every secret value seen so far masked (for the log). */
  maskText(text: string): string;
  /** Registers every secret value seen so far with `sink` (the hover's masker). */
  addSecretsTo(sink: SecretSink): void;
  /** Masks `value` from now on wherever environment secrets are masked: a secret prompt's answer. */
  addSecret(value: string): void;
  /** The chosen environment's name; undefined for none. */
  readonly selected: string | undefined;
  /** Fires when another environment is chosen, or an env file or the environments setting changed. */
  readonly onDidChange: vscode.Event<void>;
}

/** `{ value, label }` of the environments setting for `uri`: ours, else REST Client's; undefined when neither is set. */
export function environmentSettingFor(uri: vscode.Uri | undefined): { value: unknown; label: string } | undefined {
  for (const key of [ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING]) {
    const [section, name] = splitKey(key);
    const config = vscode.workspace.getConfiguration(section, uri);
    const inspected = config.inspect(name);
    const isSet = inspected !== undefined && [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].some((v) => v !== undefined);
    if (isSet) return { value: config.get(name), label: key };
  }
  return undefined;
}

export function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

/**
 * The environments of the editor (issue 12, item 3): found for each document as the CLI finds them
 * for a file (core `loadEnvironments`: env files from the document's folder up to its workspace
 * folder, and the setting), the chosen name remembered per workspace. Secret values of the chosen
 * environment are registered with every `SecretSink` (the panels, the history) and with its own
 * masker, for the log and the hover.
 *
 * What is loaded is kept (EnvironmentCache, which checks the files' stamps at each ask); the
 * watcher clears it at once and tells the warnings to look again.
 */
export class EditorEnvironments extends Disposable implements EnvironmentInputs {
  private chosen: string | undefined;
  private readonly masker = SecretMasker.create();
  private readonly secrets = new Set<string>();
  private readonly cache = new EnvironmentCache();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when another environment is chosen, or an env file or the environments setting changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly sinks: readonly SecretSink[],
  ) {
    super();
    this.chosen = state.get<string>(SELECTED_KEY);
    const filesChanged = (): void => {
      this.cache.clear();
      this.changed.fire();
    };
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/{${PUBLIC_ENV_FILE},${PRIVATE_ENV_FILE},.vscode/settings.json}`));
    for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) this.register(event(filesChanged));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(ENVIRONMENTS_SETTING) || e.affectsConfiguration(REST_CLIENT_ENVIRONMENTS_SETTING)) filesChanged();
      }),
    );
  }

  /** The chosen environment's name; undefined for none (only `$shared` applies). */
  get selected(): string | undefined {
    return this.chosen;
  }

  async select(name: string | undefined): Promise<void> {
    this.chosen = name;
    await this.state.update(SELECTED_KEY, name);
    this.changed.fire();
  }

  /** Every environment `document` can use (for the picker). */
  environmentsOf(document: vscode.TextDocument | undefined): Promise<EnvironmentSet> {
    const sources = sourcesFor(document);
    const load = (): Promise<EnvironmentSet> => loadEnvironments(sources, readTextFile);
    return this.cache.get(sources, load);
  }

  async variablesFor(document: vscode.TextDocument): Promise<Partial<VariableInputs>> {
    const set = await this.environmentsOf(document);
    const chosen = set.choose(this.nameIn(set));
    for (const secret of chosen.secrets) this.addSecret(secret);
    return { environment: chosen.variables, ...(chosen.name !== undefined ? { environmentName: chosen.name } : {}), ...(chosen.skipped.size > 0 ? { environmentSkipped: chosen.skipped } : {}) };
  }

  addSecret(secret: string): void {
    if (this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.masker.addSecret(secret);
    for (const sink of this.sinks) sink.addSecret(secret);
  }

  /**
   * The environment `document` uses and where each of its variables comes from (the variable help:
   * completion, hover, go to definition). Rejects as `variablesFor` does.
   */
  async originsFor(document: vscode.TextDocument): Promise<{ name: string | undefined; origins: ReadonlyMap<string, VariableOrigin> }> {
    const set = await this.environmentsOf(document);
    const name = this.nameIn(set);
    return { name, origins: set.origins(name) };
  }

  /**
   * The chosen environment if `set` has it. One this document's files and settings do not have
   * (chosen for another folder) leaves only `$shared`: a request without variables must still be
   * sendable from anywhere.
   */
  private nameIn(set: EnvironmentSet): string | undefined {
    return this.chosen !== undefined && set.has(this.chosen) ? this.chosen : undefined;
  }

  maskText(text: string): string {
    return this.masker.maskText(text);
  }

  addSecretsTo(sink: SecretSink): void {
    for (const secret of this.secrets) sink.addSecret(secret);
  }
}

/** A document's folder (untitled: its workspace folder) up to its workspace folder, and the setting at its scope. */
function sourcesFor(document: vscode.TextDocument | undefined): EnvironmentSources {
  const uri = document?.uri;
  const folder = (uri !== undefined ? vscode.workspace.getWorkspaceFolder(uri) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
  const rootDir = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  const fromDir = uri?.scheme === 'file' ? path.dirname(uri.fsPath) : rootDir;
  const settings = environmentSettingFor(uri);
  return {
    // Without a folder of its own or a workspace, no env file is looked for: only the setting.
    ...(fromDir !== undefined ? { fromDir } : {}),
    ...(rootDir !== undefined ? { rootDir } : {}),
    ...(settings !== undefined ? { settings } : {}),
  };
}
