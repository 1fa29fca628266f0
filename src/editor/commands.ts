import * as vscode from 'vscode';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { HttpDocuments } from './http-documents';
import type { HttpRegions } from './http-regions';
import type { SendController } from './send-controller';
import { Messages } from './user-messages';

/**
 * Registers the send commands. Each takes an optional document URI first: a code lens passes it
 * (and Send Request the request's line), the editor context menu passes the document's URI, the
 * palette and keybindings pass nothing and mean the active editor (and its cursor).
 */
export function registerSendCommands(ctx: Ctx, regions: HttpRegions, sends: SendController): void {
  const command = (id: string, run: (...args: unknown[]) => unknown): void => {
    ctx.register(vscode.commands.registerCommand(id, run));
  };

  command(CommandIds.sendRequest, async (uri?: unknown, requestLine?: unknown) => {
    const document = await documentFor(uri);
    if (document === undefined) return;
    const line = typeof requestLine === 'number' ? requestLine : cursorLineIn(document);
    const request = line === undefined ? undefined : regions.requestAt(document, line);
    if (request === undefined) {
      void vscode.window.showInformationMessage(Messages.noRequestAtCursor);
      return;
    }
    await sends.send(document, request);
  });

  command(CommandIds.sendAllRequests, async (uri?: unknown) => {
    const document = await documentFor(uri);
    if (document !== undefined) await sends.sendAll(document);
  });

  command(CommandIds.rerunLastRequest, () => sends.rerunLast());

  command(CommandIds.cancelRequest, async (uri?: unknown) => {
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    // Nothing in flight in this file: the user still wants the sending to stop, so stop every send.
    const cancelled = (document !== undefined && sends.cancel(document)) || sends.cancel();
    if (!cancelled) void vscode.window.showInformationMessage(Messages.nothingToCancel);
  });
}

/** The document a command means: the one at `uri`, else the active editor's .http document. */
export async function documentFor(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const document = vscode.window.activeTextEditor?.document;
  if (document === undefined || !HttpDocuments.isHttp(document)) {
    void vscode.window.showInformationMessage(Messages.noActiveHttpEditor);
    return undefined;
  }
  return document;
}

/** The cursor's line when `document` is in the active editor; it has no cursor otherwise. */
export function cursorLineIn(document: vscode.TextDocument): number | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document === document ? editor.selection.active.line : undefined;
}
