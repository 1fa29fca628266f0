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
 */
export class ConnectionPool {
  private readonly idle = new Map<string, Connection[]>();
  private nextId = 1;

  constructor(private readonly options: PoolOptions = { idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS }) {}

  /** An idle, usable connection for `key`, taken out of the pool; undefined when none. */
  takeIdle(key: string): Connection | undefined {
    const list = this.idle.get(key);
    while (list && list.length > 0) {
      const conn = list.pop()!;
      if (conn.isUsable) return conn;
      conn.destroy();
    }
    return undefined;
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
    // An idle socket must not keep a CLI process alive.
    conn.socket.unref();
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

  /** Closes every idle connection. */
  close(): void {
    for (const list of this.idle.values()) for (const c of list) c.destroy();
    this.idle.clear();
  }
}
