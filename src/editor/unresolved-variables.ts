import * as vscode from 'vscode';
import type { VariableReference } from '../core/http-file/reference-index';
import { fileVariableCycles, malformedSystemReferences, unknownRequestReferences, unresolvedReferences } from '../core/variables/variable-lookup';
import { DIAGNOSTIC_SOURCE } from './convert';
import { Disposable } from '../core/disposable';
import { DocumentDebounce } from './document-debounce';
import type { EditorEnvironments } from './environments';
import { HttpDocuments } from './http-documents';
import { SENDABLE_SCHEMES } from './selector';

/** The code of the warning, for tests and filters (the parser's own codes are in diagnostic-codes.ts). */
export const UNRESOLVED_VARIABLE_CODE = 'unresolved-variable';
/** File variables whose values use each other in a cycle (issue 12, item 2: cycles are diagnostics too). */
export const VARIABLE_CYCLE_CODE = 'variable-cycle';
/** A system variable that is unknown or malformed (`{{$nope}}`, `{{$randomInt a b}}`): every send of it fails. */
export const SYSTEM_VARIABLE_CODE = 'invalid-system-variable';

/**
 * Warns on every `{{name}}` of an open .http file or untitled document that nothing gives a value
 * in the environment in use (core `unresolvedReferences`, on the parser's reference index): no
 * prompt, file variable, request or variable of that environment (`$shared` included). Published
 * in a collection of its own beside the parser's (DiagnosticsPublisher), and again when another
 * environment is chosen, an env file changes or the environments setting does. File variables
 * that use each other in a cycle, and system variables that are unknown or malformed, are warned
 * on in the same collection.
 */
export class UnresolvedVariablesPublisher extends Disposable {
  static readonly typingDelayMs = 300;

  private readonly collection: vscode.DiagnosticCollection;
  private readonly typing = this.register(new DocumentDebounce(UnresolvedVariablesPublisher.typingDelayMs, (d) => this.publish(d)));
  /** Per document, the latest publication asked for: an older one that ends later is dropped. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly documents: HttpDocuments,
    private readonly environments: EditorEnvironments,
  ) {
    super();
    this.collection = this.register(vscode.languages.createDiagnosticCollection('httpWire.variables'));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.publish(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    // Another environment chosen, an env file or the environments setting changed.
    this.register(environments.onDidChange(() => this.publishAll()));
    this.publishAll();
  }

  private static isChecked(document: vscode.TextDocument): boolean {
    return HttpDocuments.isHttp(document) && SENDABLE_SCHEMES.includes(document.uri.scheme);
  }

  private publishAll(): void {
    for (const d of vscode.workspace.textDocuments) this.publish(d);
  }

  private schedule(document: vscode.TextDocument): void {
    if (UnresolvedVariablesPublisher.isChecked(document)) this.typing.schedule(document);
  }

  private publish(document: vscode.TextDocument): void {
    if (!UnresolvedVariablesPublisher.isChecked(document)) return;
    const key = document.uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    void this.diagnosticsOf(document).then((diagnostics) => {
      // A later publication, or the document's closing, makes this one stale.
      if (this.generation.get(key) !== generation || document.isClosed) return;
      if (diagnostics === undefined) this.collection.delete(document.uri);
      else this.collection.set(document.uri, diagnostics);
    });
  }

  /** Undefined when the environments cannot be read (the send reports that): no guess is published. */
  private async diagnosticsOf(document: vscode.TextDocument): Promise<vscode.Diagnostic[] | undefined> {
    const file = this.documents.get(document);
    let environment: ReadonlyMap<string, string>;
    let name: string | undefined;
    try {
      const variables = await this.environments.variablesFor(document);
      environment = variables.environment ?? new Map();
      name = variables.environmentName;
    } catch {
      return undefined;
    }
    const unresolved = unresolvedReferences(file, environment).map((r) => {
      const message = name === undefined ? `{{${r.expression}}} has no value: no prompt, file variable or request is named "${r.body}", and no environment is chosen (only $shared applies).` : `{{${r.expression}}} has no value in environment "${name}": no prompt, file variable, request or variable of "${name}" is named "${r.body}".`;
      return warning(r, message, UNRESOLVED_VARIABLE_CODE);
    });
    const cycles = fileVariableCycles(file).map(({ reference, cycle }) =>
      warning(reference, `{{${reference.expression}}} has no value: the variables ${cycle.join(' → ')} use each other in a cycle (HW_VARIABLE_CYCLE when sent).`, VARIABLE_CYCLE_CODE),
    );
    const unknownRequests = unknownRequestReferences(file).map((r) => warning(r, `{{${r.expression}}} has no value: no request of this file is named "${r.head}".`, UNRESOLVED_VARIABLE_CODE));
    // In the words of the send's error, which stops on it before a byte is sent.
    const systemVariables = malformedSystemReferences(file).map(({ reference, problem }) => warning(reference, `{{${reference.expression}}} ${problem.reason} (${problem.code} when sent).`, SYSTEM_VARIABLE_CODE));
    return [...unresolved, ...unknownRequests, ...systemVariables, ...cycles];
  }

  private forget(uri: vscode.Uri): void {
    this.typing.cancel(uri);
    this.generation.delete(uri.toString());
    this.collection.delete(uri);
  }
}

function warning(r: VariableReference, message: string, code: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(r.line, r.column, r.line, r.endColumn), message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = code;
  return diagnostic;
}
