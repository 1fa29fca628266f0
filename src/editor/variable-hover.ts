import * as vscode from 'vscode';
import type { ExchangeStore } from '../core/chaining/exchange-store';
import type { VariableOrigin } from '../core/environments/environment-set';
import { isSecretName } from '../core/environments/environment-set';
import { HttpWireError } from '../core/errors';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import type { VariableReference } from '../core/http-file/reference-index';
import { SecretMasker } from '../core/secret-masker';
import type { VariableInputs } from '../core/variables/inputs';
import { systemVariableInfo } from '../core/variables/system-variable-catalog';
import { definitionOf, referenceAt, type VariableDefinition } from '../core/variables/variable-lookup';
import type { EditorEnvironments } from './environments';
import type { HttpRegions } from './http-regions';
import { regionLineAt } from './region-at';
import { sendContextFor } from './send-context';
import { HOVER_SITE, hoverValueOfError, planOfReference, variableHoverMarkdown, type HoverValue, type RequestAnswer, type VariableSourceText } from './variable-hover-markdown';

/**
 * The hover on a `{{name}}` (issue 12, item 5): its value as the send path resolves it now (the
 * same VariableResolver, the chosen environment, the session's exchanges) and where it comes from.
 * Secrets show as `***`. The request-line hover (hover.ts) is another provider: on a `{{...}}` in a
 * request line VS Code shows both. Lines are the document's, a Markdown file's too.
 */
export class VariableHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly regions: HttpRegions,
    private readonly environments: EditorEnvironments,
    private readonly exchanges?: (document: vscode.TextDocument) => ExchangeStore,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const at = regionLineAt(this.regions, document, position.line);
    if (at === undefined) return undefined;
    const { file } = at.region;
    const reference = referenceAt(file, at.line, position.character);
    if (reference === undefined) return undefined;
    const definition = definitionOf(file, reference);
    if (definition === undefined) return undefined;
    const masker = SecretMasker.create();
    let variables: Partial<VariableInputs> = {};
    let environment: { name: string | undefined; origins: ReadonlyMap<string, VariableOrigin> } = { name: undefined, origins: new Map() };
    let environmentError: string | undefined;
    try {
      variables = await this.environments.variablesFor(document);
      environment = await this.environments.originsFor(document);
    } catch (err) {
      environmentError = err instanceof Error ? err.message : String(err);
    }
    this.environments.addSecretsTo(masker);
    const request = reference.request !== undefined ? file.requests[reference.request] : undefined;
    const exchanges = this.exchanges?.(document);
    const planned = definition.kind === 'request' ? planOfReference(file, request, definition.request, exchanges, variables.environment, environment.name) : undefined;
    const source = sourceOf(reference, definition, environment, planned?.answer);
    let value: HoverValue;
    if (environmentError !== undefined) value = { error: environmentError };
    else if (planned?.refusal !== undefined) value = { error: planned.refusal };
    // An answer still to come (or to come again) has no value to show yet: the source line says when.
    else if (planned !== undefined && planned.answer.kind !== 'answered') value = undefined;
    else if (source.kind !== 'prompt' && source.kind !== 'no-environment-value') value = await this.resolve(document, file, request, reference, variables, exchanges, isSecret(reference, environment.origins));
    if (token.isCancellationRequested) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(variableHoverMarkdown(reference.expression, value, source, masker).join('\n')), new vscode.Range(reference.line, reference.column, reference.line, reference.endColumn));
  }

  /** The value the send path gives `{{expression}}` in `request` (or in a file variable's value, outside any request). */
  private async resolve(document: vscode.TextDocument, file: HttpFile, request: HttpRequest | undefined, reference: VariableReference, variables: Partial<VariableInputs>, requests: ExchangeStore | undefined, secret: boolean): Promise<HoverValue> {
    const context = sendContextFor(document, file, {}, requests === undefined ? variables : { ...variables, requests });
    const resolver = request !== undefined && context.variables.forRequest !== undefined ? context.variables.forRequest(file, request) : context.variables;
    try {
      const out = await resolver.expand(`{{${reference.expression}}}`, { where: HOVER_SITE, line: reference.line });
      return typeof out === 'string' ? { value: out, isSecret: secret } : { error: `${out.unresolved} has no value` };
    } catch (err) {
      if (!(err instanceof HttpWireError)) throw err;
      return hoverValueOfError(err.message, reference);
    }
  }
}

/** Where the reference's value comes from, for the hover, by the document's lines. */
function sourceOf(reference: VariableReference, definition: VariableDefinition, environment: { name: string | undefined; origins: ReadonlyMap<string, VariableOrigin> }, answer: RequestAnswer | undefined): VariableSourceText {
  switch (definition.kind) {
    case 'file':
      return { kind: 'file', name: reference.body, line: definition.line };
    case 'prompt':
      return { kind: 'prompt', line: definition.line, description: definition.description };
    case 'request':
      return { kind: 'request', name: reference.head, line: definition.line, answer: answer ?? { kind: 'sent-first', environment: environment.name } };
    case 'environment': {
      const origin = environment.origins.get(definition.name);
      if (origin === undefined) return { kind: 'no-environment-value', environment: environment.name };
      return { kind: 'environment', section: origin.section, place: vscode.workspace.asRelativePath(origin.layer.label) };
    }
    case 'system': {
      const info = systemVariableInfo(definition.name);
      return info === undefined ? { kind: 'system', usage: reference.expression, description: 'not a system variable HTTP Wire knows', dialect: 'unknown' } : { kind: 'system', usage: info.usage, description: info.description, dialect: info.dialect };
    }
  }
}

/** An environment value from a secret layer or with a secret-looking name, or `$processEnv`/`$dotenv` of a secret-looking name. */
function isSecret(reference: VariableReference, origins: ReadonlyMap<string, VariableOrigin>): boolean {
  if (reference.kind === 'environment') return origins.get(reference.body)?.isSecret === true;
  if (reference.kind === 'system' && (reference.systemName === '$processEnv' || reference.systemName === '$dotenv')) return isSecretName(reference.body);
  return false;
}
