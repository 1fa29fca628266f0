/**
 * The ids of every command the extension contributes (package.json `contributes.commands`, each
 * with the category "HTTP Wire"). Code refers to commands only through these constants, so a
 * renamed id is one change here and one in the manifest; the activation test checks that each
 * id is registered.
 */
export const CommandIds = {
  /** Send the request under the cursor, or the one a code lens names (Ctrl/Cmd+Alt+R). */
  sendRequest: 'httpWire.sendRequest',
  /** Send every request of the file in order; stops when cancelled. */
  sendAllRequests: 'httpWire.sendAllRequests',
  /** Send again the request sent last, from whichever file (Ctrl/Cmd+Alt+L). */
  rerunLastRequest: 'httpWire.rerunLastRequest',
  /** Cancel the sends of the active file (a lens: its request's alone), or every send when it has none (Ctrl/Cmd+Alt+K). */
  cancelRequest: 'httpWire.cancelRequest',
  /** Pick one of the last 50 exchanges, newest first, and reopen it in the panel (Ctrl/Cmd+Alt+H). */
  showHistory: 'httpWire.showHistory',
  /** Remove every exchange kept in the history, with its body files. */
  clearHistory: 'httpWire.clearHistory',
  /** Forget the cookies servers set in this window's session (they are otherwise sent until VS Code closes). */
  clearCookies: 'httpWire.clearCookies',
  /**
   * Keep the active response panel's answer (else the panel shown last): the next answer opens a
   * new panel beside it. Also a button in the panel's title bar.
   */
  pinResponsePanel: 'httpWire.pinResponsePanel',
  unpinResponsePanel: 'httpWire.unpinResponsePanel',
  /** Copy the request under the cursor (or the one a lens/menu names) as a curl command. */
  copyRequestAsCurl: 'httpWire.copyRequestAsCurl',
  /** Insert the curl command on the clipboard as a request at the cursor. */
  pasteCurlAsRequest: 'httpWire.pasteCurlAsRequest',
  /** Save the status line, headers and body (as text) of the response in the active panel, or of one picked from the history. */
  saveResponse: 'httpWire.saveResponse',
  /** Save the response body byte for byte (codings undone), named from Content-Disposition or its type. */
  saveBody: 'httpWire.saveBody',
  /** Compare two responses (the active panel's or one from the history, with one from the history) in a diff editor. */
  compareResponses: 'httpWire.compareResponses',
  /**
   * Choose the environment {{variables}} come from (Ctrl/Cmd+Alt+E, or the status-bar item): a
   * QuickPick, or the name given as argument (null for none), remembered per workspace.
   */
  selectEnvironment: 'httpWire.selectEnvironment',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
