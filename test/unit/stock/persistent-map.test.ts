import * as pmap from '../../../src/domain/kernel/persistent-map';
import { seededRandom } from '../../../src/cli/seeded-random';

const build = (keys: string[]) => keys.reduce((map, key) => pmap.set(map, key, key.length), pmap.empty<number>());

describe('persistent map', () => {
  it('sets, gets, replaces and removes', () => {
    let map = pmap.set(pmap.set(pmap.empty<string>(), 'a', 'A'), 'b', 'B');
    expect([pmap.get(map, 'a'), pmap.get(map, 'b'), pmap.get(map, 'c'), map.size]).toEqual(['A', 'B', undefined, 2]);
    map = pmap.set(map, 'a', 'A2');
    expect([pmap.get(map, 'a'), map.size]).toEqual(['A2', 2]);
    map = pmap.remove(map, 'a');
    expect([pmap.has(map, 'a'), pmap.has(map, 'b'), map.size]).toEqual([false, true, 1]);
  });

  it('returns the same map when removing an absent key', () => {
    const map = build(['x', 'y']);
    expect(pmap.remove(map, 'z')).toBe(map);
  });

  it('leaves earlier versions untouched', () => {
    const v1 = build(['a', 'b', 'c']);
    const v2 = pmap.remove(pmap.set(v1, 'd', 9), 'a');
    expect([...pmap.entries(v1)].map(([k]) => k).sort()).toEqual(['a', 'b', 'c']);
    expect([...pmap.entries(v2)].map(([k]) => k).sort()).toEqual(['b', 'c', 'd']);
  });

  it('has one shape per set of keys, whatever the order of sets and removes', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `key-${i}`);
    const reversed = build([...keys].reverse());
    expect(build(keys)).toEqual(reversed);
    const extra = Array.from({ length: 300 }, (_, i) => `extra-${i}`);
    const withExtraRemoved = extra.reduce((map, key) => pmap.remove(map, key), build([...keys, ...extra]));
    expect(withExtraRemoved).toEqual(reversed);
    expect(keys.reduce((map, key) => pmap.remove(map, key), reversed)).toEqual(pmap.empty());
  });

  it('keeps keys whose hashes collide apart', () => {
    // Known FNV-1a 32-bit collisions.
    for (const [a, b] of [['costarring', 'liquid'], ['declinate', 'macallums']] as const) {
      let map = pmap.set(pmap.set(build(['other']), a, 1), b, 2);
      expect([pmap.get(map, a), pmap.get(map, b), map.size]).toEqual([1, 2, 3]);
      map = pmap.remove(map, a);
      expect([pmap.get(map, a), pmap.get(map, b), map.size]).toEqual([undefined, 2, 2]);
      expect(pmap.remove(map, b)).toEqual(build(['other']));
    }
  });

  it('agrees with Map over random operations', () => {
    const random = seededRandom(42);
    const model = new Map<string, number>();
    let map = pmap.empty<number>();
    for (let step = 0; step < 20_000; step++) {
      const key = `k${random.int(0, 2_000)}`;
      if (random.next() < 0.55) {
        model.set(key, step);
        map = pmap.set(map, key, step);
      } else {
        model.delete(key);
        map = pmap.remove(map, key);
      }
      expect(map.size).toBe(model.size);
      if (step % 1_000 === 0) expect(new Map(pmap.entries(map))).toEqual(model);
    }
    for (const [key, value] of model) expect(pmap.get(map, key)).toBe(value);
    expect(new Map(pmap.entries(map))).toEqual(model);
  });
});
