import { AllocationPlan } from '../../../src/domain/allocation';
import { AllocationDecision as RecordedAllocationDecision } from '../../../src/domain/order/order.values';
import { line, location, plan } from './allocation.builders';

const threeLocations = [location('wh-1', { priority: 1 }), location('wh-2', { priority: 2 }), location('wh-3', { priority: 3 })];

describe('the reason', () => {
  it('names the one location and why it ranks first', () =>
    expect(
      plan({
        lines: [line('L1', 'A', 1)],
        locations: [location('wh-east', { priority: 1 }), location('wh-west', { priority: 2 })],
        atp: { 'wh-east': { A: 1 }, 'wh-west': { A: 1 } },
      }).decision.reason,
    ).toBe('wh-east can fulfil the whole order and ranks first by priority (1)'));

  it('says why a lower-ranked location was preferred', () =>
    expect(
      plan({
        lines: [line('L1', 'A', 1), line('L2', 'B', 1)],
        locations: threeLocations,
        atp: { 'wh-1': { A: 1 }, 'wh-2': { A: 1, B: 1 } },
      }).decision.reason,
    ).toBe('wh-2 can fulfil the whole order and ranks 2nd by priority (2); no better-ranked location holds every line'));

  it('gives the ranking fact of the strategy', () => {
    const locations = [location('wh-il', { priority: 2, postalCode: '62704' }), location('wh-de', { country: 'DE' })];
    const atp = { 'wh-il': { A: 3 }, 'wh-de': { A: 9 } };
    expect(plan({ strategy: 'nearest', lines: [line('L1', 'A', 1)], locations, atp }).decision.reason).toBe(
      'wh-il can fulfil the whole order and ranks first by nearest (same country, postal prefix 6270)',
    );
    expect(plan({ strategy: 'most-stock', lines: [line('L1', 'A', 1)], locations, atp }).decision.reason).toBe(
      "wh-de can fulfil the whole order and ranks first by most-stock (9 units of the order's SKUs)",
    );
  });

  it('lists the locations of a split order and what each takes', () =>
    expect(
      plan({
        lines: [line('L1', 'A', 5), line('L2', 'B', 5), line('L3', 'C', 5), line('L4', 'D', 10)],
        locations: threeLocations,
        atp: { 'wh-1': { A: 5, D: 4 }, 'wh-2': { B: 5 }, 'wh-3': { B: 5, C: 5, D: 6 } },
      }).decision.reason,
    ).toBe('no single location holds every line; 2 locations cover it: wh-3 (L2, L3, 6 of L4), wh-1 (L1, 4 of L4)'));

  it('counts what is covered and says what is backordered and why', () =>
    expect(
      plan({
        lines: [line('L1', 'A', 10), line('L2', 'B', 2), line('L3', 'SKU-9', 3)],
        locations: threeLocations,
        atp: { 'wh-1': { A: 7 }, 'wh-2': { B: 2 } },
      }).decision.reason,
    ).toBe(
      'no single location holds every line; 2 locations cover 9 of 15 units: wh-1 (7 of L1), wh-2 (L2); ' +
        '6 units backordered: A (3, not enough in stock), SKU-9 (3, no stock anywhere)',
    ));

  it('says when one location covers only part of the order', () =>
    expect(
      plan({ lines: [line('L1', 'A', 4)], locations: threeLocations, atp: { 'wh-2': { A: 1 } } }).decision.reason,
    ).toBe(
      'no single location holds every line; 1 location covers 1 of 4 units: wh-2 (1 of L1); ' +
        '3 units backordered: A (3, not enough in stock)',
    ));

  it('says when there is no stock anywhere', () =>
    expect(plan({ lines: [line('L1', 'SKU-9', 3)], locations: threeLocations, atp: {} }).decision.reason).toBe(
      'no stock for SKU-9 anywhere: 3 units backordered',
    ));

  it('names every SKU when none is in stock', () =>
    expect(
      plan({ lines: [line('L1', 'SKU-9', 1), line('L2', 'SKU-8', 1), line('L3', 'SKU-7', 1)], locations: threeLocations, atp: {} })
        .decision.reason,
    ).toBe('no stock for SKU-9, SKU-8 and SKU-7 anywhere: 3 units backordered'));

  it('says when there is no active location', () =>
    expect(plan({ lines: [line('L1', 'A', 1)], locations: [], atp: {} }).decision.reason).toBe(
      'no active location to allocate from: 1 unit backordered',
    ));

  it('names inactive locations that hold stock of the order, and only those', () =>
    expect(
      plan({
        lines: [line('L1', 'A', 2)],
        locations: [
          location('wh-open'),
          location('wh-shut', { active: false }),
          location('wh-empty', { active: false }),
          location('wh-other', { active: false }),
        ],
        atp: { 'wh-open': { A: 1 }, 'wh-shut': { A: 5 }, 'wh-other': { B: 5 } },
      }).decision.reason,
    ).toBe(
      'no single location holds every line; 1 location covers 1 of 2 units: wh-open (1 of L1); ' +
        '1 unit backordered: A (1, not enough in stock); wh-shut holds stock but is inactive, so not considered',
    ));
});

describe('the candidates', () => {
  const p = plan({
    strategy: 'nearest',
    lines: [line('L1', 'A', 2), line('L2', 'B', 1), line('L3', 'A', 1)],
    shipTo: { country: 'US', postalCode: '62701' },
    locations: [
      location('wh-ny', { priority: 1, postalCode: '10001' }),
      location('wh-il', { priority: 2, postalCode: '62704' }),
      location('wh-de', { priority: 0, country: 'DE', postalCode: '62701' }),
      location('wh-shut', { active: false }),
    ],
    atp: { 'wh-ny': { A: 3, B: 1, UNRELATED: 50 }, 'wh-il': { A: 2 }, 'wh-de': { B: 4 }, 'wh-shut': { A: 9, B: 9 } },
  });

  it('are the active locations in rank order, with rank 1 to n', () =>
    expect(p.decision.candidates.map((c) => [c.rank, c.locationId])).toEqual([
      [1, 'wh-il'],
      [2, 'wh-ny'],
      [3, 'wh-de'],
    ]));

  it("show the atp of every SKU of the order there before the plan, 0 included, and no other SKU", () =>
    expect(p.decision.candidates.map((c) => c.atp)).toEqual([
      { A: 2, B: 0 },
      { A: 3, B: 1 },
      { A: 0, B: 4 },
    ]));

  it('note the ranking fact, how many lines each holds, and what it was given', () =>
    expect(p.decision.candidates.map((c) => c.note)).toEqual([
      'same country, postal prefix 6270, priority 2; holds 0 of 3 lines; not used',
      'same country, no common postal prefix, priority 1; holds 3 of 3 lines; allocated 4 units',
      'other country (DE), priority 0; holds 1 of 3 lines; not used',
    ]));

  it('note the priority under the priority strategy', () =>
    expect(
      plan({ lines: [line('L1', 'A', 2)], locations: [location('wh-a', { priority: 4 })], atp: { 'wh-a': { A: 1 } } })
        .decision.candidates[0]?.note,
    ).toBe('priority 4; holds 0 of 1 line; allocated 1 unit'));

  it('record the strategy', () => expect(p.decision.strategy).toBe('nearest'));
});

describe('the recorded decision', () => {
  const p = plan({
    lines: [line('L1', 'A', 2), line('L2', 'B', 9)],
    locations: [location('wh-a'), location('wh-b', { priority: 2 }), location('wh-c', { active: false })],
    atp: { 'wh-a': { A: 2 }, 'wh-b': { B: 4 } },
  });

  it('matches the plan schema', () => expect(AllocationPlan.parse(p)).toEqual(p));

  it("fits the decision schema of the order's InventoryAllocated event", () => {
    const recorded: RecordedAllocationDecision = p.decision;
    expect(RecordedAllocationDecision.parse(recorded)).toEqual(p.decision);
  });
});
