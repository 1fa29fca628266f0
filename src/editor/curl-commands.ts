import * as vscode from 'vscode';
import { curlToHttp } from '../core/curl/curl-to-http';
import { toCurlCommand } from '../core/curl/http-to-curl';
import { requestInsertion } from '../core/curl/request-insertion';
import { asWireError, ErrorCodes, HttpWireError } from '../core/errors';
import { prepareSend } from '../core/send/prepare-send';
import { requestLabelOf } from '../core/send/send-context';
import { CommandIds } from './command-ids';
import { requestForCommand } from './commands';
import type { Ctx } from './ctx';
import { HttpDocuments } from './http-documents';
import type { EnvironmentInputs } from './environments';
import type { HttpRegions } from './http-regions';
import { sendContextFor } from './send-context';
import type { PromptAnswers, RequestReferenceSource } from '../core/variables/inputs';
import { SendDeclined } from './prompt-questions';
import { CurlTexts } from './user-messages';

/**
 * Copy Request as cURL (the request at the cursor, or the one a lens or menu names, as for Send
 * Request: an optional document URI and request line) and Paste cURL as Request (the clipboard's
 * curl command inserted at the cursor as a request). The command text holds the request's real
 * credentials, since the user asked for it: it goes to the clipboard and nowhere else, never the log.
 */
export function registerCurlCommands(ctx: Ctx, regions: HttpRegions, environments: EnvironmentInputs, exchanges?: Exchanges, prompts?: Prompts): void {
  ctx.register(vscode.commands.registerCommand(CommandIds.copyRequestAsCurl, (uri?: unknown, requestLine?: unknown) => copyRequestAsCurl(ctx, regions, environments, uri, requestLine, exchanges, prompts)));
  ctx.register(vscode.commands.registerCommand(CommandIds.pasteCurlAsRequest, () => pasteCurlAsRequest(ctx, regions)));
}

/** What `{{login.response...}}` reads for a document: the answers its requests got in this session. */
type Exchanges = (document: vscode.TextDocument) => RequestReferenceSource;
/** Who answers a document's `# @prompt`s: the input boxes of a send. */
type Prompts = (document: vscode.TextDocument) => PromptAnswers;

async function copyRequestAsCurl(ctx: Ctx, regions: HttpRegions, environments: EnvironmentInputs, uri: unknown, requestLine: unknown, exchanges: Exchanges | undefined, prompts: Prompts | undefined): Promise<void> {
  const found = await requestForCommand(regions, uri, requestLine);
  if (found === undefined) return;
  const { document, target } = found;
  const label = requestLabelOf(target.request);
  try {
    // The shared send path: variables, `# @` metadata and `<@` includes as for a real send.
    const variables = await environments.variablesFor(document);
    const requests = exchanges?.(document);
    const answers = prompts?.(document);
    const inputs = { ...variables, ...(requests !== undefined ? { requests } : {}), ...(answers !== undefined ? { prompts: answers } : {}) };
    const prepared = await prepareSend(target.region.file, target.request, sendContextFor(document, target.region.file, ctx.settings.baseOptionsFor(document.uri), inputs));
    await vscode.env.clipboard.writeText(toCurlCommand(prepared.wire, prepared.options, ctx.settings.clientOptions));
    void vscode.window.showInformationMessage(CurlTexts.copied(label));
  } catch (caught) {
    const err = asWireError(caught);
    // A prompt dismissed: the user's choice, nothing copied and nothing to report.
    if (caught instanceof SendDeclined) {
      ctx.log.info(environments.maskText(`Copy as cURL, ${label}: ${err.message}`));
      return;
    }
    ctx.log.warn(environments.maskText(`Copy as cURL, ${label}: ${err.code}: ${err.message}`));
    void vscode.window.showErrorMessage(CurlTexts.copyFailed(label, err, environments.maskText(err.message)));
  }
}

async function pasteCurlAsRequest(ctx: Ctx, regions: HttpRegions): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || !HttpDocuments.isHttp(editor.document)) {
    void vscode.window.showInformationMessage(CurlTexts.noEditor);
    return;
  }
  let converted: ReturnType<typeof curlToHttp>;
  try {
    converted = curlToHttp(await vscode.env.clipboard.readText());
  } catch (err) {
    if (!(err instanceof HttpWireError) || err.code !== ErrorCodes.curlCommand) throw err;
    void vscode.window.showWarningMessage(CurlTexts.clipboardNotCurl(err.message));
    return;
  }
  const document = editor.document;
  const region = regions.regionsOf(document)[0];
  if (region === undefined) return;
  const lines = document.getText().split(/\r?\n/);
  const insertion = requestInsertion(region.file, lines, editor.selection.active.line, converted.text);
  const at = insertion.line >= document.lineCount ? document.lineAt(document.lineCount - 1).range.end : new vscode.Position(insertion.line, 0);
  const isDone = await editor.edit((edit) => edit.insert(at, insertion.text));
  if (!isDone) return;
  // The cursor on the new request's line, ready for Send Request.
  const requestLine = findLineOf(editor.document, at.line, converted.text);
  if (requestLine !== undefined) editor.selection = new vscode.Selection(requestLine, 0, requestLine, 0);
  ctx.log.info(`Pasted a curl command as a request (${converted.warnings.length} warnings)`);
  void vscode.window.showInformationMessage(CurlTexts.pasted(converted.warnings.length));
}

/** The line, from `from` on, that holds the request line of `text` (its first line not a comment). */
function findLineOf(document: vscode.TextDocument, from: number, text: string): number | undefined {
  const requestLine = text.split('\n').find((l) => !l.startsWith('#'));
  for (let i = from; i < document.lineCount && requestLine !== undefined; i++) if (document.lineAt(i).text === requestLine) return i;
  return undefined;
}
