/**
 * What was read from Content-Type values, kept across files: a file repeats a handful of
 * Content-Types over all its requests, so each is read once. Emptied when full, so it never
 * holds more than 64; its keys are own copies (see ownCopy), and so must its values' strings be.
 */
export class ContentTypeCache<V> {
  private readonly map = new Map<string, V>();

  get(contentType: string): V | undefined {
    return this.map.get(contentType);
  }

  /** Keeps `value` for `contentType` and returns it. */
  set(contentType: string, value: V): V {
    if (this.map.size >= 64) this.map.clear();
    this.map.set(ownCopy(contentType), value);
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
