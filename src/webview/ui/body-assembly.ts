// DOM-free (unit-tested in plain Node): the body text arrives in `bodyPiece` messages; this decides
// which pieces belong to the result on screen, in order, and what the finished body becomes.
import type { HostMessage } from '../protocol';
import { prettyJson } from './json-pretty';

type Piece = Extract<HostMessage, { type: 'bodyPiece' }>;
type End = Extract<HostMessage, { type: 'bodyEnd' }>;

/**
 * Pieces of one result (`seq`): a piece of another result, or out of order, is refused, so a
 * stale stream never mixes into the body shown. Keeps the text only when it will be pretty-printed
 * (JSON, whose size the host capped); other bodies are appended to the page and forgotten.
 */
export class BodyAssembly {
  private nextIndex = 0;
  private readonly kept: string[] = [];
  private isEnded = false;

  constructor(
    readonly seq: number,
    private readonly isJson: boolean,
  ) {}

  /** The text to append, or undefined when the piece is not the next one of this body. */
  accept(piece: Piece): string | undefined {
    if (piece.seq !== this.seq || piece.index !== this.nextIndex || this.isEnded) return undefined;
    this.nextIndex++;
    if (this.isJson) this.kept.push(piece.text);
    return piece.text;
  }

  /** At the end: the pretty text to show instead, or undefined to keep what was appended. */
  finish(end: End): string | undefined {
    if (end.seq !== this.seq || this.isEnded) return undefined;
    this.isEnded = true;
    if (!this.isJson) return undefined;
    const pretty = prettyJson(this.kept.join(''));
    this.kept.length = 0;
    return pretty;
  }

  get pieceCount(): number {
    return this.nextIndex;
  }
}
