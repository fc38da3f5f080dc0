import { seededRandom } from '../../../src/cli/seeded-random';

const draw = (seed: number, count: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random.next());
};

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, so seeded data and failing runs can be made again', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
    expect(draw(7, 50)).not.toEqual(draw(8, 50));
  });

  it('draws numbers in [0, 1) and integers within the bounds asked for', () => {
    const random = seededRandom(3);
    const numbers = Array.from({ length: 1_000 }, () => random.next());
    expect(numbers.every((n) => n >= 0 && n < 1)).toBe(true);
    const integers = new Set(Array.from({ length: 1_000 }, () => random.int(2, 5)));
    expect([...integers].sort()).toEqual([2, 3, 4, 5]);
  });

  it('shuffles into a permutation and picks only from the list', () => {
    const random = seededRandom(11);
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect([...random.shuffle(items)].sort()).toEqual(items);
    expect(items).toContain(random.pick(items));
    expect(() => random.pick([])).toThrow('pick from an empty list');
  });
});
