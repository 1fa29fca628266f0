import { promises as dns } from 'node:dns';
import * as net from 'node:net';

/** One address of a host, as the resolver gave it. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to its addresses, most preferred first. Tests answer names themselves. */
export type HostLookup = (host: string) => Promise<readonly ResolvedAddress[]>;

/**
 * Starts a TCP connection to an IP address; the socket emits 'connect' or 'error'. Tests pass one
 * that never answers, to stand for an address that drops packets.
 */
export type OpenSocket = (address: string, port: number) => net.Socket;

/** How one address fared while the connection was opened, in the order they were tried. */
export interface AddressAttempt {
  readonly address: string;
  readonly family: 4 | 6;
  /** When this attempt started, in ms after the first one. */
  readonly startMs: number;
  /**
   * `connected`: it carries the connection; `failed`: refused or unreachable (`error` holds
   * Node's code); `abandoned`: still trying when another address connected or time ran out.
   */
  readonly outcome: 'trying' | 'connected' | 'failed' | 'abandoned';
  readonly error?: string;
}

/** Node's default autoSelectFamilyAttemptTimeout; RFC 8305 §5 recommends 250 ms too. */
export const DEFAULT_ATTEMPT_DELAY_MS = 250;

/** The system resolver (getaddrinfo, as Node's own connect uses), in the order it answers. */
export const lookupHost: HostLookup = async (host) => {
  const found = await dns.lookup(host, { all: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export const openTcpSocket: OpenSocket = (address, port) => net.connect({ host: address, port, noDelay: true });

/**
 * RFC 8305 §4: families alternate, starting with the family of the resolver's first choice; each
 * family keeps the resolver's order. [v6a, v6b, v4a] → [v6a, v4a, v6b].
 */
export function interleaveFamilies(addresses: readonly ResolvedAddress[]): ResolvedAddress[] {
  const first = addresses[0]?.family;
  const preferred = addresses.filter((a) => a.family === first);
  const other = addresses.filter((a) => a.family !== first);
  const out: ResolvedAddress[] = [];
  for (let i = 0; i < Math.max(preferred.length, other.length); i++) {
    if (i < preferred.length) out.push(preferred[i]!);
    if (i < other.length) out.push(other[i]!);
  }
  return out;
}

interface Racer {
  socket: net.Socket | undefined;
  onError: (err: Error) => void;
}

/**
 * Opens a TCP connection to the first of `addresses` that accepts one (RFC 8305 §5, "Happy
 * Eyeballs"): an attempt starts, and when it has not connected within `attemptDelayMs`, or as
 * soon as it fails, the next address starts too. Earlier attempts keep trying (Node's
 * autoSelectFamily stops them instead): a slow address that answers first still wins. The
 * first 'connect' wins and every other attempt is destroyed. The caller owns the deadline:
 * `cancel()` stops whatever is still trying. `attempts` says how each address fared.
 */
export class AddressRace {
  readonly attempts: AddressAttempt[] = [];
  private readonly racers: Racer[] = [];
  private readonly errors: Error[] = [];
  private readonly started = performance.now();
  private next = 0;
  private trying = 0;
  private timer: NodeJS.Timeout | undefined;
  private isOver = false;

  constructor(
    private readonly addresses: readonly ResolvedAddress[],
    private readonly port: number,
    private readonly options: { readonly attemptDelayMs: number; readonly openSocket: OpenSocket },
    private readonly onConnect: (socket: net.Socket) => void,
    /** With the one error, or an AggregateError of all of them in order. */
    private readonly onFail: (err: Error) => void,
  ) {}

  start(): void {
    this.startNext();
  }

  /** Stops every attempt still trying: the deadline passed or the request was cancelled. */
  cancel(): void {
    if (this.isOver) return;
    this.isOver = true;
    this.stopOthers(-1);
  }

  private startNext(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.isOver) return;
    if (this.next === this.addresses.length) {
      if (this.trying === 0) this.fail();
      return;
    }
    const index = this.next++;
    const { address, family } = this.addresses[index]!;
    this.attempts.push({ address, family, startMs: performance.now() - this.started, outcome: 'trying' });
    const racer: Racer = { socket: undefined, onError: (err) => this.onAttemptError(index, err) };
    this.racers.push(racer);
    this.trying++;
    try {
      racer.socket = this.options.openSocket(address, this.port);
    } catch (err) {
      this.onAttemptError(index, err as Error);
      return;
    }
    racer.socket.once('connect', () => this.onAttemptConnect(index));
    racer.socket.on('error', racer.onError);
    if (this.next < this.addresses.length) this.timer = setTimeout(() => this.startNext(), this.options.attemptDelayMs);
  }

  private onAttemptConnect(index: number): void {
    if (this.isOver) return;
    this.isOver = true;
    const winner = this.racers[index]!;
    this.attempts[index] = { ...this.attempts[index]!, outcome: 'connected' };
    winner.socket!.removeListener('error', winner.onError);
    this.stopOthers(index);
    this.onConnect(winner.socket!);
  }

  private onAttemptError(index: number, err: Error): void {
    const attempt = this.attempts[index]!;
    if (this.isOver || attempt.outcome !== 'trying') return;
    this.attempts[index] = { ...attempt, outcome: 'failed', error: (err as NodeJS.ErrnoException).code ?? err.message };
    this.racers[index]!.socket?.destroy();
    this.errors.push(err);
    this.trying--;
    // A refused address need not wait out the attempt delay (RFC 8305 §5).
    this.startNext();
  }

  /** Destroys every attempt but `keep`, marking those still trying as abandoned. */
  private stopOthers(keep: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let i = 0; i < this.racers.length; i++) {
      if (i === keep) continue;
      if (this.attempts[i]!.outcome === 'trying') this.attempts[i] = { ...this.attempts[i]!, outcome: 'abandoned' };
      // Its error listener stays: a destroyed socket may still report what it was doing.
      this.racers[i]!.socket?.destroy();
    }
  }

  private fail(): void {
    this.isOver = true;
    this.onFail(this.errors.length === 1 ? this.errors[0]! : new AggregateError(this.errors, `All ${this.errors.length} addresses failed.`));
  }
}
