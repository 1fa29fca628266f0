import * as vscode from 'vscode';
import type { ResponsePanels } from '../webview/panel';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { Messages } from './user-messages';

/**
 * Registers the response panel's commands: Pin Response Panel and Unpin Response Panel (palette,
 * and the pin button of the panel's title bar: package.json `editor/title`, when
 * `activeWebviewPanelId == 'httpWire.response'`, Pin or Unpin as `httpWire.responsePanelPinned` says).
 */
export function registerPanelCommands(ctx: Ctx, panels: ResponsePanels): void {
  ctx.register(
    vscode.commands.registerCommand(CommandIds.pinResponsePanel, () => {
      const outcome = panels.pinCurrent();
      if (outcome === 'none') void vscode.window.showInformationMessage(Messages.noPanelToPin);
      else if (outcome === 'sending') void vscode.window.showInformationMessage(Messages.pinWhileSending);
      return outcome;
    }),
  );
  ctx.register(
    vscode.commands.registerCommand(CommandIds.unpinResponsePanel, () => {
      const outcome = panels.unpinCurrent();
      if (outcome === 'none') void vscode.window.showInformationMessage(Messages.noPanelToUnpin);
      else if (outcome === 'notPinned') void vscode.window.showInformationMessage(Messages.notPinned);
      else if (outcome === 'sending') void vscode.window.showInformationMessage(Messages.unpinWhileSending);
      return outcome;
    }),
  );
}
