import { Connection } from './connection';
import type { Connected } from './connect';

export interface PoolOptions {
  /** How long an idle connection waits for the next request before it is closed. */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 4_000;

/**
 * Keep-alive connections, idle ones grouped by origin key (scheme, host, port, TLS options,
 * proxy). The most recently used idle connection is reused first: it is the likeliest still open.
 * One released in this turn of the event loop is handed out to a POST, or to any request for a
 * server not yet seen keeping a connection open after an answer, only once it has settled (see
 * Connection.settle), so that a FIN that came with its last response is seen before it is used.
 */
export class ConnectionPool {
  private readonly idle = new Map<string, Connection[]>();
  /**
   * Keys whose server has answered twice on one connection: it does not close after each answer,
   * so an idempotent request need not wait for its connection to settle. A kept-alive connection
   * that proves closed (see distrust) brings the wait back for its key.
   */
  private readonly keepsAlive = new Set<string>();
  private nextId = 1;

  constructor(private readonly options: PoolOptions = { idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS }) {}

  /**
   * An idle, usable connection for `key`, taken out of the pool; undefined when none. The
   * connection itself, with no promise in the way, when it was released in an earlier turn of the
   * event loop (an editor's next send), or when `isRetrySafe` (an idempotent request, which the
   * client sends again on a fresh connection if this one proves closed) and the server is known to
   * keep connections open (a keep-alive run of GETs pays nothing). Otherwise, for a connection
   * released in this turn, a promise: it resolves once the connection has settled, within one
   * turn, with the connection if it is still open, else as if it had never been idle (the next
   * idle one, or undefined). Meanwhile the connection belongs to the waiting send: close() leaves
   * it alone. A POST thus never goes into a connection whose close came with the last answer.
   */
  takeIdle(key: string, isRetrySafe: boolean): Connection | Promise<Connection | undefined> | undefined {
    const list = this.idle.get(key);
    while (list && list.length > 0) {
      const conn = list.pop()!;
      if (!conn.isUsable) {
        this.distrust(key);
        conn.destroy();
      } else if (!conn.isSettling) return conn;
      else if (!(isRetrySafe && this.keepsAlive.has(key))) return this.takeSettled(conn, key, isRetrySafe);
      else {
        // Taken by a request that needs no wait: the wait matters only while the connection is
        // idle, and the next release starts a new one. It ends here: its first immediate cleared,
        // its second never made.
        conn.stopSettling();
        return conn;
      }
    }
    return undefined;
  }

  private async takeSettled(conn: Connection, key: string, isRetrySafe: boolean): Promise<Connection | undefined> {
    await conn.whenSettled();
    if (conn.isUsable) return conn;
    this.distrust(key);
    conn.destroy();
    return this.takeIdle(key, isRetrySafe);
  }

  /** A connection of `key` that was kept alive proved closed: idempotent requests wait for its connections to settle again. */
  distrust(key: string): void {
    this.keepsAlive.delete(key);
  }

  /**
   * Gives back a connection taken with takeIdle that carried no request (its send was cancelled
   * while it settled). It is still idle: its idle timer kept running.
   */
  putBack(conn: Connection): void {
    if (!conn.isUsable) {
      conn.destroy();
      return;
    }
    this.push(conn);
  }

  /** Wraps a fresh socket as a numbered connection of this pool. */
  adopt(key: string, connected: Connected, proxy?: { label: string; ms: number }): Connection {
    return new Connection(this.nextId++, key, connected, (c) => this.remove(c), proxy?.label, proxy?.ms ?? 0);
  }

  /**
   * Puts a connection back for reuse, or closes it. `serverIdleMs` is the server's own idle limit
   * (`Keep-Alive: timeout=N`); we leave a margin so we never send on a socket it is closing.
   */
  release(conn: Connection, isReusable: boolean, serverIdleMs?: number): void {
    conn.detach();
    if (!isReusable || !conn.isUsable) {
      conn.destroy();
      return;
    }
    const idleMs = serverIdleMs !== undefined ? Math.min(this.options.idleTimeoutMs, Math.max(0, serverIdleMs - 1000)) : this.options.idleTimeoutMs;
    if (idleMs <= 0) {
      conn.destroy();
      return;
    }
    conn.startIdleTimer(idleMs);
    // A second answer on one connection shows the server keeps connections open after answering:
    // from then on, an idempotent request takes its connections at once (see takeIdle; waiting
    // for one to settle costs ~45 µs a request).
    if (conn.requestCount > 1) this.keepsAlive.add(conn.key);
    conn.settle();
    // An idle socket must not keep a CLI process alive.
    conn.socket.unref();
    this.push(conn);
  }

  private push(conn: Connection): void {
    const list = this.idle.get(conn.key) ?? [];
    list.push(conn);
    this.idle.set(conn.key, list);
  }

  private remove(conn: Connection): void {
    const list = this.idle.get(conn.key);
    if (!list) return;
    const at = list.indexOf(conn);
    if (at !== -1) list.splice(at, 1);
    if (list.length === 0) this.idle.delete(conn.key);
  }

  get idleCount(): number {
    let n = 0;
    for (const list of this.idle.values()) n += list.length;
    return n;
  }

  /** Closes every idle connection, settling or not (not one a send has taken and waits on). */
  close(): void {
    for (const list of this.idle.values()) for (const c of list) c.destroy();
    this.idle.clear();
  }
}
