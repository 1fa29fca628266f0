import * as vscode from 'vscode';
import type { ExchangeStore } from '../core/chaining/exchange-store';
import { HttpWireError } from '../core/errors';
import { SecretMasker } from '../core/secret-masker';
import { prepareSend } from '../core/send/prepare-send';
import { withJarCookies } from '../core/wire/route';
import { hoverMarkdown, hoverMarkdownForError, isWaitingFor, sentFirst, sentFirstMarkdown, waitingForAnswersMarkdown } from './hover-markdown';
import type { EnvironmentInputs } from './environments';
import type { HttpRegions } from './http-regions';
import { sendContextFor } from './send-context';

/**
 * The hover on a request line: what Send Request would put on the wire, prepared by the send path
 * itself (`prepareSend`), so the hover cannot disagree with the send. Nothing is sent; included
 * files are only looked up (`prepareRequest` stats them), except `<@ path` ones, whose text the
 * send path reads to substitute variables in it. A request that reads answers it has not had yet
 * says which requests Send Request sends first (the chain runner's plan, `planSends`).
 */
export class RequestHoverProvider implements vscode.HoverProvider {
  /**
   * `exchanges`: the answers a document's requests got in this session, in the environment in use,
   * which `{{login.response...}}` reads; `jarCookies`: the Cookie header the session's cookie jar
   * holds for a URL.
   */
  constructor(
    private readonly regions: HttpRegions,
    private readonly environments: EnvironmentInputs,
    private readonly exchanges?: (document: vscode.TextDocument) => ExchangeStore,
    private readonly jarCookies?: (url: URL) => string | undefined,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const found = this.regions.requestAt(document, position.line);
    if (found === undefined) return undefined;
    const { region, request } = found;
    if (position.line < request.requestLine.line || position.line > request.requestLine.endLine) return undefined;
    const masker = SecretMasker.create();
    let lines: string[];
    try {
      const variables = await this.environments.variablesFor(document);
      this.environments.addSecretsTo(masker);
      const requests = this.exchanges?.(document);
      const first = sentFirst(region.file, request, requests, variables.environment);
      const head = first.length > 0 ? [sentFirstMarkdown(first, variables.environmentName), ''] : [];
      try {
        const { wire, options } = await prepareSend(region.file, request, sendContextFor(document, region.file, {}, requests === undefined ? variables : { ...variables, requests }));
        // The client adds the jar's cookies as it sends (requestForRoute): shown here as it will.
        const cookies = options.useCookieJar === false ? undefined : this.jarCookies?.(wire.url);
        const changes = [...wire.changes];
        lines = [...head, ...hoverMarkdown(cookies === undefined ? wire : { ...wire, headers: withJarCookies(wire.headers, cookies, changes), changes }, masker)];
      } catch (err) {
        // A value from an answer still to come: the send gets it after sending that request first.
        if (!isWaitingFor(first, err)) throw err;
        lines = [...head, waitingForAnswersMarkdown(first)];
      }
    } catch (err) {
      if (!(err instanceof HttpWireError)) throw err;
      lines = hoverMarkdownForError(err, masker);
    }
    if (token.isCancellationRequested) return undefined;
    const first = request.requestLine.line;
    const last = request.requestLine.endLine;
    // The text is ours and escaped (hover-markdown.ts): no HTML, no command links.
    const markdown = new vscode.MarkdownString(lines.join('\n'));
    return new vscode.Hover(markdown, new vscode.Range(first, 0, last, document.lineAt(last).text.length));
  }
}
