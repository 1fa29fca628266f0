import { EventEmitter } from 'node:events';
import type { ByteTarget } from '../../../src/core/response/body-sink';
import type { RawHeader, ResponseHead } from '../../../src/core/response/model';
import { PrintBodySink } from '../../../src/cli/print-body-sink';

/** A stdout stand-in (the four methods of a ByteTarget): keeps what is written, and says it is full while `isFull`. */
export class FakeStdout extends EventEmitter {
  readonly chunks: Buffer[] = [];
  isFull = false;
  write(chunk: Buffer, done?: () => void): boolean {
    this.chunks.push(Buffer.from(chunk));
    done?.();
    return !this.isFull;
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

/** A PrintBodySink for a 200 with `headers`, printing to a FakeStdout: a terminal when `isTty`, else a pipe. */
export function sinkFor(headers: RawHeader[], isTty = false): { sink: PrintBodySink; stdout: FakeStdout } {
  const stdout = new FakeStdout();
  const response: ResponseHead = { httpVersion: 'HTTP/1.1', status: 200, reason: 'OK', headers };
  const sink = new PrintBodySink({ isColor: false, isTty, out: (s) => stdout.write(Buffer.from(s)), stream: stdout as unknown as ByteTarget }, response);
  return { sink, stdout };
}
