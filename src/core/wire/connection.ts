import type * as net from 'node:net';
import type { Connected } from './connect';
import { DeadlineTimer } from './deadline-timer';

/** What the exchange currently using a connection hears from its socket, and from its deadline. */
export interface SocketListener {
  onData(chunk: Buffer): void;
  /** The peer sent FIN. */
  onEnd(): void;
  onError(err: Error): void;
  /** The socket is gone (after end, error or destroy). */
  onClose(): void;
  /** The deadline set with `Connection.startDeadline` passed. */
  onDeadline(): void;
}

/**
 * One TCP (or TLS) connection and its life: busy with one exchange at a time (no pipelining), or
 * idle in the pool. The socket's listeners are attached once, here, and forwarded to the current
 * exchange, so no event falls between two exchanges unheard. The two timers (the exchange's
 * deadline, the idle limit) are made once too and moved per request (see DeadlineTimer). A
 * released connection settles for one turn of the event loop (see settle); the pool decides which
 * request must wait for that (ConnectionPool.takeIdle).
 */
export class Connection {
  /** Requests sent on this connection so far. */
  requestCount = 0;
  isClosed = false;
  /** The peer sent FIN; nothing more can be read. */
  isEnded = false;
  /** Chunks are views into a read buffer reused after each read (see connect.ts): keep copies. */
  readonly isReadBufferShared: boolean;
  private listener: SocketListener | undefined;
  private isIdle = false;
  /** While idle: closes the connection when the idle time runs out. */
  private readonly idleTimer = new DeadlineTimer(() => {
    if (this.isIdle) this.destroy();
  });
  /** While busy: the current exchange's headers or body deadline. */
  private readonly deadline = new DeadlineTimer(() => this.listener?.onDeadline());
  /**
   * From release until the event loop has been through its poll phase once more (see settle):
   * the immediate to wait for, then the send waiting to take this connection, if any.
   */
  private settling: NodeJS.Immediate | undefined;
  private onSettled: (() => void) | undefined;
  /** The two steps of settle, made once: a keep-alive connection settles after every request. */
  private readonly afterCheck = (): void => {
    this.settling = setImmediate(this.afterPoll);
  };
  private readonly afterPoll = (): void => this.endSettling();

  constructor(
    readonly id: number,
    readonly key: string,
    readonly connected: Connected,
    private readonly onIdleClose: (c: Connection) => void,
    /** Label of the proxy this connection goes through, if any. */
    readonly proxy: string | undefined,
    /** Time spent opening the proxy leg (CONNECT tunnel), 0 without a proxy. */
    readonly proxyMs: number,
  ) {
    const socket = connected.socket;
    const onData = (chunk: Buffer): void => {
      if (this.listener) this.listener.onData(chunk);
      // Bytes nobody asked for: the peer is confused, never reuse this connection.
      else this.destroy();
    };
    if (connected.setReader !== undefined) connected.setReader(onData);
    else socket.on('data', onData);
    this.isReadBufferShared = connected.setReader !== undefined;
    socket.on('end', () => {
      this.isEnded = true;
      if (this.listener) this.listener.onEnd();
      else this.destroy();
    });
    socket.on('error', (err) => {
      if (this.listener) this.listener.onError(err);
      else this.destroy();
    });
    socket.on('close', () => {
      this.isClosed = true;
      this.disposeTimers();
      const listener = this.listener;
      this.listener = undefined;
      if (listener) listener.onClose();
      else this.onIdleClose(this);
    });
  }

  get socket(): net.Socket {
    return this.connected.socket;
  }

  /** Can carry another request: open, not ended, and not writing half-closed. */
  get isUsable(): boolean {
    return !this.isClosed && !this.isEnded && !this.socket.destroyed && this.socket.writable;
  }

  attach(listener: SocketListener): void {
    this.clearIdleTimer();
    this.listener = listener;
    this.socket.ref();
  }

  detach(): void {
    this.listener = undefined;
    this.deadline.stop();
  }

  clearIdleTimer(): void {
    this.isIdle = false;
    this.idleTimer.stop();
  }

  /** Closes the connection after `ms` of idleness, unless an exchange takes it first. */
  startIdleTimer(ms: number): void {
    this.isIdle = true;
    this.idleTimer.start(ms);
  }

  /**
   * Makes a released connection wait until the kernel has told us of a close that came with the
   * response (RFC 9112 §9.3: no request on a connection the server has closed). A response that
   * completes in a read callback may have the server's FIN right behind it, already received;
   * libuv reads that EOF only at the event loop's next poll phase, and the caller's continuation
   * (the next send included) runs as microtasks before it. An immediate set now runs in this
   * turn's check phase, still before that poll: the one it sets runs after it. One immediate is
   * not enough (test/unit/wire/reuse-after-close.test.ts fails with one), and so the caller's own
   * immediates queued after the answer run before the next request goes out.
   */
  settle(): void {
    // Released again before an earlier wait ended (it was taken at once by an idempotent request,
    // answered within that wait): the wait starts over, from this answer.
    if (this.settling !== undefined) clearImmediate(this.settling);
    this.settling = setImmediate(this.afterCheck);
  }

  /**
   * Ends a wait for settling nobody needs: the connection was taken by a send that does not wait
   * for it (an idempotent request to a server known to keep connections open). Nobody waits on
   * `whenSettled` then: only a send that took the connection waits for it.
   */
  stopSettling(): void {
    if (this.settling === undefined) return;
    clearImmediate(this.settling);
    this.endSettling();
  }

  /** Released in this turn of the event loop: its EOF, if one came with the response, may be unread. */
  get isSettling(): boolean {
    return this.settling !== undefined;
  }

  /** Resolves once settled (at once when it is not settling), or once destroyed meanwhile. */
  whenSettled(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.settling === undefined) resolve();
      else this.onSettled = resolve;
    });
  }

  /** Calls the listener's `onDeadline` after `ms`, replacing the previous deadline. */
  startDeadline(ms: number): void {
    this.deadline.start(ms);
  }

  stopDeadline(): void {
    this.deadline.stop();
  }

  destroy(): void {
    this.disposeTimers();
    this.socket.destroy();
  }

  private disposeTimers(): void {
    this.isIdle = false;
    this.idleTimer.dispose();
    this.deadline.dispose();
    if (this.settling !== undefined) {
      clearImmediate(this.settling);
      this.endSettling();
    }
  }

  private endSettling(): void {
    this.settling = undefined;
    const onSettled = this.onSettled;
    this.onSettled = undefined;
    onSettled?.();
  }
}
