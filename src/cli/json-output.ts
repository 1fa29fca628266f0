import { randomBytes } from 'node:crypto';
import type { ByteTarget } from '../core/response/body-sink';

/** Text written piece by piece where a placeholder string stands in the value (see JsonResultsWriter.add). */
export type StreamedStrings = ReadonlyMap<string, () => Iterable<string>>;

/**
 * Writes `{ "results": [ ... ] }` one result at a time as each request finishes, so that no run
 * holds every body at once: for a terminal exactly as `JSON.stringify({ results }, null, 2)`
 * would, for a pipe or a file one result per line (half the bytes, and half the time: indenting
 * cost 8 µs of each of 2,000 small GETs). A large string, such as a body's base64, is never made
 * whole: the result holds a placeholder and the writer streams the string's pieces in its place,
 * waiting for stdout to drain between them.
 */
export class JsonResultsWriter {
  private count = 0;
  /**
   * Text not yet written. One write per result cost a write(2) each: a tenth of the CPU of
   * 2,000 small GETs with stdout a pipe. Small results wait here until FLUSH_BYTES gather, or
   * FLUSH_MS after the first of them, so output stays live on slow requests.
   */
  private pending: string[] = [];
  private pendingLength = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  /** While a streamed string is being written: the rest of its result's text, after that string. */
  private streamingRest: string | undefined;
  private isEnded = false;
  /** Closed by closeStopped: nothing more is written, end() included. */
  private isStopped = false;

  constructor(
    private readonly target: ByteTarget,
    private readonly isPretty: boolean,
  ) {}

  /**
   * Adds one result. Each string of `value` equal to a key of `streamed` is written as one JSON
   * string made of the pieces its function yields (escaped here); the placeholders must be
   * unique enough never to occur in real data (see newPlaceholder). Returns a promise only when
   * stdout asked to wait (most results, a digest or an error, only gather: no promise to make).
   */
  add(value: object, streamed?: StreamedStrings): Promise<void> | undefined {
    // Closed by a stop (see closeStopped): what comes after would follow the document's end.
    if (this.isStopped) return undefined;
    const text = this.isPretty
      ? `${this.count === 0 ? '{\n  "results": [\n' : ',\n'}    ${JSON.stringify(value, null, 2).replace(/\n/g, '\n    ')}`
      : `${this.count === 0 ? '{"results": [\n' : ',\n'}${JSON.stringify(value)}`;
    this.count++;
    return streamed === undefined || streamed.size === 0 ? this.buffer(text) : this.addStreamed(text, streamed);
  }

  private async addStreamed(text: string, streamed: StreamedStrings): Promise<void> {
    let at = 0;
    for (const [placeholder, pieces] of streamed) {
      const quoted = JSON.stringify(placeholder);
      const found = text.indexOf(quoted, at);
      if (found === -1) continue;
      this.buffer(text.slice(at, found));
      await this.flush();
      await this.write('"');
      this.streamingRest = text.slice(found + quoted.length);
      for (const piece of pieces()) {
        // Stopped while this string streamed: closeStopped wrote the rest of the document.
        if (this.isStopped) return;
        await this.write(JSON.stringify(piece).slice(1, -1));
      }
      this.streamingRest = undefined;
      await this.write('"');
      at = found + quoted.length;
    }
    await this.buffer(text.slice(at));
  }

  /** Closes the document (`{ "results": [] }` when nothing was added), `summary` after the results. */
  async end(summary?: object): Promise<void> {
    if (this.isStopped) return;
    this.isEnded = true;
    const tail = summary === undefined ? '' : this.isPretty ? `,\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}` : `, "summary": ${JSON.stringify(summary)}`;
    if (this.isPretty) this.buffer(this.count === 0 ? `{\n  "results": []${tail}\n}\n` : `\n  ]${tail}\n}\n`);
    else this.buffer(this.count === 0 ? `{"results": []${tail}}\n` : `\n]${tail}}\n`);
    await this.flush();
  }

  /**
   * The run was stopped (Ctrl-C, `kill`): writes at once what is pending and the document's end
   * with `error` beside `results`, so that what a CI job got still parses. A string being streamed
   * is closed where it stands and its result's text follows (its later streamed strings empty).
   * Nothing is written after it (end() included); the process waits for stdout to hand its reader
   * what it queued before it dies (see cleanUpAtEnd: a slow reader's pipe queues).
   */
  closeStopped(error: object): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.isStopped = true;
    clearTimeout(this.flushTimer);
    let text = this.pending.join('');
    if (this.streamingRest !== undefined) text += `"${this.streamingRest.replace(QUOTED_PLACEHOLDER, '""')}`;
    const errorJson = JSON.stringify(error);
    if (this.isPretty) text += this.count === 0 ? `{\n  "results": [],\n  "error": ${errorJson}\n}\n` : `\n  ],\n  "error": ${errorJson}\n}\n`;
    else text += this.count === 0 ? `{"results": [], "error": ${errorJson}}\n` : `\n], "error": ${errorJson}}\n`;
    this.target.write(text);
  }

  /** Keeps `text` for a later write; writes what has gathered once it passes FLUSH_BYTES. */
  private buffer(text: string): Promise<void> | undefined {
    if (text === '') return undefined;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) return this.flush();
    this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    return undefined;
  }

  private flush(): Promise<void> | undefined {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return undefined;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    return this.write(text);
  }

  private write(text: string): Promise<void> | undefined {
    if (text === '' || this.isStopped || this.target.write(text)) return undefined;
    return new Promise<void>((resolve) => this.target.once('drain', resolve));
  }
}

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 50;

/** A placeholder as JSON.stringify writes it into a result's text (see newPlaceholder). */
const QUOTED_PLACEHOLDER = /"\\u0000http-wire-streamed-[0-9a-f]+\\u0000"/g;

/** A string that stands for a streamed one: random, so no header or body holds it by chance. */
export function newPlaceholder(): string {
  return `\u0000http-wire-streamed-${randomBytes(12).toString('hex')}\u0000`;
}
