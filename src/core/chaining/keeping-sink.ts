import type { HttpWireError } from '../errors';
import type { BodySink } from '../response/body-sink';
import type { BodyStore } from '../response/body-store';
import { MAX_REFERENCED_BODY_BYTES } from './exchange-record';

/**
 * A sink that passes every call on to `inner` (printing to stdout, hashing) and keeps a copy of
 * the decoded body for references, up to `limitBytes`: past it the copy is dropped and only the
 * length counted, so a streamed download costs no memory here.
 */
export class KeepingSink<T> implements BodySink<T> {
  private chunks: Buffer[] | undefined = [];
  /** Decoded bytes seen, kept or not. */
  length = 0;

  constructor(
    private readonly inner: BodySink<T>,
    private readonly limitBytes = MAX_REFERENCED_BODY_BYTES,
  ) {}

  /** The decoded body, or undefined when it grew past the limit. */
  get kept(): Buffer | undefined {
    return this.chunks === undefined ? undefined : Buffer.concat(this.chunks);
  }

  raw(chunk: Buffer): boolean {
    return this.inner.raw(chunk);
  }

  write(chunk: Buffer): boolean {
    this.length += chunk.length;
    if (this.chunks !== undefined) {
      // Copied: the chunk is a view into a read buffer that is reused (body-sink.ts).
      if (this.length <= this.limitBytes) this.chunks.push(Buffer.from(chunk));
      else this.chunks = undefined;
    }
    return this.inner.write(chunk);
  }

  onDrain(resume: () => void): void {
    this.inner.onDrain(resume);
  }

  finish(decodeError: HttpWireError | undefined): T {
    return this.inner.finish(decodeError);
  }

  whenStored(): Promise<void> | undefined {
    return this.inner.whenStored();
  }

  abort(): BodyStore | undefined {
    this.chunks = undefined;
    return this.inner.abort();
  }
}
