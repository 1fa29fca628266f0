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

  /**
   * `isOwned`: nobody else holds this buffer (the serialized head), so it is kept as it is. A
   * body buffer belongs to the caller's request and is copied: changing it later must not
   * change what the capture says was sent.
   */
  onSent(chunk: Buffer, isOwned = false): void {
    this.sentBytes += chunk.length;
    this.sentKept = this.keep(this.sentChunks, this.sentKept, chunk, isOwned);
  }

  /**
   * A socket chunk is the listener's alone when Node hands each read over, and is kept as it is;
   * `isShared`: it is a view into a read buffer used again for the next read, so it is copied.
   */
  onReceived(chunk: Buffer, isShared = false): void {
    this.receivedBytes += chunk.length;
    this.receivedKept = this.keep(this.receivedChunks, this.receivedKept, chunk, !isShared);
  }

  private keep(into: Buffer[], kept: number, chunk: Buffer, isOwned: boolean): number {
    const room = this.limitBytes - kept;
    if (room <= 0) return kept;
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
    into.push(isOwned && isCheapToKeep(piece) ? piece : Buffer.from(piece));
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

/**
 * Can a capture hold on to this view instead of copying it? Yes when the memory it pins is not
 * much more than itself: a socket's read chunk owns exactly its bytes, and a small Buffer shares
 * Node's 8 KiB pool (which a copy would use too). A view into a larger buffer, such as a slice of
 * a 64 KiB read or of a file, is copied so that it does not keep the rest alive.
 */
function isCheapToKeep(piece: Buffer): boolean {
  return piece.buffer.byteLength <= Math.max(2 * piece.length, Buffer.poolSize);
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
