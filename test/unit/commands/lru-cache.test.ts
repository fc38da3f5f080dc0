import { LruCache } from '../../../src/commands/lru-cache';

describe('LruCache', () => {
  it('answers what was set, the latest value of a key, and nothing for a key deleted or never set', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1);
    cache.set('a', 2);
    cache.set('b', 3);
    cache.delete('b');
    expect(cache.get('a')).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('never holds more than its capacity, and forgets what went unused the longest first', () => {
    const cache = new LruCache<string, number>(4);
    for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(key, index);
    expect(cache.get('a')).toBe(0); // used: kept over b
    for (const [index, key] of ['e', 'f', 'g'].entries()) cache.set(key, 10 + index);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('g')).toBe(12);

    const busy = new LruCache<number, number>(100);
    for (let key = 0; key < 10_000; key++) {
      busy.set(key, key);
      expect(busy.get(0)).toBe(0); // read all along: never forgotten
    }
    expect(busy.size).toBeLessThanOrEqual(100);
    expect(busy.get(9_999)).toBe(9_999);
    expect(busy.get(5_000)).toBeUndefined();
  });
});
