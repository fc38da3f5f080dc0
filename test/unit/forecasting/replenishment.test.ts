import fc from 'fast-check';
import { needsReorder, replenishmentFigures, replenishmentList, replenishmentPolicy, replenishmentSortKey, type ReplenishmentRow } from '../../../src/domain/forecasting';

const row = (sku: string, locationId: string, atp: number, reorderPoint: number): ReplenishmentRow => ({ sku, locationId, atp, reorderPoint });

describe('replenishment list', () => {
  it('keeps the rows at or below their reorder point, lowest atp / reorder point first', () => {
    const rows = [
      row('A', 'wh-1', 50, 40), //   above: left out
      row('B', 'wh-1', 20, 40), //  0.5
      row('C', 'wh-2', 40, 40), //  1.0: at the reorder point counts
      row('D', 'wh-1', 0, 10), //   0.0: out of stock, most urgent
      row('E', 'wh-2', 30, 100), // 0.3
    ];
    expect(replenishmentList(rows).map((r) => r.sku)).toEqual(['D', 'E', 'B', 'C']);
  });

  it('leaves out rows that expect no demand (reorder point 0)', () => {
    expect(replenishmentList([row('A', 'wh-1', 0, 0)])).toEqual([]);
  });

  it('breaks ties by the larger reorder point (the faster seller), then sku and location', () => {
    const rows = [row('B', 'wh-2', 5, 10), row('B', 'wh-1', 5, 10), row('A', 'wh-1', 5, 10), row('Z', 'wh-1', 10, 20)];
    expect(replenishmentList(rows).map((r) => `${r.sku}@${r.locationId}`)).toEqual(['Z@wh-1', 'A@wh-1', 'B@wh-1', 'B@wh-2']);
  });

  it('keeps extra fields and leaves its input alone', () => {
    const rows = [{ ...row('A', 'wh-1', 20, 10), daysOfCover: 2 }, { ...row('B', 'wh-1', 1, 10), daysOfCover: 0.1 }];
    const copy = structuredClone(rows);
    expect(replenishmentList(rows)).toEqual([rows[1]]);
    expect(rows).toEqual(copy);
  });
});

describe('replenishmentSortKey', () => {
  it('sorts the rows of the list as replenishmentList does, for 300 random lists', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            sku: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,5}$/),
            locationId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,4}$/),
            atp: fc.integer({ min: 0, max: 500 }),
            reorderPoint: fc.double({ min: 0.01, max: 500, noNaN: true }).map((n) => Math.round(n * 100) / 100),
          }),
          { maxLength: 30 },
        ),
        (rows) => {
          const listed = replenishmentList(rows);
          const byKey = rows.filter(needsReorder).sort((x, y) => compare(replenishmentSortKey(x), replenishmentSortKey(y)));
          expect(byKey.map(describeRow)).toEqual(listed.map(describeRow));
        },
      ),
      { numRuns: 300 },
    );
  });
});

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const describeRow = (row: ReplenishmentRow) => `${row.sku}@${row.locationId}:${row.atp}/${row.reorderPoint}`;

describe('replenishmentPolicy', () => {
  it('gives the reorder point and safety stock of the full forecast, without fitting a model', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offset: fc.integer({ min: 0, max: 120 }), units: fc.integer({ min: 1, max: 50 }) }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 500 }),
        (days, policyLeadTimeDays, atp) => {
          const byDate = new Map<string, number>();
          for (const { offset, units } of days) {
            const date = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
            byDate.set(date, (byDate.get(date) ?? 0) + units);
          }
          const demand = [...byDate].map(([date, units]) => ({ date, units }));
          const input = { demand, asOf: '2025-04-30', policyLeadTimeDays };
          const full = replenishmentFigures({ ...input, atp });
          expect(replenishmentPolicy(input)).toEqual({ reorderPoint: full.reorderPoint, safetyStock: full.safetyStock, leadTimeDays: full.leadTimeDays });
        },
      ),
      { numRuns: 200 },
    );
  });
});
