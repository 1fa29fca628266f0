import * as vscode from 'vscode';
import type { ResponsePanels } from '../webview/panel';
import { CommandIds } from './command-ids';
import type { Ctx } from './ctx';
import { Messages } from './user-messages';

/**
 * Registers the response panel's commands: Pin Response Panel (palette, and the pin button of the
 * panel's title bar: package.json `editor/title`, when `activeWebviewPanelId == 'httpWire.response'`).
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
}
