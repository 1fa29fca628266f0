import type * as vscode from 'vscode';

/** The language id contributed in package.json for `.http` and `.rest` files. */
export const HTTP_LANGUAGE_ID = 'http';

/** VS Code's own id for Markdown, whose ```http blocks get Send Request lenses. */
export const MARKDOWN_LANGUAGE_ID = 'markdown';

/** Every provider is registered for this selector, files and untitled documents alike. */
export const HTTP_SELECTOR: vscode.DocumentSelector = { language: HTTP_LANGUAGE_ID };

/**
 * Requests are sent, and their lenses shown, only from these schemes: files on disk and untitled
 * documents. A `git:` or diff view of an .http file shows an old version, not one to send.
 */
export const SENDABLE_SCHEMES: readonly string[] = ['file', 'untitled'];

/** The documents that get Send Request lenses: .http and Markdown, files and untitled ones. */
export const SENDABLE_SELECTOR: vscode.DocumentSelector = [HTTP_LANGUAGE_ID, MARKDOWN_LANGUAGE_ID].flatMap((language) => SENDABLE_SCHEMES.map((scheme) => ({ language, scheme })));
