import type { HttpWireError } from '../core/errors';
import type { ResponseStart, SendResult } from '../core/wire/send-result';
import type { FailureAction } from './protocol';

export type { FailureAction } from './protocol';

/** One response panel per `.http` file, or one per request of it (`httpWire.responsePanel.mode`). */
export type PanelMode = 'perFile' | 'perRequest';

/** Which panel an exchange belongs to, and what it is called. */
export interface PanelTarget {
  /** The `.http` document the request is in (its URI as a string): one panel per file by default. */
  readonly documentUri: string;
  /** The request's name (`# @name`, `### title`) or its request line: the panel's title. */
  readonly title: string;
  /** The history entry of the exchange shown: the panel reopens it after a window reload. */
  readonly historyId?: string;
  /**
   * Which request of the document (the editor: its request line): with the setting
   * `httpWire.responsePanel.mode` at "perRequest", each request has its own panel.
   */
  readonly requestKey?: string;
}

/**
 * Where the editor shows exchanges: the response panels beside the editor (`panel.ts` implements
 * it). The editor layer calls it; it knows nothing of webviews.
 */
export interface ResponsePresenter {
  /** A send started: its panel shows it is under way, with a Cancel that calls `cancel`. */
  /** `request`: what is being sent, for the panel to show with the time it has waited. */
  showSending(target: PanelTarget, cancel: () => void, request?: { readonly method: string; readonly url: URL; readonly target: string }): void;
  /**
   * The answer's head has come and its body is slow to follow (a stream, a stalled server): the
   * panel shows the status line and headers while the body comes, still with Cancel.
   */
  showReceiving?(target: PanelTarget, start: ResponseStart, cancel: () => void): void;
  /**
   * The answer: status line, headers as received, body, raw bytes, timings. The presenter owns
   * `result` from here on and disposes it (its body may live in a temporary file) when the panel
   * shows something else or closes.
   */
  showResult(target: PanelTarget, result: SendResult): void;
  /**
   * The send failed: what went wrong, the next action, and whatever bytes did arrive. The
   * failure's buttons (retry, settings…) call `onAction`; without it they are not shown.
   */
  showFailure(target: PanelTarget, err: HttpWireError, onAction?: (action: FailureAction) => void): void;
}
