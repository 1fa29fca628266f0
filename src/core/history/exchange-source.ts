import * as fs from 'node:fs';
import type { ResponseHead } from '../response/model';
import type { SendResult } from '../wire/send-result';
import type { HistoryEntry } from './history-entry';
import type { HistoryStore } from './history-store';

/**
 * One exchange to save or compare (issue 11, item 2), from a response panel's SendResult or
 * from a history entry: its response head as received, and its body, codings undone, read
 * piece by piece from where it already is (memory, a temporary file, the history folder),
 * never copied into memory a second time.
 */
export interface ExchangeSource {
  /** The request's name, or its request line (`GET http://…`): default file names, diff titles. */
  readonly label: string;
  /** The history entry it comes from; undefined for a panel's answer. */
  readonly historyId?: string;
  readonly method: string;
  /** The URL the response came from, the last one after redirects (credentials masked in the history). */
  readonly url: string;
  readonly response: ResponseHead;
  readonly bodyBytes: number;
  /**
   * The content codings (`gzip`) that could not be undone, so the body is as received; undefined
   * when it is decoded (or the history, which does not keep this, is its source).
   */
  readonly codingsNotUndone?: string;
  /** The body's pieces in order; may be read more than once. Rejects with HW_FILE when its file is gone. */
  readBody(): AsyncIterable<Buffer>;
  /** Frees what the source holds (an open file). Idempotent; the caller calls it when done. */
  dispose(): void;
}

/** Pieces of a spilled body read at a time. */
const READ_PIECE_BYTES = 1024 * 1024;

/**
 * The exchange of `result`, taken now: chunks in memory are shared (not copied), a body in a
 * temporary file is opened here, so the result's owner may dispose it (and delete the file) at
 * any time after this returns; the open descriptor keeps the bytes readable until `dispose()`.
 */
export function exchangeSourceOfResult(result: SendResult, label: string, historyId?: string): ExchangeSource {
  const { body } = result;
  const base = {
    label,
    ...(historyId !== undefined ? { historyId } : {}),
    method: result.request.method,
    url: result.url,
    response: result.response,
    bodyBytes: body.length,
    ...(result.decodeError !== undefined ? { codingsNotUndone: result.contentCodings.join(', ') } : {}),
  };
  const spilled = body.spillPath;
  if (spilled === undefined) {
    const chunks = [...body.chunksSync()];
    return { ...base, readBody: () => arrayPieces(chunks), dispose: () => undefined };
  }
  let fd: number | undefined = fs.openSync(spilled, 'r');
  return {
    ...base,
    readBody: () => {
      if (fd === undefined) throw new Error('exchange source read after dispose');
      return filePieces(fd, body.length);
    },
    dispose: () => {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}

/** The exchange of a history entry; its body is read from the store each time it is asked for. */
export function exchangeSourceOfEntry(entry: HistoryEntry, store: HistoryStore): ExchangeSource {
  const { record } = entry;
  return {
    label: `${record.request.method} ${record.request.url}`,
    historyId: entry.id,
    method: record.request.method,
    url: record.url,
    response: record.response,
    bodyBytes: entry.body.kind === 'inline' ? Buffer.byteLength(entry.body.base64, 'base64') : entry.body.bytes,
    readBody: () => store.readBody(entry),
    dispose: () => undefined,
  };
}

async function* arrayPieces(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

/** Positional reads: the descriptor's offset is never used, so reads may overlap. */
async function* filePieces(fd: number, length: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < length; ) {
    const piece = Buffer.allocUnsafe(Math.min(READ_PIECE_BYTES, length - at));
    const n = await new Promise<number>((resolve, reject) => fs.read(fd, piece, 0, piece.length, at, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))));
    if (n <= 0) return;
    yield n === piece.length ? piece : piece.subarray(0, n);
    at += n;
  }
}
