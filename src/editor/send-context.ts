import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HttpFile } from '../core/http-file/model';
import type { SendContext } from '../core/send/prepare-send';
import type { SendOptions } from '../core/wire/client-options';
import { sendContextOf } from '../core/send/send-context';
import type { RequestReferenceSource } from '../core/variables/inputs';

/**
 * The `SendContext` of a document (core `sendContextOf`, as the CLI's for a file): relative
 * `< path` includes from the document's folder and then its workspace folder. An untitled document has no folder: its
 * includes start at the first workspace folder, if any. `baseOptions` are the settings' send
 * options (SessionSettings.baseOptionsFor), under each request's `# @` metadata; the hover, which
 * only prepares the request, needs none. `requests`: the document's exchanges for request chaining.
 */
export function sendContextFor(document: vscode.TextDocument, file: HttpFile, baseOptions: Partial<SendOptions> = {}, requests?: RequestReferenceSource): SendContext {
  const workspaceDir = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const baseDir = document.uri.scheme === 'file' ? path.dirname(document.uri.fsPath) : (workspaceDir ?? process.cwd());
  return sendContextOf(file, { baseDir, ...(workspaceDir !== undefined ? { workspaceDir } : {}), baseOptions, ...(requests !== undefined ? { variables: { requests } } : {}) });
}
