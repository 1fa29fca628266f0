import * as path from 'node:path';
import * as vscode from 'vscode';
import { VariableExpander } from '../core/http-file/file-variables';
import type { HttpFile } from '../core/http-file/model';
import { DEFAULT_ACCEPT_ENCODING, DEFAULT_USER_AGENT } from '../core/send/prepare-request';
import type { SendContext } from '../core/send/prepare-send';

/**
 * The `SendContext` of a document, as the CLI builds it for a file (src/cli/send-command.ts):
 * `{{variables}}` from the file's own `@name = value` lines, relative `< path` includes from the
 * document's folder and then its workspace folder. An untitled document has no folder: its
 * includes start at the first workspace folder, if any.
 */
export function sendContextFor(document: vscode.TextDocument, file: HttpFile): SendContext {
  const variables = new VariableExpander(new Map(file.variables.map((v) => [v.name, v.value])));
  const workspaceDir = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const baseDir = document.uri.scheme === 'file' ? path.dirname(document.uri.fsPath) : (workspaceDir ?? process.cwd());
  return {
    variables,
    baseDir,
    ...(workspaceDir !== undefined ? { workspaceDir } : {}),
    userAgent: DEFAULT_USER_AGENT,
    acceptEncoding: DEFAULT_ACCEPT_ENCODING,
    // Settings (timeouts, TLS per host...) arrive with issue 11 item 7; until then the defaults.
    baseOptions: {},
  };
}
