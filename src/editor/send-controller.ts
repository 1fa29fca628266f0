import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { asWireError, ErrorCodes, HttpWireError } from '../core/errors';
import { sendChain, type ChainStep, type StepResult, type StepSender } from '../core/chaining/chain-runner';
import { exchangeRecordOfStored } from '../core/chaining/exchange-record';
import { ExchangeStore } from '../core/chaining/exchange-store';
import type { HttpRequest } from '../core/http-file/model';
import { summarizeExchange } from '../core/response/exchange-summary';
import type { PartialExchange } from '../core/wire/exchange-types';
import type { ResponseStart } from '../core/wire/send-result';
import { prepareSend, type SendContext } from '../core/send/prepare-send';
import { RunTally } from '../core/send/run-tally';
import { requestLabelOf } from '../core/send/send-context';
import { isSecretName } from '../core/environments/environment-set';
import type { PromptAnswers, VariableInputs } from '../core/variables/inputs';
import type { FailureAction, PanelTarget, ResponsePresenter } from '../webview/presenter';
import type { LensState } from './code-lens';
import { Disposable } from '../core/disposable';
import type { EnvironmentInputs } from './environments';
import type { ExchangeHistory } from './exchange-history';
import { noteOf, noteQuestion, NoteChoices, promptInputOptions, PromptMemory, SendDeclined, type SendQuestions } from './prompt-questions';
import { documentLineOf, HttpRegions, type HttpRegion, type RegionRequest } from './http-regions';
import { SENDABLE_SCHEMES } from './selector';
import { sendContextFor } from './send-context';
import type { SendSession } from './session-settings';
import { Messages, messageForError } from './user-messages';

/** How a send ended, for callers that go on (Send All stops on `cancelled`). */
export type SendOutcome = 'answered' | 'failed' | 'cancelled' | 'refused';

/**
 * The send of one document under way: one request, or Send All going through them. `abort`
 * belongs to this send alone; cancelRequest, the panel's Cancel, the progress notification's
 * Cancel and deactivation all abort it.
 */
interface InFlight {
  readonly abort: AbortController;
  /** The request line (in the document) of the request on the wire now, whose lens reads "Sending… (Cancel)". */
  requestLine: number;
  /** The request line of the request asked for; undefined for Send All, which goes through them all. */
  readonly target: number | undefined;
  /** Send All's count of how its requests went, told at its end. */
  readonly tally?: RunTally;
  /** Time spent waiting on the user (prompts, `# @note`): not the run's, which its summary gives. */
  questionMs: number;
}

/** The metadata line that turns TLS verification off for one request. */
const SKIP_VERIFICATION_LINE = '# @no-reject-unauthorized';

/** VS Code's own input box and modal message: what sends ask the user (a test swaps in its own). */
const windowQuestions: SendQuestions = {
  showInputBox: (options, token) => vscode.window.showInputBox(options, token),
  showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
};

/** A progress notification only for sends slower than this: a quick one would just flash. */
const PROGRESS_DELAY_MS = 1000;
/**
 * How long a body may take after its head before the panel shows the head alone (status line,
 * headers, "Receiving the body…"): a quick answer goes straight to its result, without a flash.
 */
const RECEIVING_DELAY_MS = 300;

/**
 * Sends requests of open documents through the session's `HttpClient` and hands what comes
 * back to the presenter (the response panel). Requests of one document may be on the wire at
 * once, but a request is sent once at a time: a second send of one still on the wire is refused,
 * not queued or swapped in, because cancelling the first could leave a POST half-processed on the
 * server and a double click must not send it twice; Send All runs alone in its document. Keeps,
 * per document, the summary of each request's last answer for the code lenses.
 */
export class SendController extends Disposable implements LensState {
  /** Document URI → its sends under way. */
  private readonly inFlight = new Map<string, Set<InFlight>>();
  /**
   * Document URI → request line → `200 OK · 34 ms · 1.2 KB` or the error code. Requests are known
   * by the document line of their request line (as lenses, rerun and Retry find them): lines
   * inserted above move a summary off its request until the next send.
   */
  /**
   * Per document, then per environment (as `stores`), the lens summary of each request line: the
   * "200 OK" of dev must not stand above a request once staging is chosen, where it has no answer.
   */
  private readonly summaries = new Map<string, Map<string | undefined, Map<number, string>>>();
  /**
   * Document URI → environment chosen → the exchanges its requests' `{{name.response...}}` read
   * (request chaining). Answers got under one environment are never read under another: dev's
   * login token must not go to prod's host; there, a send sends login again.
   */
  private readonly stores = new Map<string, Map<string | undefined, ExchangeStore>>();
  /** The last answers to non-secret prompts, per file: pre-filled the next time (see prompt-questions.ts). */
  private readonly promptMemory = new PromptMemory();
  private questions: SendQuestions = windowQuestions;
  private last: { readonly uri: vscode.Uri; readonly requestLine: number; readonly label: string } | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a send starts or ends: the lenses read the new state. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: SendSession,
    private readonly regions: HttpRegions,
    private readonly log: vscode.LogOutputChannel,
    private presenter: ResponsePresenter,
    private readonly history: ExchangeHistory,
    private readonly environments: EnvironmentInputs,
  ) {
    super();
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.summaries.delete(d.uri.toString());
        this.stores.delete(d.uri.toString());
        this.promptMemory.forget(d.uri.toString());
      }),
    );
    // The lenses show the chosen environment's summaries.
    this.register(environments.onDidChange(() => this.changed.fire()));
  }

  /** Shows exchanges on `presenter` instead until the returned disposable is disposed (tests). */
  usePresenter(presenter: ResponsePresenter): vscode.Disposable {
    const previous = this.presenter;
    this.presenter = presenter;
    return new vscode.Disposable(() => {
      if (this.presenter === presenter) this.presenter = previous;
    });
  }

  /** Asks `# @prompt` and `# @note` questions through `questions` instead until the returned disposable is disposed (tests). */
  useQuestions(questions: SendQuestions): vscode.Disposable {
    const previous = this.questions;
    this.questions = questions;
    return new vscode.Disposable(() => {
      if (this.questions === questions) this.questions = previous;
    });
  }

  /** Where exchanges are shown now (the panels, or a test's presenter): history reopens there too. */
  get currentPresenter(): ResponsePresenter {
    return this.presenter;
  }

  /** The request lines (in the document) of the requests of `document` on the wire now. */
  sendingLines(document: vscode.TextDocument): ReadonlySet<number> {
    return new Set([...(this.inFlight.get(document.uri.toString()) ?? [])].map((f) => f.requestLine));
  }

  lastSummaryOf(document: vscode.TextDocument, requestLine: number): string | undefined {
    return this.summaries.get(document.uri.toString())?.get(this.environments.selected)?.get(requestLine);
  }

  /** Sends one request of `document`, as parsed from its current text (see HttpRegions). */
  async send(document: vscode.TextDocument, target: RegionRequest): Promise<SendOutcome> {
    const line = documentLineOf(target);
    const flight = this.begin(document, line, line, requestLabelOf(target.request));
    if (flight === undefined) return 'refused';
    try {
      return await this.sendChained(document, target, this.contextsFor(document, flight), flight, new Set());
    } finally {
      this.end(document, flight);
    }
  }

  /**
   * Sends every request of `document` (every http block of a Markdown one) in order, one after
   * the other; stops when cancelled. The document as it reads when the run starts: an edit during
   * the run changes none of its sends.
   */
  async sendAll(document: vscode.TextDocument): Promise<SendOutcome> {
    const targets = this.regions.regionsOf(document).flatMap((region) => region.file.requests.map((request) => ({ region, request })));
    const first = targets[0];
    if (first === undefined) return 'answered';
    const flight = this.begin(document, documentLineOf(first), undefined);
    if (flight === undefined) return 'refused';
    const { tally } = flight;
    const startedAt = performance.now();
    const contexts = this.contextsFor(document, flight);
    // A request already sent in this run as another's dependency is not sent again (as the CLI's --all).
    const sent = new Set<HttpRequest>();
    // ...nor one that failed in this run, for each request that uses its answer.
    const runFailures = new Map<HttpRequest, HttpWireError>();
    let outcome: SendOutcome = 'answered';
    try {
      for (const target of targets) {
        if (sent.has(target.request)) continue;
        const one = await this.sendChained(document, target, contexts, flight, sent, runFailures);
        // Cancelled, or a note or prompt declined: the run stops there, as it always has.
        if (one === 'cancelled') {
          outcome = 'cancelled';
          break;
        }
        if (one === 'failed') outcome = 'failed';
      }
      return outcome;
    } finally {
      this.end(document, flight);
      if (tally !== undefined) {
        const text = tally.summary(`Send All in ${path.basename(document.uri.path)}`, targets.length, performance.now() - startedAt - flight.questionMs, outcome === 'cancelled');
        void (tally.isWarning ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
      }
    }
  }

  /** Sends again the request sent last, found again in its file as the file reads now (see findAgain). */
  async rerunLast(): Promise<SendOutcome> {
    const last = this.last;
    if (last === undefined) {
      void vscode.window.showInformationMessage(Messages.nothingToRerun);
      return 'refused';
    }
    return this.sendAgain(await vscode.workspace.openTextDocument(last.uri), last.requestLine, last.label);
  }

  /** Sends again the request `label` sent from `requestLine`, as the file reads now (rerun, the Retry button). */
  private sendAgain(document: vscode.TextDocument, requestLine: number, label: string): Promise<SendOutcome> {
    const target = this.findAgain(document, requestLine, label);
    if (target === undefined) {
      void vscode.window.showInformationMessage(Messages.requestGone(label));
      return Promise.resolve('refused');
    }
    return this.send(document, target);
  }

  /**
   * The request `label` (its name, or its request line as written) that was on `requestLine`: still
   * there, or moved by lines added or removed above it, found by its label when it is the only one
   * with it. Undefined when it is gone or cannot be told from another: the line alone once sent
   * `DELETE /everything` after four lines were added above the request meant.
   */
  private findAgain(document: vscode.TextDocument, requestLine: number, label: string): RegionRequest | undefined {
    const at = this.regions.requestAt(document, requestLine);
    if (at !== undefined && documentLineOf(at) === requestLine && requestLabelOf(at.request) === label) return at;
    const same = this.regions.regionsOf(document).flatMap((region) => region.file.requests.filter((request) => requestLabelOf(request) === label).map((request) => ({ region, request })));
    return same.length === 1 ? same[0] : undefined;
  }

  /**
   * Aborts the sends of `document` (only the one of the request on `requestLine`, when given: on
   * the wire or asked for), or every send when `document` is undefined. True if any was.
   */
  cancel(document?: vscode.TextDocument, requestLine?: number): boolean {
    const all = document === undefined ? [...this.inFlight.values()].flatMap((set) => [...set]) : [...(this.inFlight.get(document.uri.toString()) ?? [])];
    const flights = requestLine === undefined ? all : all.filter((f) => f.requestLine === requestLine || f.target === requestLine);
    for (const f of flights) f.abort.abort();
    return flights.length > 0;
  }

  get isSending(): boolean {
    return this.inFlight.size > 0;
  }

  /**
   * Starts a send of `document`: of the request on `target` (named `label`), or Send All when
   * `target` is undefined. Undefined, with a word to the user, when it may not start now.
   */
  private begin(document: vscode.TextDocument, requestLine: number, target: number | undefined, label?: string): InFlight | undefined {
    if (!SENDABLE_SCHEMES.includes(document.uri.scheme)) {
      void vscode.window.showWarningMessage(Messages.unsupportedScheme(document.uri.scheme));
      return undefined;
    }
    const key = document.uri.toString();
    const flights = this.inFlight.get(key) ?? new Set<InFlight>();
    const fileName = path.basename(document.uri.path);
    const busy = [...flights].some((f) => f.target === undefined)
      ? Messages.busyAll(fileName)
      : target === undefined && flights.size > 0
        ? Messages.busyFile(fileName)
        : [...flights].some((f) => f.target === target || f.requestLine === target)
          ? Messages.busyRequest(label ?? fileName)
          : undefined;
    if (busy !== undefined) {
      void vscode.window.showWarningMessage(busy);
      return undefined;
    }
    const flight: InFlight = { abort: new AbortController(), requestLine, target, questionMs: 0, ...(target === undefined ? { tally: new RunTally() } : {}) };
    this.inFlight.set(key, flights.add(flight));
    this.session.noticeRestrictedMode();
    this.changed.fire();
    return flight;
  }

  private end(document: vscode.TextDocument, flight: InFlight): void {
    const key = document.uri.toString();
    const flights = this.inFlight.get(key);
    flights?.delete(flight);
    if (flights?.size === 0) this.inFlight.delete(key);
    this.changed.fire();
  }

  /**
   * Sends `target` with the requests it uses the answers of first (core `sendChain`): those go
   * to the history and the lens summaries, and the panel shows `target`'s answer alone. `sent`
   * gathers the requests sent; `runFailures` those that failed in a Send All run (sendChain).
   */
  private async sendChained(document: vscode.TextDocument, target: RegionRequest, contexts: SendContexts, flight: InFlight, sent: Set<HttpRequest>, runFailures?: Map<HttpRequest, HttpWireError>): Promise<SendOutcome> {
    const { region } = target;
    const sender: StepSender = {
      send: (step) => {
        sent.add(step.request);
        return this.sendStep(document, { region, request: step.request }, step, contexts, flight);
      },
      notSent: async (request, err) => {
        sent.add(request);
        flight.tally?.failed(err.code);
        this.fail(document, { region, request }, err, flight);
      },
    };
    // A bare {{name}} that the environment defines is its value, not the request of that name.
    return sendChain(region.file, target.request, contexts.store, sender, { runFailures, environment: await contexts.environment() });
  }

  /** Sends one request of a chain; only the chain's target shows in the panel. */
  private async sendStep(document: vscode.TextDocument, target: RegionRequest, step: ChainStep, contexts: SendContexts, flight: InFlight): Promise<StepResult> {
    const { region, request } = target;
    const requestLine = documentLineOf(target);
    const label = requestLabelOf(request);
    const panel = panelTargetOf(document, requestLine, label);
    const { signal } = flight.abort;
    flight.requestLine = requestLine;
    this.changed.fire();
    if (step.isTarget) this.last = { uri: document.uri, requestLine, label };
    let progress: vscode.Disposable | undefined;
    let receiving: NodeJS.Timeout | undefined;
    try {
      // Prompts are asked while the request is prepared, then `# @note` is confirmed with the
      // request as it will go: the panel says "Sending…" only once both are answered, so a
      // question declined leaves it as it was.
      const prepared = await prepareSend(region.file, request, await contexts.of(region));
      const note = noteOf(request);
      if (note !== undefined) {
        const askedAt = performance.now();
        await this.confirmNote(note, label, `${prepared.wire.method} ${prepared.wire.url.href}`).finally(() => (flight.questionMs += performance.now() - askedAt));
      }
      if (step.isTarget) this.presenter.showSending(panel, () => flight.abort.abort(), prepared.wire);
      progress = showProgressAfterDelay(label, flight.abort);
      // `# @sleep` waits after preparing, as in the CLI: a request that cannot be prepared fails at once.
      if (prepared.delayMs > 0) await delay(prepared.delayMs, undefined, { signal });
      if (signal.aborted) throw abortedError();
      // A body slow to follow its head (a stream, a stalled server): the head is shown meanwhile.
      const showHead = (start: ResponseStart): void => {
        receiving = setTimeout(() => this.presenter.showReceiving?.(panel, start, () => flight.abort.abort()), RECEIVING_DELAY_MS);
      };
      const result = await this.session.client.send(prepared.wire, { ...prepared.options, signal }, step.isTarget ? showHead : undefined).finally(() => clearTimeout(receiving));
      const { response } = result;
      // The decoded size, as the panel's summary gives it first.
      this.remember(document, requestLine, summarizeExchange({ status: response.status, reason: response.reason, totalMs: result.timings.totalMs, bodyBytes: result.body.length }));
      flight.tally?.answered(response.status);
      // Before the presenter takes the result: it frees the body once shown.
      const exchange = step.keepExchange ? exchangeRecordOfStored(prepared.wire, result) : undefined;
      const historyId = this.history.record(result, { label, fileName: path.basename(document.uri.path) });
      if (step.isTarget) this.presenter.showResult({ ...panel, historyId }, result);
      else result.dispose();
      return { outcome: 'answered', ...(exchange !== undefined ? { exchange } : {}) };
    } catch (caught) {
      if (caught instanceof SendDeclined) {
        // The user's choice, not a failure: nothing was sent, the lens keeps its last summary.
        this.log.info(this.environments.maskText(caught.message));
        flight.tally?.skipped();
        return { outcome: 'cancelled' };
      }
      const err = signal.aborted ? asAborted(caught) : asWireError(caught);
      if (err.code !== ErrorCodes.aborted) flight.tally?.failed(err.code);
      // A dependency has no panel: its failure shows as the target's (HW_DEPENDENCY_FAILED names
      // it), its cancellation as nothing more than its lens summary.
      if (step.isTarget) this.fail(document, target, err, flight);
      else {
        this.remember(document, requestLine, err.code);
        this.log.warn(this.environments.maskText(`${label}: ${err.code}: ${err.message}`));
        (err.detail as { partial?: PartialExchange }).partial?.rawBody?.dispose();
      }
      return err.code === ErrorCodes.aborted ? { outcome: 'cancelled' } : { outcome: 'failed', error: err };
    } finally {
      progress?.dispose();
    }
  }

  /** The modal confirmation of a `# @note` request; throws SendDeclined unless Send is chosen. */
  private async confirmNote(note: string, label: string, sentLine: string): Promise<void> {
    const { message, options } = noteQuestion(note, label, this.environments.maskText(sentLine));
    const choice = await this.questions.showWarningMessage(message, options, NoteChoices.send);
    if (choice !== NoteChoices.send) throw new SendDeclined('note', label);
  }

  /**
   * Answers `# @prompt`s with an input box, asked at each send (an answer is never reused without
   * asking: the last non-secret one is pre-filled). Escape, or cancelling the send, declines the
   * send (SendDeclined). A secret's answer is masked from then on, as a private environment
   * value is, in the panels, the history and the log. Copy as cURL asks the same way (no signal).
   */
  promptAnswersFor(document: vscode.TextDocument, signal: AbortSignal = new AbortController().signal, onAsked: (ms: number) => void = () => undefined): PromptAnswers {
    const fileKey = document.uri.toString();
    return {
      answer: async (prompt) => {
        const cancel = new vscode.CancellationTokenSource();
        const onAbort = () => cancel.cancel();
        signal.addEventListener('abort', onAbort);
        let value: string | undefined;
        const askedAt = performance.now();
        try {
          value = signal.aborted ? undefined : await this.questions.showInputBox(promptInputOptions(prompt, this.promptMemory.get(fileKey, prompt.name)), cancel.token);
        } finally {
          signal.removeEventListener('abort', onAbort);
          cancel.dispose();
          onAsked(performance.now() - askedAt);
        }
        if (value === undefined) throw new SendDeclined('prompt', prompt.requestLabel, prompt.name);
        if (isSecretName(prompt.name)) this.environments.addSecret(value);
        else this.promptMemory.remember(fileKey, prompt.name, value);
        return value;
      },
    };
  }

  /**
   * Shows `err` as the failure of `target`: lens summary, log and panel, whose failure view has
   * the same buttons (Retry...). In Send All a notification too, unless cancelled: the panel moves
   * on to the next answer, and a failure along the way must not go unseen.
   */
  private fail(document: vscode.TextDocument, target: RegionRequest, err: HttpWireError, flight: InFlight): void {
    const requestLine = documentLineOf(target);
    const label = requestLabelOf(target.request);
    this.remember(document, requestLine, err.code);
    this.log.warn(this.environments.maskText(`${label}: ${err.code}: ${err.message}`));
    this.presenter.showFailure(panelTargetOf(document, requestLine, label), err, (action) => void this.onFailureAction(action, document, requestLine, label));
    if (flight.target === undefined && err.code !== ErrorCodes.aborted) this.notifyFailure(document, requestLine, label, err);
  }

  /**
   * The exchanges of `document`'s named requests sent in this session under the chosen
   * environment, for request chaining; the hover and Copy as cURL read them too, so they show what
   * a send would use.
   */
  storeOf(document: vscode.TextDocument): ExchangeStore {
    const key = document.uri.toString();
    let perEnvironment = this.stores.get(key);
    if (perEnvironment === undefined) this.stores.set(key, (perEnvironment = new Map()));
    const environment = this.environments.selected;
    let store = perEnvironment.get(environment);
    if (store === undefined) perEnvironment.set(environment, (store = new ExchangeStore()));
    return store;
  }

  private remember(document: vscode.TextDocument, requestLine: number, summary: string): void {
    const key = document.uri.toString();
    let perEnvironment = this.summaries.get(key);
    if (perEnvironment === undefined) this.summaries.set(key, (perEnvironment = new Map()));
    const environment = this.environments.selected;
    let perRequest = perEnvironment.get(environment);
    if (perRequest === undefined) perEnvironment.set(environment, (perRequest = new Map()));
    perRequest.set(requestLine, summary);
  }

  /** A button under a failure in the panel (failure-view.ts says which a code gets). */
  private async onFailureAction(action: FailureAction, document: vscode.TextDocument, requestLine: number, label: string): Promise<void> {
    switch (action) {
      case 'retry':
        await this.sendAgain(document, requestLine, label);
        return;
      case 'skipVerification': {
        // Written into the file, above the request line: visible, kept in git, and for this
        // request only, as `# @no-reject-unauthorized` is in REST Client and httpYac.
        const target = this.findAgain(document, requestLine, label);
        if (target === undefined) {
          void vscode.window.showInformationMessage(Messages.requestGone(label));
          return;
        }
        const line = documentLineOf(target);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, new vscode.Position(line, 0), `${SKIP_VERIFICATION_LINE}${document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`);
        if (await vscode.workspace.applyEdit(edit)) await this.sendAgain(document, line + 1, label);
        return;
      }
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'httpWire');
        return;
      case 'showLog':
        this.log.show(true);
    }
  }

  private notifyFailure(document: vscode.TextDocument, requestLine: number, label: string, err: HttpWireError): void {
    const message = messageForError(label, err);
    void vscode.window.showErrorMessage(message.text, ...message.actions).then((action) => {
      if (action === 'Retry') void this.sendAgain(document, requestLine, label);
      else if (action === 'Show Log') this.log.show(true);
    });
  }

  /**
   * The contexts of `document`'s regions, with the settings' send options as they read now and
   * the chosen environment, read once per send or run when first needed (inside the send, so a
   * malformed env file is that send's failure).
   */
  private contextsFor(document: vscode.TextDocument, flight: InFlight): SendContexts {
    const baseOptions = this.session.baseOptionsFor(document.uri);
    const store = this.storeOf(document);
    const prompts = this.promptAnswersFor(document, flight.abort.signal, (ms) => (flight.questionMs += ms));
    const made = new Map<HttpRegion, SendContext>();
    let variables: Promise<Partial<VariableInputs>> | undefined;
    const variablesOnce = (): Promise<Partial<VariableInputs>> => (variables ??= this.environments.variablesFor(document));
    return {
      store,
      of: async (region) => {
        let context = made.get(region);
        if (context === undefined) made.set(region, (context = sendContextFor(document, region.file, baseOptions, { ...(await variablesOnce()), requests: store, prompts, secrets: this.environments })));
        return context;
      },
      // Unreadable environments fail the send itself (`of`); here they just name nothing.
      environment: () => variablesOnce().then((v) => v.environment, () => undefined),
    };
  }

  override dispose(): void {
    // Deactivation: nothing may stay on the wire after the client closes.
    this.cancel();
    super.dispose();
  }
}

function panelTargetOf(document: vscode.TextDocument, requestLine: number, label: string): PanelTarget {
  return { documentUri: document.uri.toString(), title: label, requestKey: String(requestLine) };
}

/**
 * The SendContext of each region of a document, made once per region for a send or a run, and
 * the environment they read (one read of the environments for all of it).
 */
interface SendContexts {
  /** The exchanges this send or run reads and adds to: those of the environment chosen when it began. */
  readonly store: ExchangeStore;
  of(region: HttpRegion): Promise<SendContext>;
  environment(): Promise<ReadonlyMap<string, string> | undefined>;
}

/**
 * A cancellable progress notification that appears only once the send has taken
 * PROGRESS_DELAY_MS. Its CancellationToken becomes the send's AbortSignal here, at the edge.
 */
function showProgressAfterDelay(label: string, abort: AbortController): vscode.Disposable {
  let settle: (() => void) | undefined;
  const timer = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: Messages.progressTitle(label), cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      return new Promise<void>((resolve) => (settle = resolve));
    });
  }, PROGRESS_DELAY_MS);
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    settle?.();
  });
}

function abortedError(cause?: unknown): HttpWireError {
  return new HttpWireError(ErrorCodes.aborted, 'The request was cancelled.', {}, cause);
}

/**
 * After an abort, anything but one of our errors (the `@sleep` timer's AbortError) is the
 * cancellation; our own errors stay as they are, with the partial exchange they carry.
 */
function asAborted(err: unknown): HttpWireError {
  return err instanceof HttpWireError ? err : abortedError(err);
}
