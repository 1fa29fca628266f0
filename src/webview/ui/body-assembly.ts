// DOM-free (unit-tested in plain Node): the body text arrives in `bodyPiece` messages; this decides
// which pieces belong to the result on screen, in order (body-feed.ts decides where they go).
import type { HostMessage } from '../protocol';

type Piece = Extract<HostMessage, { type: 'bodyPiece' }>;
type End = Extract<HostMessage, { type: 'bodyEnd' }>;

/**
 * Pieces of one result (`seq`): a piece of another result, or out of order, is refused, so a
 * stale stream never mixes into the body shown.
 */
export class BodyAssembly {
  private nextIndex = 0;
  private isEnded = false;

  constructor(readonly seq: number) {}

  /** The piece's text, or undefined when the piece is not the next one of this body. */
  accept(piece: Piece): string | undefined {
    if (piece.seq !== this.seq || piece.index !== this.nextIndex || this.isEnded) return undefined;
    this.nextIndex++;
    return piece.text;
  }

  /** True once, at the end of this body. */
  finish(end: End): boolean {
    if (end.seq !== this.seq || this.isEnded) return false;
    this.isEnded = true;
    return true;
  }

  get pieceCount(): number {
    return this.nextIndex;
  }
}
