import { commonPostalPrefix, normalizePostalCode, rankLocations } from '../../../src/domain/allocation';
import { line, location, plan, SHIP_TO } from './allocation.builders';

const ranking = (...args: Parameters<typeof rankLocations>): string[] =>
  rankLocations(...args).map((l) => `${l.rank} ${l.locationId}`);

describe('postal codes', () => {
  it('compare ignoring case and spaces', () => {
    expect(normalizePostalCode(' sw1a 1aa ')).toBe('SW1A1AA');
    expect(commonPostalPrefix('SW1A 1AA', 'sw1a2bb')).toBe('SW1A');
  });

  it('share no prefix when the first characters differ', () => expect(commonPostalPrefix('62701', '10001')).toBe(''));

  it('share all of the shorter code when one extends the other', () =>
    expect(commonPostalPrefix('627', '62701')).toBe('627'));
});

describe('ranking by priority', () => {
  it('puts the lowest priority number first', () =>
    expect(
      ranking(
        'priority',
        [location('wh-c', { priority: 3 }), location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 })],
        SHIP_TO,
        ['A'],
        {},
      ),
    ).toEqual(['1 wh-a', '2 wh-b', '3 wh-c']));

  it('breaks a priority tie by locationId', () =>
    expect(
      ranking('priority', [location('wh-b', { priority: 1 }), location('wh-a', { priority: 1 })], SHIP_TO, ['A'], {}),
    ).toEqual(['1 wh-a', '2 wh-b']));

  it('leaves inactive locations out', () =>
    expect(
      ranking(
        'priority',
        [location('wh-closed', { priority: 0, active: false }), location('wh-open', { priority: 5 })],
        SHIP_TO,
        ['A'],
        {},
      ),
    ).toEqual(['1 wh-open']));
});

describe('ranking by nearest', () => {
  const shipTo = { country: 'US', postalCode: '627 01' };
  const locations = [
    location('us-far', { priority: 1, postalCode: '10001' }),
    location('us-6', { priority: 2, postalCode: '60601' }),
    location('us-627', { priority: 3, postalCode: '62704' }),
    location('us-exact', { priority: 5, postalCode: '62701' }),
    location('de-exact', { priority: 0, country: 'DE', postalCode: '62701' }),
  ];

  it('puts the same country first, then the longest common postal prefix', () =>
    expect(ranking('nearest', locations, shipTo, ['A'], {})).toEqual([
      '1 us-exact',
      '2 us-627',
      '3 us-6',
      '4 us-far',
      '5 de-exact',
    ]));

  it('ranks another country after every same-country location, whatever its postal code and priority', () => {
    const ranked = rankLocations('nearest', locations, shipTo, ['A'], {});
    expect(ranked.at(-1)).toMatchObject({ locationId: 'de-exact', sameCountry: false, postalPrefix: '' });
  });

  it('compares postal codes ignoring case and spaces', () =>
    expect(
      ranking(
        'nearest',
        [
          location('london-1', { country: 'GB', postalCode: 'EC1A 1BB' }),
          location('london-2', { country: 'GB', postalCode: 'sw1a 2aa', priority: 9 }),
        ],
        { country: 'GB', postalCode: 'SW1A1AA' },
        ['A'],
        {},
      ),
    ).toEqual(['1 london-2', '2 london-1']));

  it('compares the country ignoring case', () =>
    expect(
      ranking(
        'nearest',
        [location('de-1', { country: 'DE', priority: 1 }), location('us-1', { priority: 2 })],
        { country: 'us', postalCode: '1' },
        ['A'],
        {},
      ),
    ).toEqual(['1 us-1', '2 de-1']));

  it('breaks a tie on country and prefix by priority, then locationId', () =>
    expect(
      ranking(
        'nearest',
        [
          location('us-c', { priority: 2, postalCode: '62790' }),
          location('us-b', { priority: 1, postalCode: '62780' }),
          location('us-a', { priority: 2, postalCode: '62770' }),
        ],
        SHIP_TO,
        ['A'],
        {},
      ),
    ).toEqual(['1 us-b', '2 us-a', '3 us-c']));
});

describe('ranking by most stock', () => {
  const locations = [location('wh-a', { priority: 1 }), location('wh-b', { priority: 2 }), location('wh-c', { priority: 3 })];

  it("puts the highest total atp over the order's SKUs first, counting only those SKUs", () =>
    expect(
      ranking('most-stock', locations, SHIP_TO, ['A', 'B'], {
        'wh-a': { A: 2, OTHER: 100 },
        'wh-b': { A: 3, B: 4 },
        'wh-c': { B: 5 },
      }),
    ).toEqual(['1 wh-b', '2 wh-c', '3 wh-a']));

  it('breaks a stock tie by priority, then locationId', () =>
    expect(
      ranking('most-stock', [...locations, location('wh-0', { priority: 3 })], SHIP_TO, ['A'], {
        'wh-a': { A: 5 },
        'wh-b': { A: 5 },
        'wh-c': { A: 9 },
        'wh-0': { A: 9 },
      }),
    ).toEqual(['1 wh-0', '2 wh-c', '3 wh-a', '4 wh-b']));

  it('counts a SKU once even when two lines order it, and does not cap it at the demand', () => {
    const p = plan({
      strategy: 'most-stock',
      lines: [line('L1', 'A', 1), line('L2', 'A', 1)],
      locations,
      atp: { 'wh-a': { A: 7 }, 'wh-c': { A: 50 } },
    });
    expect(p.decision.candidates.map((c) => `${c.rank} ${c.locationId}`)).toEqual(['1 wh-c', '2 wh-a', '3 wh-b']);
    expect(p.decision.candidates[0]?.note).toBe("50 units of the order's SKUs, priority 3; holds 2 of 2 lines; allocated 2 units");
  });
});

describe('the ranking in the plan', () => {
  it('is the order of the candidates, with rank 1 to n', () => {
    const p = plan({
      strategy: 'nearest',
      lines: [line('L1', 'A', 1)],
      locations: [location('us-far', { postalCode: '10001' }), location('us-near', { priority: 4, postalCode: '62799' })],
      atp: { 'us-far': { A: 1 } },
    });
    expect(p.decision.candidates.map((c) => [c.rank, c.locationId])).toEqual([
      [1, 'us-near'],
      [2, 'us-far'],
    ]);
  });
});
