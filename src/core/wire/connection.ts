import type * as net from 'node:net';
import type { Connected } from './connect';

/** What the exchange currently using a connection hears from its socket. */
export interface SocketListener {
  onData(chunk: Buffer): void;
  /** The peer sent FIN. */
  onEnd(): void;
  onError(err: Error): void;
  /** The socket is gone (after end, error or destroy). */
  onClose(): void;
}

/**
 * One TCP (or TLS) connection and its life: busy with one exchange at a time (no pipelining), or
 * idle in the pool. The socket's listeners are attached once, here, and forwarded to the current
 * exchange, so no event falls between two exchanges unheard.
 */
export class Connection {
  /** Requests sent on this connection so far. */
  requestCount = 0;
  isClosed = false;
  /** The peer sent FIN; nothing more can be read. */
  isEnded = false;
  private listener: SocketListener | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  private isIdle = false;

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
    socket.on('data', (chunk: Buffer) => {
      if (this.listener) this.listener.onData(chunk);
      // Bytes nobody asked for: the peer is confused, never reuse this connection.
      else this.destroy();
    });
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
      if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
      this.isIdle = false;
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
  }

  clearIdleTimer(): void {
    this.isIdle = false;
  }

  /**
   * Closes the connection after `ms` of idleness. The Timeout object is made once per duration
   * and refreshed on later releases: a busy keep-alive connection would otherwise make and clear
   * a timer per request. While busy, `isIdle` is false and a firing timer does nothing.
   */
  startIdleTimer(ms: number): void {
    this.isIdle = true;
    if (this.idleTimer !== undefined && this.idleMs === ms) {
      this.idleTimer.refresh();
      return;
    }
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleMs = ms;
    this.idleTimer = setTimeout(() => {
      if (this.isIdle) this.destroy();
    }, ms);
    this.idleTimer.unref();
  }

  destroy(): void {
    this.isIdle = false;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.socket.destroy();
  }
}
