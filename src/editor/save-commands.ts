import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exchangeSourceOfEntry, type ExchangeSource } from '../core/history/exchange-source';
import { firstHeader } from '../core/response/model';
import { comparedText, readComparedBody, responseTextPieces } from '../core/response/response-text';
import { saveToFile } from '../core/response/save-file';
import { bodyFileNameOf, responseFileNameOf } from '../core/response/save-file-name';
import type { ResponsePanels } from '../webview/panel';
import { prettyJson } from '../webview/ui/json-pretty';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { pickHistoryEntry, type ExchangeHistory } from './exchange-history';
import { ResponseDocuments } from './response-documents';
import { saveFailureReason, SaveTexts } from './user-messages';

/**
 * Which exchange a command acts on: the one a response panel shows (the panel of that `.http`
 * document's URI) or a history entry (its id). The panel's buttons pass the first; tests pass either.
 */
export type ExchangeRef = { readonly panel: string } | { readonly historyId: string };

/** Each side of a comparison shows at most this much of its body: a diff editor stays responsive. */
const COMPARED_BODY_LIMIT_BYTES = 1024 * 1024;

function isPanelRef(v: unknown): v is { panel: string } {
  return typeof v === 'object' && v !== null && typeof (v as { panel?: unknown }).panel === 'string';
}

function isHistoryRef(v: unknown): v is { historyId: string } {
  return typeof v === 'object' && v !== null && typeof (v as { historyId?: unknown }).historyId === 'string';
}

/**
 * Registers Save Response, Save Response Body and Compare Responses (issue 11, item 2), and the
 * panel's buttons for them. Save commands take `(target?: Uri, exchange?: ExchangeRef)`: the
 * save dialog only when `target` is absent; Compare takes `(left?: ExchangeRef, right?:
 * ExchangeRef)`. An exchange not named is the active response panel's (for Save and the left
 * side of Compare), else one picked from the history.
 */
export function registerSaveCommands(ctx: Ctx, panels: ResponsePanels, history: ExchangeHistory): void {
  const { store } = history;
  const documents = ctx.register(new ResponseDocuments());

  async function sourceOf(ref: unknown, placeHolder: string, usePanel: boolean, excludeId?: string, emptyText?: string): Promise<ExchangeSource | undefined> {
    if (isPanelRef(ref)) {
      const source = panels.exchangeSourceIn(ref.panel);
      if (source === undefined) void vscode.window.showInformationMessage(SaveTexts.noResultInPanel);
      return source;
    }
    if (isHistoryRef(ref)) {
      // Found among the entries the store lists: the id is never made into a path.
      const entry = (await store.list()).find((e) => e.id === ref.historyId);
      if (entry === undefined) void vscode.window.showInformationMessage(SaveTexts.gone);
      return entry === undefined ? undefined : exchangeSourceOfEntry(entry, store);
    }
    const shown = usePanel ? panels.exchangeSourceIn() : undefined;
    if (shown !== undefined) return shown;
    const picked = await pickHistoryEntry(store, placeHolder, excludeId, emptyText);
    return picked === undefined ? undefined : exchangeSourceOfEntry(picked, store);
  }

  async function save(kind: 'body' | 'response', target: unknown, ref: unknown): Promise<vscode.Uri | undefined> {
    const source = await sourceOf(ref, SaveTexts.pickToSave, true);
    if (source === undefined) return undefined;
    try {
      const { headers } = source.response;
      const fileName =
        kind === 'body'
          ? bodyFileNameOf({ contentDisposition: firstHeader(headers, 'content-disposition'), contentType: firstHeader(headers, 'content-type'), url: source.url })
          : responseFileNameOf(source.label, source.method, source.url);
      const uri = target instanceof vscode.Uri ? target : await askWhere(fileName, kind);
      if (uri === undefined) return undefined;
      if (uri.scheme !== 'file') {
        void vscode.window.showErrorMessage(SaveTexts.notAFile(uri.toString()));
        return undefined;
      }
      try {
        await saveToFile(uri.fsPath, kind === 'body' ? source.readBody() : responseTextPieces(source.response, source.readBody(), source.bodyBytes));
      } catch (err) {
        ctx.log.error(`save: could not save to ${uri.fsPath}`, err);
        void vscode.window.showErrorMessage(SaveTexts.saveFailed(path.basename(uri.fsPath), saveFailureReason(err, uri.fsPath)));
        return undefined;
      }
      if (kind === 'body' && source.codingsNotUndone !== undefined) void vscode.window.showWarningMessage(SaveTexts.savedAsReceived(path.basename(uri.fsPath), source.codingsNotUndone));
      else void vscode.window.showInformationMessage(SaveTexts.saved(path.basename(uri.fsPath)));
      return uri;
    } finally {
      source.dispose();
    }
  }

  async function compare(leftRef: unknown, rightRef: unknown): Promise<[vscode.Uri, vscode.Uri] | undefined> {
    const left = await sourceOf(leftRef, SaveTexts.pickFirst, true);
    if (left === undefined) return undefined;
    try {
      const right = await sourceOf(rightRef, SaveTexts.pickSecond(left.label), false, left.historyId, SaveTexts.nothingToCompareWith);
      if (right === undefined) return undefined;
      try {
        // A view, as the panel is: the secrets it masks (an echoed key, a private header) are masked here too.
        const [leftText, rightText] = await Promise.all([comparedTextOf(left).then((t) => panels.maskText(t)), comparedTextOf(right).then((t) => panels.maskText(t))]);
        const uris: [vscode.Uri, vscode.Uri] = [documents.add(left.label, leftText), documents.add(right.label, rightText)];
        await vscode.commands.executeCommand('vscode.diff', ...uris, SaveTexts.diffTitle(left.label, right.label));
        return uris;
      } catch (err) {
        ctx.log.error('compare: could not read the responses', err);
        void vscode.window.showErrorMessage(SaveTexts.compareFailed);
        return undefined;
      } finally {
        right.dispose();
      }
    } finally {
      left.dispose();
    }
  }

  ctx.register(vscode.commands.registerCommand(CommandIds.saveBody, (target?: unknown, ref?: unknown) => save('body', target, ref)));
  ctx.register(vscode.commands.registerCommand(CommandIds.saveResponse, (target?: unknown, ref?: unknown) => save('response', target, ref)));
  ctx.register(vscode.commands.registerCommand(CommandIds.compareResponses, (left?: unknown, right?: unknown) => compare(left, right)));
  ctx.register(
    panels.onDidRequestAction(({ action, panelKey }) => {
      const ref: ExchangeRef = { panel: panelKey };
      if (action === 'compare') void compare(ref, undefined);
      else void save(action === 'saveBody' ? 'body' : 'response', undefined, ref);
    }),
  );
}

async function comparedTextOf(source: ExchangeSource): Promise<string> {
  const body = await readComparedBody(source.readBody(), firstHeader(source.response.headers, 'content-type'), COMPARED_BODY_LIMIT_BYTES);
  return comparedText(source.response, body, source.bodyBytes, COMPARED_BODY_LIMIT_BYTES, prettyJson);
}

/** The save dialog, in the first workspace folder (else the home folder), with `fileName` proposed. */
function askWhere(fileName: string, kind: 'body' | 'response'): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  return vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    saveLabel: kind === 'body' ? SaveTexts.saveBodyLabel : SaveTexts.saveResponseLabel,
    ...(kind === 'response' ? { filters: { 'HTTP response': ['http'], Text: ['txt'] } } : {}),
  });
}
