import * as vscode from 'vscode';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { HttpRegions, type RegionRequest } from './http-regions';
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
    const found = await requestForCommand(regions, uri, requestLine);
    if (found !== undefined) await sends.send(found.document, found.target);
  });

  command(CommandIds.sendAllRequests, async (uri?: unknown) => {
    const document = await documentFor(uri);
    if (document !== undefined) await sends.sendAll(document);
  });

  command(CommandIds.rerunLastRequest, () => sends.rerunLast());

  command(CommandIds.clearCookies, () => {
    void vscode.window.showInformationMessage(Messages.cookiesCleared(ctx.settings.clearCookies()));
  });

  command(CommandIds.cancelRequest, async (uri?: unknown, requestLine?: unknown) => {
    const target = uriOf(uri);
    const document = target !== undefined ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
    // A lens names its request; the key binding means every send of the file.
    const line = typeof requestLine === 'number' ? requestLine : undefined;
    // Nothing in flight in this file: the user still wants the sending to stop, so stop every send
    // (not for a lens's request that has just ended: the others go on).
    const cancelled = (document !== undefined && sends.cancel(document, line)) || (line === undefined && sends.cancel());
    if (!cancelled) void vscode.window.showInformationMessage(Messages.nothingToCancel);
  });
}

/**
 * The request a command means: the one at `requestLine` of the document at `uri` (a code lens
 * passes both), else the one at the cursor. Says so to the user when there is none.
 */
export async function requestForCommand(regions: HttpRegions, uri: unknown, requestLine: unknown): Promise<{ document: vscode.TextDocument; target: RegionRequest } | undefined> {
  const document = await documentFor(uri);
  if (document === undefined) return undefined;
  const line = typeof requestLine === 'number' ? requestLine : cursorLineIn(document);
  const target = line === undefined ? undefined : regions.requestAt(document, line);
  if (target === undefined) {
    void vscode.window.showInformationMessage(Messages.noRequestAtCursor);
    return undefined;
  }
  return { document, target };
}

/** The document a command means: the one at `uri`, else the active editor's .http or Markdown document. */
async function documentFor(uri: unknown): Promise<vscode.TextDocument | undefined> {
  const target = uriOf(uri);
  if (target !== undefined) return vscode.workspace.openTextDocument(target);
  const document = vscode.window.activeTextEditor?.document;
  if (document === undefined || !HttpRegions.holdsRequests(document)) {
    void vscode.window.showInformationMessage(Messages.noActiveHttpEditor);
    return undefined;
  }
  return document;
}

/** The cursor's line when `document` is in the active editor; it has no cursor otherwise. */
function cursorLineIn(document: vscode.TextDocument): number | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document === document ? editor.selection.active.line : undefined;
}

/** A command's document argument: a Uri, or a URI string (the code lenses pass strings, cheaper to send). */
function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return typeof arg === 'string' ? vscode.Uri.parse(arg, true) : undefined;
}
