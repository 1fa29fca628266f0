import { setTimeout as delay } from 'node:timers/promises';
import { sendChain, type ChainStep, type StepSender } from '../core/chaining/chain-runner';
import { ExchangeStore } from '../core/chaining/exchange-store';
import { RunTally } from '../core/send/run-tally';
import { asWireError, ErrorCodes, type HttpWireError } from '../core/errors';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import type { SecretMasker } from '../core/secret-masker';
import { requestLabelOf } from '../core/send/send-context';
import { prepareSend, type SendContext } from '../core/send/prepare-send';
import type { HttpClient } from '../core/wire/client';
import type { WireRequest } from '../core/wire/wire-request';
import type { FileWarnings } from './file-warnings';
import type { JunitCase, JunitReport } from './junit-report';
import type { Printer } from './print-response';
import { onStopSignal } from './process-end';
import type { RequestRef, SendOutput, SentExchange } from './send-output';
import { skippedBlocksNote } from './skipped-blocks';

/** What one `http-wire send` run sends with, set up by runSend from its flags. */
export interface SendRunSetup {
  readonly file: HttpFile;
  readonly requests: readonly HttpRequest[];
  readonly client: HttpClient;
  readonly output: SendOutput;
  readonly context: SendContext;
  /** The session of request chaining: `{{login.response...}}` reads what `login` got in it. */
  readonly store: ExchangeStore;
  /** The chosen environment's variables, if any. */
  readonly environment: ReadonlyMap<string, string> | undefined;
  readonly masker: SecretMasker;
  readonly warnings: FileWarnings;
  readonly printer: Printer;
  readonly log: (line: string) => void;
  readonly isJson: boolean;
  /** curl's --fail: an error status fails the run. */
  readonly isFailOnStatus: boolean;
  /** --strict: checks not run fail the run (and their JUnit cases). */
  readonly isStrict: boolean;
  /** --junit: each request's case is added to it. */
  readonly junit?: JunitReport;
}

/** How a run went: requests that failed, and those sent whose checks or scripts were not run. */
export interface SendRunOutcome {
  readonly failed: number;
  readonly skippedChecks: number;
  /** How each request went, for the run's closing summary. */
  readonly tally: RunTally;
}

/** The request as the output names it (see RequestRef). */
function refOf(request: HttpRequest): RequestRef {
  return { label: requestLabelOf(request), name: request.name, line: request.requestLine.line, method: request.requestLine.method, url: request.requestLine.url };
}

/**
 * Sends the chosen requests in order, each after the requests it depends on (see sendChain), and
 * shows each through the output. With `--all`, a request already sent as another's dependency is
 * not sent again. Each request is prepared at its turn, after the answer before it: preparing the
 * next one while this one was on the wire and handing it over early (PrepareAhead, SendLine)
 * saved a few µs of a loopback round trip and cost more than that in their own bookkeeping
 * (2,000 GETs from nginx, whole process: 22-34 ms less without them). Ctrl-C, kill or a hang-up
 * stop the run: nothing more is sent (the request in flight is dropped) or written.
 */
export class SendRun {
  private failed = 0;
  private readonly tally = new RunTally();
  /** Requests sent whose checks or scripts were not run, each once (--strict fails the run on any). */
  private readonly skippedChecks = new Set<HttpRequest>();
  /** Requests sent in this run, as targets or dependencies. */
  private readonly sent = new Set<HttpRequest>();
  private sends = 0;
  /** The request the chain being sent is for (a dependency's heading names it). */
  private target: HttpRequest | undefined;
  private isStopped = false;

  constructor(private readonly setup: SendRunSetup) {}

  async run(): Promise<SendRunOutcome> {
    const { file, requests, store, environment } = this.setup;
    // The process dies of the signal once stdout is flushed (see cleanUpAtEnd).
    const unhookStop = onStopSignal(() => {
      this.isStopped = true;
      this.close();
    });
    try {
      const sender = this.sender();
      const runFailures = new Map<HttpRequest, HttpWireError>();
      for (const request of requests) {
        if (this.isStopped) break;
        if (this.sent.has(request)) continue;
        this.target = request;
        await sendChain(file, request, store, sender, { runFailures, environment });
      }
    } finally {
      unhookStop();
      this.close();
    }
    return { failed: this.failed, skippedChecks: this.skippedChecks.size, tally: this.tally };
  }

  private close(): void {
    this.setup.client.close();
  }

  private heading(label: string, note = ''): void {
    const { isJson, requests, printer, masker } = this.setup;
    // A label is the request line when the request has no name: its URL may hold a password.
    if (!isJson && (requests.length > 1 || this.sends > 0 || note !== '')) printer.out(masker.maskText(`${this.sends > 0 ? '\n' : ''}### ${label}${note}\n`));
  }

  /** Counts `request` as sent in this run: its heading and its warnings. */
  private begin(request: HttpRequest, note?: string): string {
    const label = requestLabelOf(request);
    this.heading(label, note);
    this.setup.warnings.printFor(request);
    this.sends++;
    this.sent.add(request);
    return label;
  }

  /** The request of `step` as the output names it: a dependency says which request it was sent first for. */
  private refOfStep(step: ChainStep): RequestRef {
    const ref = refOf(step.request);
    return step.isTarget ? ref : { ...ref, sentFirstFor: requestLabelOf(this.target ?? step.request) };
  }

  /** The JUnit case of an answer: failed as the run counts it (see JunitReport), else its status line and any checks not run. */
  private caseOfAnswer(label: string, startedAt: number, answer: SentExchange, skipped: string | undefined): JunitCase {
    const { masker, isFailOnStatus, isStrict } = this.setup;
    const name = masker.maskText(label);
    const timeMs = performance.now() - startedAt;
    const statusLine = `HTTP ${answer.status} ${answer.reason}`;
    if (!answer.isDecoded) return { name, timeMs, failure: { type: ErrorCodes.decode, message: masker.maskText(`${statusLine}: the body could not be decoded`) } };
    if (isFailOnStatus && answer.status >= 400) return { name, timeMs, failure: { type: 'http-status', message: masker.maskText(`${statusLine} (--fail)`) } };
    if (skipped !== undefined && isStrict) return { name, timeMs, failure: { type: 'checks-not-run', message: masker.maskText(`${statusLine}; ${skipped} (--strict)`) } };
    return { name, timeMs, output: masker.maskText(skipped === undefined ? statusLine : `${statusLine}; ${skipped}`) };
  }

  /** One sender for the run (not one per request). */
  private sender(): StepSender {
    const { file, context, client, output, masker, log, isFailOnStatus } = this.setup;
    return {
      send: async (step) => {
        if (this.isStopped) return { outcome: 'cancelled' };
        const { request } = step;
        const label = this.begin(request, step.isTarget ? '' : ` (sent first: "${requestLabelOf(this.target ?? request)}" uses its answer)`);
        const startedAt = performance.now();
        let wire: WireRequest | undefined;
        try {
          const prepared = await prepareSend(file, request, context);
          wire = prepared.wire;
          masker.addUrlCredentials(wire.url);
          // `# @sleep` waits after preparing: a request that cannot be prepared fails without the wait.
          if (prepared.delayMs > 0) await delay(prepared.delayMs);
          const answer = await output.send(client, wire, prepared.options, this.refOfStep(step), step.keepExchange);
          // A body that could not be decoded fails the run: the summary counts it so too.
          if (answer.isDecoded) this.tally.answered(answer.status);
          else this.tally.failed(ErrorCodes.decode);
          if (!answer.isDecoded) this.failed++;
          // curl's --fail: an error status fails the run (exit 1), for CI.
          if (isFailOnStatus && answer.status >= 400) {
            this.failed++;
            log(masker.maskText(`http-wire: ${label}: HTTP ${answer.status} ${answer.reason} (--fail)`));
          }
          const skipped = skippedBlocksNote(request, isFailOnStatus);
          // Once per request, however often it is sent (# @forceRef).
          if (skipped !== undefined && !this.skippedChecks.has(request)) {
            this.skippedChecks.add(request);
            log(masker.maskText(`http-wire: ${label}: ${skipped}`));
          }
          this.setup.junit?.add(this.caseOfAnswer(label, startedAt, answer, skipped));
          return { outcome: 'answered', exchange: answer.exchange };
        } catch (err) {
          if (this.isStopped) return { outcome: 'cancelled' };
          this.failed++;
          const error = asWireError(err);
          this.tally.failed(error.code);
          this.setup.junit?.add({ name: masker.maskText(label), timeMs: performance.now() - startedAt, failure: { type: error.code, message: masker.maskText(error.message) } });
          await output.failure(error, wire, this.refOfStep(step));
          return { outcome: 'failed', error };
        }
      },
      notSent: async (request, error) => {
        if (this.isStopped) return;
        const label = this.begin(request);
        this.failed++;
        this.tally.failed(error.code);
        this.setup.junit?.add({ name: masker.maskText(label), timeMs: 0, failure: { type: error.code, message: masker.maskText(error.message) } });
        await output.failure(error, undefined, refOf(request));
      },
    };
  }
}
