import type * as vscode from 'vscode';
import type { HttpWireError } from '../core/errors';
import { summarizeExchange } from '../core/response/exchange-summary';
import type { PartialExchange } from '../core/wire/exchange-types';
import type { SendResult } from '../core/wire/send-result';
import type { PanelTarget, ResponsePresenter } from '../webview/presenter';

/**
 * A stand-in for the response panel until it is merged: writes each exchange's status line and
 * headers to the log channel. It owns what it is given, as the panel does, and frees it at once.
 */
export class LogPresenter implements ResponsePresenter {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  showSending(target: PanelTarget): void {
    this.log.info(`${target.title}: sending`);
  }

  showResult(target: PanelTarget, result: SendResult): void {
    const { response } = result;
    const summary = summarizeExchange({ status: response.status, reason: response.reason, totalMs: result.timings.totalMs, bodyBytes: result.rawBody.length });
    // Header values can hold credentials (Set-Cookie): only the names go to the log.
    this.log.info(`${target.title}: ${response.httpVersion} ${summary}; headers ${response.headers.map(([name]) => name).join(', ')}`);
    result.dispose();
  }

  showFailure(target: PanelTarget, err: HttpWireError): void {
    this.log.warn(`${target.title}: ${err.code} ${err.message}`);
    (err.detail as { partial?: PartialExchange }).partial?.rawBody?.dispose();
  }
}
