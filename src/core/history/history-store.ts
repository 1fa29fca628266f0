import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { ErrorCodes, HttpWireError } from '../errors';
import type { BodyStore } from '../response/body-store';
import type { SecretMasker } from '../secret-masker';
import { isHistoryEntry, type HistoryBody, type HistoryEntry, type HistoryRecord } from './history-entry';

/** Issue 11, item 6: the last 50 exchanges. */
const DEFAULT_MAX_HISTORY_ENTRIES = 50;
/** Bodies up to this size are kept inside the entry's JSON; larger ones in a file beside it. */
const DEFAULT_MAX_INLINE_BODY_BYTES = 256 * 1024;

export interface HistoryStoreOptions {
  readonly maxEntries?: number;
  readonly maxInlineBodyBytes?: number;
  /** How a body's temporary file is hard-linked (tests stand in a link that fails across file systems). */
  readonly linkFile?: (existing: string, link: string) => void;
}

/**
 * A body taken from a SendResult before the result is handed on (its owner frees it): the
 * in-memory chunks themselves (dropping the store's array leaves them alive), a hard link to its
 * temporary file in the history folder, or, when the two are on different file systems (a tmpfs
 * /tmp), a descriptor open on the temporary file: its bytes outlive the file's removal, and are
 * copied later off the event loop.
 */
export type BodySnapshot =
  | { readonly length: number; readonly chunks: readonly Buffer[] }
  | { readonly length: number; readonly filePath: string; readonly masker?: SecretMasker }
  | { readonly length: number; readonly fd: number; readonly masker?: SecretMasker };

/**
 * `snapshot` with the secrets `masker` knows masked: a secret the server echoed is not written to
 * the history in clear. A body held in memory (under 16 MiB) is masked now; a larger one, spilled
 * to a temporary file, carries the masker, and is masked as `add` copies it into the history (in
 * pieces, off the caller's turn: masking 50 MB at once would hold the extension host). Without a
 * secret to mask, a spilled body is linked into the history as it is, never copied.
 */
export function maskedSnapshot(snapshot: BodySnapshot, masker: SecretMasker): BodySnapshot {
  if (!masker.hasSecrets) return snapshot;
  if (!('chunks' in snapshot)) return { ...snapshot, masker };
  const bytes = Buffer.concat(snapshot.chunks);
  const masked = masker.maskBytes(bytes);
  return masked === bytes ? snapshot : { length: masked.length, chunks: [masked] };
}

const ENTRY_SUFFIX = '.json';
const BODY_SUFFIX = '.body';
const TEMP_PREFIX = '.tmp-';
/** What newId makes; anything else (a path, `..`) names no entry. */
const ENTRY_ID = /^\d{15}-[0-9a-f]{8}$/;

/**
 * The history of exchanges, in `<root>/history`: one JSON file per entry (`<id>.json`), and
 * `<id>.body` for a body over the inline limit. Every file is written to a temporary name and
 * renamed, so a crash leaves an entry whole or absent. Entries past `maxEntries` are removed,
 * oldest first, with their body files. A file that does not read back as an entry is skipped.
 * Writes are queued: one at a time, in call order.
 */
export class HistoryStore {
  readonly folder: string;
  private readonly maxEntries: number;
  private readonly maxInlineBodyBytes: number;
  private readonly linkFile: (existing: string, link: string) => void;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(root: string, options: HistoryStoreOptions = {}) {
    this.folder = path.join(root, 'history');
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_HISTORY_ENTRIES;
    this.maxInlineBodyBytes = options.maxInlineBodyBytes ?? DEFAULT_MAX_INLINE_BODY_BYTES;
    this.linkFile = options.linkFile ?? fs.linkSync;
  }

  /**
   * Takes `body`'s bytes synchronously, so that its owner may free it as soon as this returns.
   * Cheap, whatever the size: memory chunks are shared, a temporary file is hard-linked, or held
   * open when it cannot be (never copied here: 50 MB copied on the extension host's thread
   * blocked it). Throws HW_FILE when the history folder cannot be written.
   */
  snapshotBody(body: BodyStore): BodySnapshot {
    const spilled = body.spillPath;
    if (spilled === undefined) return { length: body.length, chunks: [...body.chunksSync()] };
    return fileOp('keep the response body in the history', () => {
      fs.mkdirSync(this.folder, { recursive: true });
      const filePath = this.tempPath();
      try {
        this.linkFile(spilled, filePath);
        return { length: body.length, filePath };
      } catch {
        return { length: body.length, fd: fs.openSync(spilled, 'r') };
      }
    });
  }

  /**
   * Keeps `record` with its body as the newest entry and removes the oldest past the limit.
   * Rejects with HW_FILE when the folder cannot be written; a snapshot's file is consumed either way.
   */
  add(record: HistoryRecord, body: BodySnapshot, nowMs = Date.now(), id = HistoryStore.newId(nowMs)): Promise<HistoryEntry> {
    return this.enqueue(async () => {
      try {
        await fs.promises.mkdir(this.folder, { recursive: true });
        const stored = await this.storeBody(id, body);
        const entry: HistoryEntry = { id, savedAtMs: nowMs, record, body: stored };
        await this.writeAtomically(id + ENTRY_SUFFIX, JSON.stringify(entry));
        await this.prune();
        return entry;
      } catch (err) {
        throw asFileError('keep an exchange in the history', err);
      } finally {
        if ('filePath' in body) await fs.promises.rm(body.filePath, { force: true });
        if ('fd' in body) await closeQuietly(body.fd);
      }
    });
  }

  /**
   * An entry's id, known before it is written (a panel keeps it to reopen the exchange after a
   * window reload): the time first, so ids sort by age, then random hex against two in one ms.
   */
  static newId(nowMs = Date.now()): string {
    return `${String(nowMs).padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
  }

  /** The entry `id`, once written; undefined when it is not (yet) there, pruned, or not an entry. */
  async get(id: string): Promise<HistoryEntry | undefined> {
    // Waits for the writes queued before: an entry added a moment ago is found.
    await this.queue;
    if (!ENTRY_ID.test(id)) return undefined;
    try {
      const parsed: unknown = JSON.parse(await fs.promises.readFile(path.join(this.folder, id + ENTRY_SUFFIX), 'utf8'));
      return isHistoryEntry(parsed) && parsed.id === id ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** The entries, newest first; files that are missing, unreadable or not entries are skipped. */
  async list(): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    for (const name of (await this.entryNames()).reverse()) {
      try {
        const parsed: unknown = JSON.parse(await fs.promises.readFile(path.join(this.folder, name), 'utf8'));
        if (isHistoryEntry(parsed) && parsed.id + ENTRY_SUFFIX === name) entries.push(parsed);
      } catch {
        // Corrupt or removed meanwhile: not an entry.
      }
    }
    return entries;
  }

  /** The entry's body in pieces. Throws HW_FILE when its body file is gone or unreadable. */
  async *readBody(entry: HistoryEntry): AsyncGenerator<Buffer> {
    if (entry.body.kind === 'inline') {
      yield Buffer.from(entry.body.base64, 'base64');
      return;
    }
    // basename: a tampered entry cannot point outside the history folder.
    const filePath = path.join(this.folder, path.basename(entry.body.fileName));
    try {
      for await (const chunk of fs.createReadStream(filePath)) yield chunk as Buffer;
    } catch (err) {
      throw asFileError('read a response body kept in the history', err);
    }
  }

  /** Removes every entry and body file. */
  clear(): Promise<void> {
    return this.enqueue(async () => {
      try {
        await fs.promises.rm(this.folder, { recursive: true, force: true });
      } catch (err) {
        throw asFileError('clear the history', err);
      }
    });
  }

  private async storeBody(id: string, body: BodySnapshot): Promise<HistoryBody> {
    const masker = 'chunks' in body ? undefined : body.masker;
    if (body.length <= this.maxInlineBodyBytes) {
      const bytes = 'chunks' in body ? Buffer.concat(body.chunks) : 'fd' in body ? await readAllAt(body.fd, body.length) : await fs.promises.readFile(body.filePath);
      return { kind: 'inline', base64: (masker?.maskBytes(bytes) ?? bytes).toString('base64') };
    }
    const fileName = id + BODY_SUFFIX;
    if ('chunks' in body) await this.writeAtomically(fileName, body.chunks);
    else if (masker !== undefined) return { kind: 'file', fileName, bytes: await this.copyAtomically(fileName, body, masker) };
    else if ('filePath' in body) await fs.promises.rename(body.filePath, path.join(this.folder, fileName));
    else await this.copyAtomically(fileName, body);
    return { kind: 'file', fileName, bytes: body.length };
  }

  /**
   * The bytes of a spilled body, from its start, into `name`, through `masker` when given:
   * streamed, the file I/O on the thread pool. Resolves with how many bytes were written.
   */
  private async copyAtomically(name: string, body: { readonly filePath: string } | { readonly fd: number }, masker?: SecretMasker): Promise<number> {
    const temp = this.tempPath();
    const source = 'fd' in body ? fs.createReadStream('', { fd: body.fd, start: 0, autoClose: false }) : fs.createReadStream(body.filePath);
    const target = fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    try {
      await (masker === undefined ? pipeline(source, target) : pipeline(source, maskingStream(masker), target));
      await fs.promises.rename(temp, path.join(this.folder, name));
      return target.bytesWritten;
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
  }

  private async writeAtomically(name: string, data: string | readonly Buffer[]): Promise<void> {
    const temp = this.tempPath();
    try {
      const handle = await fs.promises.open(temp, 'wx', 0o600);
      try {
        if (typeof data === 'string') await handle.writeFile(data, 'utf8');
        else for (const chunk of data) await handle.write(chunk);
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temp, path.join(this.folder, name));
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
  }

  /** Removes the oldest entries past the limit with their bodies, and body files of no entry. */
  private async prune(): Promise<void> {
    const names = await this.entryNames();
    const kept = new Set(names.slice(-this.maxEntries).map((n) => n.slice(0, -ENTRY_SUFFIX.length)));
    for (const name of await fs.promises.readdir(this.folder)) {
      const id = name.endsWith(ENTRY_SUFFIX) ? name.slice(0, -ENTRY_SUFFIX.length) : name.endsWith(BODY_SUFFIX) ? name.slice(0, -BODY_SUFFIX.length) : undefined;
      if (id !== undefined && !kept.has(id)) await fs.promises.rm(path.join(this.folder, name), { force: true });
    }
  }

  /** Entry file names, oldest first (ids sort by time). */
  private async entryNames(): Promise<string[]> {
    try {
      return (await fs.promises.readdir(this.folder)).filter((n) => n.endsWith(ENTRY_SUFFIX) && !n.startsWith(TEMP_PREFIX)).sort();
    } catch {
      return [];
    }
  }

  private tempPath(): string {
    return path.join(this.folder, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Bytes masked as they pass: read as Latin-1 (one character per byte, so every byte not masked is
 * kept as it was; the masker searches for the UTF-8 bytes of each secret in that form too), and a
 * secret cut between two pieces is found whole (see TextStreamMasker).
 */
function maskingStream(masker: SecretMasker): Transform {
  const text = masker.streamMasker();
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, text === undefined ? chunk : Buffer.from(text.push(chunk.toString('latin1')), 'latin1'));
    },
    flush(done) {
      done(null, text === undefined ? undefined : Buffer.from(text.end(), 'latin1'));
    },
  });
}

const readAsync = promisify(fs.read);

async function readAllAt(fd: number, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await readAsync(fd, bytes, at, length - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return bytes.subarray(0, at);
}

function closeQuietly(fd: number): Promise<void> {
  return new Promise((resolve) => fs.close(fd, () => resolve()));
}

function asFileError(what: string, err: unknown): HttpWireError {
  if (err instanceof HttpWireError) return err;
  const e = err as NodeJS.ErrnoException;
  return new HttpWireError(ErrorCodes.file, `Could not ${what}: ${e.message}`, { sysCode: e.code }, err);
}

function fileOp<T>(what: string, op: () => T): T {
  try {
    return op();
  } catch (err) {
    throw asFileError(what, err);
  }
}
