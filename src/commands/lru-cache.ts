/**
 * A Map that forgets what went unused the longest, holding at most
 * `capacity` entries. Entries live in two generations: once the newer one
 * holds half the capacity it becomes the older one and the previous older
 * one is let go, so an entry used at least once a generation stays. A hit
 * costs one lookup; a strict LRU moves the entry on every read, and the
 * delete and set that takes on a large Map cost the process manager 0.3 s a run.
 */
export class LruCache<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const value = this.newer.get(key);
    if (value !== undefined) return value;
    const old = this.older.get(key);
    if (old === undefined) return undefined;
    this.older.delete(key);
    this.add(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.newer.has(key)) {
      this.newer.set(key, value);
      return;
    }
    this.older.delete(key);
    this.add(key, value);
  }

  delete(key: K): void {
    this.newer.delete(key);
    this.older.delete(key);
  }

  get size(): number {
    return this.newer.size + this.older.size;
  }

  private add(key: K, value: V): void {
    if (this.newer.size >= this.generationSize) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }
}
