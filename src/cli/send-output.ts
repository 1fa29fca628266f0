import { errorClassOf, ErrorCodes, type HttpWireError } from '../core/errors';
import { exchangeRecordOfSend, exchangeRecordOfStored, type ExchangeRecord } from '../core/chaining/exchange-record';
import { KeepingSink } from '../core/chaining/keeping-sink';
import { DigestSink, type BodyDigest } from '../core/response/body-sink';
import type { SendOptions } from '../core/wire/client-options';
import type { PartialExchange } from '../core/wire/exchange';
import type { HttpClient } from '../core/wire/client';
import type { WireRequest } from '../core/wire/wire-request';
import { DeferredWrites } from './deferred-writes';
import { JsonResultsWriter } from './json-output';
import { digestBodyJson, failureJson, resultJson, storedBodyJson, type BodyMode, type RequestOfFile } from './json-result';
import { PrintBodySink } from './print-body-sink';
import { onStopSignal } from './process-end';
import type { SecretMasker } from '../core/secret-masker';
import { printDigest, printEpilogue, printFailure, printPreamble, type Printer } from './print-response';

/** Which request of the file a send is (see RequestOfFile), with `label` for stderr. */
export interface RequestRef extends RequestOfFile {
  readonly label: string;
}

/** How `http-wire send` shows each request: the curl -i view, or one JSON document. */
export interface SendOutput {
  /**
   * Sends `wire` with its body going where this output wants it. With `keepExchange`, the answer
   * is also kept for request chaining (its body up to the references' limit).
   */
  send(client: HttpClient, wire: WireRequest, options: Partial<SendOptions>, ref: RequestRef, keepExchange: boolean): Promise<SentExchange>;
  failure(err: HttpWireError, wire: WireRequest | undefined, ref: RequestRef): Promise<void>;
  /** Ends the output; `summary` (how the run went) closes a JSON document, the text view has it on stderr. */
  end(summary?: object): Promise<void>;
}

/** How a send that got an answer went: `isDecoded` false when the body could not be decoded. */
export interface SentExchange {
  readonly isDecoded: boolean;
  /** The final response's status line (after redirects followed). */
  readonly status: number;
  readonly reason: string;
  /** With `keepExchange`: what references read of it. */
  readonly exchange?: ExchangeRecord;
}

/** `masker` keeps secrets out of everything either output writes (see SecretMasker). */
export function sendOutput(printer: Printer, isJson: boolean, mode: BodyMode, includeBytes: boolean, log: (s: string) => void, masker: SecretMasker): SendOutput {
  return isJson ? new JsonOutput(printer, mode, includeBytes, log, masker) : new TextOutput(printer, mode, includeBytes, log, masker);
}

/** The body bytes a failed exchange had kept: shown through the capture, then freed here. */
function disposePartial(err: HttpWireError): void {
  (err.detail as { partial?: PartialExchange }).partial?.rawBody?.dispose();
}

/**
 * The curl -i view, streamed: the head is printed when it arrives, the body as it arrives
 * (or, with `--body digest`, hashed and summed up in one line), the trailers and timings last.
 */
class TextOutput implements SendOutput {
  /** The current request's head is on stdout already: a failure need not print the bytes again. */
  private isHeadShown = false;

  constructor(
    private readonly printer: Printer,
    private readonly mode: BodyMode,
    private readonly includeBytes: boolean,
    private readonly log: (s: string) => void,
    private readonly masker: SecretMasker,
  ) {}

  async send(client: HttpClient, wire: WireRequest, options: Partial<SendOptions>, { label }: RequestRef, keepExchange: boolean): Promise<SentExchange> {
    const p = this.printer;
    this.isHeadShown = false;
    let keeping: KeepingSink<{ readonly length: number; readonly sha256?: string }> | undefined;
    const result = await client.sendTo<{ readonly length: number; readonly sha256?: string }>(
      wire,
      (start) => {
        printPreamble(p, start, this.includeBytes, this.masker);
        this.isHeadShown = true;
        const sink = this.mode === 'digest' ? new DigestSink(start.contentCodings.length > 0) : new PrintBodySink(p, start.response);
        return keepExchange ? (keeping = new KeepingSink(sink)) : sink;
      },
      options,
    );
    const body = result.body;
    if (body.sha256 !== undefined) printDigest(p, { sha256: body.sha256, length: body.length });
    printEpilogue(p, result, this.includeBytes, this.mode === 'digest' ? 0 : body.length, this.masker);
    // What --json reports in `warnings` and `error`: the framing was in doubt, the body did not decode.
    for (const warning of result.warnings) this.log(this.masker.maskText(`http-wire: ${label}: warning: ${warning}`));
    if (result.decodeError) this.log(this.masker.maskText(`http-wire: ${label}: ${result.decodeError.message} [${result.decodeError.code}]`));
    return { isDecoded: result.decodeError === undefined, status: result.response.status, reason: result.response.reason, exchange: keeping !== undefined ? exchangeRecordOfSend(wire, result.response, keeping.kept, keeping.length) : undefined };
  }

  async failure(err: HttpWireError, _wire: WireRequest | undefined, { label }: RequestRef): Promise<void> {
    if (this.isHeadShown) this.printer.out('\n');
    printFailure(this.printer, err, label, this.isHeadShown, this.masker);
    disposePartial(err);
  }

  async end(): Promise<void> {}
}

/**
 * One JSON document, written a result at a time (see JsonResultsWriter). A result is turned into
 * JSON and written after the next request has gone out, while that request is in flight: on
 * loopback a response takes longer to come than a result takes to write, so this work costs no
 * time (it was 15% of 2,000 small GETs). One result waits at most, so results keep their order
 * and at most two stored bodies are alive at once.
 */
class JsonOutput implements SendOutput {
  private readonly writer: JsonResultsWriter;
  /** Results being turned into JSON and written, off the request path, in the order of the sends. */
  private readonly writes = new DeferredWrites();
  /** Stopped by a signal, the document is closed with an error saying so (see closeStopped). */
  private readonly unhookStop: () => void;

  constructor(
    printer: Printer,
    private readonly mode: BodyMode,
    private readonly includeBytes: boolean,
    private readonly log: (s: string) => void,
    private readonly masker: SecretMasker,
  ) {
    this.writer = new JsonResultsWriter(printer.stream, printer.isTty);
    this.unhookStop = onStopSignal((signal) =>
      this.writer.closeStopped({ class: errorClassOf(ErrorCodes.aborted), code: ErrorCodes.aborted, message: `Stopped by ${signal}: the results written before this are complete; the request in flight and those after it have none.` }),
    );
  }

  async send(client: HttpClient, wire: WireRequest, options: Partial<SendOptions>, ref: RequestRef, keepExchange: boolean): Promise<SentExchange> {
    if (this.mode === 'digest') {
      let keeping: KeepingSink<BodyDigest> | undefined;
      const result = await client.sendTo(
        wire,
        (start) => {
          const sink = new DigestSink(start.contentCodings.length > 0);
          return keepExchange ? (keeping = new KeepingSink(sink)) : sink;
        },
        options,
      );
      const waiting = this.writes.add(() => this.writer.add(resultJson(ref, result, digestBodyJson(result.body), this.includeBytes, this.masker)));
      if (waiting !== undefined) await waiting;
      return { isDecoded: result.decodeError === undefined, status: result.response.status, reason: result.response.reason, exchange: keeping !== undefined ? exchangeRecordOfSend(wire, result.response, keeping.kept, keeping.length) : undefined };
    }
    // The whole body goes into the document, after the head: it is stored until then.
    const result = await client.send(wire, options);
    // Read now: the stored body is disposed once written.
    const exchange = keepExchange ? exchangeRecordOfStored(wire, result) : undefined;
    await this.writes.add(async () => {
      try {
        const { body, streamed } = storedBodyJson(result);
        await this.writer.add(resultJson(ref, result, body, this.includeBytes, this.masker), streamed);
      } finally {
        result.dispose();
      }
    });
    return { isDecoded: result.decodeError === undefined, status: result.response.status, reason: result.response.reason, exchange };
  }

  async failure(err: HttpWireError, wire: WireRequest | undefined, ref: RequestRef): Promise<void> {
    // The document says it on stdout; a CI log shows stderr: one line there too, with the code.
    this.log(this.masker.maskText(`http-wire: ${ref.label}: ${err.message} [${err.code}]`));
    await this.writes.add(() => {
      const waiting = this.writer.add(failureJson(err, wire, ref, this.includeBytes, this.masker));
      disposePartial(err);
      return waiting;
    });
  }

  async end(summary?: object): Promise<void> {
    await this.writes.idle();
    this.unhookStop();
    await this.writer.end(summary);
  }
}
