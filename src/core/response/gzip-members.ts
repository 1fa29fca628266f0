import { Duplex } from 'node:stream';
import * as zlib from 'node:zlib';

/** RFC 1952 §2.3.1: ID1, ID2, and CM 8 (deflate). */
const ID1 = 0x1f;
const ID2 = 0x8b;
const CM_DEFLATE = 8;
/** FLG bits (RFC 1952 §2.3.1); the top three are reserved and must be zero. */
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;

/**
 * Where the parse of the input stands. `between` follows a member's trailer: another member, or
 * bytes that are none (`ignoring` them to the end).
 */
type State = 'fixed' | 'extraLength' | 'extra' | 'name' | 'comment' | 'headerCrc' | 'deflate' | 'trailer' | 'between' | 'ignoring';

export interface GzipMembersOptions {
  readonly chunkSize: number;
  readonly writableHighWaterMark: number;
}

/**
 * Gunzip (RFC 1952) that stops at the end of the gzip data: its members, one after another, are
 * decoded as zlib's Gunzip decodes them, and bytes after the last that do not start another member
 * (a newline a template or a proxy added, padding) are counted in `ignoredBytes` and dropped, as
 * browsers and curl drop them. zlib's Gunzip takes any such byte for the start of a member, fails
 * with "incorrect header check" or "unexpected end of file", and loses the output of the write
 * it fails in: the whole body, when it came in one read.
 *
 * The header and the trailer are read here; each member's deflate data goes to an InflateRaw,
 * whose consumed input (bytesWritten) says where the data ended. CRC-32 and ISIZE are checked as
 * Gunzip checks them, with its messages; FHCRC, a check of the header alone, is skipped.
 * Errors are those of zlib's Gunzip: "incorrect header check" for a body that does not start
 * as gzip, "unexpected end of file" for one cut short (the members before it are decoded).
 */
export class GzipMembers extends Duplex {
  /** Bytes after the gzip data, dropped. */
  ignoredBytes = 0;
  private state: State = 'fixed';
  /** Bytes of the field being read (the fixed header, a length, the trailer). */
  private readonly field = Buffer.alloc(FIXED_HEADER_BYTES);
  private fieldFill = 0;
  private flags = 0;
  private extraLeft = 0;
  private inflater: zlib.InflateRaw | undefined;
  private crc = 0;
  private size = 0;
  /** The member's inflater has put out its last byte. */
  private isInflaterEnded = false;
  /** Waiting for the inflater's end, with the input after its data. */
  private afterInflater: (() => void) | undefined;

  constructor(private readonly options: GzipMembersOptions) {
    super({ writableHighWaterMark: options.writableHighWaterMark, readableHighWaterMark: options.chunkSize });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.consume(chunk, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.state === 'deflate') {
      // The input ended inside the data, or right after it: the inflater's flush tells which.
      const inflater = this.inflater!;
      this.afterInflater = () => this.finishInput(done);
      inflater.end();
      return;
    }
    this.finishInput(done);
  }

  override _read(): void {
    this.inflater?.resume();
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    this.inflater?.destroy();
    this.inflater = undefined;
    done(err);
  }

  private finishInput(done: (err?: Error | null) => void): void {
    // A lone ID1 at the very end starts no member.
    if (this.state === 'between' && this.fieldFill === 1) this.ignoredBytes += 1;
    if (this.state === 'between' || this.state === 'ignoring') {
      this.push(null);
      done();
      return;
    }
    done(zlibError('unexpected end of file', 'Z_BUF_ERROR'));
  }

  /** Reads `chunk` from `at` through the states; `done` once all of it is taken. */
  private consume(chunk: Buffer, done: (err?: Error | null) => void, at = 0): void {
    while (at < chunk.length) {
      switch (this.state) {
        case 'fixed': {
          at = this.fill(chunk, at, FIXED_HEADER_BYTES);
          if (this.fieldFill < FIXED_HEADER_BYTES) break;
          const err = this.checkFixedHeader();
          if (err !== undefined) return done(err);
          this.nextHeaderField();
          break;
        }
        case 'extraLength':
          at = this.fill(chunk, at, 2);
          if (this.fieldFill < 2) break;
          this.extraLeft = this.field.readUInt16LE(0);
          this.state = 'extra';
          if (this.extraLeft === 0) this.nextHeaderField();
          break;
        case 'extra': {
          const n = Math.min(this.extraLeft, chunk.length - at);
          at += n;
          this.extraLeft -= n;
          if (this.extraLeft === 0) this.nextHeaderField();
          break;
        }
        case 'name':
        case 'comment': {
          const zero = chunk.indexOf(0, at);
          if (zero === -1) at = chunk.length;
          else {
            at = zero + 1;
            this.nextHeaderField();
          }
          break;
        }
        case 'headerCrc':
          at = this.fill(chunk, at, 2);
          if (this.fieldFill === 2) this.nextHeaderField();
          break;
        case 'deflate':
          // Taken up again once the inflater says how much of the rest was its data.
          this.inflate(chunk.subarray(at), done);
          return;
        case 'trailer': {
          at = this.fill(chunk, at, TRAILER_BYTES);
          if (this.fieldFill < TRAILER_BYTES) break;
          const err = this.checkTrailer();
          if (err !== undefined) return done(err);
          this.state = 'between';
          this.fieldFill = 0;
          break;
        }
        case 'between':
          // Another member starts with ID1 ID2; one byte may have to wait for the next chunk.
          if (this.fieldFill === 0 && chunk[at] !== ID1) {
            this.ignoreFrom(chunk, at);
            return done();
          }
          if (this.fieldFill === 0) {
            this.field[0] = ID1;
            this.fieldFill = 1;
            at++;
            break;
          }
          if (chunk[at] !== ID2) {
            this.ignoredBytes += 1;
            this.ignoreFrom(chunk, at);
            return done();
          }
          // A new member: its fixed header is read on from ID1 ID2.
          this.state = 'fixed';
          break;
        case 'ignoring':
          this.ignoreFrom(chunk, at);
          return done();
      }
    }
    done();
  }

  /** Copies up to `want` bytes of the current field; returns where the chunk was left. */
  private fill(chunk: Buffer, at: number, want: number): number {
    const n = Math.min(want - this.fieldFill, chunk.length - at);
    chunk.copy(this.field, this.fieldFill, at, at + n);
    this.fieldFill += n;
    return at + n;
  }

  private ignoreFrom(chunk: Buffer, at: number): void {
    this.state = 'ignoring';
    this.ignoredBytes += chunk.length - at;
  }

  /** zlib's own messages for a bad header. */
  private checkFixedHeader(): Error | undefined {
    const f = this.field;
    if (f[0] !== ID1 || f[1] !== ID2) return zlibError('incorrect header check', 'Z_DATA_ERROR');
    if (f[2] !== CM_DEFLATE) return zlibError('unknown compression method', 'Z_DATA_ERROR');
    if ((f[3]! & FRESERVED) !== 0) return zlibError('unknown header flags set', 'Z_DATA_ERROR');
    this.flags = f[3]!;
    return undefined;
  }

  /** After a header field: the next one the flags announce, else the member's data. */
  private nextHeaderField(): void {
    this.fieldFill = 0;
    const order: Array<[State, number]> = [
      ['fixed', 0],
      ['extraLength', FEXTRA],
      ['name', FNAME],
      ['comment', FCOMMENT],
      ['headerCrc', FHCRC],
    ];
    const from = this.state === 'extra' ? 2 : order.findIndex(([s]) => s === this.state) + 1;
    for (let i = from; i < order.length; i++) {
      const [state, flag] = order[i]!;
      if ((this.flags & flag) !== 0) {
        this.state = state;
        return;
      }
    }
    this.startMember();
  }

  private startMember(): void {
    this.state = 'deflate';
    this.crc = 0;
    this.size = 0;
    this.isInflaterEnded = false;
    const inflater = zlib.createInflateRaw(this.options);
    this.inflater = inflater;
    inflater.on('data', (out: Buffer) => {
      this.crc = zlib.crc32(out, this.crc);
      this.size += out.length;
      if (!this.push(out)) inflater.pause();
    });
    inflater.on('error', (err) => this.destroy(err));
    inflater.on('end', () => {
      this.isInflaterEnded = true;
      const next = this.afterInflater;
      this.afterInflater = undefined;
      next?.();
    });
  }

  /**
   * Gives `data` to the member's inflater. It consumes only its deflate data: when it took less
   * than all (or nothing: the data ended with the last chunk), the member's output is complete
   * once it ends, and the rest is the trailer and what follows.
   */
  private inflate(data: Buffer, done: (err?: Error | null) => void): void {
    const inflater = this.inflater!;
    const before = inflater.bytesWritten;
    inflater.write(data, (err) => {
      if (err) return; // Its 'error' destroys this stream.
      const taken = inflater.bytesWritten - before;
      if (taken === data.length && !this.isInflaterEnded) return done();
      const rest = data.subarray(taken);
      const goOn = (): void => {
        this.inflater = undefined;
        this.state = 'trailer';
        this.fieldFill = 0;
        this.consume(rest, done);
      };
      if (this.isInflaterEnded) goOn();
      else this.afterInflater = goOn;
    });
  }

  private checkTrailer(): Error | undefined {
    if (this.field.readUInt32LE(0) !== this.crc >>> 0) return zlibError('incorrect data check', 'Z_DATA_ERROR');
    if (this.field.readUInt32LE(4) !== this.size % 2 ** 32) return zlibError('incorrect length check', 'Z_DATA_ERROR');
    return undefined;
  }
}

function zlibError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
