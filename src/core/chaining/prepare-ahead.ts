import type { HttpFile, HttpRequest } from '../http-file/model';
import { referenceKindsOf } from '../http-file/reference-index';
import { HOST_VARIABLE } from '../http-file/resolve-url';
import { readExpression } from '../http-file/variable-syntax';
import { prepareSend, type PreparedSend, type SendContext } from '../send/prepare-send';
import { hasHostHeader, reachableReferences, takesHostVariable } from './dependencies';

/**
 * Prepares the next request of a run while the current one is on the wire, so that the turn from
 * one answer to the next request's bytes holds no preparing (variables, URL, body, headers: 13 µs
 * of the 55 µs between an answer and the next request, over 2,000 GETs of a file; issue 10, item 6).
 *
 * Only a request whose preparing cannot depend on when it is done is prepared ahead: no other
 * request's answer (`{{login...}}`, `# @ref`, or through the `@host` an origin-form target takes),
 * no system variable (`{{$timestamp}}` is read when the request is sent, not while an earlier one
 * waits on a slow server), no prompt, no `< file` body (read when sent: an earlier request may
 * have changed it), and environment values without `{{`. Everything else is prepared when its
 * turn comes, as before.
 */
export class PrepareAhead {
  /** Requests known to prepare the same whenever they are prepared. */
  private readonly isTimeless = new Map<HttpRequest, boolean>();
  private readonly isEnvironmentLiteral: boolean;
  /** The request `startSoon` chose, until it is prepared or taken. */
  private scheduled: HttpRequest | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private ahead: { readonly request: HttpRequest; readonly prepared: Promise<PreparedSend> } | undefined;
  private onReady: ((prepared: PreparedSend) => void) | undefined;

  constructor(
    private readonly file: HttpFile,
    private readonly context: SendContext,
    environment: ReadonlyMap<string, string>,
    private readonly prepare: typeof prepareSend = prepareSend,
  ) {
    let literal = true;
    for (const value of environment.values()) if (value.includes('{{')) literal = false;
    this.isEnvironmentLiteral = literal;
  }

  /**
   * Starts preparing `request` after the current turn of the event loop (once the request being
   * sent has been written), when it may be prepared ahead. Replaces any earlier choice. `onReady`
   * is called with the preparation when it succeeds while still ahead (not taken yet): the CLI
   * gives the request to its SendLine there.
   */
  startSoon(request: HttpRequest | undefined, onReady?: (prepared: PreparedSend) => void): void {
    this.scheduled = request !== undefined && this.mayPrepareAhead(request) ? request : undefined;
    this.onReady = onReady;
    if (this.scheduled === undefined || this.immediate !== undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      const chosen = this.scheduled;
      if (chosen === undefined) return;
      this.scheduled = undefined;
      const prepared = this.prepare(this.file, chosen, this.context);
      const ahead = { request: chosen, prepared };
      this.ahead = ahead;
      const ready = this.onReady;
      // A request that cannot be prepared fails when its turn comes (see take), not here.
      prepared.then(
        (p) => {
          if (this.ahead === ahead) ready?.(p);
        },
        () => undefined,
      );
    });
  }

  /** `request` prepared: as prepared ahead when it was, else now (see prepareSend). */
  take(request: HttpRequest): Promise<PreparedSend> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (this.scheduled === request) this.scheduled = undefined;
    return ahead?.request === request ? ahead.prepared : this.prepare(this.file, request, this.context);
  }

  dispose(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.scheduled = undefined;
    this.ahead = undefined;
    this.onReady = undefined;
  }

  private mayPrepareAhead(request: HttpRequest): boolean {
    let timeless = this.isTimeless.get(request);
    if (timeless === undefined) this.isTimeless.set(request, (timeless = this.isTimelessRequest(request)));
    return timeless;
  }

  private isTimelessRequest(request: HttpRequest): boolean {
    if (request.metadata.some((m) => m.key === 'ref' || m.key === 'forceRef')) return false;
    if (request.body?.parts.some((p) => p.type === 'file') === true) return false;
    if (!this.isHostTimeless(request)) return false;
    return reachableReferences(this.file, request).every((r) => r.kind === 'file' || (r.kind === 'environment' && this.isEnvironmentLiteral));
  }

  /**
   * An origin-form target without a Host header takes its base from `{{host}}`, looked up by
   * prepareRequest, not written: a `/path` reaches a file variable's references through
   * reachableReferences; a target that only may become origin-form (`{{path}}`) is timeless only
   * when no file variable or prompt can give `host`.
   */
  private isHostTimeless(request: HttpRequest): boolean {
    const target = request.requestLine.target;
    if (hasHostHeader(request) || !(target.startsWith('/') || target.startsWith('{{'))) return true;
    const kind = referenceKindsOf(this.file).kindOf(readExpression(HOST_VARIABLE), request);
    if (kind === 'environment') return this.isEnvironmentLiteral;
    return kind === 'file' && takesHostVariable(request);
  }
}
