import { BodyStore } from '../response/body-store';
import type { SendResult } from '../wire/send-result';
import type { HistoryEntry } from './history-entry';

/**
 * A SendResult made again from a history entry and its body, for the response panel, which
 * shows SendResults. What the history does not keep is empty: the received bytes of Raw (the
 * body view has the body), the request's header changes, content codings (the kept body is the
 * one shown, codings undone). Its owner disposes it, as any SendResult.
 */
export async function restoreSendResult(entry: HistoryEntry, body: AsyncIterable<Buffer>): Promise<SendResult> {
  const { record } = entry;
  const store = new BodyStore();
  try {
    // Piece by piece, yielding between pieces: a big body does not block the caller's thread;
    // and waiting while the store's file catches up, so it is never all queued in memory.
    for await (const chunk of body) {
      if (!store.append(chunk)) await new Promise<void>((resolve) => store.onDrain(resolve));
    }
    await store.whenWritten();
  } catch (err) {
    store.dispose();
    throw err;
  }
  const sent = Buffer.from(record.request.sentBase64, 'base64');
  const request = { method: record.request.method, url: record.request.url, target: '', httpVersion: record.request.httpVersion, headers: record.request.headers, changes: [], bodyBytes: 0 };
  return {
    request,
    informational: record.informational,
    response: record.response,
    trailers: record.trailers,
    body: store,
    rawBody: store,
    contentCodings: [],
    decodeError: undefined,
    redirects: record.redirects.map((hop) => ({
      request: { ...request, method: hop.method, url: hop.url },
      response: hop.response,
      location: hop.location,
      connection: record.connection,
    })),
    url: record.url,
    connection: record.connection,
    timings: record.timings,
    capture: { sent, received: Buffer.alloc(0), sentBytes: record.request.sentBytes, receivedBytes: 0, limitBytes: sent.length, isTruncated: sent.length < record.request.sentBytes },
    warnings: record.warnings,
    dispose: () => store.dispose(),
  };
}
