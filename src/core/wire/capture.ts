/**
 * The exact bytes written and read on the connection (before de-chunking and decoding), up to a
 * limit per direction; totals keep counting past it so the display can say what was cut.
 */
export class ByteCapture {
  private readonly sentChunks: Buffer[] = [];
  private readonly receivedChunks: Buffer[] = [];
  private sentKept = 0;
  private receivedKept = 0;
  sentBytes = 0;
  receivedBytes = 0;

  constructor(readonly limitBytes: number) {}

  onSent(chunk: Buffer): void {
    this.sentBytes += chunk.length;
    this.sentKept = this.keep(this.sentChunks, this.sentKept, chunk);
  }

  onReceived(chunk: Buffer): void {
    this.receivedBytes += chunk.length;
    this.receivedKept = this.keep(this.receivedChunks, this.receivedKept, chunk);
  }

  private keep(into: Buffer[], kept: number, chunk: Buffer): number {
    const room = this.limitBytes - kept;
    if (room <= 0) return kept;
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
    // Copy: the caller's buffer may be a view into a larger one that we must not pin.
    into.push(Buffer.from(piece));
    return kept + piece.length;
  }

  snapshot(): CaptureSnapshot {
    return {
      sent: joined(this.sentChunks),
      received: joined(this.receivedChunks),
      sentBytes: this.sentBytes,
      receivedBytes: this.receivedBytes,
      limitBytes: this.limitBytes,
      isTruncated: this.sentBytes > this.sentKept || this.receivedBytes > this.receivedKept,
    };
  }
}

/** The chunks as one buffer; a single chunk is returned as it is (the common small exchange). */
function joined(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export interface CaptureSnapshot {
  readonly sent: Buffer;
  readonly received: Buffer;
  readonly sentBytes: number;
  readonly receivedBytes: number;
  readonly limitBytes: number;
  /** True when either direction passed the limit and was cut. */
  readonly isTruncated: boolean;
}

export const DEFAULT_CAPTURE_LIMIT_BYTES = 1024 * 1024;
