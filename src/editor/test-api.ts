import type * as vscode from 'vscode';
import type { ResponsePresenter } from '../webview/presenter';
import type { SendQuestions } from './prompt-questions';

/**
 * What `activate` returns, for the extension-host tests only (they reach it through
 * `vscode.extensions.getExtension(id).exports`); no other extension should rely on it.
 */
export interface HttpWireTestApi {
  /**
   * Sends show their exchanges on `presenter` instead of the panel until the returned
   * disposable is disposed: a test records what a send delivered.
   */
  usePresenter(presenter: ResponsePresenter): vscode.Disposable;
  /** The folder the history of exchanges is kept under (a HistoryStore's root). */
  readonly historyFolder: string;
  /**
   * Fires with a response panel's document URI once the body of its result has been posted to
   * the panel's page in full: a test times the host's share of a send + show up to it.
   */
  readonly onDidPostBody: vscode.Event<string>;
  /**
   * `# @prompt` input boxes and `# @note` confirmations go to `questions` instead of VS Code's
   * window until the returned disposable is disposed (issue 12, item 5).
   */
  useQuestions(questions: SendQuestions): vscode.Disposable;
  /** What the environment's status-bar item shows now, and whether it is shown (issue 12, item 3). */
  environmentStatus(): { text: string; isVisible: boolean };
}
