/** One entry: the key is kept beside its value, as the map's own copy (see ownCopy). */
interface Entry<V> {
  readonly key: string;
  readonly value: V;
}

/**
 * What was read from Content-Type values, kept across files: a file repeats a handful of
 * Content-Types over all its requests, so each is read once. Emptied when full, so it never
 * holds more than 64; its keys are own copies (see ownCopy), and so must its values' strings be.
 */
export class ContentTypeCache<V> {
  private readonly map = new Map<string, Entry<V>>();
  /**
   * The entry last asked for or stored: requests in a row mostly share one Content-Type, and
   * comparing with its key costs less than hashing each request's new slice of the file for the map.
   */
  private last: Entry<V> | undefined;

  get(contentType: string): V | undefined {
    if (this.last !== undefined && this.last.key === contentType) return this.last.value;
    const entry = this.map.get(contentType);
    if (entry === undefined) return undefined;
    this.last = entry;
    return entry.value;
  }

  /** Keeps `value` for `contentType` and returns it. */
  set(contentType: string, value: V): V {
    if (this.map.size >= 64) this.map.clear();
    const entry = { key: ownCopy(contentType), value };
    this.map.set(entry.key, entry);
    this.last = entry;
    return value;
  }
}

/**
 * A copy of `s` that refers to nothing else. V8 makes a longer slice of a file's text a view that
 * keeps the whole text alive: a cache that outlives the file must not hold one.
 */
export function ownCopy(s: string): string {
  return Array.from(s).join('');
}
