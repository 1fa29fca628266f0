import * as vscode from 'vscode';
import { historyRecordOf, type HistoryEntry, type HistorySource } from '../core/history/history-entry';
import { historyLabelOf, historySourceOf } from '../core/history/history-label';
import { HistoryStore, maskedSnapshot } from '../core/history/history-store';
import { restoreSendResult } from '../core/history/restore-result';
import { SecretMasker } from '../core/secret-masker';
import type { SendResult } from '../core/wire/send-result';
import type { ResponsePresenter } from '../webview/presenter';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { HistoryTexts } from './user-messages';

/** The panel of exchanges reopened from the history: one, reused, apart from any file's panel. */
const HISTORY_PANEL_KEY = 'httpWire:history';

/**
 * The editor's history of exchanges (issue 11, item 6) over a HistoryStore in the extension's
 * global storage. Recording never fails a send: the bytes are taken at once (the presenter frees
 * the result next), the writing happens afterwards, and its errors go to the log.
 */
export class ExchangeHistory {
  /** Its own masker: what is kept is masked as the panel masks, whatever the panel saw before. */
  private readonly masker = SecretMasker.create();

  constructor(
    readonly store: HistoryStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Masks `value` in every exchange kept from now on: a secret environment value (issue 12, item 3). */
  addSecret(value: string): void {
    this.masker.addSecret(value);
  }

  /**
   * Takes what the history keeps of `result`, answering the request `source` names; call before
   * handing `result` to its owner. Returns the id the entry will have once written (undefined when
   * it could not be taken).
   */
  record(result: SendResult, source?: HistorySource): string | undefined {
    try {
      const record = historyRecordOf(result, this.masker, source);
      const body = maskedSnapshot(this.store.snapshotBody(result.body), this.masker);
      const id = HistoryStore.newId();
      this.store.add(record, body, Date.now(), id).catch((err: unknown) => this.log.warn('history: could not keep the exchange', err));
      return id;
    } catch (err) {
      this.log.warn('history: could not keep the exchange', err);
      return undefined;
    }
  }

  /** The exchange kept as `id`, as a SendResult the caller owns; undefined when it is gone. */
  async restore(id: string): Promise<SendResult | undefined> {
    const entry = await this.store.get(id);
    return entry === undefined ? undefined : restoreSendResult(entry, this.store.readBody(entry));
  }
}

interface EntryItem extends vscode.QuickPickItem {
  readonly entry: HistoryEntry;
}

/**
 * A QuickPick of the kept exchanges, newest first, without `excludeId`; undefined when the user
 * dismisses it, or, with the message `emptyText`, when there is nothing to pick.
 */
export async function pickHistoryEntry(store: HistoryStore, placeHolder: string, excludeId?: string, emptyText: string = HistoryTexts.empty): Promise<HistoryEntry | undefined> {
  const entries = (await store.list()).filter((e) => e.id !== excludeId);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(emptyText);
    return undefined;
  }
  const items: EntryItem[] = entries.map((entry) => {
    const source = historySourceOf(entry);
    return { label: historyLabelOf(entry), description: new Date(entry.savedAtMs).toLocaleString(), ...(source !== undefined ? { detail: source } : {}), entry };
  });
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.entry;
}

/** Registers Show History (a QuickPick of past exchanges, newest first) and Clear History. */
export function registerHistoryCommands(ctx: Ctx, history: ExchangeHistory, presenter: () => ResponsePresenter): void {
  const { store } = history;
  ctx.register(
    vscode.commands.registerCommand(CommandIds.showHistory, async () => {
      const picked = await pickHistoryEntry(store, HistoryTexts.placeHolder);
      if (picked !== undefined) await reopen(picked);
    }),
  );
  ctx.register(
    vscode.commands.registerCommand(CommandIds.clearHistory, async () => {
      try {
        await store.clear();
        void vscode.window.showInformationMessage(HistoryTexts.cleared);
      } catch (err) {
        ctx.log.error('history: could not clear it', err);
        void vscode.window.showErrorMessage(HistoryTexts.clearFailed);
      }
    }),
  );

  async function reopen(entry: HistoryEntry): Promise<void> {
    let result: SendResult;
    try {
      result = await restoreSendResult(entry, store.readBody(entry));
    } catch (err) {
      ctx.log.error('history: could not read the exchange back', err);
      void vscode.window.showErrorMessage(HistoryTexts.reopenFailed);
      return;
    }
    presenter().showResult({ documentUri: HISTORY_PANEL_KEY, title: HistoryTexts.panelTitle(entry.record.source?.label ?? `${entry.record.request.method} ${entry.record.request.url}`), historyId: entry.id }, result);
  }
}
