import type * as vscode from 'vscode';

/** The language id contributed in package.json for `.http` and `.rest` files. */
export const HTTP_LANGUAGE_ID = 'http';

/** Every provider is registered for this selector, files and untitled documents alike. */
export const HTTP_SELECTOR: vscode.DocumentSelector = { language: HTTP_LANGUAGE_ID };
