import * as vscode from 'vscode';

/** A notification a test caught: its severity and text. */
export interface Told {
  readonly severity: 'information' | 'warning' | 'error';
  readonly message: string;
}

/**
 * Information, warning and error notifications go to `told` (each answered with no choice)
 * instead of VS Code's window, until `dispose()`: a test reads what the user was told.
 */
export function captureNotifications(): { readonly told: Told[]; dispose(): void } {
  const told: Told[] = [];
  const window = vscode.window as { showInformationMessage: typeof vscode.window.showInformationMessage; showWarningMessage: typeof vscode.window.showWarningMessage; showErrorMessage: typeof vscode.window.showErrorMessage };
  const originals = { information: window.showInformationMessage, warning: window.showWarningMessage, error: window.showErrorMessage };
  const stub = (severity: Told['severity']) =>
    ((message: string) => {
      told.push({ severity, message });
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showInformationMessage;
  window.showInformationMessage = stub('information');
  window.showWarningMessage = stub('warning');
  window.showErrorMessage = stub('error');
  return {
    told,
    dispose: () => {
      window.showInformationMessage = originals.information;
      window.showWarningMessage = originals.warning;
      window.showErrorMessage = originals.error;
    },
  };
}
