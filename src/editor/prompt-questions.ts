// Issue 12, item 5: what the editor asks before a send, as plain data. `# @prompt name description`
// becomes an input box (hidden input for a secret's name) and `# @note` a modal confirmation. No
// `vscode` at run time (types only), so unit tests check the questions in plain Node.
import type * as vscode from 'vscode';
import { isSecretName } from '../core/environments/environment-set';
import { ErrorCodes, HttpWireError } from '../core/errors';
import type { HttpRequest } from '../core/http-file/model';
import type { Prompt } from '../core/variables/inputs';

/** The button of the `# @note` confirmation; a modal message brings its own Cancel (and Escape). */
export const NoteChoices = { send: 'Send' } as const;

/**
 * What a send asks the user, through VS Code's window in the product and through a stub in the
 * extension-host tests (HttpWireTestApi.useQuestions): the same options reach either.
 */
export interface SendQuestions {
  showInputBox(options: vscode.InputBoxOptions, token: vscode.CancellationToken): Thenable<string | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}

/**
 * The input box of `# @prompt`: titled by the request, asking with the description (else the
 * name). A name that says it holds a secret (pass, password, secret, token, api key, credential:
 * core `isSecretName`, the rule environments mask by) is typed hidden. `previous` is the last
 * answer to the same prompt of the same file this session, pre-filled (never for a secret).
 */
export function promptInputOptions(prompt: Prompt, previous?: string): vscode.InputBoxOptions {
  const isSecret = isSecretName(prompt.name);
  return {
    title: `${prompt.requestLabel}: ${prompt.name}`,
    prompt: prompt.description !== undefined && prompt.description !== '' ? prompt.description : `The value of {{${prompt.name}}}`,
    password: isSecret,
    ignoreFocusOut: true,
    ...(previous !== undefined && !isSecret ? { value: previous } : {}),
  };
}

/** The `# @note` of `request`: its text ('' for a bare `# @note`), or undefined when it has none. */
export function noteOf(request: HttpRequest): string | undefined {
  return request.metadata.find((m) => m.key === 'note')?.value.trim();
}

/**
 * The modal confirmation of a `# @note` request: the question, and as its detail the note and the
 * request about to go, `sentLine` (method and URL, variables resolved and secrets masked): the
 * host tells a production `DELETE` from a staging one, which the request's name alone did not.
 */
export function noteQuestion(note: string, requestLabel: string, sentLine: string): { readonly message: string; readonly options: vscode.MessageOptions } {
  const why = note !== '' ? note : 'This request is marked "# @note": confirm before it is sent.';
  return { message: `Send "${requestLabel}"?`, options: { modal: true, detail: `${why}\n\n${sentLine}` } };
}

/**
 * The user declined a send: a prompt's input box was dismissed (Escape) or a `# @note` was not
 * confirmed. Nothing was sent; the editor ends the send quietly (no failure in the panel, no
 * notification), as a cancellation the user chose.
 */
export class SendDeclined extends HttpWireError {
  constructor(
    readonly why: 'prompt' | 'note',
    requestLabel: string,
    promptName?: string,
  ) {
    super(ErrorCodes.aborted, why === 'prompt' ? `"${requestLabel}" was not sent: the prompt {{${promptName ?? ''}}} was cancelled.` : `"${requestLabel}" was not sent: its note was not confirmed.`, { declined: why, ...(promptName !== undefined ? { prompt: promptName } : {}) });
  }
}

/**
 * The last answer to each non-secret prompt, per file and name, for this session only (memory,
 * never stored): pre-filled in the next input box, never used without asking. Secret answers are
 * not kept.
 */
export class PromptMemory {
  private readonly answers = new Map<string, Map<string, string>>();

  get(fileKey: string, name: string): string | undefined {
    return this.answers.get(fileKey)?.get(name);
  }

  remember(fileKey: string, name: string, value: string): void {
    if (isSecretName(name)) return;
    let perFile = this.answers.get(fileKey);
    if (perFile === undefined) this.answers.set(fileKey, (perFile = new Map()));
    perFile.set(name, value);
  }

  /** A file closed: its answers go. */
  forget(fileKey: string): void {
    this.answers.delete(fileKey);
  }
}
