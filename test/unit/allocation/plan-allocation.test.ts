import { InvalidAllocationInput, planAllocation } from '../../../src/domain/allocation';
import { allocated, backordered, line, location, plan, request } from './allocation.builders';

describe('one location for the whole order', () => {
  it('takes the top-ranked location when it holds every line', () => {
    const p = plan({
      lines: [line('L1', 'A', 2), line('L2', 'B', 3)],
      locations: [location('wh-west', { priority: 2 }), location('wh-east', { priority: 1 })],
      atp: { 'wh-east': { A: 2, B: 3 }, 'wh-west': { A: 9, B: 9 } },
    });
    expect(allocated(p)).toEqual(['L1: 2 from wh-east', 'L2: 3 from wh-east']);
    expect(p.backordered).toEqual([]);
  });

  it('prefers one location that holds every line over a better-ranked one that holds only some', () => {
    const p = plan({
      lines: [line('L1', 'A', 5), line('L2', 'B', 1)],
      locations: [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 }), location('wh-c', { priority: 3 })],
      atp: { 'wh-a': { A: 100 }, 'wh-b': { B: 100 }, 'wh-c': { A: 5, B: 1 } },
    });
    expect(allocated(p)).toEqual(['L1: 5 from wh-c', 'L2: 1 from wh-c']);
  });

  it('picks, among several that hold every line, the best-ranked by the strategy', () => {
    const p = plan({
      strategy: 'nearest',
      lines: [line('L1', 'A', 1)],
      locations: [location('wh-ny', { priority: 1, postalCode: '10001' }), location('wh-il', { priority: 2, postalCode: '62704' })],
      atp: { 'wh-ny': { A: 1 }, 'wh-il': { A: 1 } },
    });
    expect(allocated(p)).toEqual(['L1: 1 from wh-il']);
  });

  it('needs the atp to cover two lines of the same SKU together', () => {
    const p = plan({
      lines: [line('L1', 'A', 3), line('L2', 'A', 3)],
      locations: [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 })],
      atp: { 'wh-a': { A: 5 }, 'wh-b': { A: 6 } },
    });
    expect(allocated(p)).toEqual(['L1: 3 from wh-b', 'L2: 3 from wh-b']);
  });
});

describe('fewest locations when no single one holds the order', () => {
  it('uses 2 locations where taking them in rank order would use 3', () => {
    // By rank: wh-1 takes L1, wh-2 takes L2, wh-3 is still needed for L3. wh-3 and wh-1 suffice.
    const p = plan({
      lines: [line('L1', 'A', 5), line('L2', 'B', 5), line('L3', 'C', 5)],
      locations: [location('wh-1', { priority: 1 }), location('wh-2', { priority: 2 }), location('wh-3', { priority: 3 })],
      atp: { 'wh-1': { A: 5 }, 'wh-2': { B: 5 }, 'wh-3': { B: 5, C: 5 } },
    });
    expect(allocated(p)).toEqual(['L2: 5 from wh-3', 'L3: 5 from wh-3', 'L1: 5 from wh-1']);
    expect(p.backordered).toEqual([]);
  });

  it('breaks a tie in coverage by rank', () => {
    const p = plan({
      lines: [line('L1', 'A', 5), line('L2', 'B', 5)],
      locations: [location('wh-b2', { priority: 2 }), location('wh-b1', { priority: 1 }), location('wh-a', { priority: 3 })],
      atp: { 'wh-a': { A: 5 }, 'wh-b1': { B: 5 }, 'wh-b2': { B: 5 } },
    });
    expect(allocated(p)).toEqual(['L2: 5 from wh-b1', 'L1: 5 from wh-a']);
  });

  it('on equal coverage, prefers a location that finishes a SKU over one that chips at several', () => {
    // After wh-a, wh-b (2 X + 2 Y) ties wh-c and wh-d on units but finishes neither SKU: 4 locations instead of 3.
    const p = plan({
      lines: [line('L1', 'X', 8), line('L2', 'Y', 8)],
      locations: [
        location('wh-a', { priority: 1 }),
        location('wh-b', { priority: 2 }),
        location('wh-c', { priority: 3 }),
        location('wh-d', { priority: 4 }),
      ],
      atp: { 'wh-a': { X: 4, Y: 4 }, 'wh-b': { X: 2, Y: 2 }, 'wh-c': { X: 4 }, 'wh-d': { Y: 4 } },
    });
    expect(allocated(p)).toEqual(['L1: 4 from wh-a', 'L2: 4 from wh-a', 'L1: 4 from wh-c', 'L2: 4 from wh-d']);
  });

  it('splits a line across two locations when no location holds all of it', () => {
    const p = plan({
      lines: [line('L1', 'A', 10)],
      locations: [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 })],
      atp: { 'wh-a': { A: 4 }, 'wh-b': { A: 6 } },
    });
    expect(allocated(p)).toEqual(['L1: 6 from wh-b', 'L1: 4 from wh-a']);
    expect(p.backordered).toEqual([]);
  });

  it('does not split a line that one location of the same size of plan can take whole', () => {
    // wh-a is needed for L2; L1 could be 6 from wh-a + 4 from wh-b, but wh-c takes it whole with as few locations.
    const p = plan({
      lines: [line('L1', 'X', 10), line('L2', 'Y', 5)],
      locations: [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 }), location('wh-c', { priority: 3 })],
      atp: { 'wh-a': { X: 6, Y: 5 }, 'wh-b': { X: 4 }, 'wh-c': { X: 10 } },
    });
    expect(allocated(p)).toEqual(['L2: 5 from wh-a', 'L1: 10 from wh-c']);
  });

  it('gives a line whole to any chosen location that can take it before splitting', () => {
    const p = plan({
      lines: [line('L1', 'A', 4), line('L2', 'B', 6)],
      locations: [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 })],
      atp: { 'wh-a': { A: 3, B: 6 }, 'wh-b': { A: 4 } },
    });
    expect(allocated(p)).toEqual(['L2: 6 from wh-a', 'L1: 4 from wh-b']);
  });
});

describe('two lines of the same SKU', () => {
  it('share the atp of a location: the plan never takes more than it holds', () => {
    const p = plan({
      lines: [line('L1', 'A', 4), line('L2', 'A', 4)],
      locations: [location('wh-a')],
      atp: { 'wh-a': { A: 5 } },
    });
    expect(allocated(p)).toEqual(['L1: 4 from wh-a', 'L2: 1 from wh-a']);
    expect(backordered(p)).toEqual(['L2: 3']);
  });

  it('take the rest of a line from the next location once the first is drawn down', () => {
    const p = plan({
      lines: [line('L1', 'A', 4), line('L2', 'A', 4)],
      locations: [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 })],
      atp: { 'wh-a': { A: 6 }, 'wh-b': { A: 2 } },
    });
    expect(allocated(p)).toEqual(['L1: 4 from wh-a', 'L2: 2 from wh-a', 'L2: 2 from wh-b']);
  });
});

describe('inactive locations', () => {
  it('are never allocated from, even with the best priority and all the stock', () => {
    const p = plan({
      lines: [line('L1', 'A', 5)],
      locations: [location('wh-closed', { priority: 0, active: false }), location('wh-open', { priority: 9 })],
      atp: { 'wh-closed': { A: 100 }, 'wh-open': { A: 2 } },
    });
    expect(allocated(p)).toEqual(['L1: 2 from wh-open']);
    expect(backordered(p)).toEqual(['L1: 3']);
  });
});

describe('backorders', () => {
  it('backorder what no location can promise, and allocate the rest of the line', () => {
    const p = plan({
      lines: [line('L1', 'A', 10), line('L2', 'B', 2)],
      locations: [location('wh-a')],
      atp: { 'wh-a': { A: 7, B: 2 } },
    });
    expect(allocated(p)).toEqual(['L1: 7 from wh-a', 'L2: 2 from wh-a']);
    expect(backordered(p)).toEqual(['L1: 3']);
  });

  it('backorder every line when nothing is in stock anywhere', () => {
    const p = plan({
      lines: [line('L1', 'SKU-9', 3), line('L2', 'SKU-8', 1)],
      locations: [location('wh-a'), location('wh-b', { priority: 2 })],
      atp: { 'wh-a': { OTHER: 4, 'SKU-9': 0 } },
    });
    expect(p.allocations).toEqual([]);
    expect(p.backordered).toEqual([
      { lineId: 'L1', sku: 'SKU-9', quantity: 3 },
      { lineId: 'L2', sku: 'SKU-8', quantity: 1 },
    ]);
  });

  it('backorder every line when there is no active location', () => {
    const p = plan({ lines: [line('L1', 'A', 3)], locations: [location('wh-a', { active: false })], atp: { 'wh-a': { A: 3 } } });
    expect(p.allocations).toEqual([]);
    expect(backordered(p)).toEqual(['L1: 3']);
  });
});

describe('an empty order', () => {
  it('gives an empty plan', () =>
    expect(plan({ locations: [location('wh-a')], atp: { 'wh-a': { A: 1 } } })).toEqual({
      allocations: [],
      backordered: [],
      decision: { strategy: 'priority', reason: 'no outstanding lines: nothing to allocate', candidates: [] },
    }));
});

describe('output order', () => {
  it('groups allocations by location in the order chosen, lines in input order within a location', () => {
    const p = plan({
      lines: [line('L1', 'A', 1), line('L2', 'B', 1), line('L3', 'C', 1), line('L4', 'D', 1)],
      locations: [location('wh-small', { priority: 1 }), location('wh-big', { priority: 2 })],
      atp: { 'wh-small': { A: 1 }, 'wh-big': { D: 1, B: 1, C: 1 } },
    });
    expect(allocated(p)).toEqual(['L2: 1 from wh-big', 'L3: 1 from wh-big', 'L4: 1 from wh-big', 'L1: 1 from wh-small']);
  });
});

describe('determinism', () => {
  const input = request({
    strategy: 'most-stock',
    lines: [line('L1', 'A', 5), line('L2', 'B', 5), line('L3', 'A', 2)],
    locations: [location('wh-c', { priority: 1 }), location('wh-a', { priority: 1 }), location('wh-b', { priority: 1 })],
    atp: { 'wh-a': { A: 4, B: 3 }, 'wh-b': { A: 4, B: 3 }, 'wh-c': { B: 4 } },
  });

  it('gives the same plan for the same input', () => expect(planAllocation(input)).toEqual(planAllocation(input)));

  it('does not depend on the order locations or atp entries are listed in', () => {
    const reordered = request({
      ...input,
      locations: [...input.locations].reverse(),
      atp: Object.fromEntries(Object.entries(input.atp).reverse()),
    });
    expect(planAllocation(reordered)).toEqual(planAllocation(input));
  });

  it('does not change its input', () => {
    const frozen = structuredClone(input);
    planAllocation(deepFreeze(frozen));
    expect(frozen).toEqual(input);
  });
});

describe('keys from outside', () => {
  it('never read the prototype: a location "constructor" and a SKU "toString" have no stock unless given some', () => {
    const p = plan({ lines: [line('L1', 'toString', 1)], locations: [location('constructor')], atp: {} });
    expect(backordered(p)).toEqual(['L1: 1']);
    expect(p.decision.candidates[0]?.atp).toEqual({ toString: 0 });
  });
});

describe('input it cannot plan with', () => {
  const refuses = (overrides: Parameters<typeof request>[0], problem: RegExp): void => {
    let error: unknown;
    try {
      planAllocation(request(overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAllocationInput);
    expect((error as InvalidAllocationInput).code).toBe('ALLOCATION.INVALID_INPUT');
    expect((error as InvalidAllocationInput).message).toMatch(problem);
  };

  it.each([0, -2, 1.5])('refuses a line quantity of %p', (quantity) =>
    refuses({ lines: [line('L1', 'A', quantity)] }, /lines\.0\.quantity/));

  it('refuses a line listed twice', () =>
    refuses({ lines: [line('L1', 'A', 1), line('L1', 'B', 1)] }, /line L1 appears more than once/));

  it('refuses a location listed twice', () =>
    refuses({ locations: [location('wh-a'), location('wh-a', { priority: 2 })] }, /location wh-a appears more than once/));

  it('refuses a negative atp', () => refuses({ atp: { 'wh-a': { A: -1 } } }, /atp\.wh-a\.A/));

  it('refuses an unknown strategy', () =>
    refuses({ strategy: 'cheapest' as unknown as 'priority' }, /strategy/));
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
