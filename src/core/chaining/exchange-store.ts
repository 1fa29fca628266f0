import { ErrorCodes } from '../errors';
import type { RequestReference, RequestReferenceSource } from '../variables/inputs';
import { VariableProblem } from '../variables/variable-problem';
import type { ExchangeRecord } from './exchange-record';
import { referenceValue } from './reference-value';

/**
 * The exchanges of named requests sent in one session (a CLI run, a document in the editor), by
 * request name: the last one of each name. Only names some request of the file refers to are
 * kept (the chain runner decides), so a named download nobody references costs nothing here.
 *
 * It is the `RequestReferenceSource` of resolution: `{{login.response.body.$.token}}` reads
 * the record of `login`.
 */
export class ExchangeStore implements RequestReferenceSource {
  private readonly records = new Map<string, ExchangeRecord>();

  record(requestName: string, exchange: ExchangeRecord): void {
    this.records.set(requestName, exchange);
  }

  /** Whether `requestName` has been sent (and kept) in this session. */
  has(requestName: string): boolean {
    return this.records.has(requestName);
  }

  get(requestName: string): ExchangeRecord | undefined {
    return this.records.get(requestName);
  }

  /** Forgets every exchange (the document was closed). */
  clear(): void {
    this.records.clear();
  }

  /**
   * The value `reference` names. Rejects with a VariableProblem (HW_UNRESOLVED_VARIABLE) when the
   * request has not been sent in this session, or when its exchange has no such header, path or body.
   */
  value(reference: RequestReference): Promise<string> {
    const exchange = this.records.get(reference.requestName);
    if (exchange === undefined) {
      return Promise.reject(
        new VariableProblem(`has no value: request "${reference.requestName}" has not been sent in this session`, ErrorCodes.unresolvedVariable, { request: reference.requestName }),
      );
    }
    try {
      return Promise.resolve(referenceValue(exchange, reference.path, reference.requestName));
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
